import { ROLES } from '../../../domain/roles';
import type { Role, Session } from '../types';

const STORAGE_KEY = 'dong-hanh.session';

export interface SessionStore {
  read(): Session | null;
  write(session: Session): void;
  clear(): void;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The signed-in user and their token, kept in localStorage so a reload does not sign them out. */
export function createSessionStore(storage: KeyValueStorage, key: string = STORAGE_KEY): SessionStore {
  return {
    read() {
      const raw = storage.getItem(key);
      if (raw === null) return null;
      try {
        return parseSession(JSON.parse(raw));
      } catch {
        return null;
      }
    },
    write(session) {
      storage.setItem(key, JSON.stringify(session));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** The login answer (or what was stored from it), or null when it is not one. */
export function parseSession(value: unknown): Session | null {
  if (typeof value !== 'object' || value === null) return null;
  const { token, refreshToken, user } = value as { token?: unknown; refreshToken?: unknown; user?: Record<string, unknown> };
  if (!isString(token) || token === '' || typeof user !== 'object' || user === null) return null;
  const { id, email, displayName, role, teamCode, unitCode } = user;
  if (!isString(id) || !isString(email) || !isString(displayName) || !isRole(role) || !isString(unitCode)) return null;
  if (teamCode !== null && !isString(teamCode)) return null;
  return { token, ...(isString(refreshToken) && refreshToken !== '' ? { refreshToken } : {}), user: { id, email, displayName, role, teamCode, unitCode } };
}

/** When a JWT stops being valid (its `exp`, in ms), or null if the token carries none we can read. */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const { exp } = JSON.parse(atob(base64)) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** When a JWT was issued (its `iat`, in ms), or null. */
function tokenIssuedAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const { iat } = JSON.parse(atob(base64)) as { iat?: unknown };
    return typeof iat === 'number' ? iat * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Time to trade the token for a new one: within a minute of its expiry, or within the last third of
 * its life when it lives less than three minutes (tests run with short-lived tokens).
 */
export function isDueForRefresh(session: Session, now: number): boolean {
  const wait = msUntilRefresh(session, now);
  return wait !== null && wait <= 0;
}

/** How long until the token is due for renewal (negative once due), or null if it cannot be renewed. */
export function msUntilRefresh(session: Session, now: number): number | null {
  const expiresAt = tokenExpiresAt(session.token);
  if (expiresAt === null || !session.refreshToken) return null;
  const issuedAt = tokenIssuedAt(session.token) ?? expiresAt - 900_000;
  const margin = Math.min(60_000, (expiresAt - issuedAt) / 3);
  return expiresAt - margin - now;
}

/** The API has the last word (401); this only spares a round trip with a token known to be stale. */
export function isExpired(session: Session, now: number): boolean {
  const expiresAt = tokenExpiresAt(session.token);
  return expiresAt !== null && expiresAt <= now;
}
