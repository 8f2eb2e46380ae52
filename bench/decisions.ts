import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { parseApiConfig } from '../domain/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { ensureDatabase } from '../scripts/stack/postgres';
import { ensureTemporalCli } from '../scripts/stack/temporal-cli';
import { startDevServer, stopChild } from '../scripts/stack/temporal-server';
import { freePort } from '../scripts/stack/util';
import { DEMO_PASSWORD, DEMO_USERS, seedReferenceData } from '../scripts/reference-data';
import { bareDecide, bareDecision } from './decisions/baseline-workflow';

/**
 * Decisions per second through the real API (a coordinator accepts a screening: POST
 * /api/steps/:id/decisions) against the bare baseline in the same run: a one-handler workflow whose
 * Update has a validator, on the same Temporal dev server, with its own worker process. Both workers
 * run as child processes, as in an installation; the API runs in this process.
 *   DATABASE_URL=postgres://… npm run bench:decisions -- [levels=1,8,32] [decisionsPerLevel=24,80,160]
 * BENCH_CPU_PROF=1 writes the product worker's CPU profile to .data/bench/ (node --cpu-prof).
 */
const root = resolve(__dirname, '..');
const levels = (process.argv[2] ?? '1,8,32').split(',').map(Number);
const counts = (process.argv[3] ?? '24,80,160').split(',').map(Number);
const log = (line: string) => process.stdout.write(`[bench:decisions] ${line}\n`);

type Sample = { ms: number; ok: boolean };
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Runs `n` calls with `concurrency` callers; each call times itself. */
async function drive(n: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ perSec: number; p50: number; p95: number; max: number; failed: number; samples: Sample[] }> {
  const samples: Sample[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = process.hrtime.bigint();
        let ok = true;
        try {
          await call(i);
        } catch (err) {
          ok = false;
          if (samples.filter((s) => !s.ok).length < 3) log(`  call ${i} failed: ${(err as Error).message}`);
        }
        samples.push({ ms: Number(process.hrtime.bigint() - t) / 1e6, ok });
      }
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ms = samples.filter((s) => s.ok).map((s) => s.ms);
  return { perSec: (ms.length / wallMs) * 1000, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), failed: samples.length - ms.length, samples };
}

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveChild, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} not ready within 180 s:\n${out.slice(-2000)}`)), 180_000);
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-8000);
      if (ready.test(out)) {
        clearTimeout(timer);
        resolveChild(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out = (out + c.toString()).slice(-8000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(c);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${out.slice(-2000)}`));
    });
  });
}

/**
 * What the database sessions of the bench database wait on, sampled every 20 ms while the product
 * runs: the profile that says whether the ledger's advisory lock serialises decisions.
 */
