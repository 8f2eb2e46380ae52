import type { Knex } from 'knex';
import { rebuildListSummaries } from '../../migrations/20261201_018_list_summaries';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';

/**
 * The dashboards' summary tables and the projects' open main step (migration 018) are kept by
 * triggers inside the activities' transactions. After real workflow runs (a screening accepted, a
 * step reassigned, a project rejected, an SLA checkpoint), they must equal the aggregates over
 * `steps` and `projects` computed from scratch (rebuildListSummaries, rolled back): they cannot
 * drift silently.
 */
describe('list summaries stay equal to the aggregates over steps', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('list_summaries') });
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const TABLES = {
    open_step_counts: ['unit_code', 'team_code', 'opened_day', 'sla_status', 'escalation_level', 'steps'],
    closed_step_counts: ['unit_code', 'team_code', 'closed_day', 'type', 'opened_day', 'closed', 'on_time'],
    closed_step_people: ['unit_code', 'team_code', 'closed_month', 'user_id', 'name', 'closed', 'on_time'],
    project_stage_counts: ['unit_code', 'lead_team_code', 'stage', 'projects'],
  } as const;

  /** The summaries' rows that count something (a row brought back to zero is the same as none), and every project's open step. */
  async function snapshot(db: Knex) {
    const out = {} as Record<keyof typeof TABLES | 'projects', string[]>;
    for (const [table, columns] of Object.entries(TABLES)) {
      const count = columns.at(-1) === 'on_time' ? 'closed' : columns.at(-1)!;
      const rows = await db(table).where(count, '<>', 0).select(db.raw(columns.map((c) => `${c}::text`).join(` || '|' || `) + ' AS row'));
      out[table as keyof typeof TABLES] = rows.map((r: { row: string }) => r.row).sort();
    }
    const projects = await db('projects').orderBy('id').select(db.raw(`id || '|' || coalesce(open_step_id, '-') || '|' || coalesce(open_step_due_at::text, '-') || '|' || coalesce(open_step_sla_status, '-') AS row`));
    out.projects = projects.map((r: { row: string }) => r.row);
    return out;
  }

  async function expectNoDrift() {
    const kept = await snapshot(h.db);
    let rebuilt: Awaited<ReturnType<typeof snapshot>> | undefined;
    const rollback = new Error('rollback');
    await h.db
      .transaction(async (trx) => {
        await rebuildListSummaries(trx);
        rebuilt = await snapshot(trx);
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    expect(kept).toEqual(rebuilt);
    return kept;
  }

  it('after proposals, a decision, a reassignment, a rejection and an SLA checkpoint', async () => {
    const accepted = await d.propose({ title: 'Sân chơi thiếu nhi tổ 5', leadTeamCode: 'BD-ENV' }, 'teamLead');
    const rejected = await d.propose({ title: 'Bãi đỗ xe tạm ngõ 12', leadTeamCode: 'BD-CUL' }, 'teamLead');
    let kept = await expectNoDrift();
    expect(kept.open_step_counts.length).toBeGreaterThan(0);
    expect(kept.projects.some((r) => r.startsWith(`${accepted.id}|${accepted.activeStep.id}|`))).toBe(true);

    // The screening accepted: it closes (on time) and the board review opens.
    const decision = await d.decide('coordinator', accepted.activeStep.id, { choice: 'accept' });
    expect(decision.status).toBe(200);
    const review = decision.body.project.activeStep.id as string;
    kept = await expectNoDrift();
    expect(kept.closed_step_counts.some((r) => r.includes('|screening|'))).toBe(true);
    expect(kept.projects.some((r) => r.startsWith(`${accepted.id}|${review}|`))).toBe(true);

    // The other screening reassigned to another coordinator, then rejected by them: the project closes.
    const stepId = rejected.activeStep.id;
    const choices = await h.api().get(`/api/steps/${encodeURIComponent(stepId)}/assignees`).set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`);
    const target = choices.body.people[0] as { id: string };
    const moved = await d.post('adminLead', `/api/steps/${encodeURIComponent(stepId)}/assignee`, { assigneeUserId: target.id, reason: 'Chị Hà đi tập huấn ở tỉnh' });
    expect(moved.status).toBe(200);
    await expectNoDrift();
    const decider = target.id === (await h.userId('coordinator2')) ? 'coordinator2' : 'coordinator';
    const no = await d.decide(decider, stepId, { choice: 'reject', rationale: 'Trùng với dự án của phường' });
    expect(no.status).toBe(200);
    await until('the rejected project closed', () => h.db('projects').where({ id: rejected.id }).first('stage', 'open_step_id'), (p) => p?.stage === 'rejected' && p.open_step_id === null);
    kept = await expectNoDrift();
    expect(kept.closed_step_people.some((r) => r.includes(`|${target.id}|`))).toBe(true);
    expect(kept.project_stage_counts.some((r) => r.includes('|rejected|'))).toBe(true);

    // An SLA checkpoint as recordSlaEvent writes it (the timer itself is the timers suite's business).
    await h.appDb('steps').where({ id: review, status: 'active' }).update({ sla_status: 'breached', escalation_level: 1 });
    kept = await expectNoDrift();
    expect(kept.open_step_counts.some((r) => r.endsWith('|breached|1|1'))).toBe(true);
    expect(kept.projects.some((r) => r.startsWith(`${accepted.id}|${review}|`) && r.endsWith('|breached'))).toBe(true);
  });

  it('a rolled-back step write leaves the summaries as they were', async () => {
    const before = await expectNoDrift();
    const rollback = new Error('rollback');
    await h.appDb
      .transaction(async (trx) => {
        await trx('steps').where({ status: 'active' }).update({ sla_status: 'at_risk' });
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    expect(await expectNoDrift()).toEqual(before);
  });
});
