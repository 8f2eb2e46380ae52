import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { loadDemoScenario, type ScenarioResult } from '../../scripts/demo-scenario';
import { DEMO_TEAMS, DEMO_USERS } from '../../scripts/reference-data';

/** `make up`'s demo ward, loaded through the HTTP API of a real app and the real workflows. */
describe('demo scenario', () => {
  let h: Harness;
  let server: Server;
  let baseUrl: string;
  let first: ScenarioResult;
  jest.setTimeout(240_000);

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('demo') });
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

  it('loads twelve projects spread over every stage', async () => {
    expect(first.created).toHaveLength(12);
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

  it('gives every team a lead', () => {
    for (const team of DEMO_TEAMS) expect(DEMO_USERS.some((u) => u.role === 'team_lead' && u.teamCode === team.code)).toBe(true);
  });

  it('loads nothing twice on warm data', async () => {
    const before = await h.db('projects').count('* as n').first();
    const again = await loadDemoScenario({ baseUrl, client: h.client, taskQueue: h.taskQueue });
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(12);
    expect(await h.db('projects').count('* as n').first()).toEqual(before);
  });
});
