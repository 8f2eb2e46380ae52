// Idempotency keys for commands (POST /api/projects, POST /api/steps/:id/decisions).

/** A v4 UUID; crypto.randomUUID exists only in secure contexts (https, localhost), so fall back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface CommandKeys {
  /** The key for this command: fresh, unless the same command is still awaiting a definite answer. */
  keyFor(command: string): string;
  /** The server answered definitely (success or a 4xx): the next identical command is a new one. */
  settle(command: string): void;
}

/**
 * Every new command gets a fresh key; only a retry of the identical command after an ambiguous
 * failure (no answer, 5xx) reuses it, so the server can recognise the retry (R24: no lost or
 * doubled work when parts fail).
 */
export function createCommandKeys(newKey: () => string = newIdempotencyKey): CommandKeys {
  const unsettled = new Map<string, string>();
  return {
    keyFor(command) {
      const existing = unsettled.get(command);
      if (existing) return existing;
      const key = newKey();
      unsettled.set(command, key);
      return key;
    },
    settle(command) {
      unsettled.delete(command);
    },
  };
}

/** True when the server's answer is final for this key, so it must not be reused. */
export function isDefiniteAnswer(status: number): boolean {
  return status >= 200 && status < 500;
}
