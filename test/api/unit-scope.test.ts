import { randomUUID } from 'node:crypto';
import { createNotificationActivities } from '../../activities/notification-delivery';
import { ACCESS, ROUTES } from '../../api/access';
import { LISTS } from '../../api/lists';
import { visibleRows, type ListContext, type ListDef } from '../../api/list-params';
import { UNIT_TARGETS } from '../../api/unit-scope';
import type { Role } from '../../domain/roles';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';
import { VALID_BODIES, fillPath } from '../support/request-samples';
import { SECOND_UNIT, SECOND_USERS, createSecondUnit } from '../support/second-unit';

type Row = Record<string, any>;

/** The request body each project-scoped command takes (api/openapi/ names them the same way). */
const BODY_OF: Record<string, keyof typeof VALID_BODIES> = {
  'POST /api/steps/:id/decisions': 'DecisionBody',
  'POST /api/steps/:id/extensions': 'ExtensionBody',
  'POST /api/projects/:id/invitations': 'InvitationBody',
  'POST /api/invitations/:id/response': 'InvitationResponseBody',
  'POST /api/projects/:id/waivers': 'WaiverBody',
  'POST /api/projects/:id/plan': 'PlanBody',
  'POST /api/projects/:id/pledges': 'PledgeBody',
  'POST /api/projects/:id/milestones/:code/completion': 'MilestoneCompletionBody',
  'POST /api/projects/:id/change-requests': 'ChangeRequestBody',
  'POST /api/projects/:id/withdrawals': 'WithdrawalBody',
  'POST /api/projects/:id/indicators/:code/actuals': 'IndicatorActualBody',
  'POST /api/projects/:id/cancellation': 'CancellationBody',
  'PATCH /api/users/:id': 'UserUpdateBody',
  'PATCH /api/partners/:id': 'PartnerUpdateBody',
};

/**
 * Unit scope (R18, issue 13): with a second ward (Tây Hồ) beside the demo's Ba Đình, each ward's
 * people see and act on their own ward only, on both sides of every boundary, through the real app,
 * real Temporal and real PostgreSQL.
 */
