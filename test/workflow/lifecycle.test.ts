import { randomUUID } from 'node:crypto';
import { verifyLedger } from '../../store/ledger';
import { startProject } from '../../api/project-commands';
import { stateQuery } from '../../workflows/project-lifecycle';
import { directProposal, scratchDatabase, startHarness, updateStage, type Harness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { inDays, lifecycleDriver, secondsPolicies } from '../support/lifecycle-driver';
import { until } from '../support/until';

/**
 * One project through every stage on the real dev server and PostgreSQL (DOMAIN.md "The
 * lifecycle"): matching, funding by the lead team, execution, evaluation with a dispute, sign-off.
 */
describe('project lifecycle: every stage', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('lifecycle') });
    await secondsPolicies(h.db);
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('goes from proposal to closed, each act in the ledger, each rule enforced by the workflow', async () => {
    const approved = await d.approved();
    const id = approved.id;
    expect(approved.activeStep.type).toBe('partner_matching');
    expect(approved.requiredCapabilities).toEqual(['venue', 'volunteers']);
    // Candidates ranked with reasons (R1, R12).
    expect(approved.candidates.filter((c: { capability: string }) => c.capability === 'venue')[0]).toMatchObject({ partnerName: 'Trường THCS Ba Đình', rank: 1 });
    expect(approved.candidates[0].reasons.length).toBeGreaterThan(0);

    // Partner matching: a capability nobody needs, a partner that lacks it, a stranger answering.
    expect((await d.command('coordinator', id, 'invitations', { partnerId: await d.partnerId('Công ty Sách Phương Đông'), capability: 'money' })).body.error.code).toBe('CapabilityNotNeeded');
    expect((await d.command('coordinator', id, 'invitations', { partnerId: await d.partnerId('Công ty Sách Phương Đông'), capability: 'venue' })).status).toBe(422);
    expect((await d.command('partner', id, 'invitations', { partnerId: await d.partnerId('HTX Xanh Ba Đình'), capability: 'volunteers' })).status).toBe(403);
    const invited = await d.command('coordinator', id, 'invitations', { partnerId: await d.partnerId('Trường THCS Ba Đình'), capability: 'venue' });
    expect(invited.status).toBe(200);
    const invitation = invited.body.project.invitations[0];
    expect(invitation).toMatchObject({ capability: 'venue', status: 'invited' });
    expect(Date.parse(invitation.dueAt)).toBeGreaterThan(Date.parse(invitation.remindAt));
    const again = await d.command('coordinator', id, 'invitations', { partnerId: await d.partnerId('Trường THCS Ba Đình'), capability: 'venue' });
    expect(again.body.error.code).toBe('AlreadyInvited');
    // Another partner cannot answer someone else's invitation: it does not even exist for them.
    expect((await d.post('partner', `/api/invitations/${invitation.id}/response`, { accept: true, resources: 'x y z' })).status).toBe(404);
    const venue = await d.post('partnerSchool', `/api/invitations/${invitation.id}/response`, { accept: true, resources: 'Hội trường tầng 1, tối thứ 7' });
    expect(venue.status).toBe(200);
    expect(venue.body.project.stage).toBe('partner_matching');
    const covered = await d.commit(id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    expect(covered.stage).toBe('funding');
    const funding = d.openStep(covered, 'funding_approval')!;
    expect(funding).toMatchObject({ decider: 'lead_team' });

    // Funding (R6, R18): the lead team's lead decides up to the limit, once the pledges cover the plan.
    expect((await d.decide('cultureLead', funding.id, { choice: 'approve' })).body.error.code).toBe('PlanMissing');
    expect((await d.decide('teamLead', funding.id, { choice: 'approve' })).body.error.code).toBe('NotEligible');
    const plan = await d.command('cultureLead', id, 'plan', {
      lines: [
        { label: 'Cải tạo phòng đọc', amountVnd: 50_000_000 },
        { label: 'Sách và giá sách', amountVnd: 30_000_000 },
      ],
      milestones: [
        { code: 'M1', title: 'Phòng đọc cải tạo xong', ownerTeamCode: 'BD-CUL', dueDate: inDays(30) },
        { code: 'M2', title: 'Vệ sinh, trồng cây quanh phòng đọc', ownerTeamCode: 'BD-ENV', dueDate: inDays(45) },
      ],
    });
    expect(plan.status).toBe(200);
    expect(plan.body.project.plannedBudgetVnd).toBe(80_000_000);
    expect((await d.command('coordinator', id, 'pledges', { source: 'state', amountVnd: 20_000_000 })).status).toBe(200);
    const inKind = await d.command('partner', id, 'pledges', { source: 'in_kind', amountVnd: 30_000_000, partnerId: await d.partnerId('Trường THCS Ba Đình'), note: 'Vật liệu' });
    expect(inKind.status).toBe(200);
    // A partner pledges for itself, whatever the body says.
    expect(inKind.body.project.pledges.at(-1).partnerName).toBe('HTX Xanh Ba Đình');
    expect((await d.decide('cultureLead', funding.id, { choice: 'approve' })).body.error.code).toBe('BudgetNotCovered');
    const community = await d.command('coordinator', id, 'pledges', { source: 'community', amountVnd: 30_000_000 });
    expect(community.body.project).toMatchObject({ pledgedVnd: 80_000_000, nonStateShare: 0.75 });
    const funded = await d.decide('cultureLead', funding.id, { choice: 'approve' });
    expect(funded.status).toBe(200);
    expect(funded.body.project.stage).toBe('execution');

    // Execution: milestones owned by teams, completed with evidence.
    expect((await d.command('cultureLead', id, 'milestones/M1/completion', { evidence: [] })).status).toBe(400);
    expect((await d.command('cultureLead', id, 'milestones/M9/completion', { evidence: ['https://example.org/m9'] })).body.error.code).toBe('UnknownMilestone');
    expect((await d.command('cultureLead', id, 'milestones/M1/completion', { evidence: ['https://example.org/anh-phong-doc.jpg'] })).status).toBe(200);
    expect((await d.command('cultureLead', id, 'milestones/M1/completion', { evidence: ['https://example.org/again'] })).body.error.code).toBe('MilestoneDone');
    const executed = await d.command('teamLead', id, 'milestones/M2/completion', { evidence: ['https://example.org/cay-xanh.jpg'] });
    expect(executed.status).toBe(200);
    expect(executed.body.project.stage).toBe('impact_evaluation');
    const reporting = d.openStep(executed.body.project, 'impact_reporting')!;

    // Impact evaluation: actuals with evidence, citizens' feedback while the window is open.
    const feedback = await h.api().post(`/api/public/projects/${approved.code}/feedback`).set('Idempotency-Key', 'fb-0001-lifecycle').send({ rating: 5, comment: 'Các cháu rất thích' });
    expect(feedback.status).toBe(202);
    expect((await d.decide('cultureLead', reporting.id, { choice: 'submit' })).body.error.code).toBe('IndicatorsMissing');
    expect((await d.command('cultureLead', id, 'indicators/READERS/actuals', { actual: 230, evidence: ['https://example.org/so-doc-gia.pdf'] })).status).toBe(200);
    expect((await d.decide('cultureLead', reporting.id, { choice: 'submit' })).status).toBe(200);

    // Verification by the Community Alliance after the window closes; a dispute sends it back.
    const verifying = await until('verification to open once the feedback window closes', () => d.detail(id), (p) => Boolean(d.openStep(p, 'impact_verification')));
    expect(verifying.feedback).toEqual({ count: 1, averageRating: 5 });
    const late = await h.api().post(`/api/public/projects/${approved.code}/feedback`).set('Idempotency-Key', 'fb-0002-lifecycle').send({ rating: 1 });
    expect(late.status).toBe(409);
    const verification = d.openStep(verifying, 'impact_verification')!;
    expect((await d.decide('auditor', verification.id, { choice: 'accept' })).status).toBe(403);
    expect((await d.decide('allianceLead', verification.id, { choice: 'dispute' })).body.error.code).toBe('RationaleRequired');
    const disputed = await d.decide('allianceLead', verification.id, { choice: 'dispute', rationale: 'Thiếu danh sách trẻ đến đọc' });
    expect(disputed.body.project.activeStep.type).toBe('impact_reporting');
    await d.decide('cultureLead', disputed.body.project.activeStep.id, { choice: 'submit', evidence: ['https://example.org/danh-sach.pdf'] });
    const second = await until('verification to open again', () => d.detail(id), (p) => Boolean(d.openStep(p, 'impact_verification')));
    const signoffProject = (await d.decide('allianceLead', d.openStep(second, 'impact_verification')!.id, { choice: 'accept' })).body.project;
    const signoff = d.openStep(signoffProject, 'board_signoff')!;

    // Board sign-off by the chair with an outcome and a recommendation (R5, R11).
    expect((await d.decide('boardBusiness', signoff.id, { choice: 'sign_off', rationale: 'x', outcome: 'achieved', recommendation: 'scale_up' })).body.error.code).toBe('NotEligible');
    expect((await d.decide('boardChair', signoff.id, { choice: 'sign_off', rationale: 'Vượt chỉ tiêu' })).body.error.code).toBe('OutcomeRequired');
    const closed = await d.decide('boardChair', signoff.id, { choice: 'sign_off', rationale: 'Vượt chỉ tiêu 15%', outcome: 'achieved', recommendation: 'scale_up' });
    expect(closed.status).toBe(200);
    expect(closed.body.project).toMatchObject({ stage: 'closed', outcome: 'achieved', recommendation: 'scale_up', activeStep: null });
    expect(await h.client.workflow.getHandle(approved.workflowId).result()).toEqual({ stage: 'closed' });
    // A step decided long before keeps its decision and its time when the project closes (R21).
    const screening = closed.body.project.steps.find((s: { type: string }) => s.type === 'screening');
    const accepted = closed.body.project.decisions.find((e: { choice: string }) => e.choice === 'accept');
    expect(screening).toMatchObject({ outcome: 'accept', closedAt: accepted.decidedAt });

    // The ledger holds every act, chained and intact (R20, R21).
    const kinds = closed.body.project.decisions.map((e: { choice: string }) => e.choice);
    expect(kinds).toEqual([
      'accept', 'approve', 'approve',
      'invite', 'accept_invitation', 'invite', 'accept_invitation',
      'set_plan', 'pledge', 'pledge', 'pledge', 'approve',
      'complete_milestone', 'complete_milestone',
      'record_indicator', 'submit', 'dispute', 'submit', 'accept', 'sign_off',
    ]);
    expect(closed.body.project.decisions.find((e: { choice: string }) => e.choice === 'pledge').details).toMatchObject({ source: 'state', amountVnd: 20_000_000 });
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
    await recordHistory(approved.workflowId, 'full-lifecycle');
  });
});

