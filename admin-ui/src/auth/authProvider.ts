import type { AuthProvider } from 'react-admin';
import type { HttpClient } from '../data/httpClient';
import { API_ROOT } from '../data/dataProvider';
import { canAccess } from './canAccess';
import type { SessionRefresher } from './refresher';
import { isExpired, parseSession, type SessionStore } from './session';

export interface AuthProviderDeps {
  session: SessionStore;
  /** An httpClient that sends no token (the login route is the one anonymous call). */
  anonymousHttp: HttpClient;
  /** Renews an expired token with the session's refresh token; without it an expired token signs out. */
  refresher?: Pick<SessionRefresher, 'refresh'>;
  now?: () => number;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function createAuthProvider({ session, anonymousHttp, refresher, now = Date.now }: AuthProviderDeps) {
  // Who is signed in: an expired token with a refresh token is still the session (the next call renews it).
  const current = () => {
    const stored = session.read();
    return stored && (!isExpired(stored, now()) || (refresher && stored.refreshToken)) ? stored : null;
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
      if (!stored) return;
      // The refresh token names the session even when the access token has expired.
      if (stored.refreshToken) {
        await anonymousHttp(`${API_ROOT}/auth/logout`, { method: 'POST', body: JSON.stringify({ refreshToken: stored.refreshToken }) }).catch(() => undefined);
        return;
      }
      if (isExpired(stored, now())) return;
      await anonymousHttp(`${API_ROOT}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${stored.token}` }, body: '{}' }).catch(() => undefined);
    },

    async checkAuth() {
      const stored = session.read();
      if (!stored) throw { message: false }; // first visit: straight to the login page, no nagging
      if (isExpired(stored, now())) {
        if (refresher && stored.refreshToken && (await refresher.refresh(stored.token))) return;
        session.clear();
        throw { message: 'app.auth.session_expired' };
      }
    },

    /** 401 means the token is missing or expired and could not be renewed (the http client tried): sign out. 403 is a refusal, shown where it happened. */
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
