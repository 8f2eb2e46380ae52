import { randomUUID } from 'node:crypto';
import { scratchDatabase, sampleProposal, startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';

type Res = { status: number; body: any };

/**
 * Issue 11, defect 4: an Idempotency-Key is bound to the request it was first used for (method, route
 * with its parameters, body). Sent again for anything else it is refused with 422
 * idempotency_key_reused and nothing is done; sent again for the same request it answers the first result.
 */
describe('idempotency keys are bound to what they were used for', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    // A database of its own: the feedback window must stay open, whatever policies other tests add.
    h = await startHarness({ databaseUrl: await scratchDatabase('idem') });
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const send = async (as: string | null, method: 'post' | 'patch' | 'delete', path: string, body: object | undefined, key: string, lang = 'en') => {
    let req = h.api()[method](path).set('Idempotency-Key', key).set('Accept-Language', lang);
    if (as) req = req.set('Authorization', `Bearer ${await h.tokenFor(as)}`);
    return (body ? req.send(body) : req) as unknown as Promise<Res>;
  };
  const decide = (as: string, stepId: string, body: object, key: string, lang = 'en') => send(as, 'post', `/api/steps/${encodeURIComponent(stepId)}/decisions`, body, key, lang);
  const ledgerRowsFor = async (stepId: string) => h.db('decision_ledger').where({ step_id: stepId });
  const expectReused = (res: Res) => {
    expect([res.status, res.body.error?.code]).toEqual([422, 'idempotency_key_reused']);
    expect(res.body.error.message).toMatch(/Idempotency-Key/);
  };

  it('refuses a key reused for a decision on another step of the project, and records nothing for it', async () => {
    const created = await d.propose();
    const key = randomUUID();
    // The other coordinator screens (no one screens their own proposal) and returns it.
    const returned = await decide('coordinator2', created.activeStep.id, { choice: 'return', rationale: 'Bổ sung dự toán chi tiết' }, key);
    expect(returned.status).toBe(200);
    const resubmission = returned.body.project.activeStep;
    expect(resubmission.type).toBe('resubmission');
    expect((await decide('coordinator', resubmission.id, { choice: 'resubmit' }, randomUUID())).status).toBe(200);
    const again = d.openStep(await until('the second screening to open', () => d.detail(created.id), (p) => Boolean(d.openStep(p, 'screening'))), 'screening')!;
    expect(again.id).not.toBe(created.activeStep.id);

    // The same coordinator screens the second round with the key of her first decision.
    const reused = await decide('coordinator2', again.id, { choice: 'accept' }, key, 'vi');
    expectReused(reused);
    expect(reused.body.error.message).toMatch(/đã dùng/);
    expect(await ledgerRowsFor(again.id)).toHaveLength(0);
    expect((await h.db('steps').where({ id: again.id }).first('status')).status).toBe('active');

    // A fresh key does what was asked.
    const accepted = await decide('coordinator2', again.id, { choice: 'accept' }, randomUUID());
    expect(accepted.status).toBe(200);
    expect(await ledgerRowsFor(again.id)).toHaveLength(1);
  });

  it('refuses the same key with another body; the same body again answers the first result, recorded once', async () => {
    const created = await d.propose();
    const stepId = created.activeStep.id;
    const key = randomUUID();
    const body = { choice: 'accept', rationale: 'Đủ hồ sơ', evidence: ['https://example.org/ho-so/1'] };
    const first = await decide('coordinator2', stepId, body, key);
    expect(first.status).toBe(200);
    expect(first.body.project.activeStep.type).toBe('board_review');

    expectReused(await decide('coordinator2', stepId, { choice: 'accept', rationale: 'Đủ hồ sơ' }, key));
    expectReused(await decide('coordinator2', stepId, { choice: 'reject', rationale: 'Đổi ý' }, key));

    // The same request sent again, twice at once (with the keys in another order of fields).
    const retries = await Promise.all([decide('coordinator2', stepId, body, key), decide('coordinator2', stepId, { evidence: body.evidence, rationale: body.rationale, choice: 'accept' }, key)]);
    expect(retries.map((r) => r.status)).toEqual([200, 200]);
    for (const retry of retries) expect(retry.body.project.steps.find((s: { id: string }) => s.id === stepId).outcome).toBe('accept');
    const rows = await ledgerRowsFor(stepId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ choice: 'accept', rationale: 'Đủ hồ sơ' });
  });

  it('refuses a project creation that reuses a key with another body, and starts nothing', async () => {
    const key = randomUUID();
    const first = await send('coordinator', 'post', '/api/projects', sampleProposal(), key);
    expect(first.status).toBe(201);
    const title = `Dự án khác ${randomUUID().slice(0, 8)}`;
    expectReused(await send('coordinator', 'post', '/api/projects', sampleProposal({ title }), key));
    expect(await h.db('projects').where({ title })).toHaveLength(0);
    expect(await h.db('project_code_reservations').where({ idempotency_key: key })).toHaveLength(1);

    const again = await send('coordinator', 'post', '/api/projects', sampleProposal(), key);
    expect([again.status, again.body.id, again.body.code]).toEqual([201, first.body.id, first.body.code]);
    // Another person's key is theirs alone.
    expect((await send('teamLead', 'post', '/api/projects', sampleProposal({ title }), key)).status).toBe(201);
  });

  it('refuses a key used on POST /users when it comes again on POST /partners, and creates no partner', async () => {
    const key = randomUUID();
    const user = await send('admin', 'post', '/api/users', { email: `idem.${randomUUID().slice(0, 8)}@donghanh.vn`, displayName: 'Phan Văn Khóa', role: 'coordinator', password: 'Mot-khoa-mot-viec-2026' }, key);
    expect(user.status).toBe(201);
    const name = `HTX Khóa trùng ${randomUUID().slice(0, 6)}`;
    expectReused(await send('admin', 'post', '/api/partners', { name, kind: 'coop' }, key));
    expect(await h.db('partners').where({ name })).toHaveLength(0);
    expect(await h.db('admin_changes').where({ idempotency_key: key })).toHaveLength(1);

    // The same key on a PATCH of that user is refused too.
    expectReused(await send('admin', 'patch', `/api/users/${user.body.id}`, { displayName: 'Tên khác' }, key));
    expect((await h.db('users').where({ id: user.body.id }).first('display_name')).display_name).toBe('Phan Văn Khóa');
  });

  /** A project at funding, with a plan of 80,000,000 VND and its venue committed. */
  async function atFunding() {
    const approved = await d.approved({ requiredCapabilities: ['venue'] });
    const funding = await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    expect(funding.stage).toBe('funding');
    const plan = await d.command('cultureLead', approved.id, 'plan', {
      lines: [{ label: 'Cải tạo phòng đọc', amountVnd: 80_000_000 }],
      milestones: [{ code: 'M1', title: 'Phòng đọc cải tạo xong', ownerTeamCode: 'BD-CUL', dueDate: inDays(30) }],
    });
    expect(plan.status).toBe(200);
    return approved as { id: string; code: string };
  }

  it('binds the keys of stage commands to their route and body: another amount pledges nothing', async () => {
    const { id } = await atFunding();
    const pledgeKey = randomUUID();
    const pledge = (amountVnd: number, key = pledgeKey) => send('coordinator', 'post', `/api/projects/${id}/pledges`, { source: 'community', amountVnd }, key);
    expect((await pledge(50_000_000)).status).toBe(200);
    expectReused(await pledge(30_000_000));
    const replay = await pledge(50_000_000);
    expect([replay.status, replay.body.project.pledgedVnd]).toEqual([200, 50_000_000]);
    expect(await h.db('pledges').where({ project_id: id })).toHaveLength(1);
    // The same key on another stage route of the project is refused as well.
    expectReused(await send('coordinator', 'post', `/api/projects/${id}/invitations`, { partnerId: await d.partnerId('HTX Xanh Ba Đình'), capability: 'volunteers' }, pledgeKey));
    expect((await pledge(30_000_000, randomUUID())).status).toBe(200);
    expect(await h.db('pledges').where({ project_id: id })).toHaveLength(2);
  });

  it('binds a public feedback key (the client address) to its body: another rating under it counts nothing', async () => {
    const { id, code } = await atFunding();
    expect((await d.command('coordinator', id, 'pledges', { source: 'community', amountVnd: 80_000_000 })).status).toBe(200);
    const fundingStep = d.openStep(await d.detail(id), 'funding_approval')!;
    expect((await d.decide('cultureLead', fundingStep.id, { choice: 'approve' })).status).toBe(200);
    const executed = await d.command('cultureLead', id, 'milestones/M1/completion', { evidence: ['https://example.org/anh-phong-doc.jpg'] });
    expect(executed.body.project.stage).toBe('impact_evaluation');

    const feedbackKey = `fb-${randomUUID()}`;
    const feedback = (body: object) => send(null, 'post', `/api/public/projects/${code}/feedback`, body, feedbackKey);
    expect((await feedback({ rating: 5, comment: 'Các cháu rất thích' })).status).toBe(202);
    expectReused(await feedback({ rating: 1, comment: 'Không thích' }));
    expect((await feedback({ rating: 5, comment: 'Các cháu rất thích' })).status).toBe(202);
    const stored = await h.db('feedback').where({ project_id: id });
    expect(stored.map((f) => f.rating)).toEqual([5]);
  });
});
