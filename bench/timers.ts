import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { startProject } from '../api/project-commands';
import type { ProjectLifecycleInput } from '../domain/project';
import { freePort } from '../scripts/stack/util';
import { DEMO_USERS } from '../scripts/reference-data';
import { drive, scrape, startBenchStack, startChild, sumOf } from './stack';

/**
 * Timers at scale (issue 17): N open projects, each with a live SLA timer on its screening step, on
 * one worker process. Reports the worker's resident memory (peak), whether every timer fired (the
 * SLA events counted in the database: one at_risk and one breached per project), and the sticky
 * cache as the SDK's own metrics see it.
 *   DATABASE_URL=postgres://… npm run bench:timers -- [projects=10000] [slaSeconds=auto] [maxCachedWorkflows]
 * The screening's SLA is slaSeconds long (at risk at half of it), counted from each project's start;
 * auto leaves room for starting all N first (N / 4 s, at least 120 s).
 */
const n = Number(process.argv[2] ?? 10_000);
const slaSeconds = Number(process.argv[3] ?? Math.max(120, Math.ceil(n / 4)));
const maxCached = process.argv[4];
const log = (line: string) => process.stdout.write(`[bench:timers] ${line}\n`);

const rssMb = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

async function main(): Promise<void> {
  const taskQueue = 'bench-timers';
  const stack = await startBenchStack('dh_bench_timers', taskQueue, log);
  try {
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    const worker = await startChild(['--import', 'tsx', 'worker/main.ts'], { ...stack.env, WORKER_METRICS_ADDRESS: metricsAddress, ...(maxCached ? { WORKER_MAX_CACHED_WORKFLOWS: maxCached } : {}) }, /worker started/, 'worker');
    stack.children.push(worker);
    let peak = rssMb(worker.pid!);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(worker.pid!))), 500);
    const client = new Client({ connection: await Connection.connect({ address: stack.temporal.address }), namespace: 'default' });
    const lead = DEMO_USERS.find((u) => u.key === 'teamLead')!;
    const proposer = { userId: (await stack.owner('users').whereRaw('lower(email) = ?', [lead.email.toLowerCase()]).first('id')).id as string, role: lead.role, displayName: lead.displayName };
    const startedAt = Date.now();
    log(`starting ${n} projects, screening SLA ${slaSeconds} s (at risk at ${slaSeconds / 2} s)…`);
    let done = 0;
    const creation = await drive(n, 16, async (i) => {
      const input: ProjectLifecycleInput = {
        projectId: randomUUID(),
        code: `BD-TM-${String(i).padStart(6, '0')}`,
        unitCode: 'BD',
        leadTeamCode: 'BD-CUL',
        title: 'Sân chơi tổ dân phố',
        summary: 'Cải tạo sân chơi cho thiếu nhi của tổ dân phố.',
        category: 'culture',
        requestedBudgetVnd: 50_000_000,
        proposer,
        submittedAt: new Date().toISOString(),
        slaOverrides: { screening: { durationValue: slaSeconds, durationUnit: 'seconds', atRiskRatio: 0.5 } },
      };
      await startProject(client, taskQueue, input, 120_000);
      if (++done % 500 === 0) log(`  ${done} started, worker RSS ${rssMb(worker.pid!).toFixed(0)} MB`);
    }, log);
    const afterStart = rssMb(worker.pid!);
    log(`started ${n - creation.failed} in ${(creation.wallMs / 1000).toFixed(0)} s (${creation.perSec.toFixed(1)}/s, p95 ${creation.p95.toFixed(0)} ms); worker RSS ${afterStart.toFixed(0)} MB`);

    // Every timer fires: at_risk then breached per project, counted in the database.
    const expected = (n - creation.failed) * 2;
    const deadline = startedAt + (slaSeconds + 600) * 1000 + creation.wallMs;
    let fired = 0;
    let last = -1;
    while (Date.now() < deadline) {
      fired = Number((await stack.owner('sla_events').whereIn('kind', ['at_risk', 'breached']).count<{ n: string }[]>({ n: '*' }))[0]!.n);
      if (fired !== last) log(`  SLA events ${fired} / ${expected}, worker RSS ${rssMb(worker.pid!).toFixed(0)} MB`);
      last = fired;
      if (fired >= expected) break;
      await new Promise((r) => setTimeout(r, 5000));
    }
    clearInterval(sampler);
    const kinds = await stack.owner('sla_events').select('kind').count<{ kind: string; n: string }[]>({ n: '*' }).groupBy('kind');
    const lateness = await stack.owner('sla_events as e')
      .join('steps as s', 's.id', 'e.step_id')
      .where('e.kind', 'breached')
      .first(stack.owner.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.occurred_at - s.due_at)) AS p50`), stack.owner.raw(`percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM e.occurred_at - s.due_at)) AS p95`));
    const m = await scrape(metricsAddress);
    console.log(`\nTimers at scale: ${n} projects with a live SLA timer on one worker\n`);
    console.log('| figure | value | target |');
    console.log('|---|---:|---|');
    console.log(`| projects started | ${n - creation.failed} (${creation.perSec.toFixed(1)}/s, concurrency 16) | ${n} |`);
    console.log(`| SLA events (at_risk + breached) | ${fired} / ${expected} | all fire |`);
    console.log(`| by kind | ${kinds.map((k) => `${k.kind} ${k.n}`).join(', ')} | |`);
    console.log(`| breach recorded after its deadline, p50 / p95 | ${Number(lateness?.p50 ?? NaN).toFixed(1)} s / ${Number(lateness?.p95 ?? NaN).toFixed(1)} s | |`);
    console.log(`| worker RSS peak | ${peak.toFixed(0)} MB | ≤ 1024 MB |`);
    console.log(`| sticky cache size at the end | ${sumOf(m, 'temporal_sticky_cache_size')} | |`);
    console.log(`| sticky cache hits / misses / forced evictions | ${sumOf(m, 'temporal_sticky_cache_hit')} / ${sumOf(m, 'temporal_sticky_cache_miss')} / ${sumOf(m, 'temporal_sticky_cache_total_forced_eviction')} | |`);
    console.log(`| workflow tasks / activity tasks | ${sumOf(m, 'temporal_workflow_task_execution_latency_count')} / ${sumOf(m, 'temporal_activity_execution_latency_count')} | |`);
    await client.connection.close();
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
