import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { parseApiConfig } from '../domain/config';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { freePort } from '../scripts/stack/util';
import { DEMO_PASSWORD, DEMO_USERS } from '../scripts/reference-data';
import { bareDecide, bareDecision } from './decisions/baseline-workflow';
import { drive, scrape, startBenchStack, startChild, sumOf, WORK } from './stack';

/**
 * Decisions per second through the real API (a coordinator accepts a screening: POST
 * /api/steps/:id/decisions) against the bare baseline in the same run: a one-handler workflow whose
 * Update has a validator, on the same Temporal dev server, with its own worker process. Both workers
 * run as child processes, as in an installation; the API runs in this process.
 *   DATABASE_URL=postgres://… npm run bench:decisions -- [levels=1,8,32] [decisionsPerLevel=24,80,160]
 * BENCH_CPU_PROF=1 writes the product worker's CPU profile to .data/bench/ (node --cpu-prof).
 */
const levels = (process.argv[2] ?? '1,8,32').split(',').map(Number);
const counts = (process.argv[3] ?? '24,80,160').split(',').map(Number);
const log = (line: string) => process.stdout.write(`[bench:decisions] ${line}\n`);

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
  const taskQueue = 'bench-decisions';
  const baselineQueue = 'bench-bare';
  const dbName = 'dh_bench_decisions';
  const stack = await startBenchStack(dbName, taskQueue, log);
  const { temporal, url, owner, env, children } = stack;
  const work = WORK;
  try {
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    const profArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${work}`] : [];
    const [worker, bare] = await Promise.all([
      startChild([...profArgs, '--import', 'tsx', 'worker/main.ts'], { ...env, WORKER_METRICS_ADDRESS: metricsAddress }, /worker started/, 'product worker'),
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
    await drive(8, 4, () => decide(steps.pop()!), log);
    await drive(8, 4, () => bareCall(bareIds.pop()!), log);

    const before = await scrape(metricsAddress);
    const rows: string[] = [];
    const profile: unknown[] = [];
    for (const [li, c] of levels.entries()) {
      const n = counts[li] ?? counts[counts.length - 1]!;
      const mine = steps.splice(0, n);
      const theirs = bareIds.splice(0, n);
      log(`concurrency ${c}: ${n} bare Updates…`);
      const b = await drive(n, c, (i) => bareCall(theirs[i]!), log);
      log(`  bare: ${b.perSec.toFixed(1)}/s, p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms`);
      log(`concurrency ${c}: ${n} decisions through the API…`);
      const stop = sampleWaits(owner, dbName);
      const p = await drive(n, c, (i) => decide(mine[i]!), log);
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
    // The worker's own view (GET /metrics of the worker): where a decision's time goes there.
    const after = await scrape(metricsAddress);
    const delta = (name: string, labels = '') => sumOf(after, name, labels) - sumOf(before, name, labels);
    for (const activity of ['recordDecision', 'openStep']) {
      const count = delta('donghanh_activity_duration_seconds_count', `activity="${activity}"`);
      if (count) console.log(`worker: ${activity} ${count} runs, mean ${((delta('donghanh_activity_duration_seconds_sum', `activity="${activity}"`) / count) * 1000).toFixed(1)} ms`);
    }
    const wft = delta('temporal_workflow_task_execution_latency_count');
    console.log(`worker: ${wft} workflow tasks, ${delta('temporal_activity_execution_latency_count')} activity tasks, ${delta('temporal_local_activity_total')} local activities during the timed runs; sticky cache hits ${delta('temporal_sticky_cache_hit')}, misses ${delta('temporal_sticky_cache_miss')}`);
    server.close();
    await appDb.destroy();
    await client.connection.close();
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
