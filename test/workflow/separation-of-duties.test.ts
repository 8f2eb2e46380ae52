import { randomUUID } from 'node:crypto';
import { directProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';
import { startProject } from '../../api/project-commands';
import { DEMO_UNIT_CHAIR_KEY } from '../../scripts/reference-data';

/**
 * Separation of duties (issue 13; R18, R21): the versioned rule fixed into each step when it opens.
 * No one decides a step on a project they proposed; when the rule leaves nobody, the step goes to
 * the next authority it names, and both the exclusion and the fallback are recorded on the step.
 */
describe('separation of duties', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  jest.setTimeout(180_000);

  beforeAll(async () => {
    // Its own database: one test switches a coordinator off, which others must not see.
    h = await startHarness({ databaseUrl: await scratchDatabase('sod'), notifications: { pollSeconds: 1, retrySeconds: 1 } });
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const stepRow = (id: string) => h.db('steps').where({ id }).first('eligible_user_ids', 'recusals', 'deciding_role', 'separation_rule_version', 'fallback_authority');
  const stepsOf = async (key: string, projectId: string) => {
    const res = await h.api().get(`/api/steps?filter=${encodeURIComponent(JSON.stringify({ projectId, status: 'active' }))}`).set('Authorization', `Bearer ${await h.tokenFor(key)}`);
    expect(res.status).toBe(200);
    return res.body as { id: string; type: string; canDecide: boolean; recusal: { code: string } | null; recusals: { name: string; code: string; ruleVersion: number }[]; fallbackAuthority: string | null }[];
  };

  it("a coordinator's own proposal is refused to her with the reason, and screened by another coordinator", async () => {
    const created = await d.propose({}, 'coordinator');
    const screening = created.activeStep.id;
    const row = await stepRow(screening);
    expect(row.eligible_user_ids).toEqual([await h.userId('coordinator2')]);
    expect(row.recusals).toEqual([{ userId: await h.userId('coordinator'), code: 'proposer', reason: 'proposer of this project', ruleVersion: 1 }]);
    expect(row).toMatchObject({ separation_rule_version: 1, fallback_authority: null, deciding_role: 'coordinator' });

    const own = await d.decide('coordinator', screening, { choice: 'accept' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('NotEligible');
    expect(own.body.error.message).toMatch(/You proposed this project/);
    const inVietnamese = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(screening)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)
      .set('Idempotency-Key', randomUUID())
      .set('Accept-Language', 'vi')
      .send({ choice: 'accept' });
    expect(inVietnamese.body.error.message).toMatch(/Bạn là người đề xuất dự án này/);
    expect(await h.db('decision_ledger').where({ step_id: screening }).count('* as n').first()).toEqual({ n: 0 });

    // The console's list says who was left out and why; the other coordinator may decide.
    const [mine] = await stepsOf('coordinator', created.id);
    expect(mine).toMatchObject({ canDecide: false, recusal: { code: 'proposer' } });
    const [theirs] = await stepsOf('coordinator2', created.id);
    expect(theirs).toMatchObject({ canDecide: true, recusal: null, fallbackAuthority: null });
    expect(theirs!.recusals).toEqual([expect.objectContaining({ name: 'Nguyễn Thu Hà', code: 'proposer', ruleVersion: 1 })]);

    const screened = await d.decide('coordinator2', screening, { choice: 'accept' });
    expect(screened.status).toBe(200);
    expect(screened.body.project.activeStep.type).toBe('board_review');
    expect(await h.db('decision_ledger').where({ step_id: screening }).first('actor_user_id', 'choice')).toEqual({ actor_user_id: await h.userId('coordinator2'), choice: 'accept' });
  });

  it('a team lead cannot approve the funding nor submit the impact report of their own proposal; the fallback authority can', async () => {
    const created = await d.propose({}, 'cultureLead');
    expect((await d.decide('coordinator', created.activeStep.id, { choice: 'accept' })).status).toBe(200);
    const review = (await d.detail(created.id)).activeStep.id;
    await d.decide('boardChair', review, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' });
    expect((await d.decide('boardBusiness', review, { choice: 'approve' })).body.project.stage).toBe('partner_matching');
    const id = created.id;
    await d.commit(id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    const covered = await d.commit(id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    expect(covered.stage).toBe('funding');
    const funding = d.openStep(covered, 'funding_approval')!;

    // Under the limit the lead team's lead approves, but BD-CUL's only lead proposed it: the board chair decides.
    const row = await stepRow(funding.id);
    expect(row).toMatchObject({ eligible_user_ids: [await h.userId('boardChair')], fallback_authority: 'board_chair', separation_rule_version: 1, deciding_role: 'board_member' });
    expect(row.recusals).toEqual([expect.objectContaining({ userId: await h.userId('cultureLead'), code: 'proposer', ruleVersion: 1 })]);
    await d.command('cultureLead', id, 'plan', {
      lines: [{ label: 'Cải tạo phòng đọc', amountVnd: 80_000_000 }],
      milestones: [{ code: 'M1', title: 'Phòng đọc cải tạo xong', ownerTeamCode: 'BD-CUL', dueDate: inDays(30) }],
    });
    await d.command('coordinator', id, 'pledges', { source: 'state', amountVnd: 20_000_000 });
    await d.command('coordinator', id, 'pledges', { source: 'community', amountVnd: 60_000_000 });
    const own = await d.decide('cultureLead', funding.id, { choice: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/You proposed this project/);
    const funded = await d.decide('boardChair', funding.id, { choice: 'approve', rationale: 'Đủ nguồn lực' });
    expect(funded.status).toBe(200);
    expect(funded.body.project.stage).toBe('execution');

    const executed = await d.command('cultureLead', id, 'milestones/M1/completion', { evidence: ['https://example.org/phong-doc.jpg'] });
    expect(executed.body.project.stage).toBe('impact_evaluation');
    const reporting = d.openStep(executed.body.project, 'impact_reporting')!;
    // The report goes to the next authority the rule names: a coordinator.
    expect(await stepRow(reporting.id)).toMatchObject({ fallback_authority: 'coordinator', deciding_role: 'coordinator' });
    expect((await stepRow(reporting.id)).eligible_user_ids.sort()).toEqual([await h.userId('coordinator'), await h.userId('coordinator2')].sort());
    // The lead still records the measured values; submitting the report is not theirs.
    expect((await d.command('cultureLead', id, 'indicators/READERS/actuals', { actual: 230, evidence: ['https://example.org/so-doc-gia.pdf'] })).status).toBe(200);
    expect((await d.decide('cultureLead', reporting.id, { choice: 'submit' })).status).toBe(403);
    const submitted = await d.decide('coordinator', reporting.id, { choice: 'submit' });
    expect(submitted.status).toBe(200);
    expect((await d.detail(id)).steps.find((s: { id: string }) => s.id === reporting.id)).toMatchObject({ status: expect.stringMatching(/decided|closed/), outcome: expect.stringMatching(/^submit/) });
    expect(await h.db('decision_ledger').where({ step_id: reporting.id, choice: 'submit' }).first('actor_user_id')).toEqual({ actor_user_id: await h.userId('coordinator') });
  });

  it('when the rule leaves no coordinator, the screening goes to the board chair and the fallback is recorded', async () => {
    await h.db('users').where({ id: await h.userId('coordinator2') }).update({ active: false });
    try {
      const created = await d.propose({}, 'coordinator');
      const screening = created.activeStep.id;
      const row = await stepRow(screening);
      expect(row).toMatchObject({ eligible_user_ids: [await h.userId('boardChair')], fallback_authority: 'board_chair', separation_rule_version: 1, deciding_role: 'board_member' });
      expect(row.recusals).toEqual([expect.objectContaining({ userId: await h.userId('coordinator'), code: 'proposer', ruleVersion: 1 })]);
      // The board chair has it in the inbox and is told it came to them by the rule.
      const [chair] = await stepsOf('boardChair', created.id);
      expect(chair).toMatchObject({ canDecide: true, fallbackAuthority: 'board_chair' });
      // Its opening was addressed to the chair, not to the coordinators.
      expect(await h.db('notifications_outbox').where({ dedupe_key: `${screening}:opened` }).first('recipient_role')).toEqual({ recipient_role: 'board_chair' });
      expect((await d.decide('coordinator', screening, { choice: 'accept' })).status).toBe(403);
      const accepted = await d.decide('boardChair', screening, { choice: 'accept', rationale: 'Thay điều phối viên đề xuất' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.project.activeStep.type).toBe('board_review');
    } finally {
      await h.db('users').where({ id: await h.userId('coordinator2') }).update({ active: true });
    }
  });

  it('escalation level 3 reaches the named unit chair, in the console', async () => {
    const chairId = await h.userId(DEMO_UNIT_CHAIR_KEY);
    expect(await h.db('units').where({ code: 'BD' }).first('chair_user_id')).toEqual({ chair_user_id: chairId });
    // A screening due in 2 s: the ladder's rungs (team lead, board chair, unit chair) follow in seconds.
    const input = await directProposal(h, 'cultureLead', { slaOverrides: { screening: { durationValue: 2, durationUnit: 'seconds' } } });
    await startProject(h.client, h.taskQueue, input);
    const delivered = await until(
      'the level-3 escalation delivered to the unit chair',
      () =>
        h
          .db('notification_deliveries as d')
          .join('notifications_outbox as o', 'o.id', 'd.outbox_id')
          .where({ 'o.project_id': input.projectId, 'o.kind': 'sla_escalated', 'o.recipient_role': 'unit_chair' })
          .select('d.user_id', 'o.sent_at'),
      (rows) => rows.length > 0,
      { timeoutMs: 60_000 },
    );
    expect(delivered.map((r) => r.user_id)).toEqual([chairId]);
    const res = await h.api().get('/api/me/notifications').set('Authorization', `Bearer ${await h.tokenFor(DEMO_UNIT_CHAIR_KEY)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.filter((n: { projectCode: string; kind: string }) => n.projectCode === input.code).map((n: { kind: string }) => n.kind)).toContain('sla_escalated');
    const listed = await h.api().get(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ projectId: input.projectId, kind: 'sla_escalated' }))}`).set('Authorization', `Bearer ${await h.tokenFor(DEMO_UNIT_CHAIR_KEY)}`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((n: { recipientRole: string }) => n.recipientRole)).toContain('unit_chair');
  });

  it("an admin names the unit chair, recorded in the admin trail; no other role may, and the chair must be an active user of the unit", async () => {
    const patch = async (as: string, body: object) =>
      h.api().patch('/api/units/BD').set('Authorization', `Bearer ${await h.tokenFor(as)}`).set('Idempotency-Key', randomUUID()).send(body);
    const [chair, residents] = await Promise.all([h.userId(DEMO_UNIT_CHAIR_KEY), h.userId('boardResidents')]);
    expect((await patch('coordinator', { chairUserId: residents })).status).toBe(403);
    expect((await patch('boardChair', { chairUserId: residents })).status).toBe(403);
    const stranger = await patch('admin', { chairUserId: randomUUID() });
    expect([stranger.status, stranger.body.error.code, Object.keys(stranger.body.error.fields)]).toEqual([422, 'chair_not_in_unit', ['chairUserId']]);
    expect((await patch('admin', { chairUserId: 'ông Sơn' })).status).toBe(400);
    expect((await patch('admin', { chairUserId: residents, note: 'x' })).status).toBe(400);
    expect(await h.db('units').where({ code: 'BD' }).first('chair_user_id')).toEqual({ chair_user_id: chair });

    const changed = await patch('admin', { chairUserId: residents });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code: 'BD', chairUserId: residents, chairName: 'Đỗ Thị Lan' });
    const trail = await h.db('admin_changes').where({ entity: 'units', entity_id: 'BD' }).orderBy('id', 'desc').first('action', 'actor_user_id', 'before', 'after');
    expect(trail).toMatchObject({ action: 'update', actor_user_id: await h.userId('admin'), before: expect.objectContaining({ chairUserId: chair }), after: expect.objectContaining({ chairUserId: residents }) });
    expect((await patch('admin', { chairUserId: chair })).status).toBe(200);
  });
});
