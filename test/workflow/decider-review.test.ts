import { randomUUID } from 'node:crypto';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { startEligibilityReviewer } from '../../platform/eligibility-reviewer';
import { reevaluateDecidersSignal, stateQuery } from '../../workflows/project-lifecycle';
import type { DeciderReview } from '../../domain/deciders';
import { recordHistory } from '../support/histories';

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * No step without a decider (issue 13), on the real dev server: a step that opens while its team has
 * no lead is escalated at once; appointing a lead through the admin API makes it decidable by that
 * lead; removing the only lead flags it again; a change queued by an API that died before it could
 * nudge the reviewer is still carried to the step.
 */
describe('no step without a decider', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    // A scratch database: the culture team loses its lead here.
    h = await startHarness({ databaseUrl: await scratchDatabase('decider_review') });
    d = lifecycleDriver(h);
    // A short poll, so the queued change without a nudge is found in seconds (the API's nudge then finds it running).
    await startEligibilityReviewer(h.client, h.taskQueue, 2);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const as = async (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = async (method: 'post' | 'patch', path: string, body: object) =>
    h.api()[method](path).set(await as(await h.tokenFor('admin'))).set('Idempotency-Key', randomUUID()).send(body);
  const stepRow = (id: string) => h.db('steps').where({ id }).first('status', 'eligible_user_ids', 'no_decider_reason', 'no_decider_since');
  const events = (id: string) => h.db('decider_events').where({ step_id: id }).orderBy('id').select('kind', 'reason', 'eligible_user_ids', 'review_id', 'dedupe_key');
  const alerts = (id: string) => h.db('notifications_outbox').where({ step_id: id, kind: 'no_decider' }).orderBy('id').select('recipient_role', 'dedupe_key', 'payload');

  it('escalates a step that opens while its team has no lead, and a lead appointed or removed through the admin API changes who decides it', async () => {
    const cultureLead = await h.userId('cultureLead');
    const off = await admin('patch', `/api/users/${cultureLead}`, { active: false });
    expect(off.status).toBe(200);

    // Funding of 85,000,000 VND is the culture team's lead's to approve, and the team has none now.
    const approved = await d.approved({ leadTeamCode: 'BD-CUL' });
    await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    const funded = await d.commit(approved.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    const funding = d.openStep(funded, 'funding_approval')!;
    expect(funding).toBeDefined();

    // At once: flagged on the row, an event, and the coordinators and admins told.
    const flagged = await stepRow(funding.id);
    expect(flagged).toMatchObject({ status: 'active', eligible_user_ids: [], no_decider_reason: 'no_team_lead' });
    expect(flagged.no_decider_since).not.toBeNull();
    expect(await events(funding.id)).toEqual([{ kind: 'no_decider', reason: 'no_team_lead', eligible_user_ids: [], review_id: null, dedupe_key: `${funding.id}:opened` }]);
    const opened = await alerts(funding.id);
    expect(opened.map((a) => a.recipient_role).sort()).toEqual(['admin', 'coordinator']);
    expect(opened[0]!.payload).toMatchObject({ type: 'funding_approval', reason: 'no_team_lead' });

    // The console's lists show it, and a filter finds every such step.
    const coordinator = await as(await h.tokenFor('coordinator'));
    const listed = await h.api().get('/api/steps').query({ filter: JSON.stringify({ noDecider: true }) }).set(coordinator);
    expect(listed.status).toBe(200);
    expect(listed.body.find((s: { id: string }) => s.id === funding.id)?.noDecider).toMatchObject({ reason: 'no_team_lead', toldRole: 'coordinator' });
    const detail = await d.detail(approved.id);
    expect(detail.steps.find((s: { id: string }) => s.id === funding.id).noDecider).toMatchObject({ reason: 'no_team_lead' });

    // An admin appoints a new lead of the culture team: the step is re-evaluated and she may decide it.
    const email = `totruong.moi.${randomUUID().slice(0, 8)}@donghanh.vn`;
    const created = await admin('post', '/api/users', { email, displayName: 'Lý Thu Nga', role: 'team_lead', teamCode: 'BD-CUL', password: 'Van-hoa-cong-dong-2026' });
    expect(created.status).toBe(201);
    const newLead = created.body.id as string;
    const decidable = await until('the new lead to be eligible', () => stepRow(funding.id), (r) => r.no_decider_reason === null);
    expect(decidable.eligible_user_ids).toEqual([newLead]);
    expect(decidable.no_decider_since).toBeNull();
    const found = (await events(funding.id))[1]!;
    expect(found).toMatchObject({ kind: 'decider_found', reason: null, eligible_user_ids: [newLead] });
    const review = await h.db('eligibility_reviews').where({ id: found.review_id }).first();
    expect(review).toMatchObject({ entity: 'users', entity_id: newLead, actor_user_id: await h.userId('admin'), unit_code: 'BD' });
    expect(review.done_at).not.toBeNull();
    const audit = await h.db('admin_changes').where({ id: review.admin_change_id }).first('entity', 'entity_id', 'action');
    expect(audit).toEqual({ entity: 'users', entity_id: newLead, action: 'create' });
    // The workflow's own ticket agrees, so its validator lets her decide.
    const handle = h.client.workflow.getHandle(approved.workflowId);
    const state = await handle.query(stateQuery);
    expect(state.openSteps?.find((s) => s.stepId === funding.id)?.eligibleUserIds).toEqual([newLead]);
    const signIn = await h.api().post('/api/auth/login').send({ email, password: 'Van-hoa-cong-dong-2026' });
    expect(signIn.status).toBe(200);
    const hers = await h.api().get('/api/steps').query({ filter: JSON.stringify({ projectId: approved.id, status: 'active' }) }).set(await as(signIn.body.token));
    expect(hers.body.find((s: { id: string }) => s.id === funding.id)).toMatchObject({ canDecide: true, noDecider: null });

    // The same review carried twice changes nothing and records nothing twice.
    const again: DeciderReview = { reviewId: String(found.review_id), entity: 'users', entityId: newLead, actorUserId: await h.userId('admin'), requestedAt: new Date().toISOString() };
    const reevaluations = async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduled = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reevaluateStep').map((e) => String(e.eventId)));
      return events.filter((e) => scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? ''))).length;
    };
    const before = await reevaluations();
    await handle.signal(reevaluateDecidersSignal, again);
    await until('the repeated review to run', reevaluations, (n) => n > before);
    expect(await events(funding.id)).toHaveLength(2);

    // Removing the only lead flags it again, and tells the next authority again.
    const removed = await admin('patch', `/api/users/${newLead}`, { active: false });
    expect(removed.status).toBe(200);
    const again1 = await until('the step to be flagged again', () => stepRow(funding.id), (r) => r.no_decider_reason !== null);
    expect(again1).toMatchObject({ eligible_user_ids: [], no_decider_reason: 'no_team_lead' });
    expect((await events(funding.id)).map((e) => e.kind)).toEqual(['no_decider', 'decider_found', 'no_decider']);
    expect((await alerts(funding.id)).filter((a) => a.recipient_role === 'coordinator')).toHaveLength(2);
    expect((await handle.query(stateQuery)).openSteps?.find((s) => s.stepId === funding.id)?.eligibleUserIds).toEqual([]);

    // A change committed by an API that died before its nudge: only the queued row, and the reviewer's poll carries it.
    await h.db.transaction(async (trx) => {
      await trx('users').where({ id: cultureLead }).update({ active: true });
      await trx('eligibility_reviews').insert({ unit_code: 'BD', entity: 'users', entity_id: cultureLead, actor_user_id: await h.userId('admin') });
    });
    await until('the returning lead to be eligible', () => stepRow(funding.id), (r) => r.no_decider_reason === null);
    expect((await stepRow(funding.id)).eligible_user_ids).toEqual([cultureLead]);

    // And she decides it: the workflow's validator accepts her.
    const returned = await d.decide('cultureLead', funding.id, { choice: 'return', rationale: 'Bổ sung kế hoạch ngân sách chi tiết' });
    expect(returned.status).toBe(200);
    expect((await stepRow(funding.id)).status).not.toBe('active');
    await until('the next round of funding approval', () => h.db('steps').where({ project_id: approved.id, type: 'funding_approval', round: 2 }).first('status'), (r) => r?.status === 'active');
    await recordHistory(approved.workflowId, 'decider-review-team-lead');
  }, 240_000);
  it('re-evaluates an open board vote when a member declares a conflict of interest, and the vote follows', async () => {
    const created = await d.propose({ title: 'Sân bóng mini cho thiếu niên tổ 3' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const review = accepted.body.project.activeStep;
    expect(review.type).toBe('board_review');
    const residents = await h.userId('boardResidents');
    expect((await stepRow(review.id)).eligible_user_ids).toContain(residents);

    const declared = await h.api()
      .post('/api/conflicts-of-interest')
      .set(await as(await h.tokenFor('boardResidents')))
      .set('Idempotency-Key', randomUUID())
      .send({ projectId: created.id, reason: 'Con tôi chơi trong đội bóng của tổ 3' });
    expect(declared.status).toBe(201);

    const row = await until('the member to be recused', () => h.db('steps').where({ id: review.id }).first('eligible_user_ids', 'recusals'), (r) => !r.eligible_user_ids.includes(residents));
    expect(row.recusals).toEqual([expect.objectContaining({ userId: residents, reason: 'declared conflict of interest: Con tôi chơi trong đội bóng của tổ 3' })]);
    const [event] = await events(review.id);
    expect(event).toMatchObject({ kind: 'reevaluated', reason: null });
    expect((await h.db('eligibility_reviews').where({ id: event!.review_id }).first('entity', 'actor_user_id'))).toEqual({ entity: 'conflicts_of_interest', actor_user_id: residents });

    // The workflow's ticket took it: her vote is refused, the others' decide the vote.
    const refused = await d.decide('boardResidents', review.id, { choice: 'approve' });
    expect(refused.status).toBe(403);
    await d.decide('boardChair', review.id, { choice: 'approve', rationale: 'Sân chơi an toàn cho thiếu niên' });
    const second = await d.decide('boardBusiness', review.id, { choice: 'approve' });
    expect(second.body.project.stage).toBe('partner_matching');
    await recordHistory(created.workflowId, 'decider-review-conflict');
  }, 240_000);
  it('re-evaluates an open board vote when an admin ends a member\'s seat, and the vote follows', async () => {
    const created = await d.propose({ title: 'Thư viện sách cho thiếu nhi tổ 7' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const review = accepted.body.project.activeStep;
    expect(review.type).toBe('board_review');
    const business = await h.userId('boardBusiness');
    expect((await stepRow(review.id)).eligible_user_ids).toContain(business);
    const boardId = (await h.db('boards').where({ unit_code: 'BD' }).first('id')).id as string;
    const seatId = encodeURIComponent(`${boardId}:${business}`);

    // Before the seat began is refused with the field; the day before today ends it now, with the reason kept.
    const since = (await h.db('board_members').where({ board_id: boardId, user_id: business }).first(h.db.raw(`to_char(since - 2, 'YYYY-MM-DD') AS d`))).d as string;
    const early = await admin('patch', `/api/board-members/${seatId}`, { until: since, reason: 'Nhập nhầm' });
    expect([early.status, early.body.error.code, Object.keys(early.body.error.fields)]).toEqual([422, 'until_before_since', ['until']]);
    const yesterday = (await h.db.raw(`SELECT to_char((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1, 'YYYY-MM-DD') AS d`)).rows[0].d as string;
    const ended = await admin('patch', `/api/board-members/${seatId}`, { until: yesterday, reason: 'Doanh nghiệp cử người khác tham gia Ban điều phối' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ until: yesterday, current: false });

    const row = await until('the member to leave the vote', () => stepRow(review.id), (r) => !r.eligible_user_ids.includes(business));
    expect(row.eligible_user_ids).toContain(await h.userId('boardChair'));
    const event = (await events(review.id)).find((e) => e.review_id !== null);
    expect(event).toMatchObject({ kind: 'reevaluated', reason: null });
    const queued = await h.db('eligibility_reviews').where({ id: event!.review_id }).first('entity', 'entity_id', 'actor_user_id', 'admin_change_id');
    expect(queued).toMatchObject({ entity: 'board_members', entity_id: `${boardId}:${business}`, actor_user_id: await h.userId('admin') });
    expect(await h.db('admin_changes').where({ id: queued.admin_change_id }).first('action', 'after')).toMatchObject({ action: 'update', after: expect.objectContaining({ until: yesterday, reason: 'Doanh nghiệp cử người khác tham gia Ban điều phối' }) });

    // The workflow's ticket took it: the former member's vote is refused, the others decide the vote.
    const handle = h.client.workflow.getHandle(created.workflowId);
    // The row is written by the activity; the workflow takes the new list when the activity completes.
    await until('the workflow to leave the member out', async () => (await handle.query(stateQuery)).openSteps?.find((s) => s.stepId === review.id)?.eligibleUserIds ?? [], (ids) => ids.length > 0 && !ids.includes(business));
    const refused = await d.decide('boardBusiness', review.id, { choice: 'approve' });
    expect(refused.status).toBe(403);
    await d.decide('boardChair', review.id, { choice: 'approve', rationale: 'Thư viện phục vụ thiếu nhi cả phường' });
    const second = await d.decide('boardResidents', review.id, { choice: 'approve' });
    expect(second.body.project.stage).toBe('partner_matching');
  }, 240_000);
});
