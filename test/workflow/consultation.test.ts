import { randomUUID } from 'node:crypto';
import { startProject } from '../../api/project-commands';
import { directProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';

jest.setTimeout(180_000);

/**
 * Consultation (issue 16, R22): a project at or above the policy's budget threshold passes a
 * consultation step after screening and before the board votes. Each condition of its close is
 * refused in turn (window still open, a comment unanswered, no opinion of the Fatherland Front),
 * then the proposer's summary opens the vote. Below the threshold the project goes straight to the
 * vote; a new policy version applies to projects screened after it takes effect.
 */
describe('consultation before the board vote (R22)', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  const WINDOW_SECONDS = 8;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('consult') });
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A project proposed by the environment team's lead (not the lead team: BD-CUL), screened by the coordinator. */
  async function screened(budget: number) {
    const input = await directProposal(h, 'teamLead', {
      requestedBudgetVnd: budget,
      slaOverrides: { consultation_window: { durationValue: WINDOW_SECONDS, durationUnit: 'seconds' } },
    });
    const started = await startProject(h.client, h.taskQueue, input);
    const accepted = await d.decide('coordinator', started.activeStep!.stepId, { choice: 'accept', rationale: 'Hồ sơ đầy đủ' });
    expect(accepted.status).toBe(200);
    return { input, project: accepted.body.project };
  }
  const comment = (code: string, text: string) =>
    h.api().post(`/api/public/projects/${code}/comments`).set('Idempotency-Key', randomUUID()).send({ ratings: { access: 4, procedure: 4, officers: 5, result: 3, handling: 4 }, comment: text });

  it('a 150,000,000 VND project cannot reach the board vote until window, comments, the Front and the summary are done', async () => {
    const { input, project } = await screened(150_000_000);
    expect(project.activeStep.type).toBe('consultation');
    expect(project.stage).toBe('proposal');
    expect(project.consultation).toMatchObject({ status: 'open', policyVersion: 1, thresholdVnd: 100_000_000, frontOpinion: null, comments: 0 });
    const stepId: string = project.activeStep.id;
    const windowEnd = Date.parse(project.consultation.windowClosesAt);

    // The portal shows the plan in consultation with the window's end; residents may comment on it.
    const pub = await h.api().get(`/api/public/projects/${input.code}`);
    expect(pub.status).toBe(200);
    expect(pub.body.consultation).toMatchObject({ windowClosesAt: project.consultation.windowClosesAt, policyVersion: 1, frontOpinion: null });
    expect(pub.body.consultation.stepId).toBeUndefined();
    const listed = await h.api().get('/api/public/projects?unit=BD');
    expect(listed.body.projects.find((p: { code: string }) => p.code === input.code)).toMatchObject({ stage: 'proposal', inConsultation: true });

    // 1. The window is still open.
    const early = await d.decide('teamLead', stepId, { choice: 'submit', rationale: 'Tổng hợp ý kiến' });
    expect([early.status, early.body.error.code, Object.keys(early.body.error.fields)]).toEqual([409, 'ConsultationWindowOpen', ['choice']]);

    const posted = await comment(input.code, 'Đề nghị công khai danh sách hộ hưởng lợi trước khi thi công.');
    expect(posted.status).toBe(201);

    // 2. The window has ended, but a comment waits for its answer.
    await until('the consultation window to end', () => Date.now(), (now) => now > windowEnd + 500, { timeoutMs: 60_000 });
    const unanswered = await d.decide('teamLead', stepId, { choice: 'submit', rationale: 'Tổng hợp ý kiến' });
    expect([unanswered.status, unanswered.body.error.code]).toEqual([409, 'CommentsUnanswered']);
    const vi = await h.api().post(`/api/steps/${encodeURIComponent(stepId)}/decisions`).set('Authorization', `Bearer ${await h.tokenFor('teamLead')}`).set('Idempotency-Key', randomUUID()).set('Accept-Language', 'vi').send({ choice: 'submit', rationale: 'x' });
    expect(vi.body.error.message).toBe('Còn góp ý của người dân chưa được trả lời: hãy trả lời mọi góp ý trước.');

    // The proposer answers (not a lead of the project's team; R22), someone else may not.
    const answerAs = async (as: string) => h.api().post(`/api/public-comments/${posted.body.id}/answer`).set('Authorization', `Bearer ${await h.tokenFor(as)}`).set('Idempotency-Key', randomUUID()).send({ answer: 'Tiếp thu: danh sách sẽ niêm yết tại nhà văn hóa tổ 7.' });
    expect((await answerAs('economyLead')).status).toBe(403);
    expect((await answerAs('teamLead')).status).toBe(200);

    // 3. No opinion of the Fatherland Front yet.
    const noFront = await d.decide('teamLead', stepId, { choice: 'submit', rationale: 'Tổng hợp ý kiến' });
    expect([noFront.status, noFront.body.error.code]).toEqual([409, 'FrontOpinionMissing']);

    // The Front's opinion is recorded by a coordinator on its behalf, once.
    const front = { opinion: 'Ủy ban MTTQ phường đồng ý chủ trương, đề nghị giám sát cộng đồng khi thi công.', letterDate: '2026-11-20', documentRef: 'Số 45/MTTQ-BTT' };
    expect((await d.command('teamLead', input.projectId, 'front-opinion', front)).status).toBe(403);
    expect((await d.command('coordinator', input.projectId, 'front-opinion', { ...front, letterDate: '20/11/2026' })).status).toBe(400);
    const recorded = await d.command('coordinator', input.projectId, 'front-opinion', front);
    expect(recorded.status).toBe(200);
    expect(recorded.body.project.consultation).toMatchObject({ frontOpinion: front.opinion, frontLetterDate: '2026-11-20', frontDocumentRef: 'Số 45/MTTQ-BTT', frontRecordedBy: 'Nguyễn Thu Hà', comments: 1, answered: 1 });
    const again = await d.command('coordinator', input.projectId, 'front-opinion', front);
    expect([again.status, again.body.error.code]).toEqual([409, 'FrontOpinionRecorded']);

    // 4. The summary: the proposer's, with a rationale.
    expect((await d.decide('teamLead', stepId, { choice: 'submit' })).status).toBe(422);
    expect((await d.decide('coordinator2', stepId, { choice: 'submit', rationale: 'Tổng hợp' })).status).toBe(403);
    const summary = 'Một góp ý của cư dân đã được tiếp thu; MTTQ đồng ý chủ trương.';
    const submitted = await d.decide('teamLead', stepId, { choice: 'submit', rationale: summary });
    expect(submitted.status).toBe(200);
    expect(submitted.body.project.activeStep.type).toBe('board_review');
    expect(submitted.body.project.consultation).toMatchObject({ status: 'submitted', summary });
    const kinds = submitted.body.project.decisions.map((e: { choice: string; stepType: string }) => `${e.stepType}:${e.choice}`);
    expect(kinds).toEqual(expect.arrayContaining(['screening:accept', 'consultation:record_front_opinion', 'consultation:submit']));
    // Recorded with local-decision-writes-v1 and consultation-v1 both in force (consultation-front-summary.json, kept,
    // was recorded before the decision's writes became local activities).
    await recordHistory(submitted.body.project.workflowId, 'consultation-local-writes');

    // On the portal: the Front's opinion and the summary, without the name of who typed them.
    const after = await h.api().get(`/api/public/projects/${input.code}`);
    expect(after.body.consultation).toMatchObject({ frontOpinion: front.opinion, summary, frontLetterDate: '2026-11-20' });
    expect(JSON.stringify(after.body.consultation)).not.toContain('Nguyễn Thu Hà');
  });

  it('a 50,000,000 VND project goes straight to the vote; comments stay closed while it is only a proposal', async () => {
    const { input, project } = await screened(50_000_000);
    expect(project.activeStep.type).toBe('board_review');
    expect(project.consultation).toBeNull();
    expect(await h.db('consultations').where({ project_id: input.projectId }).first()).toBeUndefined();
    const refused = await comment(input.code, 'Góp ý khi chưa lấy ý kiến');
    expect([refused.status, refused.body.error.code]).toEqual([409, 'comments_closed']);
  });

  it('a new policy version applies to projects screened after it takes effect, not before', async () => {
    const post = async (as: string, body: object) => h.api().post('/api/consultation-policies').set('Authorization', `Bearer ${await h.tokenFor(as)}`).set('Idempotency-Key', randomUUID()).send(body);
    // Screened under version 1: 60,000,000 VND is below its threshold.
    const before = await screened(60_000_000);
    expect(before.project.activeStep.type).toBe('board_review');

    expect((await post('coordinator', { thresholdVnd: 40_000_000, windowWorkingDays: 5, reason: 'Hạ ngưỡng' })).status).toBe(403);
    expect((await post('admin', { thresholdVnd: 40_000_000, windowWorkingDays: 0, reason: 'Hạ ngưỡng' })).status).toBe(400);
    const v2 = await post('admin', { thresholdVnd: 40_000_000, windowWorkingDays: 5, reason: 'Hội đồng nhân dân hạ ngưỡng lấy ý kiến' });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, thresholdVnd: 40_000_000, windowWorkingDays: 5, recordedBy: 'Quản trị hệ thống', current: true });
    // A version that takes effect tomorrow changes nothing today.
    const v3 = await post('admin', { thresholdVnd: 1_000_000, windowWorkingDays: 3, reason: 'Từ ngày mai', activeFrom: new Date(Date.now() + 86_400_000).toISOString() });
    expect(v3.body).toMatchObject({ version: 3, current: false });

    const afterV2 = await screened(60_000_000);
    expect(afterV2.project.activeStep.type).toBe('consultation');
    expect(afterV2.project.consultation).toMatchObject({ policyVersion: 2, thresholdVnd: 40_000_000 });
    const small = await screened(20_000_000);
    expect(small.project.activeStep.type).toBe('board_review');
    // The one screened before keeps going to its vote, unconsulted.
    expect((await d.detail(before.input.projectId)).activeStep.type).toBe('board_review');

    const list = await h.api().get('/api/consultation-policies').set('Authorization', `Bearer ${await h.tokenFor('boardChair')}`);
    expect(list.status).toBe(200);
    expect(list.body.map((r: { version: number; current: boolean }) => [r.version, r.current])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
  });
});
