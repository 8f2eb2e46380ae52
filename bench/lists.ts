import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../api/app';
import { parseApiConfig } from '../domain/config';
import { migrationConfig } from '../migrations';
import { generateListData } from './list-data';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { DEMO_PASSWORD, DEMO_USERS } from '../scripts/reference-data';
import { seedReferenceData } from '../scripts/reference-data';
import { ensureDatabase } from '../scripts/stack/postgres';

/**
 * Lists and dashboards at a province's scale (issue 17): a scratch database with 100,000 projects,
 * their steps and 2,000,000 ledger rows written by SQL (generate_series), then each list and
 * dashboard call timed through the real Express app, side by side with the raw SQL it runs.
 *   DATABASE_URL=postgres://… npm run bench:lists [projects] [ledgerRows] [runs]
 * Keeps the database (dh_bench_lists) between runs unless its size differs or BENCH_RECREATE=1.
 */
const projects = Number(process.argv[2] ?? 100_000);
const ledgerRows = Number(process.argv[3] ?? 2_000_000);
const runs = Number(process.argv[4] ?? 20);

const say = (line: string) => process.stderr.write(`[bench:lists] ${line}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // one warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server (a scratch database is created on it).');
  let url = await ensureDatabase(adminUrl, (process.env.BENCH_DB ?? 'dh_bench_lists'));
  let db = createDb(url, { max: 6 });
  const existing = await db.raw(`SELECT count(*)::int AS n FROM projects WHERE code LIKE 'BN-%'`).then((r) => r.rows[0].n as number).catch(() => -1);
  if (process.env.BENCH_RECREATE === '1' || existing !== projects) {
    await db.destroy();
    url = await ensureDatabase(adminUrl, (process.env.BENCH_DB ?? 'dh_bench_lists'), { recreate: true });
    db = createDb(url, { max: 6 });
    await db.migrate.latest(migrationConfig);
    await seedReferenceData(db);
    say(`generating ${projects} projects and ${ledgerRows} ledger rows`);
    await generateListData(db, { projects, ledgerRows, say });
  } else {
    await db.migrate.latest(migrationConfig);
    // As autovacuum leaves a table at rest: statistics, and the visibility map that index-only scans need.
    await db.raw('VACUUM ANALYZE');
    say(`reusing ${existing} projects (BENCH_RECREATE=1 to start over)`);
  }

  const config = parseApiConfig({ NODE_ENV: 'test', DATABASE_URL: url, TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('base64url') });
  // Lists and dashboards never reach Temporal: a lazy connection that is never used.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = createApp({ config, db, temporal, log: createLogger(process.env.BENCH_LOG ?? 'silent', 'bench') });
  const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
  const login = await request(app).post('/api/auth/login').send({ email: coordinator.email, password: DEMO_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const auth = `Bearer ${login.body.token}`;
  const get = (path: string) => async () => {
    const res = await request(app).get(path).set('Authorization', auth);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };
  const q = (o: Record<string, unknown>) => new URLSearchParams(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]))).toString();

  // The raw SQL of each call, as the API runs it (copied from a query log of the call: knex's toSQL would do too).
  const captured: { sql: string; bindings: unknown[] }[] = [];
  const capture = (data: { sql: string; bindings?: unknown[] }) => captured.push({ sql: data.sql, bindings: data.bindings ?? [] });
  const sqlOf = async (call: () => Promise<void>) => {
    captured.length = 0;
    db.on('query', capture);
    await call();
    db.removeListener('query', capture);
    // Drop the per-request account lookups: the list's own statements only.
    return captured.filter((s) => !/from "users"|from "sessions"|refresh_tokens|from "units"|holidays|from "teams"/i.test(s.sql));
  };

  const cases: [string, string][] = [
    ['GET /api/projects (default page)', `/api/projects`],
    ['GET /api/projects (offset 50,000)', `/api/projects?${q({ range: [50000, 50024] })}`],
    ['pipeline: GET /api/projects, 200 by due date', `/api/projects?${q({ range: [0, 199], sort: ['dueAt', 'ASC'] })}`],
    ['GET /api/steps (open, by deadline)', `/api/steps?${q({ range: [0, 24], filter: { status: 'active' } })}`],
    ['GET /api/ledger (default page)', `/api/ledger`],
    ['GET /api/stats/sla?months=6', `/api/stats/sla?months=6`],
    ['GET /api/stats/pipeline', `/api/stats/pipeline`],
  ];
  const table: string[] = ['| call | API p50 ms | API p95 ms | its SQL p50 ms | its SQL p95 ms | statements |', '|---|---:|---:|---:|---:|---:|'];
  for (const [name, path] of cases) {
    say(`timing ${name}`);
    const statements = await sqlOf(get(path));
    const api = await time(get(path));
    // The statements one after the other (the API runs some of them side by side).
    const conn = await db.client.acquireConnection();
    const sql = await time(async () => { for (const s of statements) await conn.query(s.sql, s.bindings); });
    await db.client.releaseConnection(conn);
    if (process.env.BENCH_SHOW_SQL === '1') for (const s of statements) say(`${s.sql} ${JSON.stringify(s.bindings)}`);
    table.push(`| ${name} | ${api.p50.toFixed(1)} | ${api.p95.toFixed(1)} | ${sql.p50.toFixed(1)} | ${sql.p95.toFixed(1)} | ${statements.length} |`);
    say(table.at(-1)!);
  }
  const counts = await db.raw(`SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM steps) AS steps, (SELECT count(*) FROM decision_ledger) AS ledger`);
  console.log(`\n${JSON.stringify(counts.rows[0])}, ${runs} runs each after one warm-up\n`);
  console.log(table.join('\n'));
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
