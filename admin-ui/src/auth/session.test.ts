import { createSessionStore, isDueForRefresh, isExpired, parseSession, tokenExpiresAt } from './session';

const user = { id: 'u1', email: 'lan@phuong.vn', displayName: 'Nguyễn Thị Lan', role: 'coordinator', teamCode: null, unitCode: 'P-BEN-NGHE' };

function jwt(payload: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256' })}.${encode(payload)}.signature`;
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('parseSession', () => {
  it('accepts the login answer', () => {
    expect(parseSession({ token: 't', user })).toEqual({ token: 't', user });
  });

  it('keeps the refresh token of the login answer', () => {
    expect(parseSession({ token: 't', refreshToken: 'r'.repeat(43), user })).toEqual({ token: 't', refreshToken: 'r'.repeat(43), user });
  });

  it('refuses anything else, including an unknown role', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession({ token: '', user })).toBeNull();
    expect(parseSession({ token: 't', user: { ...user, role: 'mayor' } })).toBeNull();
    expect(parseSession({ token: 't', user: { ...user, teamCode: 7 } })).toBeNull();
  });
});

describe('createSessionStore', () => {
  it('writes, reads back and clears; garbage reads as no session', () => {
    const storage = memoryStorage();
    const store = createSessionStore(storage, 'k');
    expect(store.read()).toBeNull();
    store.write({ token: 't', user: { ...user, role: 'coordinator' } });
    expect(store.read()?.user.displayName).toBe('Nguyễn Thị Lan');
    store.clear();
    expect(store.read()).toBeNull();
    storage.setItem('k', '{not json');
    expect(store.read()).toBeNull();
  });
});

describe('token expiry', () => {
  it('reads exp from a JWT (seconds → ms) and compares it with now', () => {
    const token = jwt({ sub: 'u1', exp: 1_800_000_000 });
    expect(tokenExpiresAt(token)).toBe(1_800_000_000_000);
    const session = { token, user: { ...user, role: 'coordinator' as const } };
    expect(isExpired(session, 1_799_999_999_000)).toBe(false);
    expect(isExpired(session, 1_800_000_000_000)).toBe(true);
  });

  it('leaves the decision to the API when the token has no readable exp', () => {
    expect(tokenExpiresAt('opaque-token')).toBeNull();
    expect(isExpired({ token: 'opaque-token', user: { ...user, role: 'coordinator' } }, Date.now())).toBe(false);
  });
});

describe('refresh before expiry', () => {
  const session = (iat: number, exp: number, refreshToken?: string) => ({ token: jwt({ iat, exp }), ...(refreshToken ? { refreshToken } : {}), user: { ...user, role: 'coordinator' as const } });

  it('is due in the last minute of a 15-minute token, not before', () => {
    const s = session(1_000, 1_900, 'r');
    expect(isDueForRefresh(s, 1_839_000)).toBe(false);
    expect(isDueForRefresh(s, 1_840_000)).toBe(true);
  });

  it('is due in the last third of a short-lived token', () => {
    const s = session(1_000, 1_012, 'r');
    expect(isDueForRefresh(s, 1_007_000)).toBe(false);
    expect(isDueForRefresh(s, 1_008_000)).toBe(true);
  });

  it('is never due without a refresh token', () => {
    expect(isDueForRefresh(session(1_000, 1_900), 1_899_000)).toBe(false);
  });
});