/** Board funding, a partner withdrawing mid-execution with re-matching, a change request, cancellation. */
describe('project lifecycle: withdrawal, change request, cancellation', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('execution') });
    await secondsPolicies(h.db);
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function executing(budget: number) {
    const approved = await d.approved({ requiredCapabilities: ['volunteers'], requestedBudgetVnd: budget });
    const covered = await d.commit(approved.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    expect(covered.stage).toBe('funding');
    await d.command('coordinator', approved.id, 'plan', {
      lines: [{ label: 'Toàn bộ', amountVnd: budget }],
      milestones: [{ code: 'M1', title: 'Hoàn thành', ownerTeamCode: 'BD-CUL', dueDate: inDays(20) }],
    });
    await d.command('coordinator', approved.id, 'pledges', { source: 'state', amountVnd: budget * 0.2 });
    const pledged = await d.command('partner', approved.id, 'pledges', { source: 'private', amountVnd: budget * 0.8 });
    return { approved, project: pledged.body.project };
  }

  it('board funding above the limit; a withdrawal reopens matching; a budget change goes to the board', async () => {
    const { approved, project } = await executing(150_000_000);
    const funding = d.openStep(project, 'funding_approval')!;
    expect(funding.decider).toBe('board');
    expect((await d.decide('cultureLead', funding.id, { choice: 'approve' })).body.error.code).toBe('NotEligible');
    await d.decide('boardChair', funding.id, { choice: 'approve' });
    const funded = await d.decide('boardResidents', funding.id, { choice: 'approve' });
    expect(funded.body.project.stage).toBe('execution');

    // R10: the partner withdraws; its pledge goes with it and matching reopens beside execution.
    const withdrawn = await d.command('partner', approved.id, 'withdrawals', { reason: 'Hợp tác xã thiếu nhân lực mùa vụ' });
    expect(withdrawn.status).toBe(200);
    const after = withdrawn.body.project;
    expect(after.stage).toBe('execution');
    expect(after.earlyWarnings).toEqual([expect.objectContaining({ kind: 'partner_withdrawal', detail: 'Hợp tác xã thiếu nhân lực mùa vụ' })]);
    expect(after.pledges.find((p: { source: string }) => p.source === 'private').status).toBe('cancelled');
    expect(d.openStep(after, 'partner_matching')).toBeDefined();
    expect(d.openStep(after, 'execution')).toBeDefined();
    // Execution cannot finish while a capability is uncovered.
    const done = await d.command('cultureLead', approved.id, 'milestones/M1/completion', { evidence: ['https://example.org/m1'] });
    expect(done.body.project.stage).toBe('execution');
    const rematched = await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'volunteers');
    expect(rematched.stage).toBe('impact_evaluation');
    const warning = await h.db('notifications_outbox').where({ project_id: approved.id, kind: 'early_warning' }).first();
    expect(warning).toBeDefined();
    await recordHistory(approved.workflowId, 'withdrawal-rematching');
  });

  it('a change request is decided by the authority it needs; the board cancels with compensation', async () => {
    const { approved, project } = await executing(90_000_000);
    const funded = await d.decide('cultureLead', d.openStep(project, 'funding_approval')!.id, { choice: 'approve' });
    expect(funded.body.project.stage).toBe('execution');
    const id = approved.id;

    // Budget change over the coordinator's limit: a board vote.
    const requested = await d.command('cultureLead', id, 'change-requests', { kind: 'budget', description: 'Thêm 30 triệu cho giá sách', budgetDeltaVnd: 30_000_000 });
    expect(requested.status).toBe(200);
    const change = d.openStep(requested.body.project, 'change_request')!;
    expect(change.decider).toBe('board');
    expect((await d.command('cultureLead', id, 'change-requests', { kind: 'schedule', description: 'Lùi 5 ngày', scheduleShiftDays: 5 })).body.error.code).toBe('ChangeAlreadyOpen');
    await d.decide('boardChair', change.id, { choice: 'approve' });
    const decided = await d.decide('boardBusiness', change.id, { choice: 'approve' });
    expect(decided.body.project.plannedBudgetVnd).toBe(120_000_000);
    expect(decided.body.project.changeRequests[0]).toMatchObject({ kind: 'budget', status: 'approved' });

    // Schedule change: the coordinator's; milestones move by working days.
    const before = decided.body.project.milestones[0].dueAt;
    const schedule = await d.command('cultureLead', id, 'change-requests', { kind: 'schedule', description: 'Mưa bão, lùi 5 ngày làm việc', scheduleShiftDays: 5 });
    const scheduleStep = d.openStep(schedule.body.project, 'change_request')!;
    expect(scheduleStep.decider).toBe('role');
    const shifted = await d.decide('coordinator2', scheduleStep.id, { choice: 'approve' });
    expect(Date.parse(shifted.body.project.milestones[0].dueAt) - Date.parse(before)).toBeGreaterThanOrEqual(5 * 86_400_000);

    // A scope change is the board's; rejected, nothing changes.
    const scope = await d.command('coordinator', id, 'change-requests', { kind: 'scope', description: 'Mở rộng sang tổ dân phố 9' });
    const scopeStep = d.openStep(scope.body.project, 'change_request')!;
    expect(scopeStep.decider).toBe('board');
    expect((await d.decide('boardChair', scopeStep.id, { choice: 'reject' })).body.error.code).toBe('RationaleRequired');
    await d.decide('boardChair', scopeStep.id, { choice: 'reject', rationale: 'Chưa đủ nguồn lực' });
    const refused = await d.decide('boardResidents', scopeStep.id, { choice: 'reject', rationale: 'Làm xong tổ 7 trước' });
    expect(refused.body.project.changeRequests.map((c: { kind: string; status: string }) => `${c.kind}:${c.status}`)).toEqual(['budget:approved', 'schedule:approved', 'scope:rejected']);
    expect(refused.body.project.plannedBudgetVnd).toBe(120_000_000);
    expect(d.openStep(refused.body.project, 'change_request')).toBeUndefined();

    // Cancellation: only the chair, with a rationale; pledges released, partners told.
    expect((await d.command('boardBusiness', id, 'cancellation', { rationale: 'Không còn phù hợp' })).body.error.code).toBe('NotAllowed');
    const cancelled = await d.command('boardChair', id, 'cancellation', { rationale: 'Địa điểm bị thu hồi để làm trường học' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.project.stage).toBe('cancelled');
    expect(cancelled.body.project.pledges.every((p: { status: string }) => p.status === 'cancelled')).toBe(true);
    expect(await h.db('notifications_outbox').where({ project_id: id, kind: 'project_cancelled_partner' }).pluck('recipient_role')).toEqual(['partner']);
    expect(await h.client.workflow.getHandle(approved.workflowId).result()).toEqual({ stage: 'cancelled' });
    expect((await d.command('boardChair', id, 'cancellation', { rationale: 'lần nữa' })).status).toBe(409);
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
    await recordHistory(approved.workflowId, 'change-request-cancel');
  });

  it('an operator cancelling the workflow in Temporal runs the same compensations', async () => {
    const { approved } = await executing(60_000_000);
    await h.client.workflow.getHandle(approved.workflowId).cancel();
    expect(await h.client.workflow.getHandle(approved.workflowId).result()).toEqual({ stage: 'cancelled' });
    const project = await d.detail(approved.id);
    expect(project.stage).toBe('cancelled');
    expect(project.closeReason).toBe('Cancelled by an operator');
    expect(project.pledges.map((p: { status: string }) => p.status)).toEqual(['cancelled', 'cancelled']);
    expect(await h.db('steps').where({ project_id: approved.id, status: 'active' })).toHaveLength(0);
  });
});

