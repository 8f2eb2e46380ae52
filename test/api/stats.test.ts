import { randomUUID } from 'node:crypto';
import { loadCalendar } from '../../store/sla-policies';
import { hashPassword } from '../../api/auth';
import { ageingBucket, localMonthOf, median, workingDaysOpen } from '../../domain/stats';
import { STEP_RULES, type StepType } from '../../domain/lifecycle';
import { periodOnTime, stepsBehind, type FigureOfSteps } from '../../admin-ui/src/dashboard/figures';
import { sampleProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';

/**
 * The dashboards' figures (R5, R6, R8, R17, R25) through the real API, on a scratch database whose
 * read model holds known rows, then one project started through the real workflow on top.
 */
describe('GET /api/stats/sla and /api/stats/pipeline', () => {
  let h: Harness;
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
  // Every closed step closes a minute ago, so all of them fall in the current month (Vietnam time).
  const closedAt = new Date(now.getTime() - 60_000);
  const month = localMonthOf(closedAt);

  const ids = { p1: randomUUID(), p2: randomUUID(), p3: randomUUID(), hk: randomUUID() };
  interface StepRow {
    id: string;
    project: keyof typeof ids;
    type: string;
    team: string;
    opened: Date;
    due: Date;
    closed?: Date;
    outcome?: string;
    sla?: string;
    level?: number;
  }
  const steps: StepRow[] = [
    // BD-ENV: 3 closed, 2 on time → 0.6667
    { id: 'e1', project: 'p1', type: 'funding_approval', team: 'BD-ENV', opened: ago(9), due: later(1), closed: closedAt, outcome: 'approve' },
    { id: 'e2', project: 'p1', type: 'execution', team: 'BD-ENV', opened: ago(40), due: closedAt, closed: closedAt, outcome: 'completed' },
    { id: 'e3', project: 'p1', type: 'impact_reporting', team: 'BD-ENV', opened: ago(20), due: ago(1), closed: closedAt, outcome: 'submitted' },
    { id: 'e4', project: 'p1', type: 'execution', team: 'BD-ENV', opened: ago(400), due: later(3), sla: 'at_risk' },
    { id: 'e5', project: 'p3', type: 'change_request', team: 'BD-ENV', opened: now, due: later(5), sla: 'breached', level: 2 },
    // BD-ADM: 1 counted (late); a resubmission and a step ended by cancellation are not counted.
    { id: 'a1', project: 'p2', type: 'screening', team: 'BD-ADM', opened: ago(12), due: ago(2), closed: closedAt, outcome: 'accept' },
    { id: 'a2', project: 'p2', type: 'resubmission', team: 'BD-ADM', opened: ago(30), due: later(1), closed: closedAt, outcome: 'resubmit' },
    { id: 'a3', project: 'p2', type: 'board_review', team: 'BD-ADM', opened: ago(3), due: later(4), closed: closedAt, outcome: 'cancelled' },
    { id: 'a4', project: 'p2', type: 'screening', team: 'BD-ADM', opened: now, due: later(7), sla: 'on_track' },
    { id: 'a5', project: 'p2', type: 'resubmission', team: 'BD-ADM', opened: ago(60), due: later(7), sla: 'paused' },
    { id: 'a6', project: 'p2', type: 'board_review', team: 'BD-ADM', opened: ago(10), due: ago(1), sla: 'breached', level: 1 },
    // Another unit: never in BD's figures.
    { id: 'h1', project: 'hk', type: 'screening', team: 'HK-ENV', opened: ago(5), due: later(1), closed: closedAt, outcome: 'accept' },
    { id: 'h2', project: 'hk', type: 'board_review', team: 'HK-ENV', opened: ago(5), due: ago(1), sla: 'breached', level: 1 },
  ];
  const stepId = (id: string) => `stats-test:${id}`;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('stats') });
    const db = h.db;
    const proposer = await h.userId('coordinator');
    const recorder = proposer;
    await db('units').insert({ code: 'HK', name: 'Hoan Kiem Ward', name_vi: 'Phường Hoàn Kiếm', kind: 'ward', province: 'Hà Nội' });
    await db('teams').insert({ code: 'HK-ENV', unit_code: 'HK', name: 'Environment', name_vi: 'Môi trường' });
    const project = (id: string, code: string, unit: string, team: string, stage: string) => ({
      id,
      code,
      workflow_id: `stats-test-${code}`,
      unit_code: unit,
      lead_team_code: team,
      title: `Dự án ${code}`,
      summary: 'Dữ liệu thử cho bảng số liệu.',
      category: 'environment',
      requested_budget_vnd: 50_000_000,
      stage,
      proposer_user_id: proposer,
      proposer_name: 'Nguyễn Thu Hà',
      created_at: ago(400),
      updated_at: now,
    });
    await db('projects').insert([
      project(ids.p1, 'ST-1', 'BD', 'BD-ENV', 'execution'),
      project(ids.p2, 'ST-2', 'BD', 'BD-CUL', 'proposal'),
      project(ids.p3, 'ST-3', 'BD', 'BD-ENV', 'funding'),
      project(ids.hk, 'ST-4', 'HK', 'HK-ENV', 'proposal'),
    ]);
    await db('steps').insert(
      steps.map((s) => ({
        id: stepId(s.id),
        project_id: ids[s.project],
        type: s.type,
        round: 1,
        status: s.closed ? 'closed' : 'active',
        deciding_role: 'coordinator',
        responsible_team_code: s.team,
        opened_at: s.opened,
        due_at: s.due,
        sla_status: s.sla ?? 'on_track',
        escalation_level: s.level ?? 0,
        outcome: s.outcome ?? null,
        closed_at: s.closed ?? null,
      })),
    );
    await db('sla_events').insert([
      { step_id: stepId('e5'), kind: 'escalated', level: 1, occurred_at: ago(0.1) },
      { step_id: stepId('e5'), kind: 'escalated', level: 2, occurred_at: ago(0.05) },
      { step_id: stepId('a6'), kind: 'escalated', level: 1, occurred_at: ago(0.1) },
      { step_id: stepId('h2'), kind: 'escalated', level: 1, occurred_at: ago(0.1) },
      // Inside a 12-month period, outside a 6-month one.
      { step_id: stepId('e4'), kind: 'escalated', level: 1, occurred_at: ago(300) },
    ]);
    const pledge = (project: string, source: string, valueVnd: number, status: string, hours: number | null = null) => ({
      id: randomUUID(),
      project_id: project,
      source,
      amount_vnd: hours === null ? valueVnd : 0,
      hours,
      value_vnd: valueVnd,
      status,
      recorded_by: recorder,
      pledged_at: ago(5),
    });
    await db('pledges').insert([
      pledge(ids.p1, 'state', 30_000_000, 'pledged'),
      pledge(ids.p1, 'private', 50_000_000, 'released'),
      pledge(ids.p1, 'volunteer_hours', 3_000_000, 'pledged', 100),
      pledge(ids.p1, 'community', 10_000_000, 'cancelled'),
      pledge(ids.p2, 'state', 20_000_000, 'pledged'),
      pledge(ids.hk, 'private', 99_000_000, 'pledged'),
    ]);
    await db('indicators').insert([
      { project_id: ids.p1, code: 'trees', name: 'Cây xanh', unit: 'cây', baseline: 10, target: 20, actual: 15 }, // 0.5
      { project_id: ids.p1, code: 'waste', name: 'Rác thải', unit: 'kg', baseline: 100, target: 60, actual: 70 }, // 0.75
      { project_id: ids.p1, code: 'visits', name: 'Lượt dùng', unit: 'lượt', baseline: 0, target: 50, actual: null }, // not measured yet
      { project_id: ids.p2, code: 'readers', name: 'Bạn đọc', unit: 'người', baseline: 0, target: 10, actual: 12 }, // 1
      { project_id: ids.hk, code: 'x', name: 'Khác', unit: 'x', baseline: 0, target: 10, actual: 0 },
    ]);
    const feedback = (project: string, rating: number) => ({ project_id: project, update_id: randomUUID(), rating, channel: 'web', submitted_at: ago(1) });
    await db('feedback').insert([feedback(ids.p1, 5), feedback(ids.p1, 4), feedback(ids.p2, 1), feedback(ids.hk, 1)]);
    // Residents' comments from the portal: what each lead team still owes an answer, and how fast it answers.
    const comment = (project: string, sent: Date, words: string | null, answeredAfterHours: number | null = null, hidden = false) => ({
      project_id: project,
      access: 4, procedure: 4, officers: 4, result: 4, handling: 4,
      comment: words,
      sender_hash: randomUUID().replace(/-/g, ''),
      submission_hash: randomUUID().replace(/-/g, ''),
      submitted_at: sent,
      ...(answeredAfterHours === null ? {} : { answer: 'Tổ đã tiếp thu.', answered_by: recorder, answered_at: new Date(sent.getTime() + answeredAfterHours * 3_600_000) }),
      ...(hidden ? { hidden_reason: 'Quảng cáo', hidden_by: recorder, hidden_at: now } : {}),
    });
    await db('public_comments').insert([
      comment(ids.p1, ago(3), 'Cần thêm thùng rác ở đầu ngõ'),
      comment(ids.p1, ago(1), 'Giờ thu gom rác quá sớm'),
      comment(ids.p1, ago(4), 'Cây mới trồng cần tưới', 10),
      comment(ids.p3, ago(3), 'Khi nào bắt đầu?', 30),
      comment(ids.p1, ago(5), 'Mua hàng giá rẻ tại đây', null, true), // hidden: owes nothing
      comment(ids.p1, ago(2), null), // a rating without words: nothing to answer
      comment(ids.p2, ago(2), 'Thư viện mở cửa mấy giờ?', 4),
      comment(ids.hk, ago(2), 'Phường khác'),
    ]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const get = async (path: string, as: string) => h.api().get(path).set('Authorization', `Bearer ${await h.tokenFor(as)}`);
  const row = <T extends { month: string }>(rows: T[], m: string, where: Record<string, unknown> = {}) =>
    rows.find((r) => r.month === m && Object.entries(where).every(([k, v]) => (r as Record<string, unknown>)[k] === v));

  it('gives a team lead the on-time rate of their own team: 3 closed, 2 on time', async () => {
    const res = await get('/api/stats/sla', 'teamLead');
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ unitCode: 'BD', teamCode: 'BD-ENV' });
    expect(res.body.onTimeByTeam).toHaveLength(6); // 6 months × 1 team, empty months included
    expect(new Set(res.body.onTimeByTeam.map((r: { teamCode: string }) => r.teamCode))).toEqual(new Set(['BD-ENV']));
    expect(row(res.body.onTimeByTeam, month)).toEqual({ month, teamCode: 'BD-ENV', closed: 3, onTime: 2, rate: 0.6667 });
    expect(row(res.body.onTimeByUnit, month)).toEqual({ month, unitCode: 'BD', closed: 3, onTime: 2, rate: 0.6667 });
    expect(res.body.onTimeByUnit.filter((r: { month: string }) => r.month !== month).every((r: { closed: number; rate: null }) => r.closed === 0 && r.rate === null)).toBe(true);
    expect(res.body.now).toEqual({ open: 2, onTrack: 0, atRisk: 1, breached: 1, paused: 0 });
    expect(res.body.escalations).toEqual({ open: [{ level: 2, count: 1 }], eventsInPeriod: 2 });
  });

  it('gives a coordinator the whole unit, per team and in total, and leaves other units out', async () => {
    const res = await get('/api/stats/sla?months=3', 'coordinator');
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ unitCode: 'BD', teamCode: null });
    const teams = ['BD-ADM', 'BD-ALL', 'BD-CUL', 'BD-ECO', 'BD-ENV'];
    expect(res.body.onTimeByTeam).toHaveLength(3 * teams.length);
    expect(row(res.body.onTimeByTeam, month, { teamCode: 'BD-ENV' })).toMatchObject({ closed: 3, onTime: 2, rate: 0.6667 });
    expect(row(res.body.onTimeByTeam, month, { teamCode: 'BD-ADM' })).toMatchObject({ closed: 1, onTime: 0, rate: 0 });
    expect(row(res.body.onTimeByTeam, month, { teamCode: 'BD-CUL' })).toMatchObject({ closed: 0, onTime: 0, rate: null });
    expect(row(res.body.onTimeByUnit, month)).toEqual({ month, unitCode: 'BD', closed: 4, onTime: 2, rate: 0.5 });
    expect(res.body.onTimeByUnit.map((r: { month: string }) => r.month).at(-1)).toBe(month);
    expect(res.body.now).toEqual({ open: 5, onTrack: 1, atRisk: 1, breached: 2, paused: 1 });
    expect(res.body.escalations).toEqual({ open: [{ level: 1, count: 1 }, { level: 2, count: 1 }], eventsInPeriod: 3 });
  });

  it("counts the residents' comments each lead team has not answered, and the median time to answer", async () => {
    const lead = await get('/api/stats/sla', 'teamLead');
    expect(lead.body.commentsByTeam).toEqual([{ teamCode: 'BD-ENV', unanswered: 2, oldestUnansweredAt: ago(3).toISOString(), answeredInPeriod: 2, medianAnswerHours: 20 }]);
    const unit = await get('/api/stats/sla', 'coordinator');
    expect(unit.body.commentsByTeam.map((t: { teamCode: string }) => t.teamCode)).toEqual(['BD-ADM', 'BD-ALL', 'BD-CUL', 'BD-ECO', 'BD-ENV']);
    expect(unit.body.commentsByTeam.find((t: { teamCode: string }) => t.teamCode === 'BD-CUL')).toEqual({ teamCode: 'BD-CUL', unanswered: 0, oldestUnansweredAt: null, answeredInPeriod: 1, medianAnswerHours: 4 });
    expect(unit.body.commentsByTeam.find((t: { teamCode: string }) => t.teamCode === 'BD-ADM')).toEqual({ teamCode: 'BD-ADM', unanswered: 0, oldestUnansweredAt: null, answeredInPeriod: 0, medianAnswerHours: null });
    // Answering one changes the figure at once.
    await h.db('public_comments').where({ comment: 'Giờ thu gom rác quá sớm' }).update({ answer: 'Tổ sẽ lùi giờ thu gom.', answered_by: await h.userId('teamLead'), answered_at: now });
    const after = await get('/api/stats/sla', 'teamLead');
    expect(after.body.commentsByTeam[0]).toMatchObject({ unanswered: 1, answeredInPeriod: 3, medianAnswerHours: 24 });
  });

  it('buckets open steps by working days on the unit calendar and reports cycle time per stage', async () => {
    const calendar = await loadCalendar(h.db, 'BD', now);
    const res = await get('/api/stats/sla', 'coordinator');
    const open = steps.filter((s) => s.id.startsWith('a') || s.id.startsWith('e')).filter((s) => !s.closed);
    const expected = { '0-5': 0, '6-10': 0, '11-20': 0, '21+': 0 } as Record<string, number>;
    for (const s of open) expected[ageingBucket(workingDaysOpen(calendar, dayStart(s.opened), new Date(res.body.generatedAt)))]! += 1;
    expect(res.body.ageing.map(({ bucket, count }: { bucket: string; count: number }) => ({ bucket, count }))).toEqual(Object.entries(expected).map(([bucket, count]) => ({ bucket, count })));
    expect(expected['21+']).toBe(2); // e4 (over a year) and a5 (60 days)

    const days = (id: string) => {
      const s = steps.find((x) => x.id === id)!;
      return workingDaysOpen(calendar, dayStart(s.opened), dayStart(s.closed!));
    };
    const stage = (name: string) => res.body.cycleTime.find((c: { stage: string }) => c.stage === name);
    expect(res.body.cycleTime.map((c: { stage: string }) => c.stage)).toEqual(['proposal', 'partner_matching', 'funding', 'execution', 'impact_evaluation']);
    expect(stage('proposal')).toEqual({ stage: 'proposal', closedSteps: 1, avgWorkingDays: days('a1'), medianWorkingDays: median([days('a1')]) });
    expect(stage('funding')).toMatchObject({ closedSteps: 1, avgWorkingDays: days('e1') });
    expect(stage('execution')).toMatchObject({ closedSteps: 1, medianWorkingDays: days('e2') });
    expect(stage('partner_matching')).toEqual({ stage: 'partner_matching', closedSteps: 0, avgWorkingDays: null, medianWorkingDays: null });
    expect(days('e2')).toBeGreaterThan(20);
  });

  it('opens the steps behind every figure: the steps list counts what the figure counts, with who they wait for', async () => {
    for (const as of ['teamLead', 'coordinator']) {
      const { body: sla } = await get('/api/stats/sla?months=3', as);
      const listed = async (figure: FigureOfSteps) => {
        const res = await h.api().get('/api/steps').query({ filter: JSON.stringify(stepsBehind(sla.scope, figure)), range: '[0,199]' }).set('Authorization', `Bearer ${await h.tokenFor(as)}`);
        expect([as, figure.kind, res.status]).toEqual([as, figure.kind, 200]);
        return res.body as { id: string; type: StepType; status: string; waitingFor: { displayName: string }[] }[];
      };
      const count = async (figure: FigureOfSteps) => (await listed(figure)).length;
      expect([as, 'open', await count({ kind: 'open' })]).toEqual([as, 'open', sla.now.open]);
      expect([as, 'at_risk', await count({ kind: 'at_risk' })]).toEqual([as, 'at_risk', sla.now.atRisk]);
      expect([as, 'breached', await count({ kind: 'breached' })]).toEqual([as, 'breached', sla.now.breached]);
      const escalated = sla.escalations.open.reduce((sum: number, e: { count: number }) => sum + e.count, 0);
      expect([as, 'escalated', await count({ kind: 'escalated' })]).toEqual([as, 'escalated', escalated]);
      for (const e of sla.escalations.open as { level: number; count: number }[]) expect([as, e.level, await count({ kind: 'escalated', level: e.level })]).toEqual([as, e.level, e.count]);
      for (const a of sla.ageing as { bucket: string; count: number; openedFrom: string | null; openedTo: string | null }[]) {
        if (a.count === 0) expect([a.openedFrom, a.openedTo]).toEqual([null, null]);
        else expect([as, a.bucket, await count({ kind: 'ageing', openedFrom: a.openedFrom!, openedTo: a.openedTo! })]).toEqual([as, a.bucket, a.count]);
      }
      const firstMonth = sla.onTimeByUnit[0].month;
      expect([as, 'on_time', await count({ kind: 'on_time', firstMonth })]).toEqual([as, 'on_time', periodOnTime(sla.onTimeByUnit).closed]);
      for (const teamCode of new Set<string>(sla.onTimeByTeam.map((r: { teamCode: string }) => r.teamCode))) {
        const closed = periodOnTime(sla.onTimeByTeam.filter((r: { teamCode: string }) => r.teamCode === teamCode)).closed;
        expect([as, teamCode, await count({ kind: 'on_time', firstMonth, teamCode })]).toEqual([as, teamCode, closed]);
      }
      // The owners: these steps are the coordinator's to decide, so each open one names the unit's coordinators.
      for (const step of await listed({ kind: 'open' })) {
        if (STEP_RULES[step.type].choices.length > 0) expect(step.waitingFor.map((p) => p.displayName)).toContain('Nguyễn Thu Hà');
      }
    }
  });

  it('counts escalations over the months asked for', async () => {
    const res = await get('/api/stats/sla?months=12', 'teamLead');
    expect(res.status).toBe(200);
    expect(res.body.onTimeByTeam).toHaveLength(12);
    expect(res.body.escalations.eventsInPeriod).toBe(3);
  });

  it.each(['0', '13', 'abc', '2.5', ''])('refuses months=%s with 400 naming the field', async (months) => {
    const res = await get(`/api/stats/sla?months=${months}`, 'coordinator');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(Object.keys(res.body.error.fields)).toEqual(['months']);
  });

  it('gives the pipeline, funding mix and C-Index of a team lead\'s own projects', async () => {
    const res = await get('/api/stats/pipeline', 'teamLead');
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ unitCode: 'BD', teamCode: 'BD-ENV' });
    const counts = Object.fromEntries(res.body.stages.map((s: { stage: string; count: number }) => [s.stage, s.count]));
    expect(counts).toMatchObject({ proposal: 0, execution: 1, funding: 1, closed: 0 });
    expect(res.body.stages).toHaveLength(9);
    // p1: 30M state + 50M private + 3M volunteer time; the cancelled community pledge does not count.
    expect(res.body.funding).toEqual({
      bySource: [
        { source: 'state', valueVnd: 30_000_000 },
        { source: 'private', valueVnd: 50_000_000 },
        { source: 'community', valueVnd: 0 },
        { source: 'in_kind', valueVnd: 0 },
        { source: 'volunteer_hours', valueVnd: 3_000_000 },
      ],
      totalVnd: 83_000_000,
      nonStateVnd: 53_000_000,
      nonStateShare: 0.6386,
      target: 0.7,
    });
    // Indicators (0.5 + 0.75) / 2, feedback (1 + 0.75) / 2, on time 2/3 → 100 × 0.7222.
    expect(res.body.cIndex).toEqual([
      { unitCode: 'BD', value: 72.2, projects: 2, components: { indicatorAchievement: 0.625, satisfaction: 0.875, onTimeRate: 0.6667 } },
    ]);
  });

  it('gives a coordinator the pipeline of the unit, without other units', async () => {
    const res = await get('/api/stats/pipeline', 'coordinator');
    expect(res.status).toBe(200);
    expect(res.body.funding).toMatchObject({ totalVnd: 103_000_000, nonStateVnd: 53_000_000, nonStateShare: 0.5146 });
    // Indicators (0.5 + 0.75 + 1) / 3, feedback (1 + 0.75 + 0) / 3, on time 2/4 → 100 × 0.6111.
    expect(res.body.cIndex).toEqual([
      { unitCode: 'BD', value: 61.1, projects: 3, components: { indicatorAchievement: 0.75, satisfaction: 0.5833, onTimeRate: 0.5 } },
    ]);
  });

  it.each(['boardChair', 'auditor', 'admin'])('answers %s with the unit\'s figures', async (as) => {
    for (const path of ['/api/stats/sla', '/api/stats/pipeline']) {
      const res = await get(path, as);
      expect([path, res.status, res.body.scope]).toEqual([path, 200, { unitCode: 'BD', teamCode: null }]);
    }
  });

  it('refuses a team lead whose account names no team, rather than showing the whole unit', async () => {
    const email = `totruong.${randomUUID().slice(0, 6)}@donghanh.vn`;
    await h.db('users').insert({ email, display_name: 'Tổ trưởng chưa có tổ', password_hash: await hashPassword('Chua-co-to-2026'), role: 'team_lead', unit_code: 'BD', team_code: null });
    const token = (await h.api().post('/api/auth/login').send({ email, password: 'Chua-co-to-2026' })).body.token;
    for (const path of ['/api/stats/sla', '/api/stats/pipeline']) {
      const res = await h.api().get(path).set('Authorization', `Bearer ${token}`).set('Accept-Language', 'vi');
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'forbidden']);
      expect(res.body.error.message).toMatch(/chưa gắn với tổ/);
      expect(res.body.scope).toBeUndefined();
    }
  });

  it('refuses a partner with 403', async () => {
    for (const path of ['/api/stats/sla', '/api/stats/pipeline']) {
      const res = await get(path, 'partner');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('counts a project proposed through the real workflow, with its screening step open', async () => {
    const before = await get('/api/stats/pipeline', 'coordinator');
    const beforeSla = await get('/api/stats/sla', 'coordinator');
    const created = await h
      .api()
      .post('/api/projects')
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)
      .set('Idempotency-Key', randomUUID())
      .send(sampleProposal({ leadTeamCode: 'BD-ENV' }));
    expect(created.status).toBe(201);
    const after = await get('/api/stats/pipeline', 'coordinator');
    const proposals = (body: { stages: { stage: string; count: number }[] }) => body.stages.find((s) => s.stage === 'proposal')!.count;
    expect(proposals(after.body)).toBe(proposals(before.body) + 1);
    const lead = await get('/api/stats/pipeline', 'teamLead');
    expect(proposals(lead.body)).toBe(1); // BD-ENV leads it
    // The screening step is the coordinators' team's (BD-ADM), open and on time.
    const afterSla = await get('/api/stats/sla', 'coordinator');
    expect(afterSla.body.now.open).toBe(beforeSla.body.now.open + 1);
    expect(afterSla.body.now.onTrack).toBe(beforeSla.body.now.onTrack + 1);
    expect((await get('/api/stats/sla', 'teamLead')).body.now.open).toBe(2);
  });
});

/** 00:00 Vietnam time of the day an instant falls on (the route counts working days between local days). */
function dayStart(instant: Date): Date {
  const local = new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${local}T00:00:00+07:00`);
}