describe('unit scope: a ward sees and acts on its own projects only', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  const bTokens = new Map<string, string>();
  let bIds: { partnerId: string; userIds: Record<string, string> };
  /** Ward B's things: a proposal in screening (the routes run on it), an approved project with an invitation, a ledger entry, a declaration. */
  const b = { project: {} as Row, approved: {} as Row, invitationId: '', ledgerSeq: '', conflictId: '', commentId: '', seatId: '', pledgeId: randomUUID() };
  let aProject: Row;

  const bToken = async (key: string) => {
    const cached = bTokens.get(key);
    if (cached) return cached;
    const user = SECOND_USERS.find((u) => u.key === key)!;
    const res = await h.api().post('/api/auth/login').send({ email: user.email, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${key}: ${res.status}`);
    bTokens.set(key, res.body.token);
    return res.body.token as string;
  };
  const aKeyOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.key;
  const bKeyOf = (role: Role) => SECOND_USERS.find((u) => u.role === role)!.key;
  /** A signed-in caller of ward A ('A') or B ('B') with the given role. */
  const tokenOf = async (ward: 'A' | 'B', role: Role) => (ward === 'A' ? h.tokenFor(aKeyOf(role)) : bToken(bKeyOf(role)));
  const send = async (ward: 'A' | 'B', role: Role, method: string, url: string, body?: object) => {
    const auth = `Bearer ${await tokenOf(ward, role)}`;
    if (method === 'GET') return h.api().get(url).set('Authorization', auth);
    const req = method === 'DELETE' ? h.api().delete(url) : method === 'PATCH' ? h.api().patch(url) : h.api().post(url);
    return req.set('Authorization', auth).set('Idempotency-Key', randomUUID()).send(body ?? {});
  };
  const postAsB = (key: string, path: string, body: object) => bToken(key).then((t) => h.api().post(path).set('Authorization', `Bearer ${t}`).set('Idempotency-Key', randomUUID()).send(body));
  const bProposal = (title: string) => ({
    title,
    summary: 'Trồng hoa và đặt ghế đá dọc đường ven hồ do cư dân cùng chăm sóc.',
    category: 'environment',
    leadTeamCode: 'TH-ENV',
    requestedBudgetVnd: 40_000_000,
    requiredCapabilities: ['volunteers'],
    indicators: [{ code: 'HH', name: 'Hộ tham gia', unit: 'hộ', baseline: 0, target: 40 }],
  });

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('scope') });
    d = lifecycleDriver(h);
    bIds = await createSecondUnit(h.db);
    aProject = await d.propose();
    // Ward A's own screening: a ledger entry of ward A.
    expect((await d.decide('coordinator2', aProject.activeStep.id, { choice: 'accept' })).status).toBe(200);

    const proposed = await postAsB('teamLead', '/api/projects', bProposal('Đường hoa ven hồ Tây'));
    expect(proposed.status).toBe(201);
    b.project = proposed.body;

    // Ward B's own board approves its second proposal; its own partner is invited.
    const second = await postAsB('teamLead', '/api/projects', bProposal('Vườn hoa cộng đồng Quảng An'));
    expect(second.status).toBe(201);
    const accepted = await postAsB('coordinator', `/api/steps/${encodeURIComponent(second.body.activeStep.id)}/decisions`, { choice: 'accept' });
    expect(accepted.status).toBe(200);
    const reviewId = encodeURIComponent(accepted.body.project.activeStep.id);
    expect((await postAsB('boardChair', `/api/steps/${reviewId}/decisions`, { choice: 'approve', rationale: 'Phù hợp kế hoạch phường' })).status).toBe(200);
    const approved = await postAsB('boardBusiness', `/api/steps/${reviewId}/decisions`, { choice: 'approve' });
    expect(approved.body.project?.stage).toBe('partner_matching');
    const invited = await postAsB('coordinator', `/api/projects/${second.body.id}/invitations`, { partnerId: bIds.partnerId, capability: 'volunteers' });
    expect(invited.status).toBe(200);
    b.approved = invited.body.project;
    b.invitationId = b.approved.invitations[0].id;
    b.ledgerSeq = String(b.approved.decisions[0].seq);

    // A resident's comment on ward B's project under way, from the public portal (no sign-in).
    const comment = await h.api().post(`/api/public/projects/${encodeURIComponent(b.approved.code)}/comments`).set('Idempotency-Key', randomUUID()).send({ ratings: { access: 4, procedure: 4, officers: 5, result: 4, handling: 4 }, comment: 'Mong dự án sớm trồng hoa' });
    expect(comment.status).toBe(201);
    b.commentId = String(comment.body.id);

    const declared = await postAsB('boardBusiness', '/api/conflicts-of-interest', { projectId: b.project.id, reason: 'Người nhà tham gia tổ thi công' });
    expect(declared.status).toBe(201);
    b.conflictId = String(declared.body.id);
    const created = await postAsB('admin', '/api/users', { ...VALID_BODIES.UserCreateBody!(), unitCode: SECOND_UNIT.code });
    expect(created.status).toBe(201);

    // Rows the workflow writes only in later stages, for ward B's lists: through SQL.
    await h.db('milestones').insert({ project_id: b.approved.id, code: 'M1', title: 'Trồng hoa đợt 1', owner_team_code: 'TH-ENV', due_at: inDays(30), status: 'open' });
    await h.db('pledges').insert({ id: b.pledgeId, project_id: b.approved.id, partner_id: bIds.partnerId, source: 'private', amount_vnd: 10_000_000, value_vnd: 10_000_000, status: 'pledged', recorded_by: bIds.userIds.coordinator, pledged_at: new Date() });
    await h.db('feedback').insert({ project_id: b.approved.id, update_id: `scope-test:${randomUUID()}`, rating: 5, comment: 'Đẹp', channel: 'portal', submitted_at: new Date() });
    await h.db('notifications_outbox').insert({ dedupe_key: `scope-test:${randomUUID()}`, project_id: b.project.id, kind: 'step_opened', recipient_role: 'admin', payload: {} });
    // A seat on ward B's board that is over: ending it again is refused by the rule, never by the unit check.
    const boardB = await h.db('boards').where({ unit_code: SECOND_UNIT.code }).first('id');
    await h.db('board_members').insert({ board_id: boardB.id, user_id: bIds.userIds.auditor, seat: 'residents', since: '2026-01-01', until: '2026-01-31' });
    b.seatId = `${boardB.id}:${bIds.userIds.auditor}`;
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Everything that names ward B in an answer: its code, names, ids and the codes of its projects and teams. */
  const bMarkers = () => [
    `"${SECOND_UNIT.code}"`,
    SECOND_UNIT.name_vi,
    b.project.id,
    b.project.code,
    b.approved.id,
    b.approved.code,
    bIds.partnerId,
    ...Object.values(bIds.userIds),
    'TH-ENV',
    'TH-ADM',
    'TH-ALL',
  ];
  const namesB = (body: unknown) => bMarkers().filter((m) => JSON.stringify(body).includes(m));

  it('puts every route that names a thing by id behind the unit check', () => {
    const covered = (path: string) => UNIT_TARGETS.some((t) => path === `/api${t.path}` || path.startsWith(`/api${t.path}/`));
    const withIds = ROUTES.filter((r) => r.path.includes('/:'));
    expect(withIds.length).toBeGreaterThan(10);
    expect(withIds.filter((r) => !covered(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('gives every list a unit filter; only policy versions are installation-wide', () => {
    const ctx: ListContext = { db: h.appDb, now: new Date(), actor: { userId: randomUUID(), role: 'admin', unitCode: 'ZZ-UNIT', units: ['ZZ-UNIT'], teamCode: null, partnerId: null, boardChair: false } };
    const installationWide: string[] = [];
    for (const [name, def] of Object.entries(LISTS) as [string, ListDef][]) {
      expect([name, def.unit]).not.toEqual([name, undefined]);
      if (def.unit === 'installation') {
        installationWide.push(name);
        continue;
      }
      // The caller's unit is a binding of the very query the list runs.
      expect([name, visibleRows(def, ctx).toSQL().bindings.includes('ZZ-UNIT')]).toEqual([name, true]);
    }
    expect(installationWide.sort()).toEqual(['consultationPolicies', 'quorumRules', 'separationRules', 'slaPolicies']);
  });

  it("a coordinator of ward A gets 404 on ward B's proposal and cannot screen it; ward B's coordinator screens it", async () => {
    const fresh = await postAsB('teamLead', '/api/projects', bProposal('Sân chơi thiếu nhi Nhật Tân'));
    expect(fresh.status).toBe(201);
    const stepPath = `/api/steps/${encodeURIComponent(fresh.body.activeStep.id)}/decisions`;

    const read = await send('A', 'coordinator', 'GET', `/api/projects/${fresh.body.id}`);
    expect([read.status, read.body.error?.code]).toEqual([404, 'not_found']);
    const screened = await send('A', 'coordinator', 'POST', stepPath, { choice: 'accept' });
    expect([screened.status, screened.body.error?.code]).toEqual([404, 'not_found']);
    // Nothing recorded for ward A's attempt, and the step is still open.
    expect(await h.db('decision_ledger').where({ project_id: fresh.body.id }).whereNot('choice', 'submit').select('choice')).toEqual([]);

    const own = await postAsB('coordinator', stepPath, { choice: 'accept' });
    expect([own.status, own.body.project?.stage, own.body.project?.activeStep?.type]).toEqual([200, 'proposal', 'board_review']);
    expect((await send('B', 'coordinator', 'GET', `/api/projects/${fresh.body.id}`)).status).toBe(200);
  });

  it("refuses ward B's partners, people and projects as unknown in ward A's bodies", async () => {
    const invite = await send('A', 'coordinator', 'POST', `/api/projects/${aProject.id}/invitations`, { partnerId: bIds.partnerId, capability: 'volunteers' });
    expect([invite.status, invite.body.error?.code]).toEqual([422, 'unknown_partner']);
    const user = await send('A', 'admin', 'POST', '/api/users', { ...VALID_BODIES.UserCreateBody!(), unitCode: SECOND_UNIT.code });
    expect([user.status, user.body.error?.code, Object.keys(user.body.error?.fields ?? {})]).toEqual([422, 'unknown_unit', ['unitCode']]);
    const partner = await send('A', 'admin', 'POST', '/api/partners', { ...VALID_BODIES.PartnerCreateBody!(), unitCode: SECOND_UNIT.code });
    expect([partner.status, partner.body.error?.code]).toEqual([422, 'unknown_unit']);
    const conflict = await send('A', 'admin', 'POST', '/api/conflicts-of-interest', { userId: await h.userId('boardBusiness'), projectId: b.project.id, reason: 'Thử khai báo chéo đơn vị' });
    expect([conflict.status, conflict.body.error?.code]).toEqual([422, 'unknown_project']);
    const person = await send('A', 'admin', 'POST', '/api/conflicts-of-interest', { userId: bIds.userIds.boardBusiness, projectId: aProject.id, reason: 'Thử khai báo chéo đơn vị' });
    expect([person.status, person.body.error?.code]).toEqual([422, 'unknown_user']);
    // The other side: ward B's admin creates a partner in ward B.
    const own = await send('B', 'admin', 'POST', '/api/partners', { ...VALID_BODIES.PartnerCreateBody!(), unitCode: SECOND_UNIT.code });
    expect([own.status, own.body.unitCode]).toEqual([201, SECOND_UNIT.code]);
  });

  it("lists of ward A never contain ward B's rows, and ward B's lists show them", async () => {
    for (const [name, def] of Object.entries(LISTS) as [string, ListDef][]) {
      if (def.unit === 'installation') continue;
      // Staff roles see every row of their unit; a partner sees its own partner's only.
      const role = (ACCESS[def.permission] as readonly Role[]).find((r) => r === 'admin' || r === 'auditor') ?? ACCESS[def.permission][0]!;
      const url = `/api${def.path}?range=${encodeURIComponent('[0,199]')}`;
      const [aRes, bRes] = [await send('A', role, 'GET', url), await send('B', role, 'GET', url)];
      expect([name, aRes.status, bRes.status]).toEqual([name, 200, 200]);
      expect([name, namesB(aRes.body)]).toEqual([name, []]);
      expect([name, namesB(bRes.body).length > 0]).toEqual([name, true]);
    }
  });

  it("counts only the caller's ward in the figures, the inbox and the ledger export", async () => {
    const [aProjects, bProjects] = await Promise.all(['BD', SECOND_UNIT.code].map(async (unit) => Number((await h.db('projects').where({ unit_code: unit }).count({ n: '*' }).first())!.n)));
    const stagesTotal = (body: Row) => (body.stages as { count: number }[]).reduce((sum, s) => sum + s.count, 0);
    const aFigures = await send('A', 'auditor', 'GET', '/api/stats/pipeline');
    const bFigures = await send('B', 'auditor', 'GET', '/api/stats/pipeline');
    expect([aFigures.body.scope.unitCode, stagesTotal(aFigures.body)]).toEqual(['BD', aProjects]);
    expect([bFigures.body.scope.unitCode, stagesTotal(bFigures.body)]).toEqual([SECOND_UNIT.code, bProjects]);
    const bSla = await send('B', 'coordinator', 'GET', '/api/stats/sla');
    expect(bSla.body.onTimeByUnit.every((u: Row) => u.unitCode === SECOND_UNIT.code)).toBe(true);
    expect(namesB((await send('A', 'coordinator', 'GET', '/api/stats/sla')).body)).toEqual([]);

    // ward B's proposal waits for screening: in ward B's coordinator's inbox, not in ward A's.
    const inbox = (ward: 'A' | 'B') => send(ward, 'coordinator', 'GET', `/api/steps?filter=${encodeURIComponent(JSON.stringify({ awaitingMe: true }))}&range=[0,199]`);
    const [aInbox, bInbox] = [await inbox('A'), await inbox('B')];
    expect(aInbox.body.map((s: Row) => s.projectId)).not.toContain(b.project.id);
    expect(bInbox.body.map((s: Row) => s.projectId)).toContain(b.project.id);
    expect(aInbox.body.every((s: Row) => s.unitCode === 'BD')).toBe(true);
    const [aCount, bCount] = [await send('A', 'coordinator', 'GET', '/api/steps/inbox-count'), await send('B', 'coordinator', 'GET', '/api/steps/inbox-count')];
    expect([aCount.body.count, bCount.body.count]).toEqual([aInbox.body.length, bInbox.body.length]);

    const aExport = await send('A', 'auditor', 'GET', '/api/ledger/export?format=json');
    const bExport = await send('B', 'auditor', 'GET', '/api/ledger/export?format=json');
    const projectsOf = (text: string) => new Set((JSON.parse(text) as Row[]).map((e) => e.projectCode.split('-')[0]));
    expect([...projectsOf(aExport.text)]).toEqual(['BD']);
    expect([...projectsOf(bExport.text)]).toEqual([SECOND_UNIT.code]);
  });

  it("lets ward B work with a matched partner of ward A (R12), who sees and answers the invitation; other partners stay unknown", async () => {
    const candidate = await d.partnerId('HTX Xanh Ba Đình');
    expect((await h.db('match_candidates').where({ project_id: b.approved.id, partner_id: candidate }).first('rank'))?.rank).toBeGreaterThan(0);
    const invited = await postAsB('coordinator', `/api/projects/${b.approved.id}/invitations`, { partnerId: candidate, capability: 'volunteers' });
    expect(invited.status).toBe(200);
    const invitation = invited.body.project.invitations.find((i: Row) => i.partnerId === candidate);
    const seen = await send('A', 'partner', 'GET', `/api/invitations?range=${encodeURIComponent('[0,199]')}`);
    expect(seen.body.map((i: Row) => i.id)).toContain(invitation.id);
    const answered = await send('A', 'partner', 'POST', `/api/invitations/${invitation.id}/response`, { accept: false, reason: 'Không đủ người cho phường bạn' });
    expect(answered.status).toBe(200);
    // A partner of ward A the engine did not match for ward B's project: as unknown as a missing one.
    const unmatched = await postAsB('coordinator', `/api/projects/${b.approved.id}/invitations`, { partnerId: await d.partnerId('Công ty Sách Phương Đông'), capability: 'volunteers' });
    expect([unmatched.status, unmatched.body.error?.code]).toEqual([422, 'unknown_partner']);
  });

  it("delivers ward B's notifications to ward B's people only, even when a policy names a team of ward A", async () => {
    const [toTheirTeam, toOurTeam] = [`scope-test:${randomUUID()}`, `scope-test:${randomUUID()}`];
    await h.db('notifications_outbox').insert([
      { dedupe_key: toTheirTeam, project_id: b.project.id, kind: 'sla_at_risk', recipient_team_code: 'TH-ADM', payload: {} },
      // The default SLA policies are installation-wide and name Ba Đình's teams.
      { dedupe_key: toOurTeam, project_id: b.project.id, kind: 'sla_at_risk', recipient_team_code: 'BD-ADM', payload: {} },
    ]);
    const activities = createNotificationActivities(h.appDb, { ...h.config.notifications, smtpUrl: undefined });
    while ((await activities.deliverNotifications()).claimed > 0);
    const deliveredTo = async (key: string) =>
      (await h.db('notification_deliveries as d').join('notifications_outbox as n', 'n.id', 'd.outbox_id').where('n.dedupe_key', key).join('users as u', 'u.id', 'd.user_id').pluck('u.unit_code')) as string[];
    expect(await deliveredTo(toTheirTeam)).toEqual([SECOND_UNIT.code]);
    expect(await deliveredTo(toOurTeam)).toEqual([]);
    expect(namesB((await send('A', 'coordinator', 'GET', '/api/me/notifications')).body)).toEqual([]);
  });

  it("keeps the public feedback route public for ward B's projects", async () => {
    const res = await h.api().post(`/api/public/projects/${b.project.code}/feedback`).set('Idempotency-Key', randomUUID()).send(VALID_BODIES.FeedbackBody!());
    // No token, no unit: the project is found, and only its feedback window decides.
    expect([202, 409]).toContain(res.status);
  });

  // Every route that names one of ward B's things, both sides: ward A's caller gets 404 before
  // anything happens; ward B's caller with the same role gets past the check (an answer or a rule's refusal).
  const scoped = ROUTES.filter((r) => r.path.includes('/:'));
  it.each(scoped.map((r) => [r.method, r.path] as const))('%s %s: 404 for ward A, past the check for ward B', async (method, path) => {
    const route = scoped.find((r) => r.method === method && r.path === path)!;
    const role = ACCESS[route.permission][0] as Role;
    const idOf = (): string => {
      if (path.startsWith('/api/projects/')) return b.project.id;
      if (path.startsWith('/api/steps/')) return b.project.activeStep.id;
      if (path.startsWith('/api/invitations/')) return b.invitationId;
      if (path.startsWith('/api/ledger/')) return b.ledgerSeq;
      if (path.startsWith('/api/pledges/')) return b.pledgeId;
      if (path.startsWith('/api/users/')) return bIds.userIds.auditor!;
      if (path.startsWith('/api/partners/')) return bIds.partnerId;
      if (path.startsWith('/api/conflicts-of-interest/')) return b.conflictId;
      if (path.startsWith('/api/units/')) return SECOND_UNIT.code;
      if (path.startsWith('/api/public-comments/')) return b.commentId;
      if (path.startsWith('/api/board-members/')) return b.seatId;
      throw new Error(`no ward B thing for ${path}`);
    };
    const url = fillPath(path, (name) => (name === 'id' ? idOf() : name === 'code' ? (path.includes('indicators') ? 'HH' : 'M1') : 'x'));
    const bodyName = BODY_OF[`${method} ${path}`];
    const body = bodyName ? VALID_BODIES[bodyName]!() : undefined;

    const a = await send('A', role, method, url, body);
    expect([a.status, a.body.error?.code]).toEqual([404, 'not_found']);
    const own = await send('B', role, method, url, body);
    expect([`${method} ${path}`, own.status !== 404 && own.status < 500]).toEqual([`${method} ${path}`, true]);
  });
});
