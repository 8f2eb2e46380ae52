import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';

type Row = Record<string, any>;

/** Reference data kept by admins: both sides of the role boundary, bad input, and the audit trail. */
describe('reference-data administration', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const as = async (key: string) => ({ Authorization: `Bearer ${await h.tokenFor(key)}` });
  const send = async (as_: string, method: 'post' | 'patch' | 'delete', path: string, body?: object, key = randomUUID(), lang = 'en') => {
    const req = h.api()[method](path).set(await as(as_)).set('Idempotency-Key', key).set('Accept-Language', lang);
    return body ? req.send(body) : req;
  };
  const trail = async (entity: string, entityId: string) => h.db('admin_changes').where({ entity, entity_id: entityId }).orderBy('id');
  const login = (email: string, password: string) => h.api().post('/api/auth/login').send({ email, password });
  const email = () => `canbo.${randomUUID().slice(0, 8)}@donghanh.vn`;

  it('creates a user with an argon2id hash it never shows, once per Idempotency-Key, and records who did it', async () => {
    const address = email();
    const key = randomUUID();
    const body = { email: address.toUpperCase(), displayName: 'Ngô Văn Bình', role: 'team_lead', teamCode: 'BD-ECO', password: 'Sinh-ke-ben-vung-2026' };
    const created = await send('admin', 'post', '/api/users', body, key);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/users/${created.body.id}`);
    expect(created.body).toEqual({ id: expect.any(String), email: address, displayName: 'Ngô Văn Bình', role: 'team_lead', unitCode: 'BD', teamCode: 'BD-ECO', partnerId: null, active: true, decisionCount: 0 });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|password/i);
    const stored = await h.db('users').where({ id: created.body.id }).first('password_hash', 'updated_by');
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.updated_by).toBe(await h.userId('admin'));
    expect((await login(address, body.password)).status).toBe(200);

    const replay = await send('admin', 'post', '/api/users', body, key);
    expect([replay.status, replay.body.id]).toEqual([201, created.body.id]);
    const rows = await trail('users', created.body.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'create', actor_user_id: await h.userId('admin'), actor_role: 'admin', before: null, after: created.body });
    expect(JSON.stringify(rows[0].after)).not.toMatch(/argon2/);

    // The same email in other letters is taken: 409 naming the field, in the caller's language.
    const again = await send('admin', 'post', '/api/users', { ...body, email: address }, randomUUID(), 'vi');
    expect([again.status, again.body.error.code, Object.keys(again.body.error.fields)]).toEqual([409, 'email_taken', ['email']]);
    expect(again.body.error.message).toMatch(/Email này/);
  });

  it('refuses bad users with the field and the reason, and other roles with 403', async () => {
    const bad = await send('admin', 'post', '/api/users', { email: 'not-an-email', displayName: 'X', role: 'mayor', password: 'short' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['displayName', 'email', 'password', 'role']);
    const partnerWithout = await send('admin', 'post', '/api/users', { email: email(), displayName: 'Đối tác mới', role: 'partner', password: 'Mat-khau-du-dai-2026' });
    expect([partnerWithout.status, Object.keys(partnerWithout.body.error.fields)]).toEqual([400, ['partnerId']]);
    const unknownTeam = await send('admin', 'post', '/api/users', { email: email(), displayName: 'Tổ trưởng', role: 'team_lead', teamCode: 'BD-XXX', password: 'Mat-khau-du-dai-2026' });
    expect([unknownTeam.status, unknownTeam.body.error.code, Object.keys(unknownTeam.body.error.fields)]).toEqual([422, 'unknown_team', ['teamCode']]);
    const unknownPartner = await send('admin', 'post', '/api/users', { email: email(), displayName: 'Đối tác', role: 'partner', partnerId: randomUUID(), password: 'Mat-khau-du-dai-2026' });
    expect([unknownPartner.status, unknownPartner.body.error.code]).toEqual([422, 'unknown_partner']);
    const noKey = await h.api().post('/api/users').set(await as('admin')).send({});
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'idempotency_key_required']);
    for (const role of ['coordinator', 'auditor', 'boardChair', 'partner']) {
      const res = await send(role, 'post', '/api/users', { email: email(), displayName: 'Kẻ lạ', role: 'admin', password: 'Mat-khau-du-dai-2026' });
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect(await h.db('users').where('display_name', 'Kẻ lạ').first()).toBeUndefined();
  });

  it('changes a user: role, team, password, switching off ends the sessions; an admin cannot lock themselves out', async () => {
    const address = email();
    const created = await send('admin', 'post', '/api/users', { email: address, displayName: 'Lý Thị Hoa', role: 'coordinator', password: 'Dieu-phoi-vien-2026' });
    const id = created.body.id;
    const session = await login(address, 'Dieu-phoi-vien-2026');
    expect(session.status).toBe(200);

    const moved = await send('admin', 'patch', `/api/users/${id}`, { role: 'team_lead', teamCode: 'BD-ENV', password: 'Moi-truong-xanh-2026' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id, role: 'team_lead', teamCode: 'BD-ENV' });
    const [, change] = await trail('users', id);
    expect(change).toMatchObject({ action: 'update', actor_role: 'admin', before: { role: 'coordinator', teamCode: null }, after: { role: 'team_lead', teamCode: 'BD-ENV', passwordChanged: true } });
    expect((await login(address, 'Dieu-phoi-vien-2026')).status).toBe(401);
    const fresh = await login(address, 'Moi-truong-xanh-2026');
    expect(fresh.status).toBe(200);
    // The password reset revoked the earlier session's refresh token.
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);

    const noTeam = await send('admin', 'patch', `/api/users/${id}`, { teamCode: null });
    expect([noTeam.status, noTeam.body.error.code, Object.keys(noTeam.body.error.fields)]).toEqual([422, 'team_required', ['teamCode']]);
    const taken = await send('admin', 'patch', `/api/users/${id}`, { email: 'DIEUPHOI@donghanh.vn' });
    expect([taken.status, taken.body.error.code, Object.keys(taken.body.error.fields)]).toEqual([409, 'email_taken', ['email']]);
    expect((await send('admin', 'patch', `/api/users/${id}`, {})).status).toBe(400);
    expect((await send('admin', 'patch', `/api/users/${randomUUID()}`, { active: false })).status).toBe(404);

    const off = await send('admin', 'patch', `/api/users/${id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await login(address, 'Moi-truong-xanh-2026')).status).toBe(401);
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: fresh.body.refreshToken })).status).toBe(401);
    // The access token still names them, but an account switched off reads nothing.
    expect((await h.api().get('/api/steps').set('Authorization', `Bearer ${fresh.body.token}`)).status).toBe(401);

    const adminId = await h.userId('admin');
    const self = await send('admin', 'patch', `/api/users/${adminId}`, { active: false });
    expect([self.status, self.body.error.code, Object.keys(self.body.error.fields)]).toEqual([422, 'own_account', ['active']]);
    expect((await send('coordinator', 'patch', `/api/users/${id}`, { active: true })).status).toBe(403);
    expect(await trail('users', id)).toHaveLength(3);
  });

  it('takes the role and the switch-off into account on the next request, not when the token expires', async () => {
    const address = email();
    const created = await send('admin', 'post', '/api/users', { email: address, displayName: 'Trần Văn Giám', role: 'auditor', password: 'Giam-sat-vien-2026' });
    expect(created.status).toBe(201);
    const session = await login(address, 'Giam-sat-vien-2026');
    const bearer = { Authorization: `Bearer ${session.body.token}` };
    expect((await h.api().get('/api/ledger/verify').set(bearer)).status).toBe(200);
    expect((await h.api().get('/api/projects').set(bearer)).status).toBe(200);

    // Demoted: the token still says auditor, but the account is not one any more.
    expect((await send('admin', 'patch', `/api/users/${created.body.id}`, { role: 'coordinator' })).status).toBe(200);
    for (const path of ['/api/projects', '/api/ledger/verify', '/api/me']) {
      const res = await h.api().get(path).set(bearer);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 401, 'unauthenticated']);
    }
    // The role change ended the sessions too; signing in again gives the new role.
    expect((await h.api().post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
    const again = await login(address, 'Giam-sat-vien-2026');
    expect(again.body.user.role).toBe('coordinator');
    const fresh = { Authorization: `Bearer ${again.body.token}` };
    expect((await h.api().get('/api/projects').set(fresh)).status).toBe(200);
    expect((await h.api().get('/api/ledger/verify').set(fresh)).status).toBe(403);

    // Switched off: even a route that reads nothing else of the person refuses the token.
    const other = email();
    const second = await send('admin', 'post', '/api/users', { email: other, displayName: 'Vũ Thị Kiểm', role: 'auditor', password: 'Kiem-tra-vien-2026' });
    const token = { Authorization: `Bearer ${(await login(other, 'Kiem-tra-vien-2026')).body.token}` };
    expect((await h.api().get('/api/ledger/verify').set(token)).status).toBe(200);
    expect((await send('admin', 'patch', `/api/users/${second.body.id}`, { active: false })).status).toBe(200);
    expect((await h.api().get('/api/ledger/verify').set(token)).status).toBe(401);
  });

  it('answers two identical creates sent at once with the first result, for users and partners', async () => {
    const userKey = randomUUID();
    const userBody = { email: email(), displayName: 'Hồ Thị Song', role: 'coordinator', password: 'Gui-hai-lan-cung-luc' };
    const users = await Promise.all([send('admin', 'post', '/api/users', userBody, userKey), send('admin', 'post', '/api/users', userBody, userKey)]);
    expect(users.map((r) => r.status)).toEqual([201, 201]);
    expect(users[1]!.body.id).toBe(users[0]!.body.id);
    expect(await trail('users', users[0]!.body.id)).toHaveLength(1);

    const partnerKey = randomUUID();
    const partnerBody = { name: `Tổ hợp tác Song song ${randomUUID().slice(0, 6)}`, kind: 'coop' };
    const partners = await Promise.all([send('admin', 'post', '/api/partners', partnerBody, partnerKey), send('admin', 'post', '/api/partners', partnerBody, partnerKey)]);
    expect(partners.map((r) => r.status)).toEqual([201, 201]);
    expect(partners[1]!.body.id).toBe(partners[0]!.body.id);
    expect(await h.db('partners').where({ name: partnerBody.name })).toHaveLength(1);
  });

  it('registers and changes partners; names are unique in a unit; a partner sees only itself', async () => {
    const name = `Hợp tác xã Rau sạch ${randomUUID().slice(0, 6)}`;
    const created = await send('admin', 'post', '/api/partners', { name, kind: 'coop', capabilities: ['green_livelihood', 'volunteers'], contactEmail: 'RAUSACH@example.vn' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, kind: 'coop', unitCode: 'BD', capabilities: ['green_livelihood', 'volunteers'], contactEmail: 'rausach@example.vn' });
    const dup = await send('admin', 'post', '/api/partners', { name: name.toUpperCase(), kind: 'business' });
    expect([dup.status, dup.body.error.code, Object.keys(dup.body.error.fields)]).toEqual([409, 'partner_name_taken', ['name']]);
    const badKind = await send('admin', 'post', '/api/partners', { name: 'Ai đó', kind: 'pirate', capabilities: ['magic'] });
    expect([badKind.status, Object.keys(badKind.body.error.fields).sort()]).toEqual([400, ['capabilities.0', 'kind']]);

    const changed = await send('admin', 'patch', `/api/partners/${created.body.id}`, { capabilities: ['green_livelihood', 'training'] });
    expect(changed.body.capabilities).toEqual(['green_livelihood', 'training']);
    const rows = await trail('partners', created.body.id);
    expect(rows.map((r: Row) => r.action)).toEqual(['create', 'update']);
    expect(rows[1].before.capabilities).toEqual(['green_livelihood', 'volunteers']);
    expect(rows[1].after.capabilities).toEqual(['green_livelihood', 'training']);
    expect((await send('coordinator', 'patch', `/api/partners/${created.body.id}`, { kind: 'business' })).status).toBe(403);
    expect((await h.api().get(`/api/partners/${created.body.id}`).set(await as('partner'))).status).toBe(404);
    expect((await h.api().get(`/api/partners/${created.body.id}`).set(await as('teamLead'))).body.name).toBe(name);
  });

  it('lets a board member declare and withdraw only their own conflicts; an admin anyone\'s', async () => {
    const businessId = await h.userId('boardBusiness');
    const partnerId = await d.partnerId('Công ty Sách Phương Đông');
    const declared = await send('boardBusiness', 'post', '/api/conflicts-of-interest', { partnerId, reason: 'Tôi là cổ đông của công ty' });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ userId: businessId, partnerId, partnerName: 'Công ty Sách Phương Đông', projectId: null, declaredBy: businessId });
    const twice = await send('boardBusiness', 'post', '/api/conflicts-of-interest', { partnerId, reason: 'Lần nữa' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'conflict_declared']);
    const forOther = await send('boardBusiness', 'post', '/api/conflicts-of-interest', { userId: await h.userId('boardChair'), partnerId, reason: 'Thay anh ấy' });
    expect([forOther.status, Object.keys(forOther.body.error.fields)]).toEqual([403, ['userId']]);
    const both = await send('boardBusiness', 'post', '/api/conflicts-of-interest', { partnerId, projectId: randomUUID(), reason: 'Cả hai' });
    expect([both.status, Object.keys(both.body.error.fields)]).toEqual([400, ['projectId']]);
    const unknown = await send('boardBusiness', 'post', '/api/conflicts-of-interest', { projectId: randomUUID(), reason: 'Không có' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_project']);
    expect((await send('auditor', 'post', '/api/conflicts-of-interest', { partnerId, reason: 'Giám sát' })).status).toBe(403);

    const listed = await h.api().get('/api/conflicts-of-interest').query({ filter: JSON.stringify({ userId: businessId }) }).set(await as('auditor'));
    expect(listed.body.map((c: Row) => c.id)).toContain(declared.body.id);
    expect((await send('boardChair', 'delete', `/api/conflicts-of-interest/${declared.body.id}`)).status).toBe(403);
    const key = randomUUID();
    expect((await send('boardBusiness', 'delete', `/api/conflicts-of-interest/${declared.body.id}`, undefined, key)).status).toBe(204);
    expect((await send('boardBusiness', 'delete', `/api/conflicts-of-interest/${declared.body.id}`, undefined, key)).status).toBe(204);
    expect((await send('boardBusiness', 'delete', `/api/conflicts-of-interest/${declared.body.id}`)).status).toBe(404);
    const rows = await trail('conflicts_of_interest', String(declared.body.id));
    expect(rows.map((r: Row) => [r.action, r.actor_role, r.after === null])).toEqual([
      ['create', 'board_member', false],
      ['delete', 'board_member', true],
    ]);
    expect(rows[1].before).toMatchObject({ reason: 'Tôi là cổ đông của công ty' });

    const byAdmin = await send('admin', 'post', '/api/conflicts-of-interest', { userId: await h.userId('boardResidents'), partnerId, reason: 'Khai thay theo biên bản họp' });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.declaredBy).toBe(await h.userId('admin'));
    // What an admin recorded against a member stays until an admin withdraws it (R21).
    const withdrawByMember = await send('boardResidents', 'delete', `/api/conflicts-of-interest/${byAdmin.body.id}`, undefined, randomUUID(), 'vi');
    expect([withdrawByMember.status, withdrawByMember.body.error.code]).toEqual([403, 'forbidden']);
    expect(withdrawByMember.body.error.message).toMatch(/quản trị viên/);
    expect(await h.db('conflicts_of_interest').where({ id: byAdmin.body.id }).first('id')).toBeDefined();
    expect((await send('admin', 'delete', `/api/conflicts-of-interest/${byAdmin.body.id}`)).status).toBe(204);
  });

  it('appends SLA policy and quorum rule versions, never editing one in place', async () => {
    const before = await h.api().get('/api/sla-policies').query({ filter: JSON.stringify({ stepType: 'screening' }), sort: JSON.stringify(['version', 'DESC']) }).set(await as('coordinator'));
    const latest = before.body[0];
    // In force from 2099: the steps other tests open meanwhile keep today's policy.
    const body = { stepType: 'screening', responsibleTeamCode: 'BD-ADM', durationValue: 4, durationUnit: 'working_days', atRiskRatio: 0.5, escalationLadder: [{ level: 1, role: 'team_lead', after: 0 }], activeFrom: '2099-01-01T00:00:00+07:00' };
    const appended = await send('admin', 'post', '/api/sla-policies', body);
    expect(appended.status).toBe(201);
    expect(appended.body).toMatchObject({ id: `screening:${latest.version + 1}`, version: latest.version + 1, durationValue: 4, current: false, createdBy: await h.userId('admin') });
    const after = await h.api().get('/api/sla-policies').query({ filter: JSON.stringify({ stepType: 'screening' }), range: '[0,99]' }).set(await as('coordinator'));
    expect(after.body.find((p: Row) => p.version === latest.version)).toEqual(latest);
    expect(after.body.filter((p: Row) => p.current).map((p: Row) => p.version)).toEqual([latest.version]);
    const badLadder = await send('admin', 'post', '/api/sla-policies', { ...body, atRiskRatio: 1.5, escalationLadder: [{ level: 2, role: 'board_chair', after: 0 }, { level: 1, role: 'team_lead', after: 0 }] });
    expect([badLadder.status, Object.keys(badLadder.body.error.fields).sort()]).toEqual([400, ['atRiskRatio', 'escalationLadder']]);
    const unknownTeam = await send('admin', 'post', '/api/sla-policies', { ...body, responsibleTeamCode: 'BD-XXX' });
    expect([unknownTeam.status, Object.keys(unknownTeam.body.error.fields)]).toEqual([422, ['responsibleTeamCode']]);
    expect((await send('coordinator', 'post', '/api/sla-policies', body)).status).toBe(403);

    const rule = await send('admin', 'post', '/api/quorum-rules', { minVoters: 3, majority: 'two_thirds', requireNonGovernment: true, abstentionsCountAsPresent: false, activeFrom: '2099-01-01T00:00:00+07:00' });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ minVoters: 3, majority: 'two_thirds', current: false });
    const rules = await h.api().get('/api/quorum-rules').set(await as('boardChair'));
    expect(rules.body[0].version).toBe(rule.body.version);
    expect(rules.body.filter((r: Row) => r.current)).toHaveLength(1);
    const badRule = await send('admin', 'post', '/api/quorum-rules', { minVoters: 0, majority: 'most' });
    expect(Object.keys(badRule.body.error.fields).sort()).toEqual(['abstentionsCountAsPresent', 'majority', 'minVoters', 'requireNonGovernment']);
    const trailRows = await h.api().get('/api/admin-changes').query({ filter: JSON.stringify({ entity: 'quorum_rules', entityId: String(rule.body.version) }) }).set(await as('auditor'));
    expect(trailRows.body).toEqual([expect.objectContaining({ action: 'create', actorRole: 'admin', actorUserId: await h.userId('admin'), before: null, after: expect.objectContaining({ version: rule.body.version }) })]);
  });

  it('seats a board member with an Idempotency-Key, refuses a bad seat with the field, and only an admin may seat or end one', async () => {
    const created = await send('admin', 'post', '/api/users', { email: email(), displayName: 'Hoàng Thị Mai', role: 'board_member', password: 'Ban-dieu-phoi-2026' });
    const userId = created.body.id as string;
    const boardId = (await h.db('boards').where({ unit_code: 'BD' }).first('id')).id as string;
    const seatId = `${boardId}:${userId}`;
    // A seat already over (other tests share this ward's open votes; test/workflow/decider-review.test.ts ends a held one).
    const seat = { userId, seat: 'mass_org', isChair: false, since: '2026-01-05', until: '2026-01-10' };

    // The other side of the boundary: nobody but an admin seats or ends a member.
    for (const role of ['coordinator', 'boardChair', 'auditor', 'cultureLead']) {
      expect([role, (await send(role, 'post', '/api/board-members', seat)).status]).toEqual([role, 403]);
      expect([role, (await send(role, 'patch', `/api/board-members/${encodeURIComponent(seatId)}`, { until: '2026-01-09', reason: 'Thôi giữ ghế' })).status]).toEqual([role, 403]);
    }
    const bad = await send('admin', 'post', '/api/board-members', { userId: 'x', seat: 'mayor', since: '2026-02-31' });
    expect([bad.status, Object.keys(bad.body.error.fields).sort()]).toEqual([400, ['seat', 'since', 'userId']]);
    const backwards = await send('admin', 'post', '/api/board-members', { ...seat, until: '2026-01-01' });
    expect([backwards.status, Object.keys(backwards.body.error.fields)]).toEqual([400, ['until']]);
    const notMember = await send('admin', 'post', '/api/board-members', { ...seat, userId: await h.userId('coordinator') }, randomUUID(), 'vi');
    expect([notMember.status, notMember.body.error.code, Object.keys(notMember.body.error.fields)]).toEqual([422, 'member_not_in_unit', ['userId']]);
    expect(notMember.body.error.message).toMatch(/Ban điều phối/);
    const future = await send('admin', 'post', '/api/board-members', { ...seat, since: '2099-01-01', until: null });
    expect([future.status, future.body.error.code, Object.keys(future.body.error.fields)]).toEqual([422, 'since_in_future', ['since']]);
    const secondChair = await send('admin', 'post', '/api/board-members', { ...seat, isChair: true, until: null });
    expect([secondChair.status, secondChair.body.error.code, Object.keys(secondChair.body.error.fields)]).toEqual([409, 'chair_taken', ['isChair']]);
    expect(await h.db('board_members').where({ user_id: userId }).first()).toBeUndefined();

    const key = randomUUID();
    const seated = await send('admin', 'post', '/api/board-members', seat, key);
    expect(seated.status).toBe(201);
    expect(seated.headers.location).toBe(`/api/board-members/${encodeURIComponent(seatId)}`);
    expect(seated.body).toEqual({ id: seatId, boardId, userId, displayName: 'Hoàng Thị Mai', seat: 'mass_org', isChair: false, since: '2026-01-05', until: '2026-01-10', current: false });
    const replay = await send('admin', 'post', '/api/board-members', seat, key);
    expect([replay.status, replay.body.id]).toEqual([201, seatId]);
    const listed = await h.api().get('/api/board-members').query({ filter: JSON.stringify({ current: false }), range: '[0,199]' }).set(await as('auditor'));
    expect(listed.body.map((m: Row) => m.id)).toContain(seatId);

    // A seat that is over cannot end again; a seat of no board is not found.
    const over = await send('admin', 'patch', `/api/board-members/${encodeURIComponent(seatId)}`, { until: '2026-01-09', reason: 'Thôi giữ ghế' });
    expect([over.status, over.body.error.code, Object.keys(over.body.error.fields)]).toEqual([409, 'seat_ended', ['until']]);
    const noReason = await send('admin', 'patch', `/api/board-members/${encodeURIComponent(seatId)}`, { until: '2026-01-09' });
    expect([noReason.status, Object.keys(noReason.body.error.fields)]).toEqual([400, ['reason']]);
    expect((await send('admin', 'patch', `/api/board-members/${encodeURIComponent(`${randomUUID()}:${userId}`)}`, { until: '2026-01-09', reason: 'Thôi giữ ghế' })).status).toBe(404);

    const rows = await trail('board_members', seatId);
    expect(rows.map((r: Row) => [r.action, r.actor_role, r.before])).toEqual([['create', 'admin', null]]);
    expect(rows[0].after).toEqual(seated.body);
    // The change queued a review of the unit's open steps, tied to its audit row.
    expect(await h.db('eligibility_reviews').where({ entity: 'board_members', entity_id: seatId }).select('unit_code', 'admin_change_id')).toEqual([{ unit_code: 'BD', admin_change_id: rows[0].id }]);
    const shown = await h.api().get('/api/admin-changes').query({ filter: JSON.stringify({ entity: 'board_members', entityId: seatId }) }).set(await as('auditor'));
    expect(shown.body.map((r: Row) => r.id)).toEqual([rows[0].id]);
  });

  it('keeps the trail append-only: the database refuses to edit or delete it', async () => {
    const [row] = await h.db('admin_changes').orderBy('id', 'desc').limit(1);
    expect(row).toBeDefined();
    await expect(h.db('admin_changes').where({ id: row.id }).update({ actor_role: 'auditor' })).rejects.toThrow(/append-only/);
    await expect(h.db('admin_changes').where({ id: row.id }).delete()).rejects.toThrow(/append-only/);
    expect((await h.api().get('/api/admin-changes').set(await as('coordinator'))).status).toBe(403);
  });
});
