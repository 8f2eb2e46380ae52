import { SignJWT } from 'jose';
import { hashPassword, LOCKOUT } from '../../api/auth';
import { startHarness, type Harness } from '../support/harness';

const DEV_SECRET = 'dong-hanh-development-secret-change-me-0123456789';

describe('sign-in, tokens and sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const login = (email: string, password: string) => h.api().post('/api/auth/login').send({ email, password });
  const me = (token: string) => h.api().get('/api/me').set('Authorization', `Bearer ${token}`);

  it('returns an access token and a refresh token; the refresh token works once', async () => {
    const first = await login('dieuphoi@donghanh.vn', 'DongHanh@2026');
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ role: 'coordinator', displayName: 'Nguyễn Thu Hà', unitCode: 'BD' });
    expect((await me(first.body.token)).body.email).toBe('dieuphoi@donghanh.vn');

    const refreshed = await h.api().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await me(refreshed.body.token)).status).toBe(200);

    // Reusing a spent refresh token means it leaked: it fails, and so does every session it belongs to.
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const session = await login('giamsat@donghanh.vn', 'DongHanh@2026');
    expect((await h.api().post('/api/auth/logout').send({ refreshToken: session.body.refreshToken })).status).toBe(204);
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
  });

  it('refuses an expired token, a token signed with another key and a tampered one', async () => {
    const userId = await h.userId('admin');
    const sign = (secret: string, exp: number | string) =>
      new SignJWT({ role: 'admin', name: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('dong-hanh').setAudience('dong-hanh').setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    expect((await me(await sign(DEV_SECRET, '5m'))).status).toBe(200);
    expect((await me(await sign(DEV_SECRET, Math.floor(Date.now() / 1000) - 60))).status).toBe(401);
    expect((await me(await sign('another-secret-another-secret-another-secret', '5m'))).status).toBe(401);
    const good = await sign(DEV_SECRET, '5m');
    const [head, body, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, role: 'auditor' })).toString('base64url');
    expect((await me(`${head}.${forgedBody}.${sig}`)).status).toBe(401);
  });

  it('refuses a well-signed token whose role is not the account\'s role now', async () => {
    const userId = await h.userId('admin');
    const signed = (role: string) =>
      new SignJWT({ role, name: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('dong-hanh').setAudience('dong-hanh').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(DEV_SECRET));
    expect((await me(await signed('admin'))).status).toBe(200);
    const stale = await me(await signed('auditor'));
    expect([stale.status, stale.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await signed('auditor')}`)).status).toBe(401);
  });

  it(`locks an account after ${LOCKOUT.maxFailures} wrong passwords, even against the right one`, async () => {
    const email = `khoa.${Date.now()}@donghanh.vn`;
    await h.db('users').insert({ email, display_name: 'Tài khoản thử khóa', password_hash: await hashPassword('Mat-khau-dung-1'), role: 'coordinator', unit_code: 'BD' });
    for (let i = 1; i < LOCKOUT.maxFailures; i += 1) expect((await login(email, 'sai')).status).toBe(401);
    const locked = await login(email, 'sai').set('Accept-Language', 'vi');
    expect(locked.status).toBe(423);
    expect(locked.body.error.message).toMatch(/tạm khóa/);
    expect((await login(email, 'Mat-khau-dung-1')).status).toBe(423);
  });
});
