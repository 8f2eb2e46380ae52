import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createApp } from '../api/app';
import { rowToEntry, verifyLedger } from '../store/ledger';
import { parseApiConfig } from '../domain/config';
import { GENESIS_HASH, ledgerHash, ledgerHashInput, type LedgerEntry } from '../domain/ledger';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { ensureDatabase } from '../scripts/stack/postgres';
import { DEMO_PASSWORD, DEMO_USERS, seedReferenceData } from '../scripts/reference-data';

/**
 * GET /api/ledger/verify at N entries against `sha256sum` of the same bytes (the canonical JSON of
 * every entry, as the chain hashes them), in one run. The chain is written with SQL in batches (its
 * hashes computed here), not through workflows; a later run reuses it when it holds N entries.
 *   DATABASE_URL=postgres://… npm run bench:verify -- [entries=100000] [runs=5]
 */
const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 5);
const log = (line: string) => process.stdout.write(`[bench:verify] ${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const time = async (fn: () => Promise<unknown>) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server (a scratch database dh_bench_verify is created on it).');
  let url = await ensureDatabase(adminUrl, 'dh_bench_verify', { recreate: process.env.BENCH_RECREATE === '1' });
  let db = createDb(url, { max: 4 });
  await db.migrate.latest(migrationConfig);
  const have = Number((await db('decision_ledger').count<{ n: string }[]>({ n: '*' }))[0]!.n);
  if (have !== n) {
    // The ledger is append-only (a trigger refuses TRUNCATE): another size starts from a new database.
    await db.destroy();
    url = await ensureDatabase(adminUrl, 'dh_bench_verify', { recreate: true });
    db = createDb(url, { max: 4 });
    await db.migrate.latest(migrationConfig);
    log(`writing ${n} chained entries…`);
    await seedReferenceData(db);
    const user = await db('users').first('id');
    const projectId = randomUUID();
    await db('projects').insert({ id: projectId, code: 'BENCH-V', workflow_id: 'project-BENCH-V', unit_code: 'BD', lead_team_code: 'BD-ENV', title: 'bench', summary: 'bench', category: 'other', requested_budget_vnd: 0, stage: 'proposal', proposer_user_id: user.id, proposer_name: 'bench', created_at: new Date(), updated_at: new Date() });
    await db('steps').insert({ id: 'bench-step', project_id: projectId, type: 'board_review', status: 'active', deciding_role: 'board_member', opened_at: new Date() });
    let prevHash = GENESIS_HASH;
    const started = Date.now();
    for (let from = 1; from <= n; from += 1000) {
      const rows = [];
      for (let seq = from; seq < Math.min(n + 1, from + 1000); seq++) {
        const entry: LedgerEntry = {
          seq, projectId, stepId: 'bench-step', stepType: 'board_review', workflowId: 'project-BENCH-V', runId: 'r', updateId: `u-${seq}`,
          actorUserId: user.id, actorName: 'Người kiểm thử', actorRole: 'board_member', choice: seq % 3 ? 'approve' : 'reject',
          rationale: seq % 2 ? 'Phù hợp kế hoạch phát triển của phường, kinh phí hợp lý.' : 'Đủ hồ sơ',
          evidence: ['https://example.org/bien-ban/' + seq], conflictOfInterest: null, policyVersion: 1, decidedAt: new Date(1_800_000_000_000 + seq * 1000).toISOString(), details: null,
        };
        const hash = ledgerHash(prevHash, entry);
        rows.push({ seq, project_id: projectId, step_id: entry.stepId, step_type: entry.stepType, workflow_id: entry.workflowId, run_id: entry.runId, update_id: entry.updateId, actor_user_id: entry.actorUserId, actor_name: entry.actorName, actor_role: entry.actorRole, choice: entry.choice, rationale: entry.rationale, evidence: JSON.stringify(entry.evidence), conflict_of_interest: null, policy_version: 1, decided_at: entry.decidedAt, details: null, prev_hash: prevHash, hash });
        prevHash = hash;
      }
      await db('decision_ledger').insert(rows);
      if (from % 20_000 === 1) log(`  ${from + rows.length - 1} / ${n}`);
    }
    log(`written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await db.raw('VACUUM ANALYZE decision_ledger');

  // The same bytes: exactly what the chain hashes (ledgerHashInput), entry after entry.
  const work = resolve(__dirname, '..', '.data', 'bench');
  mkdirSync(work, { recursive: true });
  const file = join(work, 'ledger-bytes.txt');
  const all = await db('decision_ledger').orderBy('seq');
  writeFileSync(file, all.map((r) => ledgerHashInput(r.prev_hash, rowToEntry(r))).join(''));
  const bytes = spawnSync('stat', ['-c', '%s', file], { encoding: 'utf8' }).stdout.trim();

  const config = parseApiConfig({ NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('base64url') });
  const app = createApp({ config, db, temporal: {} as never, log: createLogger('silent', 'bench') });
  const auditor = DEMO_USERS.find((u) => u.role === 'auditor')!;
  const token = (await request(app).post('/api/auth/login').send({ email: auditor.email, password: DEMO_PASSWORD })).body.token;

  const api: number[] = [];
  const direct: number[] = [];
  const scan: number[] = [];
  const sha: number[] = [];
  for (let i = 0; i <= runs; i++) {
    let verdict: { ok: boolean; checked?: number } | undefined;
    const a = await time(async () => {
      const res = await request(app).get('/api/ledger/verify').set('Authorization', `Bearer ${token}`);
      verdict = res.body;
    });
    if (!verdict?.ok || verdict.checked !== n) throw new Error(`verify answered ${JSON.stringify(verdict)}`);
    const d = await time(() => verifyLedger(db));
    const s = await time(() => db('decision_ledger').orderBy('seq').select('*'));
    const h = await time(async () => {
      const r = spawnSync('sha256sum', [file]);
      if (r.status !== 0) throw new Error('sha256sum failed');
    });
    if (i === 0) continue; // warm-up
    api.push(a);
    direct.push(d);
    scan.push(s);
    sha.push(h);
    log(`run ${i}: API ${a.toFixed(0)} ms, verifyLedger ${d.toFixed(0)} ms, SELECT all ${s.toFixed(0)} ms, sha256sum ${h.toFixed(0)} ms`);
  }
  const row = (name: string, xs: number[]) => `| ${name} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 95).toFixed(0)} | ${(pct(xs, 50) / pct(sha, 50)).toFixed(1)}× |`;
  console.log(`\nLedger verification, ${n} entries (${(Number(bytes) / 1e6).toFixed(1)} MB of canonical entries), ${runs} runs\n`);
  console.log('| what | p50 ms | p95 ms | vs sha256sum (target ≤ 3×) |');
  console.log('|---|---:|---:|---:|');
  console.log(row('GET /api/ledger/verify', api));
  console.log(row('verifyLedger() alone', direct));
  console.log(row('SELECT every entry (no hashing)', scan));
  console.log(row('sha256sum of the same bytes', sha));
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