/** Funding rules (R6), recusal by declared conflict and a quorum that cannot be reached (R4, R21). */
describe('project lifecycle: funding rules, recusal and quorum', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('funding') });
    await secondsPolicies(h.db, { invitation_response: 2 });
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a socialization shortfall needs the chair\'s waiver; return, then rejection of the funding', async () => {
    const approved = await d.approved({ requiredCapabilities: ['venue'] });
    // The board chair waives the capability gap instead of matching (with a rationale).
    expect((await d.command('boardChair', approved.id, 'waivers', { gap: 'capability', capability: 'venue' })).status).toBe(400);
    const waived = await d.command('boardChair', approved.id, 'waivers', { gap: 'capability', capability: 'venue', rationale: 'Dùng nhà văn hóa của phường' });
    expect(waived.body.project.stage).toBe('funding');
    const id = approved.id;
    await d.command('coordinator', id, 'plan', { lines: [{ label: 'Sách', amountVnd: 50_000_000 }], milestones: [{ code: 'M1', title: 'Mua sách', ownerTeamCode: 'BD-CUL', dueDate: inDays(10) }] });
    await d.command('coordinator', id, 'pledges', { source: 'state', amountVnd: 40_000_000 });
    await d.command('coordinator', id, 'pledges', { source: 'volunteer_hours', hours: 100 });
    const pledged = await d.command('coordinator', id, 'pledges', { source: 'community', amountVnd: 7_000_000 });
    expect(pledged.body.project.pledgedVnd).toBe(50_000_000);
    const funding = d.openStep(pledged.body.project, 'funding_approval')!;
    expect((await d.decide('cultureLead', funding.id, { choice: 'approve' })).body.error.code).toBe('SocializationShortfall');
    expect((await d.command('cultureLead', id, 'waivers', { gap: 'socialization', rationale: 'x'.repeat(5) })).status).toBe(403);
    expect((await d.command('boardChair', id, 'waivers', { gap: 'socialization', rationale: 'Dự án thí điểm cho trẻ em khó khăn' })).status).toBe(200);
    const returned = await d.decide('cultureLead', funding.id, { choice: 'return', rationale: 'Tách dòng chi vận chuyển' });
    expect(returned.status).toBe(200);
    const round2 = d.openStep(returned.body.project, 'funding_approval')!;
    expect(round2.id).not.toBe(funding.id);
    const rejected = await d.decide('cultureLead', round2.id, { choice: 'reject', rationale: 'Không còn nguồn ngân sách' });
    expect(rejected.body.project.stage).toBe('rejected');
    expect(rejected.body.project.waivers.map((w: { gap: string }) => w.gap)).toEqual(['capability', 'socialization']);
    await recordHistory(approved.workflowId, 'funding-waiver-return-reject');
  });

  it('an invitation nobody answers is reminded, then expires', async () => {
    const approved = await d.approved({ requiredCapabilities: ['skills'] });
    const invited = await d.command('coordinator', approved.id, 'invitations', { partnerId: await d.partnerId('Đoàn Thanh niên phường Ba Đình'), capability: 'skills' });
    const invitationId = invited.body.project.invitations[0].id;
    const expired = await until('the invitation to expire', () => h.db('invitations').where({ id: invitationId }).first(), (r) => r.status === 'expired');
    expect(expired.reminded_at).not.toBeNull();
    const kinds = await h.db('notifications_outbox').where({ project_id: approved.id }).pluck('kind');
    expect(kinds).toEqual(expect.arrayContaining(['invitation_sent', 'invitation_reminded', 'invitation_expired']));
    const state = await h.client.workflow.getHandle(approved.workflowId).query(stateQuery);
    expect(state.matching?.invitations[0]?.status).toBe('expired');
    expect(state.matching?.missing).toEqual(['skills']);
  });

  it('recuses members with a declared conflict; a vote that cannot reach quorum is called again', async () => {
    const created = await d.propose({ requiredCapabilities: ['venue'] });
    const [business, residents] = await Promise.all([h.userId('boardBusiness'), h.userId('boardResidents')]);
    await h.db('conflicts_of_interest').insert([
      { user_id: business, project_id: created.id, reason: 'Công ty của gia đình cung cấp sách' },
      { user_id: residents, project_id: created.id, reason: 'Là tổ trưởng tổ dân phố đề xuất' },
    ]);
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const review = accepted.body.project.steps.find((s: { type: string }) => s.type === 'board_review');
    expect(review.recusals).toEqual(
      [business, residents].sort().map((userId) => ({ userId, code: 'conflict_of_interest', reason: expect.stringContaining('declared conflict of interest: ') })),
    );
    expect((await d.decide('boardBusiness', review.id, { choice: 'approve' })).body.error.code).toBe('NotEligible');
    // Only the government seat is left: the quorum (two present, one non-government) cannot be met.
    const voted = await d.decide('boardChair', review.id, { choice: 'approve' });
    expect(voted.status).toBe(200);
    const steps = voted.body.project.steps.filter((s: { type: string }) => s.type === 'board_review');
    expect(steps.map((s: { round: number; outcome: string | null; status: string }) => [s.round, s.status, s.outcome])).toEqual([
      [1, 'closed', 'no_quorum'],
      [2, 'active', null],
    ]);
    expect(voted.body.project.stage).toBe('proposal');
    await recordHistory(created.workflowId, 'recusal-no-quorum');
  });
});

