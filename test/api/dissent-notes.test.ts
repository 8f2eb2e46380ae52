import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';

/**
 * A dissenting opinion typed while the vote closed (issue 14) is kept as a note beside the vote: only
 * by a member the closed vote waited for, once, with who and when, and shown in the project detail to
 * everyone who reads the project (the auditor included). Real API, real worker, real PostgreSQL.
 */
describe('dissenting notes on a closed vote', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
  });
  afterAll(async () => h?.stop());

  const keep = async (key: string, stepId: string, body: object, idempotencyKey = randomUUID()) =>
    h.api().post(`/api/steps/${encodeURIComponent(stepId)}/dissent-notes`).set('Authorization', `Bearer ${await h.tokenFor(key)}`).set('Idempotency-Key', idempotencyKey).send(body);

  it('keeps the note of a member who had not voted when the vote closed; refuses everyone else', async () => {
    const created = await d.propose({ title: 'Nhà văn hoá tổ 12' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    const text = 'Tôi không đồng ý: dự toán chưa tính chi phí bảo trì hằng năm.';

    // While the vote is open, the member votes instead.
    const early = await keep('boardResidents', reviewId, { text });
    expect([early.status, early.body.error.code]).toEqual([409, 'VoteStillOpen']);

    await d.decide('boardChair', reviewId, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' });
    const closed = await d.decide('boardBusiness', reviewId, { choice: 'approve' });
    expect(closed.body.project.stage).toBe('partner_matching');
    // The vote closed: the third member's vote is refused (what the console turns into a note).
    const late = await d.decide('boardResidents', reviewId, { choice: 'reject', rationale: text });
    expect([late.status, late.body.error.code]).toEqual([409, 'StepNotActive']);

    // Roles outside the table, before anything else.
    for (const key of ['coordinator', 'teamLead', 'auditor', 'partner']) {
      const res = await keep(key, reviewId, { text });
      expect([key, res.status, res.body.error.code]).toEqual([key, 403, 'forbidden']);
    }
    // A board member who voted has their reasons in the ledger.
    const voted = await keep('boardChair', reviewId, { text });
    expect([voted.status, voted.body.error.code]).toEqual([409, 'AlreadyVoted']);
    // Only a board vote takes notes: screening is no vote.
    const screening = await keep('boardResidents', created.activeStep.id, { text });
    expect([screening.status, screening.body.error.code]).toEqual([403, 'NotEligible']);
    // Bad bodies: the field and the reason.
    const empty = await keep('boardResidents', reviewId, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.text).toEqual(expect.any(String));
    const extra = await keep('boardResidents', reviewId, { text, choice: 'reject' });
    expect(extra.status).toBe(400);
    expect(await h.db('dissent_notes').where({ step_id: reviewId })).toHaveLength(0);

    // The member the vote waited for keeps it; the same request again answers the same.
    const key = randomUUID();
    const kept = await keep('boardResidents', reviewId, { text }, key);
    expect(kept.status).toBe(201);
    expect(kept.body.project.dissentNotes).toEqual([
      { id: expect.any(Number), stepId: reviewId, stepType: 'board_review', authorUserId: await h.userId('boardResidents'), authorName: expect.any(String), text, writtenAt: expect.any(String) },
    ]);
    expect((await keep('boardResidents', reviewId, { text }, key)).status).toBe(201);
    const other = await keep('boardResidents', reviewId, { text: 'Một ý kiến khác hẳn' });
    expect([other.status, other.body.error.code]).toEqual([409, 'DissentNoteExists']);
    expect(await h.db('dissent_notes').where({ step_id: reviewId })).toHaveLength(1);
    // Append-only: the API's database role may add a note, never change or remove one.
    await expect(h.appDb('dissent_notes').where({ step_id: reviewId }).update({ text: 'sửa' })).rejects.toThrow(/permission denied/);
    await expect(h.appDb('dissent_notes').where({ step_id: reviewId }).del()).rejects.toThrow(/permission denied/);
    // A note is no vote: the ledger has the two approvals only.
    expect((await h.db('decision_ledger').where({ step_id: reviewId })).map((e) => e.choice).sort()).toEqual(['approve', 'approve']);

    // The auditor reads it on the project.
    const audited = await h.api().get(`/api/projects/${created.id}`).set('Authorization', `Bearer ${await h.tokenFor('auditor')}`);
    expect(audited.status).toBe(200);
    expect(audited.body.dissentNotes.map((n: { text: string }) => n.text)).toEqual([text]);
  });
});
