import { randomUUID } from 'node:crypto';
import { appendDecision, verifyLedger } from '../store/ledger';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { ensureDatabase } from '../scripts/stack/postgres';
import { seedReferenceData } from '../scripts/reference-data';

/**
 * Decision ledger: append throughput (serialised by one advisory lock) and verification speed,
 * each measured against a plain baseline in the same run, so the ratios hold on any machine.
 *   DATABASE_URL=postgres://… npx tsx bench/ledger.ts [entries]
 */
async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server (a scratch database is created on it).');
  const n = Number(process.argv[2] ?? 2000);
  const url = await ensureDatabase(adminUrl, 'dh_bench_ledger', { recreate: true });
  const db = createDb(url, { max: 8 });
  await db.migrate.latest(migrationConfig);
  await seedReferenceData(db);
  const user = await db('users').first('id');
  const projectId = randomUUID();
  await db('projects').insert({ id: projectId, code: 'BENCH-1', workflow_id: 'project-BENCH-1', unit_code: 'BD', lead_team_code: 'BD-ENV', title: 'bench', summary: 'bench', category: 'other', requested_budget_vnd: 0, stage: 'proposal', proposer_user_id: user.id, proposer_name: 'bench', created_at: new Date(), updated_at: new Date() });
  await db('steps').insert({ id: 'bench-step', project_id: projectId, type: 'board_review', status: 'active', deciding_role: 'board_member', opened_at: new Date() });
  await db.schema.createTable('bench_plain', (t) => {
    t.bigIncrements('id');
    t.jsonb('body');
  });

  const entry = (i: number) => ({
    projectId, stepId: 'bench-step', stepType: 'board_review', workflowId: 'project-BENCH-1', runId: 'r', updateId: `u-${i}`,
    actorUserId: user.id, actorName: 'Người kiểm thử', actorRole: 'board_member', choice: 'approve', rationale: 'Phù hợp kế hoạch phường',
    evidence: ['https://example.org/e'], conflictOfInterest: null, policyVersion: 1, decidedAt: new Date(1_800_000_000_000 + i).toISOString(),
  });

  // Appends from 4 concurrent writers, as several workers would.
  const writers = 4;
  const time = async (fn: () => Promise<unknown>) => { const t = process.hrtime.bigint(); await fn(); return Number(process.hrtime.bigint() - t) / 1e6; };
  const run = (write: (i: number) => Promise<unknown>) => Promise.all(Array.from({ length: writers }, (_, w) => (async () => { for (let i = w; i < n; i += writers) await write(i); })()));
  const plainMs = await time(() => run((i) => db('bench_plain').insert({ body: JSON.stringify(entry(i)) })));
  const ledgerMs = await time(() => run((i) => db.transaction((trx) => appendDecision(trx, entry(i)))));
  const scanMs = await time(() => db('bench_plain').select('*'));
  let verdict: unknown;
  const verifyMs = await time(async () => { verdict = await verifyLedger(db); });
  const mem = process.memoryUsage();
  console.log(JSON.stringify({
    entries: n,
    writers,
    plainInsertPerSec: Math.round((n / plainMs) * 1000),
    ledgerAppendPerSec: Math.round((n / ledgerMs) * 1000),
    appendCostRatio: +(ledgerMs / plainMs).toFixed(2),
    verifyMs: Math.round(verifyMs),
    verifyPer10kMs: Math.round((verifyMs / n) * 10_000),
    verifyVsPlainScanRatio: +(verifyMs / scanMs).toFixed(2),
    verdict,
    rssMb: Math.round(mem.rss / 1e6),
  }, null, 2));
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
