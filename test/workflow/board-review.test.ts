import { randomUUID } from 'node:crypto';
import { startProject } from '../../api/project-commands';
import { stateQuery } from '../../workflows/project-lifecycle';
import { directProposal, startHarness, sampleProposal, type Harness } from '../support/harness';
import { recordHistory } from '../support/histories';

/** The board's vote after screening (R4, R21): eligible set fixed at start, one vote each, majority. */
describe('board review', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function decide(as: string, stepId: string, body: object) {
    return h
      .api()
      .post(`/api/steps/${encodeURIComponent(stepId)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor(as)}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  }

  async function projectAtBoardReview() {
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    const accepted = await decide('coordinator2', created.body.activeStep.id, { choice: 'accept' });
    expect(accepted.status).toBe(200);
    return accepted.body.project;
  }

  it('approves by majority of the eligible members, one vote each, and moves to partner matching', async () => {
    const project = await projectAtBoardReview();
    const stepId = project.activeStep.id;
    const state = await h.client.workflow.getHandle(project.workflowId).query(stateQuery);
    const members = await Promise.all(['boardChair', 'boardBusiness', 'boardResidents'].map((k) => h.userId(k)));
    expect([...(state.activeStep?.eligibleUserIds ?? [])].sort()).toEqual([...members].sort());

    expect((await decide('coordinator', stepId, { choice: 'approve' })).body.error.code).toBe('NotEligible');
    const first = await decide('boardChair', stepId, { choice: 'approve', rationale: 'Phù hợp kế hoạch' });
    expect(first.status).toBe(200);
    expect(first.body.project.stage).toBe('proposal');
    const again = await decide('boardChair', stepId, { choice: 'reject', rationale: 'đổi ý' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('AlreadyDecided');
    expect((await decide('boardBusiness', stepId, { choice: 'reject' })).status).toBe(422);

    const second = await decide('boardBusiness', stepId, { choice: 'approve' });
    expect(second.status).toBe(200);
    expect(second.body.project.stage).toBe('partner_matching');
    // The next stage opens at once: partner matching, with candidates ranked (lifecycle tests go on).
    expect(second.body.project.activeStep.type).toBe('partner_matching');
    expect(second.body.project.decisions.map((d: { stepType: string; choice: string }) => `${d.stepType}:${d.choice}`)).toEqual([
      'screening:accept',
      'board_review:approve',
      'board_review:approve',
    ]);
    const late = await decide('boardResidents', stepId, { choice: 'approve' });
    expect(late.status).toBe(409);
    await recordHistory(project.workflowId, 'screening-accept-board-approve');
  });

  it('two simultaneous votes are both recorded once and the vote settles once', async () => {
    const project = await projectAtBoardReview();
    const stepId = project.activeStep.id;
    const [a, b] = await Promise.all([
      decide('boardChair', stepId, { choice: 'approve' }),
      decide('boardResidents', stepId, { choice: 'approve' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const votes = await h.db('decision_ledger').where({ step_id: stepId }).pluck('choice');
    expect(votes).toEqual(['approve', 'approve']);
    const steps = await h.db('steps').where({ project_id: project.id }).orderBy('opened_at').select('type', 'status', 'outcome');
    expect(steps.filter((s) => s.type === 'board_review')).toEqual([{ type: 'board_review', status: 'closed', outcome: 'approved' }]);
    expect(steps.filter((s) => s.type === 'partner_matching')).toHaveLength(1);
    const late = await decide('boardBusiness', stepId, { choice: 'approve' });
    expect(late.status).toBe(409);
  });

  it('rejects as soon as a majority can no longer be reached; abstentions do not approve', async () => {
    const project = await projectAtBoardReview();
    const stepId = project.activeStep.id;
    const first = await decide('boardChair', stepId, { choice: 'reject', rationale: 'Chưa rõ nguồn lực' });
    expect(first.status).toBe(200);
    expect(first.body.project.stage).toBe('proposal');
    const second = await decide('boardResidents', stepId, { choice: 'abstain' });
    expect(second.status).toBe(200);
    expect(second.body.project.stage).toBe('rejected');
    expect((await decide('boardBusiness', stepId, { choice: 'approve' })).status).toBe(409);
    await recordHistory(project.workflowId, 'board-reject');
  });

  it('leaves the proposer out of the board that judges the proposal (recusal)', async () => {
    const chair = await h.userId('boardChair');
    const input = await directProposal(h, 'boardChair');
    const code = input.code;
    const view = await startProject(h.client, h.taskQueue, input);
    const accepted = await decide('coordinator', view.activeStep!.stepId, { choice: 'accept' });
    const stepId = accepted.body.project.activeStep.id;
    const state = await h.client.workflow.getHandle(`project-${code}`).query(stateQuery);
    expect(state.activeStep?.eligibleUserIds).not.toContain(chair);
    expect(state.activeStep?.eligibleUserIds).toHaveLength(2);
    const own = await decide('boardChair', stepId, { choice: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('NotEligible');
  });
});
