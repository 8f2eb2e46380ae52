import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { createApp } from '../../api/app';
import { API_RPC_ATTEMPTS, temporalConnectionOptions } from '../../platform/temporal';
import { freePort } from '../../scripts/stack/util';
import { startHarness, sampleProposal, type Harness } from '../support/harness';

describe('health and readiness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers /healthz and /readyz when PostgreSQL and Temporal are reachable and a worker polls', async () => {
    expect((await h.api().get('/healthz')).status).toBe(200);
    const ready = await h.api().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok', worker: 'ok' });
    expect(ready.headers['x-request-id']).toBeDefined();
  });

  it('answers /readyz with 503 and a retry hint when PostgreSQL is unreachable', async () => {
    const closedPort = await freePort();
    const deadDb = createDb(`postgres://postgres@127.0.0.1:${closedPort}/nothing`, { max: 1 });
    const app = createApp({ config: h.config, db: deadDb, temporal: h.client, log: createLogger('silent', 'test') });
    try {
      const res = await request(app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.postgres).toMatch(/unreachable/);
      expect(res.body.temporal).toBe('ok');
      expect(res.body.worker).toBe('ok');
      expect((await request(app).get('/healthz')).status).toBe(200);
    } finally {
      await deadDb.destroy();
    }
  });

  it('answers 503 with a retry hint, not a stack trace, when Temporal is unreachable', async () => {
    const deadPort = await freePort();
    const connection = Connection.lazy(temporalConnectionOptions({ ...h.config.temporal, address: `127.0.0.1:${deadPort}` }, API_RPC_ATTEMPTS));
    const app = createApp({ config: h.config, db: h.appDb, temporal: new Client({ connection }), log: createLogger('silent', 'test') });
    try {
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.temporal).toMatch(/unreachable/);
      expect(ready.body.worker).toMatch(/^unknown/);
      const token = await h.tokenFor('coordinator');
      const res = await request(app).post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).set('Accept-Language', 'vi').send(sampleProposal());
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error.code).toBe('unavailable');
      expect(res.body.error.message).toMatch(/thử lại/);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  it('answers /readyz with 503 naming the task queue when no worker polls it', async () => {
    // Nobody has ever polled this queue: the app is wired to real PostgreSQL and Temporal, but no worker.
    const app = createApp({ config: { ...h.config, temporal: { ...h.config.temporal, taskQueue: `nobody-${randomUUID()}` } }, db: h.db, temporal: h.client, log: createLogger('silent', 'test') });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ status: 'not_ready', postgres: 'ok', temporal: 'ok' });
    expect(res.body.worker).toMatch(/^not_polling: no worker has polled task queue "nobody-.*" in the last 90 s/);
  });

  it('refuses API calls without a valid token, in the caller\'s language', async () => {
    const none = await h.api().get('/api/projects').set('Accept-Language', 'vi-VN,vi;q=0.9');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/đăng nhập/);
    const forged = await h.api().get('/api/projects').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.bad');
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthenticated');
  });

  it('signs in with the right password only', async () => {
    const bad = await h.api().post('/api/auth/login').send({ email: 'giamsat@donghanh.vn', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_credentials');
    const invalid = await h.api().post('/api/auth/login').send({ email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['email', 'password']);
    expect(await h.tokenFor('auditor')).toMatch(/^ey/);
  });
});
