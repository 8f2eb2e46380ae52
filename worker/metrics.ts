import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Knex } from 'knex';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's Prometheus metrics (issue 17): activity latency by type and outcome, the outbox's
 * backlog, SLA events by kind, Node's process metrics, and the Temporal SDK's own runtime metrics
 * (workflow and activity task latency, sticky cache hits and size, pollers…), which the SDK's
 * exporter serves on a loopback port and this server appends to its own answer: one scrape target.
 */
export interface WorkerMetrics {
  registry: Registry;
  activityInterceptor: ActivityInterceptorsFactory;
}

export function createWorkerMetrics(db: Knex): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'donghanh_worker_' });
  const latency = new Histogram({
    name: 'donghanh_activity_duration_seconds',
    help: 'Time an activity attempt took in this worker, by activity type and outcome',
    labelNames: ['activity', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // Read from the database at each scrape, so every worker reports the same truth and a restart loses nothing.
  new Gauge({
    name: 'donghanh_outbox_backlog',
    help: 'Notifications waiting to be sent (neither sent nor dead-lettered), and the age in seconds of the oldest',
    labelNames: ['measure'],
    registers: [registry],
    async collect() {
      const row = await db('notifications_outbox')
        .whereNull('sent_at')
        .whereNull('dead_at')
        .first(db.raw('count(*)::int AS n'), db.raw('coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS oldest'));
      this.set({ measure: 'count' }, Number(row?.n ?? 0));
      this.set({ measure: 'oldest_seconds' }, Number(row?.oldest ?? 0));
    },
  });
  new Gauge({
    name: 'donghanh_outbox_dead_letters',
    help: 'Notifications given up after their last attempt',
    registers: [registry],
    async collect() {
      const row = await db('notifications_outbox').whereNotNull('dead_at').first(db.raw('count(*)::int AS n'));
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: 'donghanh_sla_events',
    help: 'SLA events recorded so far, by kind (at_risk, breached, escalated)',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const rows = await db('sla_events').select('kind').count<{ kind: string; n: string }[]>({ n: '*' }).groupBy('kind');
      this.reset();
      for (const r of rows) this.set({ kind: r.kind }, Number(r.n));
    },
  });
  const activityInterceptor: ActivityInterceptorsFactory = (ctx: ActivityContext) => ({
    inbound: {
      async execute(input, next) {
        const started = process.hrtime.bigint();
        let outcome = 'completed';
        try {
          return await next(input);
        } catch (err) {
          outcome = 'failed';
          throw err;
        } finally {
          latency.observe({ activity: ctx.info.activityType, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        }
      },
    },
  });
  return { registry, activityInterceptor };
}

/** A free loopback port for the SDK's exporter. */
export function loopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Serves GET /metrics at `address` (host:port): this registry, then the SDK's exporter's text read
 * from `sdkAddress`. Bind it to an internal address: it has no token (see README, "Metrics").
 */
export async function serveWorkerMetrics(metrics: WorkerMetrics, address: string, sdkAddress?: string): Promise<Server> {
  const idx = address.lastIndexOf(':');
  const host = address.slice(0, idx).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(idx + 1));
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    try {
      let text = await metrics.registry.metrics();
      if (sdkAddress) {
        const sdk = await fetch(`http://${sdkAddress}/metrics`, { signal: AbortSignal.timeout(2000) }).then((r) => r.text()).catch(() => '');
        text += `\n# Temporal SDK runtime metrics\n${sdk}`;
      }
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(text);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}\n`);
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  return server;
}
