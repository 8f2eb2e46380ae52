import { SignJWT } from 'jose';
import { hashPassword, SIGN_IN_THROTTLE } from '../../api/auth';
import { startHarness, type Harness } from '../support/harness';

describe('sign-in, tokens and sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  // Each test signs in from addresses of its own, so the per-IP limits of one test never reach another.
  let nextIp = 1;
  const newIp = () => `198.51.100.${nextIp++}`;
  const login = (email: string, password: string, ip: string) => h.api().post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });
  const me = (token: string) => h.api().get('/api/me').set('Authorization', `Bearer ${token}`);
  const newAccount = async (password: string) => {
    const email = `thu.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@donghanh.vn`;
    await h.db('users').insert({ email, display_name: 'Tài khoản thử đăng nhập', password_hash: await hashPassword(password), role: 'coordinator', unit_code: 'BD' });
    return email;
  };
  const sign = async (claims: { role: string; sid?: string }, opts: { userId: string; secret?: string; exp?: number | string }) => {
    const { sid, role } = claims;
    return new SignJWT({ role, name: 'x', ...(sid ? { sid } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(opts.userId)
      .setIssuer('dong-hanh')
      .setAudience('dong-hanh')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(new TextEncoder().encode(opts.secret ?? h.config.jwt.secret));
  };
  const openSession = async (userId: string) => (await h.db('sessions').insert({ user_id: userId }).returning('id'))[0].id as string;

  it('returns an access token and a refresh token; the refresh token works once', async () => {
    const ip = newIp();
    const signedIn = await login('dieuphoi@donghanh.vn', 'DongHanh@2026', ip);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ role: 'coordinator', displayName: 'Nguyễn Thu Hà', unitCode: 'BD' });
    expect((await me(signedIn.body.token)).body.email).toBe('dieuphoi@donghanh.vn');

    // Reuse ends every session of the person: an account of its own keeps other test files' sessions out of it.
    const email = await newAccount('Mat-khau-dung-0');
    const first = await login(email, 'Mat-khau-dung-0', ip);
    const elsewhere = await login(email, 'Mat-khau-dung-0', newIp());

    const refreshed = await h.api().post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: first.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await me(refreshed.body.token)).status).toBe(200);
    // Rotation keeps the session: the access token from sign-in still works beside the new one.
    expect((await me(first.body.token)).status).toBe(200);

    // Reusing a spent refresh token means it leaked: it fails, and so does every session it belongs to,
    // the access tokens included.
    expect((await h.api().post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await h.api().post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    expect((await me(refreshed.body.token)).status).toBe(401);
    expect((await me(first.body.token)).status).toBe(401);
    expect((await me(elsewhere.body.token)).status).toBe(401);
  });

  it('logs out: the refresh token and the access tokens of that session stop working at once, other sessions go on', async () => {
    const ip = newIp();
    const session = await login('giamsat@donghanh.vn', 'DongHanh@2026', ip);
    const other = await login('giamsat@donghanh.vn', 'DongHanh@2026', ip);
    const refreshed = await h.api().post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: session.body.refreshToken });
    expect((await me(session.body.token)).status).toBe(200);

    expect((await h.api().post('/api/auth/logout').send({ refreshToken: refreshed.body.refreshToken })).status).toBe(204);
    // A refresh token ended by logout is refused, and (unlike a replayed one) ends nothing else.
    expect((await h.api().post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    const after = await me(session.body.token);
    expect([after.status, after.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await me(refreshed.body.token)).status).toBe(401);
    expect((await me(other.body.token)).status).toBe(200);
  });

  it('logs out with the access token alone (what the console sends)', async () => {
    const session = await login('giamsat@donghanh.vn', 'DongHanh@2026', newIp());
    expect((await h.api().post('/api/auth/logout').set('Authorization', `Bearer ${session.body.token}`).send({})).status).toBe(204);
    expect((await me(session.body.token)).status).toBe(401);
    expect((await h.api().post('/api/auth/refresh').set('X-Forwarded-For', newIp()).send({ refreshToken: session.body.refreshToken })).status).toBe(401);
  });

  it('refuses an expired token, a token signed with another key, a tampered one and one without a live session', async () => {
    const userId = await h.userId('admin');
    const sid = await openSession(userId);
    expect((await me(await sign({ role: 'admin', sid }, { userId }))).status).toBe(200);
    expect((await me(await sign({ role: 'admin', sid }, { userId, exp: Math.floor(Date.now() / 1000) - 60 }))).status).toBe(401);
    expect((await me(await sign({ role: 'admin', sid }, { userId, secret: 'another-secret-another-secret-another-secret' }))).status).toBe(401);
    const good = await sign({ role: 'admin', sid }, { userId });
    const [head, body, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, role: 'auditor' })).toString('base64url');
    expect((await me(`${head}.${forgedBody}.${sig}`)).status).toBe(401);
    // No session, a session of someone else, a revoked one.
    expect((await me(await sign({ role: 'admin' }, { userId }))).status).toBe(401);
    expect((await me(await sign({ role: 'admin', sid: await openSession(await h.userId('auditor')) }, { userId }))).status).toBe(401);
    expect((await me(await sign({ role: 'admin', sid: 'not-a-uuid' }, { userId }))).status).toBe(401);
    await h.db('sessions').where({ id: sid }).update({ revoked_at: h.db.fn.now() });
    expect((await me(good)).status).toBe(401);
  });

  it("refuses a well-signed token whose role is not the account's role now", async () => {
    const userId = await h.userId('admin');
    const sid = await openSession(userId);
    expect((await me(await sign({ role: 'admin', sid }, { userId }))).status).toBe(200);
    const stale = await me(await sign({ role: 'auditor', sid }, { userId }));
    expect([stale.status, stale.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await sign({ role: 'auditor', sid }, { userId })}`)).status).toBe(401);
  });

  it('answers a wrong password for a known account exactly as for an unknown email, throttled alike', async () => {
    const known = await newAccount('Mat-khau-dung-1');
    const unknown = `khong.co.${Date.now()}@donghanh.vn`;
    const ip = newIp();
    const answers = async (email: string) => {
      const seen: { status: number; body: unknown; retryAfter: number | undefined }[] = [];
      for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures + 2; i += 1) {
        const res = await login(email, 'sai-mat-khau', ip).set('Accept-Language', 'vi');
        seen.push({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] === undefined ? undefined : Number(res.headers['retry-after']) });
      }
      return seen;
    };
    const [k, u] = [await answers(known), await answers(unknown)];
    const shape = (seen: typeof k) => seen.map((a) => ({ status: a.status, body: a.body, throttled: a.retryAfter !== undefined }));
    expect(shape(k)).toEqual(shape(u));
    expect(k.map((a) => a.status)).toEqual([...Array<number>(SIGN_IN_THROTTLE.freeFailures).fill(401), 429, 429]);
    expect(k[0]!.body).toEqual({ error: { code: 'invalid_credentials', message: 'Sai email hoặc mật khẩu.', fields: {} } });
    expect((k[SIGN_IN_THROTTLE.freeFailures]!.body as { error: { code: string } }).error.code).toBe('sign_in_throttled');
    for (const a of [...k, ...u].filter((x) => x.status === 429)) {
      expect(a.retryAfter).toBeGreaterThan(0);
      expect(a.retryAfter).toBeLessThanOrEqual(2 ** SIGN_IN_THROTTLE.freeFailures);
    }
  });

  it('throttles one address for one account: the right password still works from another address', async () => {
    const email = await newAccount('Mat-khau-dung-2');
    const attacker = newIp();
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i += 1) expect((await login(email, 'sai', attacker)).status).toBe(401);
    // Throttled from the attacker's address, even with the right password (else the throttle would leak it).
    expect((await login(email, 'Mat-khau-dung-2', attacker)).status).toBe(429);
    // The owner, elsewhere, is not locked out.
    const owner = await login(email, 'Mat-khau-dung-2', newIp());
    expect(owner.status).toBe(200);
    expect((await me(owner.body.token)).status).toBe(200);
    // The admin too: someone failing for them does not keep them out.
    const admin = 'admin@donghanh.vn';
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures + 1; i += 1) await login(admin, 'sai', attacker);
    expect((await login(admin, 'DongHanh@2026', attacker)).status).toBe(429);
    expect((await login(admin, 'DongHanh@2026', newIp())).status).toBe(200);
  });

  it('makes each further failure wait twice as long, with Retry-After; a success starts afresh', async () => {
    const email = await newAccount('Mat-khau-dung-3');
    const ip = newIp();
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i += 1) expect((await login(email, 'sai', ip)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const throttled = await login(email, 'sai', ip);
      expect(throttled.status).toBe(429);
      waits.push(Number(throttled.headers['retry-after']));
      // The wait is over (moved back in time rather than slept through); the next failure doubles it.
      await h.db('sign_in_throttle').where({ email }).update({ blocked_until: h.db.raw("now() - interval '1 second'") });
      expect((await login(email, 'sai', ip)).status).toBe(401);
    }
    const base = 2 ** SIGN_IN_THROTTLE.freeFailures;
    expect(waits[0]).toBeGreaterThan(base - 5);
    expect(waits[0]).toBeLessThanOrEqual(base);
    expect(waits[1]).toBeGreaterThan(2 * base - 5);
    expect(waits[1]).toBeLessThanOrEqual(2 * base);
    expect(waits[2]).toBeGreaterThan(4 * base - 5);
    expect(waits[2]).toBeLessThanOrEqual(4 * base);

    await h.db('sign_in_throttle').where({ email }).update({ blocked_until: h.db.raw("now() - interval '1 second'") });
    expect((await login(email, 'Mat-khau-dung-3', ip)).status).toBe(200);
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i += 1) expect((await login(email, 'sai', ip)).status).toBe(401);
  });
});
