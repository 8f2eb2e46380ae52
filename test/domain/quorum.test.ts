import { DEFAULT_QUORUM, evaluateQuorum, majorityOf, type EligibleVoter, type QuorumRule, type VoteChoice } from '../../domain/quorum';

// A five-seat board (R4): two government members, one each for business, residents, mass organisations.
const board: EligibleVoter[] = [
  { userId: 'gov1', seat: 'government' },
  { userId: 'gov2', seat: 'government' },
  { userId: 'biz', seat: 'business' },
  { userId: 'res', seat: 'residents' },
  { userId: 'mass', seat: 'mass_org' },
];
const v = (userId: string, choice: VoteChoice) => ({ userId, choice });
const rule = (over: Partial<QuorumRule> = {}): QuorumRule => ({ ...DEFAULT_QUORUM, ...over });

describe('DEFAULT_QUORUM', () => {
  it('is three present, simple majority, one non-government member, abstentions present', () => {
    expect(DEFAULT_QUORUM).toEqual({ minVoters: 3, majority: 'simple', requireNonGovernment: true, abstentionsCountAsPresent: true });
  });
});

describe('majorityOf', () => {
  it('simple majority is more than half of those present', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => majorityOf({ majority: 'simple' }, n))).toEqual([1, 2, 2, 3, 3, 4]);
  });
  it('two thirds is ceil(2/3) of those present', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].map((n) => majorityOf({ majority: 'two_thirds' }, n))).toEqual([1, 2, 2, 3, 4, 4, 5, 6]);
  });
  it('needs at least one approval even with nobody present', () => {
    expect(majorityOf({ majority: 'simple' }, 0)).toBe(1);
    expect(majorityOf({ majority: 'two_thirds' }, 0)).toBe(1);
  });
});

