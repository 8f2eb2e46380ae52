import { ApiError, type HttpClient } from '../data/httpClient';
import { createSessionRefresher } from './refresher';
import { createSessionStore } from './session';

const user = { id: 'u1', email: 'lan@phuong.vn', displayName: 'Nguyễn Thị Lan', role: 'coordinator' as const, teamCode: null, unitCode: 'BD' };
const jwt = (payload: object) => `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

describe('createSessionRefresher', () => {
  const now = 1_000_000;
  const expiring = jwt({ iat: now / 1000 - 890, exp: now / 1000 + 10 });
  const fresh = jwt({ iat: now / 1000, exp: now / 1000 + 900 });

  it('trades the refresh token once for callers that ask together, and stores the new pair', async () => {
    const session = createSessionStore(memoryStorage());
    session.write({ token: expiring, refreshToken: 'r1'.repeat(20), user });
    const bodies: string[] = [];
    const http: HttpClient = async (_url, options) => {
      bodies.push(String(options?.body));
      return { status: 200, headers: new Headers(), body: '', json: { token: fresh, refreshToken: 'r2'.repeat(20), user } };
    };
    const refresher = createSessionRefresher({ session, anonymousHttp: http, now: () => now, locks: undefined });
    expect(await Promise.all([refresher.token(), refresher.token(), refresher.refresh(expiring)])).toEqual([fresh, fresh, fresh]);
    expect(bodies).toEqual([JSON.stringify({ refreshToken: 'r1'.repeat(20) })]);
    expect(session.read()).toMatchObject({ token: fresh, refreshToken: 'r2'.repeat(20) });
    // A token far from expiry is sent as it is.
    expect(await refresher.token()).toBe(fresh);
    expect(bodies).toHaveLength(1);
  });

  it('answers null when the API refuses the refresh token, and leaves the session to the sign-out', async () => {
    const session = createSessionStore(memoryStorage());
    session.write({ token: expiring, refreshToken: 'r1'.repeat(20), user });
    const http: HttpClient = async () => {
      throw new ApiError('Hết phiên.', 401);
    };
    const refresher = createSessionRefresher({ session, anonymousHttp: http, now: () => now, locks: undefined });
    expect(await refresher.refresh(expiring)).toBeNull();
    expect(await refresher.token()).toBe(expiring);
  });

  it('uses the token another tab already renewed instead of spending the refresh token again', async () => {
    const session = createSessionStore(memoryStorage());
    session.write({ token: fresh, refreshToken: 'r2'.repeat(20), user });
    const http: HttpClient = async () => {
      throw new Error('must not be called');
    };
    const refresher = createSessionRefresher({ session, anonymousHttp: http, now: () => now, locks: undefined });
    expect(await refresher.refresh(expiring)).toBe(fresh);
  });
});

describe('keepAlive', () => {
  it('renews a token shortly before it expires with nothing sent, and picks up a later sign-in', async () => {
    jest.useFakeTimers();
    try {
      let clock = 1_000_000;
      const session = createSessionStore(memoryStorage());
      const issued: string[] = [];
      const http: HttpClient = async () => {
        const token = jwt({ iat: clock / 1000, exp: clock / 1000 + 12 });
        issued.push(token);
        return { status: 200, headers: new Headers(), body: '', json: { token, refreshToken: `r${issued.length}`.repeat(20), user } };
      };
      const refresher = createSessionRefresher({ session, anonymousHttp: http, now: () => clock, locks: undefined });
      const stop = refresher.keepAlive();
      // Signed in after the keeper started: a 12-second token, due in its last third.
      session.write({ token: jwt({ iat: clock / 1000, exp: clock / 1000 + 12 }), refreshToken: 'r0'.repeat(20), user });
      for (let i = 0; i < 10 && issued.length === 0; i += 1) {
        clock += 1_000;
        await jest.advanceTimersByTimeAsync(1_000);
      }
      expect(issued).toHaveLength(1);
      expect(clock).toBeLessThan(1_000_000 + 12_000);
      expect(session.read()?.token).toBe(issued[0]);
      stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
