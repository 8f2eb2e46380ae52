import { randomUUID } from 'node:crypto';
import { buildWorkingCalendar, addWorkingDays } from '../../domain/calendar';
import { startHarness, sampleProposal, type Harness } from '../support/harness';
import { recordHistory } from '../support/histories';

/** The foundation's vertical slice, through the real API, real Temporal and real PostgreSQL. */
describe('first slice: propose, screen, decide, read, verify', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const ledgerRowsFor = (stepId: string) => h.db('decision_ledger').where({ step_id: stepId }).count<{ count: string }[]>({ count: '*' }).then((r) => Number(r[0]!.count));

  async function propose(key = randomUUID(), as = 'coordinator') {
    return h
      .api()
      .post('/api/projects')
      .set('Authorization', `Bearer ${await h.tokenFor(as)}`)
      .set('Idempotency-Key', key)
      .send(sampleProposal());
  }

  it('creates a project whose workflow opens a screening step with a working-day deadline', async () => {
    const res = await propose();
    expect(res.status).toBe(201);
    expect(res.body.stage).toBe('proposal');
    expect(res.body.code).toMatch(/^BD-\d{4}-\d{4}$/);
    expect(res.body.workflowId).toBe(`project-${res.body.code}`);
    const step = res.body.activeStep;
    expect(step.type).toBe('screening');
    expect(step.decidingRole).toBe('coordinator');
    expect(step.slaStatus).toBe('on_track');
    // Policy v1: 5 working days from the day it opened, ending 17:00 Vietnam time.
    const opened = new Date(res.body.steps[0].openedAt);
    const calendar = buildWorkingCalendar({ fromYear: opened.getUTCFullYear() - 1, toYear: opened.getUTCFullYear() + 1 });
    expect(step.dueAt).toBe(addWorkingDays(calendar, opened, 5).toISOString());
    expect(res.body.steps[0].policyVersion).toBe(1);

    const described = await h.client.workflow.getHandle(res.body.workflowId).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.searchAttributes.ProjectStage).toEqual(['proposal']);
    expect(described.searchAttributes.UnitCode).toEqual(['BD']);
  });

  it('gives one project for the same Idempotency-Key sent twice', async () => {
    const key = randomUUID();
    const first = await propose(key);
    const second = await propose(key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.code).toBe(first.body.code);
    const count = await h.db('projects').where({ id: first.body.id }).count<{ count: string }[]>({ count: '*' });
    expect(Number(count[0]!.count)).toBe(1);
  });

  it('refuses a proposal with bad fields, naming each one, and starts nothing', async () => {
    const before = await h.db('projects').count<{ count: string }[]>({ count: '*' });
    const res = await h
      .api()
      .post('/api/projects')
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)
      .set('Idempotency-Key', randomUUID())
      .set('Accept-Language', 'vi')
      .send({ title: 'x', summary: 'short', category: 'space', leadTeamCode: 'BD-CUL', requestedBudgetVnd: -5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toMatch(/không hợp lệ/);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['category', 'requestedBudgetVnd', 'summary', 'title']);
    const after = await h.db('projects').count<{ count: string }[]>({ count: '*' });
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  it('refuses a command without an Idempotency-Key', async () => {
    const res = await h.api().post('/api/projects').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`).send(sampleProposal());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('idempotency_key_required');
  });

  it('runs a decision as a Temporal Update: refused ones leave no trace, the same key twice decides once', async () => {
    // Proposed by a team lead: the coordinator screens it (no one screens their own proposal).
    const created = await propose(randomUUID(), 'teamLead');
    const stepId: string = created.body.activeStep.id;
    const decide = async (as: string, body: object, key = randomUUID(), lang = 'en') =>
      h
        .api()
        .post(`/api/steps/${encodeURIComponent(stepId)}/decisions`)
        .set('Authorization', `Bearer ${await h.tokenFor(as)}`)
        .set('Idempotency-Key', key)
        .set('Accept-Language', lang)
        .send(body);

    // The route refuses roles that never decide; the engine refuses the wrong decider for this step.
    expect((await decide('auditor', { choice: 'accept' })).status).toBe(403);
    const wrongDecider = await decide('teamLead', { choice: 'accept' });
    expect(wrongDecider.status).toBe(403);
    expect(wrongDecider.body.error.code).toBe('NotEligible');
    // The validator refuses a rejection without a rationale: 422 naming the field, nothing recorded.
    const noRationale = await decide('coordinator', { choice: 'reject' }, randomUUID(), 'vi');
    expect(noRationale.status).toBe(422);
    expect(noRationale.body.error.code).toBe('RationaleRequired');
    expect(noRationale.body.error.fields.rationale).toMatch(/lý do/);
    const notAChoice = await decide('coordinator', { choice: 'approve' });
    expect(notAChoice.status).toBe(422);
    expect(notAChoice.body.error.code).toBe('ChoiceNotAllowed');
    expect(await ledgerRowsFor(stepId)).toBe(0);

    const key = randomUUID();
    const acceptance = { choice: 'accept', rationale: 'Đủ hồ sơ, phù hợp kế hoạch phường', evidence: ['https://example.org/ho-so/7'] };
    const accepted = await decide('coordinator', acceptance, key);
    expect(accepted.status).toBe(200);
    // Read-your-write: the answer already shows the next step and the ledger entry.
    expect(accepted.body.project.activeStep.type).toBe('board_review');
    expect(accepted.body.project.steps.find((s: { id: string }) => s.id === stepId).outcome).toBe('accept');
    expect(accepted.body.project.decisions).toHaveLength(1);
    expect(accepted.body.project.decisions[0]).toMatchObject({ choice: 'accept', actorRole: 'coordinator', actorName: 'Nguyễn Thu Hà', evidence: ['https://example.org/ho-so/7'] });

    // A retry sends the same request again (another body under the key is refused: test/api/idempotency.test.ts).
    const replay = await decide('coordinator', acceptance, key);
    expect(replay.status).toBe(200);
    expect(await ledgerRowsFor(stepId)).toBe(1);

    const late = await decide('coordinator', { choice: 'reject', rationale: 'đổi ý' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('StepNotActive');
    expect(await ledgerRowsFor(stepId)).toBe(1);

    const read = await h.api().get(`/api/projects/${created.body.id}`).set('Authorization', `Bearer ${await h.tokenFor('boardChair')}`);
    expect(read.status).toBe(200);
    expect(read.body.stage).toBe('proposal');
    expect(read.body.activeStep).toMatchObject({ type: 'board_review', decidingRole: 'board_member' });

    const verify = await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await h.tokenFor('auditor')}`);
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBeGreaterThanOrEqual(1);
  });

  it('lists projects for react-admin with Content-Range, sorted and filtered from an allow-list', async () => {
    await propose();
    const token = await h.tokenFor('auditor');
    const res = await h.api().get('/api/projects').query({ sort: JSON.stringify(['createdAt', 'DESC']), range: JSON.stringify([0, 4]), filter: JSON.stringify({ stage: 'proposal' }) }).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toMatch(/^projects 0-\d+\/\d+$/);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((p: { stage: string }) => p.stage === 'proposal')).toBe(true);
    const badSort = await h.api().get('/api/projects').query({ sort: JSON.stringify(['password_hash', 'ASC']) }).set('Authorization', `Bearer ${token}`);
    expect(badSort.status).toBe(400);
    expect(badSort.body.error.fields.sort).toBeDefined();
  });

  it('rejects a project with a rationale and closes its workflow', async () => {
    const created = await propose(randomUUID(), 'teamLead');
    const res = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(created.body.activeStep.id)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)
      .set('Idempotency-Key', randomUUID())
      .send({ choice: 'reject', rationale: 'Trùng với dự án đã có của tổ dân phố 7' });
    expect(res.status).toBe(200);
    expect(res.body.project.stage).toBe('rejected');
    expect(res.body.project.activeStep).toBeNull();
    const result = await h.client.workflow.getHandle(created.body.workflowId).result();
    expect(result).toEqual({ stage: 'rejected' });
    await recordHistory(created.body.workflowId, 'screening-reject');
  });
});