describe('evaluateQuorum', () => {
  it('waits while the outcome can still go either way, and says what is missing', () => {
    expect(evaluateQuorum(DEFAULT_QUORUM, board, [v('gov1', 'approve'), v('gov2', 'reject')])).toEqual({
      settled: false,
      outcome: null,
      present: 2,
      approvals: 1,
      rejections: 1,
      abstentions: 0,
      neededApprovals: 3,
      quorumMet: false,
      quorumStillNeeded: 1,
      reasons: ['quorum not met: 2 of 3 members present', 'no non-government member present', '2 more approvals needed (1 of 3)', 'waiting for 3 votes'],
    });
  });

  it('approves once the quorum is met and the approvals win whatever the rest vote', () => {
    const r = evaluateQuorum(DEFAULT_QUORUM, board, [v('gov1', 'approve'), v('biz', 'approve'), v('res', 'approve')]);
    expect(r).toEqual({ settled: true, outcome: 'approved', present: 3, approvals: 3, rejections: 0, abstentions: 0, neededApprovals: 3, quorumMet: true, quorumStillNeeded: 0, reasons: [] });
  });

  it('does not approve while outstanding rejections could still overturn a majority of those present', () => {
    // 2 of 3 present approve, but if gov2 and mass reject it is 2 of 5.
    const r = evaluateQuorum(DEFAULT_QUORUM, board, [v('gov1', 'approve'), v('biz', 'approve'), v('res', 'reject')]);
    expect(r).toMatchObject({ settled: false, outcome: null, present: 3, approvals: 2, neededApprovals: 3 });
    expect(r.reasons).toEqual(['1 more approval needed (2 of 3)', 'waiting for 2 votes']);
  });

  it('majority is of those present: 3 of 5 present is enough when the quorum is met and all have voted', () => {
    const votes = [v('gov1', 'approve'), v('gov2', 'reject'), v('biz', 'approve'), v('res', 'reject'), v('mass', 'approve')];
    expect(evaluateQuorum(DEFAULT_QUORUM, board, votes)).toMatchObject({ settled: true, outcome: 'approved', present: 5, approvals: 3, rejections: 2, neededApprovals: 3 });
  });

  it('approves with a majority of those present when abstainers are not present', () => {
    const r = evaluateQuorum(rule({ abstentionsCountAsPresent: false }), board, [
      v('gov1', 'approve'),
      v('gov2', 'abstain'),
      v('biz', 'approve'),
      v('res', 'abstain'),
      v('mass', 'reject'),
    ]);
    expect(r).toEqual({ settled: true, outcome: 'approved', present: 3, approvals: 2, rejections: 1, abstentions: 2, neededApprovals: 2, quorumMet: true, quorumStillNeeded: 0, reasons: [] });
  });

  it('abstentions present raise the bar but never approve', () => {
    const votes = [v('gov1', 'approve'), v('gov2', 'abstain'), v('biz', 'approve'), v('res', 'abstain'), v('mass', 'reject')];
    expect(evaluateQuorum(DEFAULT_QUORUM, board, votes)).toMatchObject({
      settled: true,
      outcome: 'rejected',
      present: 5,
      approvals: 2,
      abstentions: 2,
      neededApprovals: 3,
      reasons: ['approval can no longer reach the majority: at most 2 of 3 needed'],
    });
  });

  it('rejects as soon as approval cannot win even if every outstanding member approved', () => {
    const r = evaluateQuorum(DEFAULT_QUORUM, board, [v('gov1', 'reject'), v('biz', 'reject'), v('res', 'reject')]);
    expect(r).toEqual({
      settled: true,
      outcome: 'rejected',
      present: 3,
      approvals: 0,
      rejections: 3,
      abstentions: 0,
      neededApprovals: 3,
      quorumMet: true,
      quorumStillNeeded: 0,
      reasons: ['approval can no longer reach the majority: at most 2 of 3 needed'],
    });
  });

  it('does not reject early while the remaining approvals could still win', () => {
    expect(evaluateQuorum(DEFAULT_QUORUM, board, [v('gov1', 'reject'), v('biz', 'reject')])).toMatchObject({ settled: false, outcome: null });
  });

  it('two thirds: 4 of 6 approves, 3 of 5 present does not', () => {
    const six: EligibleVoter[] = [...board, { userId: 'res2', seat: 'residents' }];
    const twoThirds = rule({ majority: 'two_thirds' });
    const approve4 = ['gov1', 'gov2', 'biz', 'res'].map((u) => v(u, 'approve'));
    expect(evaluateQuorum(twoThirds, six, approve4)).toMatchObject({ settled: true, outcome: 'approved', approvals: 4, neededApprovals: 4 });
    const three = [v('gov1', 'approve'), v('biz', 'approve'), v('res', 'approve'), v('mass', 'reject'), v('gov2', 'reject')];
    expect(evaluateQuorum(twoThirds, board, three)).toMatchObject({ settled: true, outcome: 'rejected', present: 5, approvals: 3, neededApprovals: 4 });
    // The same votes pass under a simple majority.
    expect(evaluateQuorum(DEFAULT_QUORUM, board, three)).toMatchObject({ settled: true, outcome: 'approved', neededApprovals: 3 });
  });

  it('needs a non-government member present when the rule says so', () => {
    const govBoard: EligibleVoter[] = [
      { userId: 'g1', seat: 'government' },
      { userId: 'g2', seat: 'government' },
      { userId: 'g3', seat: 'government' },
      { userId: 'r1', seat: 'residents' },
    ];
    const votes = ['g1', 'g2', 'g3'].map((u) => v(u, 'approve'));
    expect(evaluateQuorum(DEFAULT_QUORUM, govBoard, votes)).toMatchObject({
      settled: false,
      outcome: null,
      present: 3,
      approvals: 3,
      reasons: ['no non-government member present', 'waiting for 1 vote'],
    });
    expect(evaluateQuorum(rule({ requireNonGovernment: false }), govBoard, votes)).toMatchObject({ settled: true, outcome: 'approved' });
    expect(evaluateQuorum(DEFAULT_QUORUM, govBoard, [...votes, v('r1', 'reject')])).toMatchObject({ settled: true, outcome: 'approved', present: 4 });
  });

  it('says how many votes the quorum still needs, counting the non-government member it asks for', () => {
    const govBoard: EligibleVoter[] = [
      { userId: 'g1', seat: 'government' },
      { userId: 'g2', seat: 'government' },
      { userId: 'g3', seat: 'government' },
      { userId: 'r1', seat: 'residents' },
    ];
    const needed = (r: QuorumRule, votes: { userId: string; choice: VoteChoice }[]) => {
      const { quorumMet, quorumStillNeeded } = evaluateQuorum(r, govBoard, votes);
      return { quorumMet, quorumStillNeeded };
    };
    expect(needed(DEFAULT_QUORUM, [])).toEqual({ quorumMet: false, quorumStillNeeded: 3 });
    // Three members present but all from government: one more vote, and it must be a non-government one.
    expect(needed(DEFAULT_QUORUM, ['g1', 'g2', 'g3'].map((u) => v(u, 'approve')))).toEqual({ quorumMet: false, quorumStillNeeded: 1 });
    expect(needed(rule({ minVoters: 2 }), [v('g1', 'approve'), v('g2', 'reject')])).toEqual({ quorumMet: false, quorumStillNeeded: 1 });
    expect(needed(rule({ minVoters: 2 }), [v('g1', 'approve'), v('r1', 'reject')])).toEqual({ quorumMet: true, quorumStillNeeded: 0 });
    expect(needed(rule({ requireNonGovernment: false }), ['g1', 'g2', 'g3'].map((u) => v(u, 'approve')))).toEqual({ quorumMet: true, quorumStillNeeded: 0 });
    // An abstention that does not make its author present brings the quorum no closer.
    expect(needed(rule({ abstentionsCountAsPresent: false }), [v('g1', 'approve'), v('r1', 'abstain')])).toEqual({ quorumMet: false, quorumStillNeeded: 2 });
  });

  it('a non-government abstention satisfies the seat rule only when abstentions count as present', () => {
    const votes = [v('gov1', 'approve'), v('gov2', 'approve'), v('biz', 'abstain'), v('res', 'abstain'), v('mass', 'abstain')];
    expect(evaluateQuorum(rule({ minVoters: 2 }), board, votes)).toMatchObject({ settled: true, outcome: 'rejected', present: 5, neededApprovals: 3 });
    expect(evaluateQuorum(rule({ minVoters: 2, abstentionsCountAsPresent: false }), board, votes)).toEqual({
      settled: true,
      outcome: 'no_quorum',
      present: 2,
      approvals: 2,
      rejections: 0,
      abstentions: 3,
      neededApprovals: 2,
      quorumMet: false,
      quorumStillNeeded: 1,
      reasons: ['no non-government member present'],
    });
  });

  it('settles no_quorum when everyone has voted and too few are present', () => {
    const votes = [v('gov1', 'approve'), v('gov2', 'abstain'), v('biz', 'approve'), v('res', 'abstain'), v('mass', 'abstain')];
    expect(evaluateQuorum(rule({ abstentionsCountAsPresent: false }), board, votes)).toEqual({
      settled: true,
      outcome: 'no_quorum',
      present: 2,
      approvals: 2,
      rejections: 0,
      abstentions: 3,
      neededApprovals: 2,
      quorumMet: false,
      quorumStillNeeded: 1,
      reasons: ['quorum not met: 2 of 3 members present'],
    });
  });

  it('does not settle no_quorum while someone has yet to vote', () => {
    const votes = [v('gov1', 'approve'), v('gov2', 'abstain'), v('biz', 'approve'), v('res', 'abstain')];
    expect(evaluateQuorum(rule({ abstentionsCountAsPresent: false }), board, votes)).toMatchObject({
      settled: false,
      outcome: null,
      reasons: ['quorum not met: 2 of 3 members present', 'waiting for 1 vote'],
    });
  });

  it('waits for no_quorum instead of rejecting when the quorum can never be met', () => {
    const small: EligibleVoter[] = [
      { userId: 'a', seat: 'residents' },
      { userId: 'b', seat: 'business' },
    ];
    const open = evaluateQuorum(DEFAULT_QUORUM, small, [v('a', 'reject')]);
    expect(open).toMatchObject({ settled: false, outcome: null });
    expect(open.reasons).toEqual(['quorum not met: 1 of 3 members present', 'quorum unreachable: only 2 members can be present', '2 more approvals needed (0 of 2)', 'waiting for 1 vote']);
    expect(evaluateQuorum(DEFAULT_QUORUM, small, [v('a', 'reject'), v('b', 'approve')])).toMatchObject({ settled: true, outcome: 'no_quorum' });
  });

  it('ignores votes from people outside the eligible set', () => {
    const r = evaluateQuorum(DEFAULT_QUORUM, board, [v('x', 'approve'), v('y', 'approve'), v('z', 'approve'), v('biz', 'approve')]);
    expect(r).toMatchObject({ settled: false, present: 1, approvals: 1, rejections: 0, abstentions: 0 });
  });

  it('counts only the first vote of a member', () => {
    const r = evaluateQuorum(DEFAULT_QUORUM, board, [v('biz', 'reject'), v('biz', 'approve'), v('res', 'approve')]);
    expect(r).toMatchObject({ present: 2, approvals: 1, rejections: 1 });
  });

  it('counts a repeated eligible entry once, with its first seat', () => {
    const repeated: EligibleVoter[] = [
      { userId: 'a', seat: 'government' },
      { userId: 'a', seat: 'residents' },
      { userId: 'b', seat: 'government' },
      { userId: 'c', seat: 'government' },
    ];
    expect(evaluateQuorum(DEFAULT_QUORUM, repeated, ['a', 'b', 'c'].map((u) => v(u, 'approve')))).toMatchObject({
      settled: true,
      outcome: 'no_quorum',
      present: 3,
      reasons: ['no non-government member present'],
    });
  });

  it('never settles with nobody eligible', () => {
    expect(evaluateQuorum(DEFAULT_QUORUM, [], [v('a', 'approve')])).toEqual({
      settled: false,
      outcome: null,
      present: 0,
      approvals: 0,
      rejections: 0,
      abstentions: 0,
      neededApprovals: 1,
      quorumMet: false,
      quorumStillNeeded: 3,
      reasons: ['no eligible voters'],
    });
  });

  it('closes a vote at its deadline when only those who voted are passed as eligible', () => {
    const votes = [v('gov1', 'approve'), v('biz', 'approve'), v('res', 'reject')];
    expect(evaluateQuorum(DEFAULT_QUORUM, board, votes)).toMatchObject({ settled: false });
    const voted = board.filter((e) => votes.some((x) => x.userId === e.userId));
    expect(evaluateQuorum(DEFAULT_QUORUM, voted, votes)).toMatchObject({ settled: true, outcome: 'approved', present: 3, neededApprovals: 2 });
  });

  it('refuses a rule without a positive whole minVoters', () => {
    expect(() => evaluateQuorum(rule({ minVoters: 0 }), board, [])).toThrow(RangeError);
    expect(() => evaluateQuorum(rule({ minVoters: 2.5 }), board, [])).toThrow('Quorum minVoters must be a whole number of at least 1, got 2.5');
  });
});
