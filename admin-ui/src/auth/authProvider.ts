import type { AuthProvider } from 'react-admin';
import type { HttpClient } from '../data/httpClient';
import { API_ROOT } from '../data/dataProvider';
import { canAccess } from './canAccess';
import { isExpired, parseSession, type SessionStore } from './session';

export interface AuthProviderDeps {
  session: SessionStore;
  /** An httpClient that sends no token (the login route is the one anonymous call). */
  anonymousHttp: HttpClient;
  now?: () => number;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function createAuthProvider({ session, anonymousHttp, now = Date.now }: AuthProviderDeps) {
  const current = () => {
    const stored = session.read();
    return stored && !isExpired(stored, now()) ? stored : null;
  };

  return {
    /** POST /api/auth/login; a 401/429 rejects with the API's own sentence, which the login form shows. */
    async login({ email, password }: { email: string; password: string }) {
      const { json } = await anonymousHttp(`${API_ROOT}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      const next = parseSession(json);
      if (!next) throw new Error('app.errors.unexpected');
      session.write(next);
    },

    /** Ends the session on the server too, so its token stops working at once rather than when it expires. */
    async logout() {
      const stored = session.read();
      session.clear();
      if (!stored || isExpired(stored, now())) return;
      await anonymousHttp(`${API_ROOT}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${stored.token}` }, body: '{}' }).catch(() => undefined);
    },

    async checkAuth() {
      const stored = session.read();
      if (!stored) throw { message: false }; // first visit: straight to the login page, no nagging
      if (isExpired(stored, now())) {
        session.clear();
        throw { message: 'app.auth.session_expired' };
      }
    },

    /** 401 means the token is missing or expired: sign out. 403 is a refusal, shown where it happened. */
    async checkError(error: unknown) {
      if (statusOf(error) === 401) {
        session.clear();
        throw { message: 'ra.notification.logged_out' };
      }
    },

    async getIdentity() {
      const stored = current();
      if (!stored) throw new Error('ra.auth.auth_check_error');
      const { id, displayName, role, teamCode, unitCode, email } = stored.user;
      return { id, fullName: displayName, email, role, teamCode, unitCode };
    },

    async getPermissions() {
      return current()?.user.role;
    },

    async canAccess({ resource, action }: { resource: string; action: string }) {
      const role = current()?.user.role;
      return role !== undefined && canAccess(role, { resource, action });
    },
  } satisfies AuthProvider;
}
