import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLogger } from '../../platform/logger';
import { DEMO_PASSWORD } from '../../scripts/reference-data';
import { startHarness, type Harness } from '../support/harness';

/** The request log at info level, as the API writes it: requests are there, secrets are not. */
describe('request log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('logs each request line without the access token, the refresh token, the password or cookies', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = createApp({ config: h.config, db: h.db, temporal: h.client, log: createLogger('info', 'api-log-test', sink) });
    // pino-http writes the line when the response finishes: wait for it rather than for a set time.
    const logged = async (url: string, status: number) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const line = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url === url && l.res?.statusCode === status);
        if (line) return line;
        if (Date.now() > deadline) throw new Error(`no log line for ${url} ${status} in:\n${lines.join('\n')}`);
        await new Promise((r) => setImmediate(r));
      }
    };

    const signedIn = await request(app).post('/api/auth/login').set('Cookie', 'dh_probe=cookie-secret-value').send({ email: 'giamsat@donghanh.vn', password: DEMO_PASSWORD });
    expect(signedIn.status).toBe(200);
    const { token, refreshToken } = signedIn.body;
    expect((await request(app).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const refreshed = await request(app).post('/api/auth/refresh').send({ refreshToken });
    expect(refreshed.status).toBe(200);
    // A failed sign-in too: the wrong password must not reach the log either.
    expect((await request(app).post('/api/auth/login').send({ email: 'giamsat@donghanh.vn', password: 'Sai-Mat-Khau-Lo-Ra-9' })).status).toBe(401);

    const login = await logged('/api/auth/login', 200);
    expect(login).toMatchObject({ level: 30, req: { method: 'POST', url: '/api/auth/login' }, res: { statusCode: 200 } });
    const meLine = await logged('/api/me', 200);
    expect(meLine.req.headers.authorization).toBe('[redacted]');
    await logged('/api/auth/refresh', 200);
    await logged('/api/auth/login', 401);

    const text = lines.join('\n');
    for (const secret of [token, refreshToken, refreshed.body.token, refreshed.body.refreshToken, DEMO_PASSWORD, 'Sai-Mat-Khau-Lo-Ra-9', 'cookie-secret-value']) {
      expect(text).not.toContain(secret);
    }
  });
});
