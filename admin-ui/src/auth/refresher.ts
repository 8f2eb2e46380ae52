import { API_ROOT } from '../data/dataProvider';
import type { HttpClient } from '../data/httpClient';
import { isDueForRefresh, msUntilRefresh, parseSession, type SessionStore } from './session';

export interface SessionRefresher {
  /**
   * Trades the refresh token for a new pair after `staleToken` stopped working (or is about to);
   * the new access token, or null when the session cannot go on.
   */
  refresh(staleToken: string): Promise<string | null>;
  /** The token to send now: traded first when it is about to expire, so an open dialog outlives it. */
  token(): Promise<string | null>;
  /** Renews the token shortly before it expires even when nothing is sent (a dialog being typed in); returns a stop. */
  keepAlive(): () => void;
}

type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

/**
 * Keeps a session alive with the refresh token the API issues at sign-in. Each refresh token works
 * once (a second use ends every session of the person), so callers in this tab share one trade and
 * tabs take turns (Web Locks): a tab that finds the token already renewed uses the new one.
 */
export function createSessionRefresher({
  session,
  anonymousHttp,
  now = Date.now,
  locks = (globalThis.navigator as { locks?: Locks } | undefined)?.locks,
}: {
  session: SessionStore;
  anonymousHttp: HttpClient;
  now?: () => number;
  locks?: Locks;
}): SessionRefresher {
  let running: Promise<string | null> | null = null;

  const trade = async (staleToken: string): Promise<string | null> => {
    const stored = session.read();
    if (!stored?.refreshToken) return null;
    // Renewed by another tab while this one waited for its turn.
    if (stored.token !== staleToken && !isDueForRefresh(stored, now())) return stored.token;
    try {
      const { json } = await anonymousHttp(`${API_ROOT}/auth/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken: stored.refreshToken }) });
      const next = parseSession(json);
      if (!next) return null;
      session.write(next);
      return next.token;
    } catch {
      return null;
    }
  };

  const refresh = (staleToken: string) => {
    running ??= (locks ? locks.request('dong-hanh.session-refresh', () => trade(staleToken)) : trade(staleToken)).finally(() => {
      running = null;
    });
    return running;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const stored = session.read();
    // Signed out, or a session without a refresh token: look again soon (a sign-in may come; reading storage is cheap).
    const wait = stored?.refreshToken ? msUntilRefresh(stored, now()) : null;
    timer = setTimeout(
      async () => {
        const current = session.read();
        if (current && isDueForRefresh(current, now())) await refresh(current.token);
        schedule();
      },
      Math.min(Math.max(wait ?? 2_000, 1_000), 60_000),
    );
  };

  return {
    refresh,
    keepAlive() {
      schedule();
      return () => clearTimeout(timer);
    },
    async token() {
      const stored = session.read();
      if (!stored) return null;
      if (!isDueForRefresh(stored, now())) return stored.token;
      return (await refresh(stored.token)) ?? stored.token;
    },
  };
}
