import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../api/auth';
import { DEMO_USERS } from '../../scripts/reference-data';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { lifecycleDriver } from '../support/lifecycle-driver';

const nameOf = (key: string) => DEMO_USERS.find((u) => u.key === key)!.displayName;

/**
 * An accountable person per step (issue 13): named when the step opens, reassigned with a reason
 * through a Temporal Update that the ledger records as `reassign`, the new person notified, and the
 * on-time rate per person in the figures. Real API, real worker, real PostgreSQL.
 */
describe('accountable person of a step', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  const second = { id: randomUUID(), name: 'Lý Minh Châu' };

  beforeAll(async () => {
    // Its own database: the second coordinator must not change who decides in other suites.
    h = await startHarness({ databaseUrl: await scratchDatabase('reassignment') });
    d = lifecycleDriver(h);
    // A second coordinator of the unit, so a coordinator step has someone to go to.
    await h.db('users').insert({ id: second.id, email: `dieuphoi2-${second.id.slice(0, 8)}@donghanh.vn`, display_name: second.name, password_hash: await hashPassword('mat-khau-du-dai-1'), role: 'coordinator', unit_code: 'BD', team_code: 'BD-ADM' });
  });
  afterAll(async () => {
    await h?.db('users').where({ id: second.id }).update({ active: false });
    await h?.stop();
  });

  const as = async (key: string) => `Bearer ${await h.tokenFor(key)}`;
  const reassign = (key: string, stepId: string, body: object, idempotencyKey = randomUUID()) =>
    as(key).then((auth) => h.api().post(`/api/steps/${encodeURIComponent(stepId)}/assignee`).set('Authorization', auth).set('Idempotency-Key', idempotencyKey).send(body));

  it('assigns each step when it opens: screening to a coordinator, the board review to the chair', async () => {
    const created = await d.propose({ title: 'Sân chơi thiếu nhi tổ 3', leadTeamCode: 'BD-ENV' }, 'teamLead');
    const screening = (await d.detail(created.id)).steps.find((s: { type: string }) => s.type === 'screening');
    expect(screening.assigneeName).not.toBeNull();
    expect([nameOf('coordinator'), nameOf('coordinator2'), second.name]).toContain(screening.assigneeName);
    const accepted = await d.decide('coordinator', created.activeStep.id, { choice: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.project.activeStep).toMatchObject({ type: 'board_review', assigneeName: nameOf('boardChair'), assigneeUserId: await h.userId('boardChair') });
  });

  it('gives a board step to an eligible member when the chair is recused from it', async () => {
    const created = await d.propose({ title: 'Đèn đường ngõ 7 Kim Mã', leadTeamCode: 'BD-ENV' }, 'teamLead');
    await h.db('conflicts_of_interest').insert({ user_id: await h.userId('boardChair'), project_id: created.id, reason: 'Người nhà thi công' });
    const accepted = await d.decide('coordinator', created.activeStep.id, { choice: 'accept' });
    const review = accepted.body.project.steps.find((s: { type: string }) => s.type === 'board_review');
    expect(review.recusals.map((r: { userId: string }) => r.userId)).toContain(await h.userId('boardChair'));
    expect([await h.userId('boardBusiness'), await h.userId('boardResidents')]).toContain(review.assigneeUserId);
  });

  it('reassigns with a reason: refused outside the rules, recorded in the ledger, notified, counted per person', async () => {
    const created = await d.propose({ title: 'Thư viện mini khu tập thể', leadTeamCode: 'BD-ENV' }, 'teamLead');
    const stepId = created.activeStep.id;
    const before = (await d.detail(created.id)).steps.find((s: { id: string }) => s.id === stepId);
    const target = before.assigneeUserId === second.id ? { id: await h.userId('coordinator'), name: nameOf('coordinator') } : second;

    // Who may take it: coordinators of the unit other than the one assigned.
    const choices = await h.api().get(`/api/steps/${encodeURIComponent(stepId)}/assignees`).set('Authorization', await as('coordinator'));
    expect(choices.status).toBe(200);
    expect(choices.body.mayReassign).toBe(true);
    expect(choices.body.people.map((p: { id: string }) => p.id)).toContain(target.id);
    expect(choices.body.people.map((p: { id: string }) => p.id)).not.toContain(before.assigneeUserId);
    // The lead of another team sees the step but may not reassign it.
    const other = await h.api().get(`/api/steps/${encodeURIComponent(stepId)}/assignees`).set('Authorization', await as('teamLead'));
    expect(other.body.mayReassign).toBe(false);

    // Roles outside the table: refused before anything else.
    for (const key of ['boardChair', 'auditor', 'partner']) {
      const res = await reassign(key, stepId, { assigneeUserId: target.id, reason: 'Phân công lại công việc' });
      expect([key, res.status, res.body.error.code]).toEqual([key, 403, 'forbidden']);
    }
    // A team lead of another team: the engine's rule (screening belongs to BD-ADM).
    const otherTeam = await reassign('teamLead', stepId, { assigneeUserId: target.id, reason: 'Phân công lại công việc' });
    expect([otherTeam.status, otherTeam.body.error.code]).toEqual([403, 'NotAllowed']);
    // Bad bodies: the field and the reason, in Vietnamese.
    const noReason = await reassign('coordinator', stepId, { assigneeUserId: target.id });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toEqual(expect.any(String));
    const extra = await reassign('coordinator', stepId, { assigneeUserId: target.id, reason: 'Phân công lại', note: 'x' });
    expect(extra.status).toBe(400);
    const notUuid = await reassign('coordinator', stepId, { assigneeUserId: 'bà Hà', reason: 'Phân công lại' });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.fields.assigneeUserId).toEqual(expect.any(String));
    // A person without the deciding role, and the person already assigned.
    for (const assigneeUserId of [await h.userId('cultureLead'), before.assigneeUserId]) {
      const res = await reassign('coordinator', stepId, { assigneeUserId, reason: 'Phân công lại công việc' });
      expect([res.status, res.body.error.code, Object.keys(res.body.error.fields)]).toEqual([422, 'AssigneeNotEligible', ['assigneeUserId']]);
    }
    expect(await h.db('decision_ledger').where({ step_id: stepId, choice: 'reassign' })).toHaveLength(0);

    // The lead of the step's own team (BD-ADM) may; the answer shows the new person.
    const reason = 'Chị Hà đi tập huấn ở tỉnh hai tuần';
    const key = randomUUID();
    const done = await reassign('adminLead', stepId, { assigneeUserId: target.id, reason }, key);
    expect(done.status).toBe(200);
    expect(done.body.project.steps.find((s: { id: string }) => s.id === stepId)).toMatchObject({ assigneeUserId: target.id, assigneeName: target.name });
    expect(done.body.project.activeStep).toMatchObject({ id: stepId, assigneeName: target.name });
    // The same request again is carried out once.
    expect((await reassign('adminLead', stepId, { assigneeUserId: target.id, reason }, key)).status).toBe(200);

    const entries = await h.db('decision_ledger').where({ step_id: stepId, choice: 'reassign' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_user_id: await h.userId('adminLead'), actor_role: 'team_lead', rationale: reason });
    expect(entries[0].details).toMatchObject({ stepId, assigneeUserId: target.id, assigneeName: target.name, previousUserId: before.assigneeUserId });
    const listed = await h.api().get('/api/ledger').query({ filter: JSON.stringify({ choice: 'reassign', projectId: created.id }) }).set('Authorization', await as('auditor'));
    expect(listed.status).toBe(200);
    expect(listed.body.map((e: { rationale: string }) => e.rationale)).toEqual([reason]);
    const verify = await h.api().get('/api/ledger/verify').set('Authorization', await as('auditor'));
    expect(verify.body.ok).toBe(true);

    const outbox = await h.db('notifications_outbox').where({ step_id: stepId, kind: 'step_reassigned' });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ recipient_user_id: target.id });
    expect(outbox[0].payload).toMatchObject({ reason });

    // The steps list shows the accountable person too.
    const rows = await h.api().get('/api/steps').query({ filter: JSON.stringify({ projectId: created.id, status: 'active' }) }).set('Authorization', await as('coordinator'));
    expect(rows.body.map((r: { assigneeName: string }) => r.assigneeName)).toEqual([target.name]);

    // Closed on time while the new person is accountable: it counts for them.
    expect((await d.decide('coordinator', stepId, { choice: 'accept' })).status).toBe(200);
    const stats = await h.api().get('/api/stats/sla').set('Authorization', await as('coordinator'));
    expect(stats.status).toBe(200);
    const mine = stats.body.onTimeByPerson.find((p: { userId: string }) => p.userId === target.id);
    expect(mine).toMatchObject({ name: target.name });
    expect(mine.closed).toBeGreaterThanOrEqual(1);
    expect(mine.onTime).toBeGreaterThanOrEqual(1);

    // A closed step cannot change hands.
    const late = await reassign('coordinator', stepId, { assigneeUserId: before.assigneeUserId, reason: 'Phân công lại công việc' });
    expect([late.status, late.body.error.code]).toEqual([409, 'StepNotActive']);
    await recordHistory(created.workflowId, 'reassign-then-accept');
  });
});
