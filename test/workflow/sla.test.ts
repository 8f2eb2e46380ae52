import { randomUUID } from 'node:crypto';
import type { History } from '@temporalio/common/lib/proto-utils';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { directProposal, scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';
import { startProject, workflowIdFor } from '../../api/project-commands';
import { recordHistory } from '../support/histories';
import { until } from '../support/until';

/** Every timer in a workflow's history: when it fires, and whether it fired, was cancelled or still waits. */
function timersIn(history: History): { id: string; firesAt: number; state: 'pending' | 'fired' | 'canceled' }[] {
  const timers = new Map<string, { id: string; firesAt: number; state: 'pending' | 'fired' | 'canceled' }>();
  for (const e of history.events ?? []) {
    const started = e.timerStartedEventAttributes;
    // A Duration has the same {seconds, nanos} shape as a Timestamp.
    if (started) timers.set(started.timerId!, { id: started.timerId!, firesAt: optionalTsToMs(e.eventTime)! + optionalTsToMs(started.startToFireTimeout as never)!, state: 'pending' });
    const fired = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
    if (fired) timers.get(fired)!.state = e.timerFiredEventAttributes ? 'fired' : 'canceled';
  }
  return [...timers.values()];
}

/** SLA clocks on the real dev server, with policies whose durations are seconds (no time skipping here). */
describe('SLA clocks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('sla') });
    // New policy versions in seconds; running steps would keep the version they started with.
    await h.db('sla_policies').insert([
      { step_type: 'screening', version: 2, duration_value: 2, duration_unit: 'seconds', at_risk_ratio: 0.5, escalation_ladder: JSON.stringify([{ level: 1, role: 'team_lead', after: 0 }, { level: 2, role: 'board_chair', after: 1 }]) },
      { step_type: 'resubmission', version: 2, duration_value: 2, duration_unit: 'seconds', at_risk_ratio: 0.5, escalation_ladder: '[]' },
    ]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function propose() {
    const res = await h.api().post('/api/projects').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    expect(res.status).toBe(201);
    return res.body;
  }

  it('marks at-risk, breach and two escalation levels, notifies each, and publishes the status', async () => {
    const project = await propose();
    const stepId = project.activeStep.id;
    expect(project.steps[0].policyVersion).toBe(2);
    const events = await until(
      'at-risk, breach and two escalations',
      () => h.db('sla_events').where({ step_id: stepId }).orderBy('id').select('kind', 'level', 'target_role'),
      (rows) => rows.length >= 4,
    );
    expect(events).toEqual([
      { kind: 'at_risk', level: 0, target_role: 'team_lead' },
      { kind: 'breached', level: 0, target_role: 'team_lead' },
      { kind: 'escalated', level: 1, target_role: 'team_lead' },
      { kind: 'escalated', level: 2, target_role: 'board_chair' },
    ]);
    const step = await h.db('steps').where({ id: stepId }).first();
    expect(step).toMatchObject({ sla_status: 'breached', escalation_level: 2, status: 'active' });
    const notices = await h.db('notifications_outbox').where({ step_id: stepId }).pluck('kind');
    expect(notices).toEqual(expect.arrayContaining(['step_opened', 'sla_at_risk', 'sla_breached', 'sla_escalated']));
    const described = await h.client.workflow.getHandle(project.workflowId).describe();
    expect(described.searchAttributes.SlaStatus).toEqual(['breached']);

    // A late decision is still taken and recorded.
    const late = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(stepId)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator2')}`)
      .set('Idempotency-Key', randomUUID())
      .send({ choice: 'accept' });
    expect(late.status).toBe(200);
    expect(late.body.project.activeStep.type).toBe('board_review');
    await recordHistory(project.workflowId, 'sla-breach-escalation');
  });

  it('an extended deadline moves every checkpoint; the clock waiting on the old one starts over', async () => {
    // This project's screening lasts 30 s (a workflow input), so the extension lands before its first checkpoint.
    const input = await directProposal(h, 'coordinator', { slaOverrides: { screening: { durationValue: 30, durationUnit: 'seconds', atRiskRatio: 0.5 } } });
    const started = await startProject(h.client, h.taskQueue, input);
    const stepId = started.activeStep!.stepId;
    const before = await h.db('steps').where({ id: stepId }).first();
    const extend = async (as: string, body: object) =>
      h.api().post(`/api/steps/${encodeURIComponent(stepId)}/extensions`).set('Authorization', `Bearer ${await h.tokenFor(as)}`).set('Idempotency-Key', randomUUID()).send(body);
    expect((await extend('teamLead', { workingDays: 2, reason: 'Chờ hồ sơ bổ sung' })).status).toBe(403);
    expect((await extend('coordinator', { workingDays: 2 })).status).toBe(400);
    const extended = await extend('coordinator', { workingDays: 2, reason: 'Chờ ý kiến Mặt trận Tổ quốc (R22)' });
    expect(extended.status).toBe(200);
    const step = extended.body.project.steps[0];
    expect(Date.parse(step.dueAt) - Date.parse(before.due_at)).toBeGreaterThanOrEqual(86_400_000);
    expect(step.slaStatus).toBe('on_track');
    // The clock starts over: it waits for the new at-risk time, and the timer for the old checkpoint is
    // cancelled, so nothing is left to fire at the old deadline.
    const atRisk = Date.parse(step.atRiskAt);
    expect(atRisk).toBeGreaterThan(Date.parse(before.due_at));
    const timers = await until(
      'the clock to wait for the new at-risk time',
      async () => timersIn(await h.client.workflow.getHandle(workflowIdFor(input.code)).fetchHistory()),
      (all) => all.some((t) => t.state === 'pending' && t.firesAt >= atRisk - 1000),
    );
    const old = timers.filter((t) => t.firesAt < atRisk - 1000);
    expect(new Set(old.map((t) => t.state))).toEqual(new Set(['canceled']));
    const kinds = await h.db('sla_events').where({ step_id: stepId }).pluck('kind');
    expect(kinds).toContain('extended');
    expect(kinds).not.toContain('at_risk');
    expect(kinds).not.toContain('breached');
    const entry = extended.body.project.decisions.at(-1);
    expect(entry).toMatchObject({ choice: 'extend_sla', rationale: 'Chờ ý kiến Mặt trận Tổ quốc (R22)', details: { workingDays: 2, stepId } });
    const accepted = await h.api().post(`/api/steps/${encodeURIComponent(stepId)}/decisions`).set('Authorization', `Bearer ${await h.tokenFor('coordinator2')}`).set('Idempotency-Key', randomUUID()).send({ choice: 'accept' });
    expect(accepted.body.project.activeStep.type).toBe('board_review');
  });

  it('withdraws a proposal returned for changes when the proposer does not resubmit in time', async () => {
    const project = await propose();
    const returned = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(project.activeStep.id)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator2')}`)
      .set('Idempotency-Key', randomUUID())
      .send({ choice: 'return', rationale: 'Thiếu dự toán chi tiết' });
    expect(returned.status).toBe(200);
    expect(returned.body.project.activeStep.type).toBe('resubmission');
    const result = await h.client.workflow.getHandle(project.workflowId).result();
    expect(result).toEqual({ stage: 'withdrawn' });
    const row = await h.db('projects').where({ id: project.id }).first();
    expect(row.stage).toBe('withdrawn');
    await recordHistory(project.workflowId, 'return-withdrawn');
  });

  it('reopens screening when the proposer resubmits in time', async () => {
    await h.db('sla_policies').insert({ step_type: 'resubmission', version: 3, duration_value: 60, duration_unit: 'seconds', at_risk_ratio: 0.5, escalation_ladder: '[]' });
    const project = await propose();
    const token = await h.tokenFor('coordinator');
    // The other coordinator screens; the proposer resubmits.
    const returned = await h.api().post(`/api/steps/${encodeURIComponent(project.activeStep.id)}/decisions`).set('Authorization', `Bearer ${await h.tokenFor('coordinator2')}`).set('Idempotency-Key', randomUUID()).send({ choice: 'return', rationale: 'Bổ sung dự toán' });
    const resubmissionId = returned.body.project.activeStep.id;
    // Only the proposer resubmits (the team lead is not the proposer here).
    const stranger = await h.api().post(`/api/steps/${encodeURIComponent(resubmissionId)}/decisions`).set('Authorization', `Bearer ${await h.tokenFor('teamLead')}`).set('Idempotency-Key', randomUUID()).send({ choice: 'resubmit' });
    expect(stranger.status).toBe(403);
    const resubmitted = await h.api().post(`/api/steps/${encodeURIComponent(resubmissionId)}/decisions`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send({ choice: 'resubmit' });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.project.activeStep).toMatchObject({ type: 'screening' });
    expect(resubmitted.body.project.steps.map((s: { type: string; round: number }) => `${s.type}:${s.round}`)).toEqual(['screening:1', 'resubmission:1', 'screening:2']);
    // The screening clock paused while the proposer worked, and resumed with the time it had left.
    const [first, , second] = resubmitted.body.project.steps;
    expect(await h.db('sla_events').where({ step_id: first.id }).pluck('kind')).toContain('paused');
    expect(await h.db('sla_events').where({ step_id: second.id }).pluck('kind')).toContain('resumed');
    const pauseMs = Date.parse(second.openedAt) - Date.parse(resubmitted.body.project.steps[1].openedAt);
    expect(Date.parse(second.dueAt) - Date.parse(first.dueAt)).toBeGreaterThanOrEqual(pauseMs);
    await recordHistory(project.workflowId, 'return-resubmit');
  });

  it("applies a project's own durations (workflow input) to that project only, keeping the policy version", async () => {
    const own = await startProject(h.client, h.taskQueue, await directProposal(h, 'coordinator', { slaOverrides: { screening: { durationValue: 30, durationUnit: 'working_days', atRiskRatio: 0.5 } } }));
    const other = await propose();
    const ownStep = await h.db('steps').where({ id: own.activeStep!.stepId }).first();
    const otherStep = await h.db('steps').where({ id: other.activeStep.id }).first();
    // The policy in force says 2 seconds: the other project's screening has it, this one has 30 working days.
    expect(Date.parse(otherStep.due_at) - Date.parse(otherStep.opened_at)).toBe(2000);
    expect(Date.parse(ownStep.due_at) - Date.parse(ownStep.opened_at)).toBeGreaterThan(30 * 86_400_000);
    expect([ownStep.policy_version, otherStep.policy_version]).toEqual([2, 2]);
    const passed = await until('the other project to breach', () => h.db('sla_events').where({ step_id: otherStep.id }).pluck('kind'), (k) => k.includes('breached'));
    expect(passed).toContain('breached');
    expect(await h.db('sla_events').where({ step_id: ownStep.id }).pluck('kind')).toEqual([]);
  });
});
