import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { loadDemoScenario, type ScenarioResult } from '../../scripts/demo-scenario';
import { DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS, NEIGHBOUR_USERS, seedNeighbourWard } from '../../scripts/reference-data';
import { CHOICES } from '../../domain/lifecycle';
import { DEFAULT_SEPARATION_RULE } from '../../domain/separation';

/** `make up`'s demo ward, loaded through the HTTP API of a real app and the real workflows. */
describe('demo scenario', () => {
  let h: Harness;
  let server: Server;
  let baseUrl: string;
  let first: ScenarioResult;
  jest.setTimeout(240_000);

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('demo') });
    // As `make up`: the neighbouring ward beside Ba Đình.
    await seedNeighbourWard(h.db);
    server = h.app.listen(0);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    first = await loadDemoScenario({ baseUrl, client: h.client, taskQueue: h.taskQueue, waitTimeoutMs: 60_000, log: (line) => process.stdout.write(`${line}\n`) });
    // Reported, never asserted (timings belong to benchmarks).
    process.stdout.write(`demo scenario loaded ${first.created.length} projects in ${first.seconds.toFixed(1)} s\n`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.stop();
  });

  const get = async (path: string, key = 'coordinator') => {
    const res = await h.api().get(path).set('Authorization', `Bearer ${await h.tokenFor(key)}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const project = async (code: string) => {
    const row = await h.db('projects').where({ code }).first('id');
    return get(`/api/projects/${row.id}`);
  };

  it("loads fifteen Ba Đình projects spread over every stage, and the neighbouring ward's own proposal", async () => {
    expect(first.created).toHaveLength(16);
    expect(first.created).toContain('TH-DEMO-01');
    const stats = await get('/api/stats/pipeline');
    const byStage = Object.fromEntries(stats.stages.map((s: { stage: string; count: number }) => [s.stage, s.count]));
    for (const stage of ['proposal', 'partner_matching', 'funding', 'execution', 'impact_evaluation', 'closed']) expect(byStage[stage]).toBeGreaterThan(0);
  });

  it('closes projects with their outcome and recommendation, after citizens gave feedback', async () => {
    const achieved = await project('BD-DEMO-11');
    expect(achieved).toMatchObject({ stage: 'closed', outcome: 'achieved', recommendation: 'scale_up' });
    expect(achieved.feedback.count).toBe(3);
    expect(achieved.indicators[0]).toMatchObject({ code: 'READERS', actual: 230 });
    const partly = await project('BD-DEMO-12');
    expect(partly).toMatchObject({ stage: 'closed', outcome: 'partly', recommendation: 'continue' });
    // Its screening was decided after its own (per-project) deadline: a late step in the figures.
    const screening = partly.steps.find((s: { type: string }) => s.type === 'screening');
    expect(Date.parse(screening.closedAt)).toBeGreaterThan(Date.parse(screening.dueAt));
    expect((await project('BD-DEMO-10')).feedback.count).toBe(2);
  });

  it('names an accountable person on every open step, and one step was reassigned with its reason', async () => {
    // R22: one project in consultation, with a comment answered by its proposer and one not yet.
    const consulting = await project('BD-DEMO-15');
    expect(consulting.activeStep).toMatchObject({ type: 'consultation' });
    expect(consulting.consultation).toMatchObject({ status: 'open', comments: 2, answered: 1, frontOpinion: null });
    expect((await project('BD-DEMO-02')).consultation).toMatchObject({ status: 'submitted', frontOpinion: expect.any(String) });
    const funding = await project('BD-DEMO-06');
    const step = funding.steps.find((s: { type: string; status: string }) => s.type === 'funding_approval' && s.status === 'active');
    expect(step).toMatchObject({ assigneeName: DEMO_USERS.find((u) => u.key === 'boardBusiness')!.displayName });
    const entry = funding.decisions.find((d: { choice: string }) => d.choice === 'reassign');
    expect(entry).toMatchObject({ stepId: step.id, actorName: DEMO_USERS.find((u) => u.key === 'coordinator')!.displayName });
    expect(entry.rationale).toContain('đi công tác');
    expect(await h.db('steps').where({ status: 'active' }).whereNull('assignee_user_id').count('* as n').first()).toEqual({ n: 0 });
  });

  it("shows residents' comments with the lead team's answers, and beneficiaries, on the public portal", async () => {
    const closed = (await h.api().get('/api/public/projects/BD-DEMO-11')).body;
    expect(closed.project).toMatchObject({ beneficiariesCount: 350 });
    expect(closed.comments).toHaveLength(2);
    for (const c of closed.comments) expect(c).toMatchObject({ answer: expect.any(String), answeredAt: expect.any(String) });
    const partly = (await h.api().get('/api/public/projects/BD-DEMO-12')).body;
    expect(partly.comments.map((c: { answer: string | null }) => c.answer !== null).sort()).toEqual([false, true]);
  });

  it('has one project at risk and one breached with its escalation', async () => {
    const atRisk = await project('BD-DEMO-04');
    expect(atRisk.activeStep).toMatchObject({ type: 'partner_matching', slaStatus: 'at_risk' });
    expect(atRisk.invitations.map((i: { status: string }) => i.status).sort()).toEqual(['accepted', 'declined', 'invited']);
    // The residents' member kept her objection as a dissenting note when the vote closed.
    expect(atRisk.dissentNotes.map((n: { stepType: string; authorName: string }) => [n.stepType, n.authorName])).toEqual([['board_review', 'Đỗ Thị Lan']]);
    const breached = await project('BD-DEMO-05');
    expect(breached.activeStep).toMatchObject({ type: 'partner_matching', slaStatus: 'breached' });
    expect(breached.activeStep.escalationLevel).toBeGreaterThanOrEqual(2);
    expect(breached.slaEvents.filter((e: { kind: string }) => e.kind === 'escalated').length).toBeGreaterThanOrEqual(2);
    // The short deadlines were this project's own: the policies in the database are the defaults.
    expect(await h.db('sla_policies').where('duration_unit', 'seconds').count('* as n').first()).toEqual({ n: 0 });
  });

  it('has a partner withdrawal with re-matching, a returned proposal, a waived gap and change requests', async () => {
    const withdrawn = await project('BD-DEMO-09');
    expect(withdrawn.stage).toBe('execution');
    expect(withdrawn.earlyWarnings).toEqual([expect.objectContaining({ kind: 'partner_withdrawal' })]);
    expect(withdrawn.steps.filter((s: { type: string }) => s.type === 'partner_matching').map((s: { outcome: string }) => s.outcome)).toEqual(['covered', 'covered']);
    expect(withdrawn.commitments.filter((c: { status: string }) => c.status === 'committed').map((c: { partnerName: string; capability: string }) => `${c.partnerName}/${c.capability}`).sort()).toEqual(['Trường THCS Ba Đình/venue', 'Trường THCS Ba Đình/volunteers']);

    const returned = await project('BD-DEMO-03');
    expect(returned.steps.map((s: { type: string; round: number; status: string }) => `${s.type}:${s.round}:${s.status}`)).toEqual(['screening:1:decided', 'resubmission:1:decided', 'screening:2:active']);
    // Resubmitted with the baseline the coordinator asked for.
    expect(returned.summary).toContain('đường cơ sở: cân rác 4 tuần');
    expect(returned.indicators.map((i: { code: string; baseline: number }) => [i.code, i.baseline])).toEqual([['WASTE', 1350]]);

    const waived = await project('BD-DEMO-07');
    expect(waived.stage).toBe('funding');
    expect(waived.waivers).toEqual([expect.objectContaining({ gap: 'capability', capability: 'training' })]);

    const changed = await project('BD-DEMO-08');
    expect(changed.changeRequests.map((c: { kind: string; status: string }) => `${c.kind}:${c.status}`)).toEqual(['schedule:approved', 'budget:rejected']);
  });

  it('gives the dashboard real figures: on-time rates, cycle times, funding mix and the C-Index', async () => {
    const sla = await get('/api/stats/sla');
    const unit = sla.onTimeByUnit.filter((r: { closed: number }) => r.closed > 0);
    expect(unit.length).toBeGreaterThan(0);
    expect(unit.some((r: { rate: number }) => r.rate > 0 && r.rate < 1)).toBe(true);
    for (const stage of ['proposal', 'partner_matching', 'funding', 'execution', 'impact_evaluation']) {
      expect(sla.cycleTime.find((c: { stage: string }) => c.stage === stage).avgWorkingDays).not.toBeNull();
    }
    expect(sla.escalations.eventsInPeriod).toBeGreaterThan(0);
    const pipeline = await get('/api/stats/pipeline');
    expect(pipeline.funding.nonStateShare).toBeGreaterThan(0.7);
    expect(pipeline.funding.bySource.filter((s: { valueVnd: number }) => s.valueVnd > 0).length).toBeGreaterThanOrEqual(4);
    const c = pipeline.cIndex.find((x: { unitCode: string }) => x.unitCode === 'BD');
    expect(c.value).not.toBeNull();
    expect(Object.values(c.components).every((v) => v !== null)).toBe(true);
  });

  it('has a funding step nobody can decide (its team lead switched off), with the next authority told', async () => {
    const waiting = await project('BD-DEMO-13');
    const funding = waiting.steps.find((s: { type: string; status: string }) => s.type === 'funding_approval' && s.status === 'active');
    expect(funding.noDecider).toMatchObject({ reason: 'no_team_lead', toldRole: 'coordinator' });
    expect(waiting.deciderEvents.map((e: { kind: string }) => e.kind)).toContain('no_decider');
    expect(await h.db('notifications_outbox').where({ step_id: funding.id, kind: 'no_decider' }).pluck('recipient_role')).toEqual(expect.arrayContaining(['coordinator', 'admin']));
    expect(await h.db('users').whereRaw('lower(email) = ?', ['totruong.hanhchinh@donghanh.vn']).first('active')).toEqual({ active: false });
  });

  it("shows each ward its own projects only: Tây Hồ's proposal waits for Tây Hồ's board, unseen in Ba Đình", async () => {
    const signIn = async (email: string) => (await h.api().post('/api/auth/login').send({ email, password: DEMO_PASSWORD })).body.token as string;
    const neighbour = await signIn(NEIGHBOUR_USERS.find((u) => u.key === 'boardChair')!.email);
    const theirs = await h.api().get(`/api/steps?filter=${encodeURIComponent(JSON.stringify({ awaitingMe: true }))}`).set('Authorization', `Bearer ${neighbour}`);
    expect(theirs.body.map((s: { projectCode: string; type: string }) => `${s.projectCode}:${s.type}`)).toEqual(['TH-DEMO-01:board_review']);
    const row = await h.db('projects').where({ code: 'TH-DEMO-01' }).first('id');
    expect((await h.api().get(`/api/projects/${row.id}`).set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)).status).toBe(404);
    const ours = await h.api().get(`/api/projects?range=${encodeURIComponent('[0,199]')}`).set('Authorization', `Bearer ${await h.tokenFor('auditor')}`);
    expect(ours.body.map((p: { code: string }) => p.code)).not.toContain('TH-DEMO-01');
    expect(ours.body.every((p: { unitCode: string }) => p.unitCode === 'BD')).toBe(true);
  });

  it('has no one deciding a step of a project they proposed; the rule says who stood aside and who decided instead', async () => {
    const own = await h
      .db('decision_ledger as l')
      .join('projects as p', 'p.id', 'l.project_id')
      .whereRaw('l.actor_user_id = p.proposer_user_id')
      .whereIn('l.step_type', DEFAULT_SEPARATION_RULE.proposerExcluded)
      .whereIn('l.choice', CHOICES)
      .select('p.code', 'l.step_type', 'l.choice');
    expect(own).toEqual([]);
    // BD-DEMO-02 was proposed by a coordinator: the other one screened it.
    const screened = (await project('BD-DEMO-02')).steps.find((s: { type: string }) => s.type === 'screening');
    expect(screened.recusals).toEqual([expect.objectContaining({ userId: await h.userId('coordinator'), code: 'proposer', ruleVersion: 1 })]);
    expect(await h.db('decision_ledger').where({ step_id: screened.id }).first('actor_user_id')).toEqual({ actor_user_id: await h.userId('coordinator2') });
    // A lead's own funding went to the board chair, by the rule.
    const funded = (await project('BD-DEMO-11')).steps.find((s: { type: string }) => s.type === 'funding_approval');
    expect(funded).toMatchObject({ fallbackAuthority: 'board_chair', separationRuleVersion: 1 });
  });

  it('names the ward chair, whom the last escalation level reaches', async () => {
    const units = await get('/api/units');
    expect(units.find((u: { code: string }) => u.code === 'BD')).toMatchObject({ chairUserId: await h.userId('unitChair'), chairName: 'Trịnh Văn Sơn' });
  });

  it("keeps the board's history: a seat that ended, with the reason the admin recorded", async () => {
    const seats = await get(`/api/board-members?filter=${encodeURIComponent(JSON.stringify({ current: false }))}`);
    expect(seats).toEqual([expect.objectContaining({ displayName: 'Trịnh Văn Sơn', seat: 'mass_org', since: '2026-01-05', until: '2026-06-30', current: false })]);
    const change = await h.db('admin_changes').where({ entity: 'board_members', entity_id: seats[0].id, action: 'update' }).first('after');
    expect(change.after).toMatchObject({ reason: expect.stringContaining('Hết nhiệm kỳ') });
  });

  it('gives every team a lead', () => {
    for (const team of DEMO_TEAMS) expect(DEMO_USERS.some((u) => u.role === 'team_lead' && u.teamCode === team.code)).toBe(true);
  });

  it('loads nothing twice on warm data', async () => {
    const before = await h.db('projects').count('* as n').first();
    const again = await loadDemoScenario({ baseUrl, client: h.client, taskQueue: h.taskQueue });
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(16);
    expect(await h.db('projects').count('* as n').first()).toEqual(before);
  });
});
