import { setTimeout as sleep } from 'node:timers/promises';

export interface UntilOptions {
  /** How long to wait before failing (default 30 s). */
  timeoutMs?: number;
  /** Pause between two reads (default 200 ms). */
  everyMs?: number;
}

/**
 * The one way a test waits for an event: reads until the event shows, answers what it read, and
 * fails after `timeoutMs` naming `what` and the last value read. With a predicate, the event is the
 * predicate holding; without one, `read` answering anything but `undefined`. Never a fixed sleep.
 */
export function until<T>(what: string, read: () => PromiseLike<T> | T, ok: (value: T) => boolean, options?: UntilOptions): Promise<T>;
export function until<T>(what: string, read: () => PromiseLike<T | undefined> | T | undefined, options?: UntilOptions): Promise<T>;
export async function until<T>(what: string, read: () => PromiseLike<T> | T, okOrOptions?: ((value: T) => boolean) | UntilOptions, maybeOptions?: UntilOptions): Promise<T> {
  const ok = typeof okOrOptions === 'function' ? okOrOptions : (value: T) => value !== undefined;
  const { timeoutMs = 30_000, everyMs = 200 } = (typeof okOrOptions === 'function' ? maybeOptions : okOrOptions) ?? {};
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last read: ${describe(value)}`);
    await sleep(everyMs);
  }
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
