import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLogger } from '../../platform/logger';
import { REDACTED } from '../../domain/redaction';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';

/**
 * Citizens' voice from the portal: five factors and a comment on any project under way or closed,
 * spam refused, a team lead's public answer shown with its time, moderation recorded.
 */
describe("citizens' voice: comments, answers and moderation", () => {
  let h: Harness;
  const closed = `BD-CV-${randomUUID().slice(0, 6)}`;
  const proposal = `BD-CP-${randomUUID().slice(0, 6)}`;
  const ratings = { access: 4, procedure: 3, officers: 5, result: 4, handling: 2 };
  const send = (code: string, body: object, key = randomUUID()) => h.api().post(`/api/public/projects/${code}/comments`).set('Idempotency-Key', key).set('Accept-Language', 'vi').send(body);
  const staff = async (as: string, method: 'get' | 'post', path: string, body?: object) => {
    const r = h.api()[method](path).set('Authorization', `Bearer ${await h.tokenFor(as)}`);
    return method === 'post' ? r.set('Idempotency-Key', randomUUID()).send(body) : r;
  };
  const portal = async () => (await h.api().get(`/api/public/projects/${closed}`)).body;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('voice') });
    const proposer = await h.userId('teamLead');
    const row = (code: string, stage: string) => ({
      id: randomUUID(), code, workflow_id: `project-${code}`, unit_code: 'BD', lead_team_code: 'BD-ENV', title: 'Vườn rau cộng đồng tổ 5', summary: 'Vườn rau sạch do cư dân chăm sóc.',
      category: 'environment', requested_budget_vnd: 10_000_000, stage, proposer_user_id: proposer, proposer_name: 'Trần Văn Minh', created_at: new Date(), updated_at: new Date(),
      closed_at: stage === 'closed' ? new Date() : null, feedback_closes_at: stage === 'closed' ? new Date(Date.now() - 86_400_000) : null,
    });
    await h.db('projects').insert([row(closed, 'closed'), row(proposal, 'proposal')]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('takes a comment on a closed project whose evaluation window has passed; the old route still refuses outside its window', async () => {
    const res = await send(closed, { ratings, comment: 'Vườn rau rất tốt, gọi chị Lan 0987 654 321 để tham gia.' });
    expect(res.status).toBe(201);
    expect(res.body.id).toEqual(expect.any(Number));
    const old = await h.api().post(`/api/public/projects/${closed}/feedback`).set('Idempotency-Key', randomUUID()).send({ rating: 4 });
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('FeedbackClosed');
    const shown = (await portal()).comments;
    expect(shown).toEqual([expect.objectContaining({ id: res.body.id, ...ratings, comment: `Vườn rau rất tốt, gọi chị Lan ${REDACTED} để tham gia.`, answer: null, answeredAt: null })]);
  });

  it('refuses a project that is not under way, spam, a repeated comment and bad ratings; a retry counts once', async () => {
    const notYet = await send(proposal, { ratings });
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'comments_closed']);
    expect(notYet.body.error.message).toBe('Dự án chỉ nhận góp ý khi đang lấy ý kiến, đang triển khai hoặc đã kết thúc.');
    const robot = await send(closed, { ratings, comment: 'Mua hàng giá rẻ', website: 'http://spam.example' });
    expect([robot.status, robot.body.error.code, Object.keys(robot.body.error.fields)]).toEqual([422, 'spam_refused', ['website']]);
    const links = await send(closed, { ratings, comment: 'Xem http://a.example http://b.example www.c.example' });
    expect([links.status, links.body.error.code]).toEqual([422, 'spam_refused']);
    const bad = await send(closed, { ratings: { ...ratings, access: 6 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['ratings.access']);

    const key = randomUUID();
    const first = await send(closed, { ratings, comment: 'Cần thêm ghế đá cho người già.' }, key);
    const retry = await send(closed, { ratings, comment: 'Cần thêm ghế đá cho người già.' }, key);
    expect(first.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const again = await send(closed, { ratings, comment: 'Cần thêm ghế đá cho người già.' });
    expect([again.status, again.body.error.code]).toEqual([409, 'duplicate_comment']);
    expect(await h.db('public_comments').where({ comment: 'Cần thêm ghế đá cho người già.' }).pluck('id')).toEqual([first.body.id]);
    // Ratings alone are fine, and nothing of the sender's address is kept.
    expect((await send(closed, { ratings })).status).toBe(201);
    const stored = await h.db('public_comments').select('sender_hash', 'submission_hash');
    for (const r of stored) expect(JSON.stringify(r)).not.toMatch(/127\.0\.0\.1|::ffff/);
  });

  it('lets only a lead of the project team answer; the answer and when it came show on the portal', async () => {
    const [comment] = (await portal()).comments.filter((c: { comment: string | null }) => c.comment?.startsWith('Vườn rau rất tốt'));
    const path = `/api/public-comments/${comment.id}/answer`;
    const answer = { answer: 'Tổ Môi trường đã tiếp thu; lịch chăm vườn được dán tại nhà văn hóa tổ 5.' };
    expect((await staff('cultureLead', 'post', path, answer)).status).toBe(403);
    expect((await staff('coordinator', 'post', path, answer)).status).toBe(403);
    const done = await staff('teamLead', 'post', path, answer);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ answer: answer.answer, answeredBy: await h.userId('teamLead') });
    const shown = (await portal()).comments.find((c: { id: number }) => c.id === comment.id);
    expect(shown.answer).toBe(answer.answer);
    expect(Date.parse(shown.answeredAt)).toBeGreaterThanOrEqual(Date.parse(shown.submittedAt));
    expect(JSON.stringify(shown)).not.toContain(await h.userId('teamLead'));
    const second = await staff('teamLead', 'post', path, { answer: 'Một câu trả lời khác cho cùng góp ý.' });
    expect([second.status, second.body.error.code]).toEqual([409, 'already_answered']);
    const ratingsOnly = (await portal()).comments.find((c: { comment: string | null }) => c.comment === null);
    expect((await staff('teamLead', 'post', `/api/public-comments/${ratingsOnly.id}/answer`, answer)).body.error.code).toBe('nothing_to_answer');
  });

  it('hides a comment with a reason, recorded with who and when; the portal no longer shows it', async () => {
    const target = (await portal()).comments.find((c: { comment: string | null }) => c.comment === 'Cần thêm ghế đá cho người già.');
    const path = `/api/public-comments/${target.id}/hide`;
    expect((await staff('teamLead', 'post', path, { reason: 'Trùng lặp' })).status).toBe(403);
    expect((await staff('coordinator', 'post', path, { reason: 'x' })).status).toBe(400);
    const hidden = await staff('coordinator', 'post', path, { reason: 'Trùng với góp ý đã trả lời tại buổi họp tổ' });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ hiddenReason: 'Trùng với góp ý đã trả lời tại buổi họp tổ', hiddenBy: await h.userId('coordinator'), hiddenAt: expect.any(String) });
    expect((await portal()).comments.map((c: { id: number }) => c.id)).not.toContain(target.id);
    const list = await staff('auditor', 'get', '/api/public-comments');
    expect(list.status).toBe(200);
    expect(list.body.find((c: { id: number }) => c.id === target.id)).toMatchObject({ hiddenReason: 'Trùng với góp ý đã trả lời tại buổi họp tổ', projectCode: closed });
    expect((await staff('partner', 'get', '/api/public-comments')).status).toBe(403);
    const again = await staff('coordinator', 'post', path, { reason: 'Lý do khác' });
    expect(again.body.error.code).toBe('comment_hidden');
  });

  it('limits comments per address: the 31st request in a minute is 429', async () => {
    const app = createApp({ config: h.config, db: h.appDb, temporal: h.client, log: createLogger('silent', 'api-test') });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await request(app).post(`/api/public/projects/${closed}/comments`).set('Idempotency-Key', randomUUID()).send({ ratings, website: 'x' })).status);
    expect(statuses.slice(0, 30).every((s) => s === 422)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
