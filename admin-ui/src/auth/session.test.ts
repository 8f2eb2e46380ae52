import { createSessionStore, isExpired, parseSession, tokenExpiresAt } from './session';

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
