import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLogger } from '../../platform/logger';
import { createWorkerMetrics, serveWorkerMetrics } from '../../worker/metrics';
import { startHarness, type Harness } from '../support/harness';

/** GET /metrics (issue 17): who may read it, and what it counts. */
describe('metrics', () => {
  let h: Harness;
  const token = randomBytes(24).toString('base64url');
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 401 without the ops token or with another, and a user session is not the ops token', async () => {
    expect((await h.api().get('/metrics')).status).toBe(401);
    expect((await h.api().get('/metrics').set('Authorization', `Bearer ${token}x`)).status).toBe(401);
    expect((await h.api().get('/metrics').set('Authorization', `Bearer ${await h.tokenFor('admin')}`)).status).toBe(401);
  });

  it('serves Prometheus text with the ops token: requests per route template, latency, errors per code', async () => {
    const session = await h.tokenFor('coordinator');
    expect((await h.api().get('/api/projects').set('Authorization', `Bearer ${session}`)).status).toBe(200);
    expect((await h.api().get('/api/projects/00000000-0000-0000-0000-000000000000').set('Authorization', `Bearer ${session}`)).status).toBe(404);
    const res = await h.api().get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/donghanh_http_requests_total\{method="GET",route="\/api\/projects",status="200"\} [1-9]/);
    // The template, never the id: one series per route whatever the ids asked for.
    expect(res.text).toMatch(/donghanh_http_requests_total\{method="GET",route="\/api\/projects\/:id",status="404"\} 1/);
    expect(res.text).not.toContain('00000000-0000-0000-0000-000000000000');
    expect(res.text).toMatch(/donghanh_http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/api\/projects"\}/);
    expect(res.text).toMatch(/donghanh_http_errors_total\{status="404",code="not_found"\} [1-9]/);
    expect(res.text).toMatch(/donghanh_api_process_resident_memory_bytes/);
  });

  it('is off (404) when no ops token is configured', async () => {
    const app = createApp({ config: { ...h.config, metrics: {} }, db: h.appDb, temporal: h.client, log: createLogger('silent', 'metrics-test') });
    expect((await request(app).get('/metrics')).status).toBe(404);
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(404);
  });

  it("the worker's registry: outbox backlog and SLA events read from the database, activity latency by type", async () => {
    const metrics = createWorkerMetrics(h.appDb);
    const inbound = metrics.activityInterceptor({ info: { activityType: 'recordDecision' } } as never).inbound!;
    await inbound.execute!({ args: [], headers: {} }, async () => 'done');
    await expect(inbound.execute!({ args: [], headers: {} }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const server = await serveWorkerMetrics(metrics, '127.0.0.1:0');
    try {
      const { port } = server.address() as { port: number };
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/donghanh_outbox_backlog\{measure="count"\} \d+/);
      expect(text).toMatch(/donghanh_activity_duration_seconds_count\{activity="recordDecision",outcome="completed"\} 1/);
      expect(text).toMatch(/donghanh_activity_duration_seconds_count\{activity="recordDecision",outcome="failed"\} 1/);
      expect(text).toContain('donghanh_sla_events');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
