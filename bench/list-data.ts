import type { Knex } from 'knex';
import { PROJECT_CATEGORIES, STAGES } from '../domain/lifecycle';

/**
 * Projects with their steps and ledger rows at scale, written by SQL (generate_series) into a
 * migrated, seeded database: what bench/lists.ts times and test/db/list-plans.test.ts plans.
 * Project codes BN-1…BN-n; every project has a closed screening step, two in three an open board
 * review with a deadline; ledger rows are decisions on the screening steps, hash-chained in form
 * only (verification is bench/ledger.ts's business).
 */
export async function generateListData(db: Knex, { projects, ledgerRows, say = () => undefined }: { projects: number; ledgerRows: number; say?: (line: string) => void }): Promise<void> {
  const teams = ['BD-ENV', 'BD-CUL', 'BD-ECO', 'BD-ADM'];
  const proposer = await db('users').where('role', 'coordinator').first('id', 'display_name');
  const t = Date.now();
  // Projects: spread over two years, every stage and category, four lead teams.
  await db.raw(
    `INSERT INTO projects (id, code, workflow_id, unit_code, lead_team_code, title, summary, category, requested_budget_vnd, stage, proposer_user_id, proposer_name, created_at, updated_at)
     SELECT gen_random_uuid(), 'BN-' || i, 'project-BN-' || i, 'BD', (?::text[])[1 + i % 4], 'Dự án thử tải số ' || i, 'bench', (?::text[])[1 + i % ?], 1000000,
            (?::text[])[1 + (i / 7) % ?], ?, ?, now() - make_interval(mins => i * 10), now() - make_interval(mins => i * 7 % 1000000)
     FROM generate_series(1, ?) i`,
    [teams, [...PROJECT_CATEGORIES], PROJECT_CATEGORIES.length, [...STAGES], STAGES.length, proposer.id, proposer.display_name, projects],
  );
  say(`projects: ${projects} in ${Date.now() - t} ms`);
  // Steps: a closed screening for every project, and an open step with a deadline for two in three.
  await db.raw(
    `INSERT INTO steps (id, project_id, type, round, status, deciding_role, responsible_team_code, opened_at, at_risk_at, due_at, sla_status, escalation_level, outcome, closed_at, policy_step_type, policy_version)
     SELECT p.workflow_id || ':screening:1', p.id, 'screening', 1, 'closed', 'coordinator', 'BD-ADM', p.created_at, p.created_at + interval '2 days', p.created_at + interval '3 days',
            CASE WHEN row_number() OVER () % 5 = 0 THEN 'breached' ELSE 'on_track' END, 0, 'accept', p.created_at + make_interval(hours => (row_number() OVER ())::int % 100), 'screening', 1
     FROM projects p WHERE p.code LIKE 'BN-%'`,
  );
  await db.raw(
    `INSERT INTO steps (id, project_id, type, round, status, deciding_role, responsible_team_code, opened_at, at_risk_at, due_at, sla_status, escalation_level, policy_step_type, policy_version)
     SELECT p.workflow_id || ':board_review:1', p.id, 'board_review', 1, 'active', 'board_member', p.lead_team_code, now() - make_interval(hours => n % 500), now() + make_interval(hours => n % 700 - 300),
            now() + make_interval(hours => n % 900 - 200), (ARRAY['on_track', 'at_risk', 'breached'])[1 + n % 3], n % 3, 'board_review', 1
     FROM (SELECT p.*, (row_number() OVER ())::int AS n FROM projects p WHERE p.code LIKE 'BN-%') p WHERE n % 3 <> 0`,
  );
  say(`steps: ${(await db('steps').count({ n: '*' }))[0]!.n} in ${Date.now() - t} ms`);

  const actor = await db('users').where('role', 'coordinator').first('id', 'display_name');
  const base = Number((await db('decision_ledger').max({ m: 'seq' }))[0]!.m ?? 0);
  // Secondary indexes built once after the load (a sort each) rather than row by row.
  const indexes: { name: string; def: string }[] = (
    await db.raw(`SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                  WHERE x.indrelid = 'decision_ledger'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`)
  ).rows;
  for (const { name } of indexes) await db.raw('DROP INDEX ??', [name]);
  const chunk = 250_000;
  for (let from = 1; from <= ledgerRows; from += chunk) {
    const to = Math.min(ledgerRows, from + chunk - 1);
    await db.raw(
      `INSERT INTO decision_ledger (seq, project_id, step_id, step_type, workflow_id, run_id, update_id, actor_user_id, actor_name, actor_role, choice, rationale, evidence, policy_version, decided_at, prev_hash, hash)
       SELECT ? + i, p.id, p.workflow_id || ':screening:1', 'screening', p.workflow_id, 'bench', 'bench-' || i, ?, ?, 'coordinator', 'accept', 'Phù hợp kế hoạch', '[]', 1,
              now() - make_interval(secs => (? - i) * 20), md5((i - 1)::text) || md5('x' || (i - 1)), md5(i::text) || md5('x' || i)
       FROM generate_series(?::bigint, ?::bigint) i JOIN projects p ON p.code = 'BN-' || (1 + i % ?)`,
      [base, actor.id, actor.display_name, ledgerRows, from, to, projects],
    );
    say(`ledger: ${to} rows in ${Date.now() - t} ms`);
  }
  for (const { def } of indexes) await db.raw(def);
  say(`ledger indexes rebuilt in ${Date.now() - t} ms`);
  // As autovacuum leaves the tables at rest: statistics, and the visibility map that index-only scans need.
  await db.raw('VACUUM ANALYZE');
  say(`analysed in ${Date.now() - t} ms`);
}