function sampleWaits(db: ReturnType<typeof createDb>, dbName: string) {
  const counts = new Map<string, number>();
  let samples = 0;
  let advisoryWaiting = 0;
  let maxActive = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await db.raw(
        `SELECT state, coalesce(wait_event_type, 'CPU') AS wtype, coalesce(wait_event, '-') AS wevent, left(query, 60) AS q
           FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() AND state <> 'idle'`,
        [dbName],
      );
      const adv = await db.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      samples += 1;
      advisoryWaiting += adv.rows[0].n;
      maxActive = Math.max(maxActive, rows.rows.length);
      for (const r of rows.rows) {
        const key = `${r.state} ${r.wtype}/${r.wevent}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return {
      samples,
      meanAdvisoryWaiters: advisoryWaiting / Math.max(1, samples),
      maxActiveSessions: maxActive,
      meanActiveSessions: [...counts.values()].reduce((a, b) => a + b, 0) / Math.max(1, samples),
      top: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}: ${(v / Math.max(1, samples)).toFixed(2)}`),
    };
  };
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server (a scratch database dh_bench_decisions is created on it).');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const work = join(root, '.data', 'bench');
  mkdirSync(work, { recursive: true });

  log('Temporal CLI (waits for a build in progress)…');
  const cli = await ensureTemporalCli(log);
  const temporal = await startDevServer({ cli, port: await freePort(), namespace: 'default' });
  const children: ChildProcess[] = [];
  const dbName = 'dh_bench_decisions';
  const url = await ensureDatabase(adminUrl, dbName, { recreate: true });
  const owner = createDb(url, { max: 4 });
  try {
    await owner.migrate.latest(migrationConfig);
    await seedReferenceData(owner);
    log(`Temporal dev server ${temporal.address}; database ${dbName}`);

    const taskQueue = 'bench-decisions';
    const baselineQueue = 'bench-bare';
    const bundlePath = join(work, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') })).code);
    const env = { NODE_ENV: 'development', DATABASE_URL: url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', DONGHANH_WORKFLOW_BUNDLE: bundlePath };
    const profArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${work}`] : [];
    const [worker, bare] = await Promise.all([
      startChild([...profArgs, '--import', 'tsx', 'worker/main.ts'], { ...env, LOG_LEVEL: 'info' }, /worker started/, 'product worker'),
      startChild(['--import', 'tsx', 'bench/decisions/baseline-worker.ts', temporal.address, baselineQueue], {}, /baseline worker ready/, 'baseline worker'),
    ]);
    children.push(worker, bare);

    const config = parseApiConfig({ ...env, LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('base64url'), API_COMMAND_TIMEOUT_MS: '60000' });
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default' });
    const appDb = createDb(url, { max: 10 });
    const app = createApp({ config, db: appDb, temporal: client, log: createLogger('silent', 'bench') });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

    const login = async (key: string) => {
      const user = DEMO_USERS.find((u) => u.key === key)!;
      const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: DEMO_PASSWORD }) });
      if (!res.ok) throw new Error(`login ${key}: ${res.status}`);
      return { token: (await res.json()).token as string, userId: (await owner('users').whereRaw('lower(email) = ?', [user.email.toLowerCase()]).first('id')).id as string };
    };
    const proposer = await login('teamLead');
    const coordinators = await Promise.all(['coordinator', 'coordinator2'].map(login));
    const post = async (path: string, token: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) });
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };

    // Prepared beforehand, not timed: projects whose screening is open (creation through the API, concurrency 8).
    const total = counts.reduce((a, b) => a + b, 0) + 8;
    log(`preparing ${total} projects through the API (concurrency 8)…`);
    const steps: { stepId: string; token: string }[] = [];
    const creation = await drive(total, 8, async () => {
      const p = await post('/projects', proposer.token, { title: 'Sân chơi tổ dân phố', summary: 'Cải tạo sân chơi cho thiếu nhi của tổ dân phố.', category: 'culture', leadTeamCode: 'BD-CUL', requestedBudgetVnd: 50_000_000 });
      const step = await owner('steps').where({ project_id: p.id, status: 'active' }).first('id', 'eligible_user_ids');
      const eligible = (step.eligible_user_ids ?? null) as string[] | null;
      const who = coordinators.find((c) => !eligible || eligible.includes(c.userId))!;
      steps.push({ stepId: step.id, token: who.token });
    });
    log(`  project creation (concurrency 8): ${creation.perSec.toFixed(1)}/s, p50 ${creation.p50.toFixed(0)} ms, p95 ${creation.p95.toFixed(0)} ms, max ${creation.max.toFixed(0)} ms, failed ${creation.failed}`);

    const bareTotal = counts.reduce((a, b) => a + b, 0) + 8;
    log(`starting ${bareTotal} baseline workflows…`);
    const bareIds: string[] = [];
    await drive(bareTotal, 8, async (i) => {
      const id = `bare-${i}-${randomUUID().slice(0, 6)}`;
      await client.workflow.start(bareDecision, { taskQueue: baselineQueue, workflowId: id });
      bareIds.push(id);
    });

    const decide = (s: { stepId: string; token: string }) => post(`/steps/${s.stepId}/decisions`, s.token, { choice: 'accept', rationale: 'Đủ hồ sơ', evidence: [] }).then(() => undefined);
    const bareCall = (id: string) => client.workflow.getHandle(id).executeUpdate(bareDecide, { updateId: `decide:${id}`, args: [{ choice: 'accept', actor: 'coordinator' }] }).then(() => undefined);
    // Warm-up: the first decisions load code paths and caches on both sides.
    await drive(8, 4, (i) => decide(steps.pop()!));
    await drive(8, 4, (i) => bareCall(bareIds.pop()!));

    const rows: string[] = [];
    const profile: unknown[] = [];
    for (const [li, c] of levels.entries()) {
      const n = counts[li] ?? counts[counts.length - 1]!;
      const mine = steps.splice(0, n);
      const theirs = bareIds.splice(0, n);
      log(`concurrency ${c}: ${n} bare Updates…`);
      const b = await drive(n, c, (i) => bareCall(theirs[i]!));
      log(`  bare: ${b.perSec.toFixed(1)}/s, p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms`);
      log(`concurrency ${c}: ${n} decisions through the API…`);
      const stop = sampleWaits(owner, dbName);
      const p = await drive(n, c, (i) => decide(mine[i]!));
      const waits = await stop();
      profile.push({ concurrency: c, ...waits });
      log(`  product: ${p.perSec.toFixed(1)}/s, p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, failed ${p.failed}`);
      log(`  database while deciding: ${waits.meanActiveSessions.toFixed(2)} busy sessions on average (max ${waits.maxActiveSessions}), ${waits.meanAdvisoryWaiters.toFixed(2)} waiting for an advisory lock`);
      for (const t of waits.top) log(`    ${t}`);
      rows.push(
        `| ${c} | ${n} | ${p.perSec.toFixed(1)}/s | ${p.p50.toFixed(0)} | ${p.p95.toFixed(0)} | ${b.perSec.toFixed(1)}/s | ${b.p50.toFixed(0)} | ${b.p95.toFixed(0)} | ${(p.perSec / b.perSec).toFixed(2)}× | ×${(p.p95 / b.p95).toFixed(1)} | ${p.perSec / b.perSec >= 0.5 && p.p95 / b.p95 <= 2 ? 'yes' : 'no'} | ${p.failed} |`,
      );
    }

    // Exactly once: one ledger entry per decided step, and the chain intact.
    const ledger = await owner('decision_ledger').count<{ n: string }[]>({ n: '*' });
    const decided = await owner('steps').where({ type: 'screening', status: 'decided' }).count<{ n: string }[]>({ n: '*' });
    console.log('\nScreening-accept decisions through the API vs a bare Update with a validator (same dev server, same run)\n');
    console.log('| concurrency | decisions | product rate | p50 ms | p95 ms | bare rate | bare p50 ms | bare p95 ms | rate ratio (≥ 0.5×) | p95 ratio (≤ ×2) | met | failed |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
    for (const r of rows) console.log(r);
    console.log(`\nproject creation through the API, concurrency 8 (the preparation): ${creation.perSec.toFixed(1)}/s, p50 ${creation.p50.toFixed(0)} ms, p95 ${creation.p95.toFixed(0)} ms, max ${creation.max.toFixed(0)} ms`);
    console.log(`ledger entries ${ledger[0]!.n}, decided screening steps ${decided[0]!.n} (must be equal)`);
    writeFileSync(join(work, 'decisions-profile.json'), JSON.stringify(profile, null, 2));
    server.close();
    await appDb.destroy();
    await client.connection.close();
  } finally {
    for (const child of children) await stopChild(child, 15_000);
    await owner.destroy();
    await temporal.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
