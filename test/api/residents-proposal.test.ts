import { randomUUID } from 'node:crypto';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';

/** A residents' proposal from the portal (name and phone, no account) reaches screening, marked as theirs. */
describe("residents' proposal from the portal", () => {
  let h: Harness;
  const body = {
    title: 'Sân chơi cho trẻ em tổ 9',
    summary: 'Cải tạo bãi đất trống cạnh chợ thành sân chơi an toàn cho trẻ em.',
    category: 'public_space',
    leadTeamCode: 'BD-CUL',
    requestedBudgetVnd: 50_000_000,
    beneficiaries: { who: 'Trẻ em tổ 9 và tổ 10', count: 120 },
    name: 'Nhóm cư dân tổ 9 (bà Vương Thị Hoa)',
    phone: '0912 345 678',
  };
  const send = (b: object, key = randomUUID()) => h.api().post('/api/public/proposals').set('Idempotency-Key', key).set('Accept-Language', 'vi').send(b);

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('residents') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('enters screening marked as a residents\' proposal; the contact stays with the staff; a retry starts nothing twice', async () => {
    const key = randomUUID();
    const res = await send(body, key);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: expect.stringMatching(/^BD-\d{4}-\d+$/), stage: 'proposal' });
    const retry = await send(body, key);
    expect(retry.body.code).toBe(res.body.code);
    expect((await h.db('projects').where({ title: body.title })).length).toBe(1);

    const row = await h.db('projects').where({ code: res.body.code }).first();
    expect(row).toMatchObject({ origin: 'residents', stage: 'proposal', proposer_name: body.name, lead_team_code: 'BD-CUL', beneficiaries_count: 120 });
    expect(await h.db('resident_proposals').where({ project_id: row.id }).first('contact_name', 'contact_phone')).toEqual({ contact_name: body.name, contact_phone: '0912345678' });
    // The portal account proposes; it cannot sign in.
    expect(await h.db('users').where({ id: row.proposer_user_id }).first('active', 'role')).toEqual({ active: false, role: 'coordinator' });

    // The coordinator screens it like any other proposal.
    const d = lifecycleDriver(h);
    const inside = await d.detail(row.id);
    const screening = d.openStep(inside, 'screening');
    expect(screening).toBeDefined();
    const accepted = await d.decide('coordinator', screening!.id, { choice: 'accept', rationale: 'Nhu cầu chính đáng của cư dân' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.project.activeStep.type).toBe('board_review');

    // On the portal: marked as residents', nobody's name or phone.
    const pub = await h.api().get(`/api/public/projects/${res.body.code}`);
    expect(pub.body.project).toMatchObject({ origin: 'residents', beneficiariesCount: 120 });
    expect(JSON.stringify(pub.body)).not.toContain('Vương Thị Hoa');
    expect(JSON.stringify(pub.body)).not.toContain('0912');
  });

  it("returned for changes, it is resubmitted by a coordinator on the residents' behalf, who are to be called back", async () => {
    const res = await send({ ...body, title: 'Đèn chiếu sáng ngõ 3 tổ 9' });
    expect(res.status).toBe(201);
    const row = await h.db('projects').where({ code: res.body.code }).first('id');
    const d = lifecycleDriver(h);
    const screening = d.openStep(await d.detail(row.id), 'screening')!;
    const returned = await d.decide('coordinator', screening.id, { choice: 'return', rationale: 'Bổ sung vị trí các cột đèn và số hộ trong ngõ' });
    expect(returned.status).toBe(200);
    const resubmission = d.openStep(returned.body.project, 'resubmission')!;
    expect(resubmission).toBeDefined();
    // Nobody signs in as the residents: the unit's coordinators act for them (recorded as coordinators).
    const step = await h.db('steps').where({ id: resubmission.id }).first('eligible_user_ids', 'deciding_role', 'assignee_user_id');
    const coordinators = [await h.userId('coordinator'), await h.userId('coordinator2')];
    expect([...step.eligible_user_ids].sort()).toEqual([...coordinators].sort());
    expect(step.deciding_role).toBe('coordinator');
    expect(coordinators).toContain(step.assignee_user_id);
    // The residents are to be told by phone: the coordinators get the contact (staff only).
    const call = await h.db('notifications_outbox').where({ step_id: resubmission.id, kind: 'resident_call_due' }).first('recipient_role', 'payload');
    expect(call).toMatchObject({ recipient_role: 'coordinator', payload: { contactPhone: '0912345678', type: 'resubmission' } });
    expect((await d.decide('teamLead', resubmission.id, { choice: 'resubmit' })).status).toBe(403);
    const resubmitted = await d.decide('coordinator2', resubmission.id, { choice: 'resubmit', rationale: 'Cư dân bổ sung qua điện thoại: 12 cột đèn, 46 hộ', proposal: { requestedBudgetVnd: 55_000_000 } });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.project.activeStep.type).toBe('screening');
    const entry = resubmitted.body.project.decisions.at(-1);
    expect(entry).toMatchObject({ choice: 'resubmit', actorRole: 'coordinator', stepType: 'resubmission' });
    // Still the residents' proposal on the portal, without anyone's name.
    const pub = await h.api().get(`/api/public/projects/${res.body.code}`);
    expect(pub.body.project).toMatchObject({ origin: 'residents', requestedBudgetVnd: 55_000_000 });
  });

  it('refuses a bad phone, an unknown team and a robot, each at its field', async () => {
    const phone = await send({ ...body, phone: '12345' });
    expect([phone.status, Object.keys(phone.body.error.fields)]).toEqual([400, ['phone']]);
    const team = await send({ ...body, leadTeamCode: 'XX-NONE' });
    expect([team.status, team.body.error.code, Object.keys(team.body.error.fields)]).toEqual([422, 'unknown_team', ['leadTeamCode']]);
    expect(team.body.error.message).toBe('Hãy chọn một tổ của phường.');
    const robot = await send({ ...body, website: 'http://spam.example' });
    expect([robot.status, robot.body.error.code]).toEqual([422, 'spam_refused']);
    expect((await h.db('projects').where({ title: body.title })).length).toBe(1);
  });
});
