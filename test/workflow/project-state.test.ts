import { isVote, ProjectState } from '../../workflows/project/state';
import type { DecisionCommand, OpenStepState, ProjectLifecycleInput, StepTicket } from '../../domain/project';

/**
 * The project workflow's state (workflows/project/state.ts) issues no Temporal commands: its rules
 * are tested here without a worker. The workflow's behaviour is tested in the other files here.
 */
const input: ProjectLifecycleInput = {
  projectId: '00000000-0000-4000-8000-000000000001',
  code: 'DH-TEST-1',
  unitCode: 'P01',
  leadTeamCode: 'T01',
  title: 'Sân chơi',
  summary: 'Một sân chơi cho trẻ em',
  category: 'public_space',
  requestedBudgetVnd: 50_000_000,
  proposer: { userId: 'u-proposer', role: 'coordinator', displayName: 'Proposer' },
  submittedAt: '2026-01-05T01:00:00.000Z',
  indicators: [{ code: 'children', name: 'Trẻ em', unit: 'người', baseline: 0, target: 100 }],
};

const ticket = (over: Partial<StepTicket>): StepTicket => ({
  stepId: 's-1',
  type: 'screening',
  round: 1,
  decidingRole: 'coordinator',
  openedAt: '2026-01-05T01:00:00.000Z',
  dueAt: null,
  policyVersion: 1,
  checkpoints: [],
  ...over,
});
const open = (t: StepTicket, votes: OpenStepState['votes'] = []): OpenStepState => ({ ticket: t, votes, claimed: false, checkpointsPassed: 0, slaStatus: 'on_track' });
const decision = (stepId: string, userId: string, choice: DecisionCommand['choice']): DecisionCommand => ({
  stepId,
  actor: { userId, role: 'board_member', displayName: userId },
  choice,
  evidence: [],
});

describe('ProjectState', () => {
  it('starts at the proposal from the input, first run', () => {
    const state = new ProjectState(input);
    const view = state.view();
    expect(view).toMatchObject({ projectId: input.projectId, code: input.code, stage: 'proposal', slaStatus: 'on_track', activeStep: null, openSteps: [], runs: 1 });
    expect(view.evaluation?.indicatorsRequired).toEqual(['children']);
    expect(state.submitted).toBe(false);
    expect(state.fullLifecycle).toBe(false);
  });

  it('resumes from its own snapshot (continue-as-new), one run later', () => {
    const first = new ProjectState(input);
    first.stage = 'execution';
    first.steps = [open(ticket({ stepId: 's-exec', type: 'execution' }))];
    first.required = ['build'];
    first.planTotalVnd = 40_000_000;
    first.feedbackClosesAt = '2026-03-01T00:00:00.000Z';
    const snapshot = first.snapshot();
    const next = new ProjectState({ ...input, resume: snapshot });
    expect(next.snapshot()).toEqual({ ...snapshot, runs: 2 });
    expect(next.submitted).toBe(true);
    expect(next.fullLifecycle).toBe(true);
    expect(next.lastStepId).toBe('s-exec');
    expect(next.active()?.stepId).toBe('s-exec');
  });

  it('settles a single decider step with the decision recorded on it', () => {
    const state = new ProjectState(input);
    const step = open(ticket({}));
    state.steps = [step];
    const d = decision('s-1', 'u-coordinator', 'accept');
    state.pending.push(d);
    expect(state.settle(step)).toEqual({ choice: 'accept', decision: d });
    expect(state.pending).toEqual([]);
    expect(state.settle(step)).toBeNull();
  });

  it("counts only recorded board votes, and settles on the board's majority", () => {
    const state = new ProjectState(input);
    const board = ticket({ stepId: 's-board', type: 'board_review', eligibleUserIds: ['a', 'b', 'c'] });
    expect(isVote(board)).toBe(true);
    const step = open(board, [
      { userId: 'a', choice: 'approve', seq: 1 },
      { userId: 'b', choice: 'approve', seq: 0 },
    ]);
    state.steps = [step];
    state.pending.push(decision('s-board', 'a', 'approve'));
    const before = state.transitions;
    // b's vote is not in the ledger yet: one approval of three settles nothing, and the loop counts a transition.
    expect(state.settle(step)).toBeNull();
    expect(state.transitions).toBe(before + 1);
    step.votes[1] = { userId: 'b', choice: 'approve', seq: 2 };
    state.pending.push(decision('s-board', 'b', 'approve'));
    expect(state.settle(step)).toEqual({ choice: 'approve', decision: null });
  });

  it('keeps the worst SLA status of the open steps', () => {
    const state = new ProjectState(input);
    state.steps = [open(ticket({ stepId: 'x' })), { ...open(ticket({ stepId: 'y' })), slaStatus: 'at_risk' }];
    state.refreshSla();
    expect(state.slaStatus).toBe('at_risk');
    state.dropStep('y');
    expect(state.slaStatus).toBe('on_track');
  });

  it('answers a handler once the stage loop has reacted to its change (read-your-write)', () => {
    const state = new ProjectState({ ...input, resume: new ProjectState(input).snapshot() });
    const caughtUp = state.handOver();
    expect(caughtUp()).toBe(false);
    state.processedVersion = state.version;
    expect(caughtUp()).toBe(true);
  });
});