/** Projects live for months (DESIGN.md): continue-as-new mid-project, and a worker lost mid-stage (R24). */
describe('project lifecycle: long life and lost workers', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('longlife') });
    await secondsPolicies(h.db);
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('continues as new with compact state and carries on where it was', async () => {
    const input = await directProposal(h, 'coordinator', { requiredCapabilities: ['venue', 'volunteers'], continueAsNewAfterEvents: 30 });
    const code = input.code;
    const view = await startProject(h.client, h.taskQueue, input);
    const handle = h.client.workflow.getHandle(`project-${code}`);
    const firstRun = (await handle.describe()).runId;
    const accepted = await d.decide('coordinator2', view.activeStep!.stepId, { choice: 'accept' });
    const reviewId = accepted.body.project.activeStep.id;
    await d.decide('boardChair', reviewId, { choice: 'approve' });
    const approved = (await d.decide('boardResidents', reviewId, { choice: 'approve' })).body.project;
    expect(approved.stage).toBe('partner_matching');
    await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    const state = await handle.query(stateQuery);
    expect(state.runs).toBeGreaterThanOrEqual(2);
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(state.matching?.covered).toEqual(['venue']);
    // The new run still knows the open step, its clock and the invitations; work goes on.
    const funded = await d.commit(approved.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    expect(funded.stage).toBe('funding');
    expect((await h.client.workflow.getHandle(`project-${code}`, firstRun).describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
  });

  it('a command sent while no worker runs is carried out once by the next worker', async () => {
    const approved = await d.approved({ requiredCapabilities: ['venue'] });
    await h.stopWorker();
    const key = `invite-${randomUUID()}`;
    const send = async () =>
      h
        .api()
        .post(`/api/projects/${approved.id}/invitations`)
        .set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)
        .set('Idempotency-Key', key)
        .send({ partnerId: await d.partnerId('Trường THCS Ba Đình'), capability: 'venue' });
    let answered = false;
    const pending = send().then((r) => ((answered = true), r));
    // The command is in flight: Temporal holds its Update (named as api/routes/commands.ts names it), no worker runs to take it, and the client still waits.
    const updateId = `invite:${approved.id}:${await h.userId('coordinator')}:${key}`;
    const stage = await until('Temporal to hold the invitation', () => updateStage(h.client, approved.workflowId, updateId));
    expect([stage, h.worker.getState(), answered]).toEqual(['ADMITTED', 'STOPPED', false]);
    await h.startWorker();
    const res = await pending;
    expect(res.status).toBe(200);
    const retry = await send();
    expect(retry.status).toBe(200);
    const rows = await h.db('decision_ledger').where({ project_id: approved.id, choice: 'invite' });
    expect(rows).toHaveLength(1);
    expect(await h.db('invitations').where({ project_id: approved.id })).toHaveLength(1);
    const verdict = await verifyLedger(h.db);
    expect(verdict).toMatchObject({ ok: true });
  });
});
