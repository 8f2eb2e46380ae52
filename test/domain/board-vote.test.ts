import { tallyBoardVotes } from '../../domain/board-vote';

const eligible = ['a', 'b', 'c', 'd', 'e'];
const vote = (userId: string, choice: 'approve' | 'reject' | 'abstain') => ({ userId, choice, seq: 1 });

describe('board vote tally', () => {
  it('waits while a majority is still possible either way', () => {
    expect(tallyBoardVotes(eligible, [vote('a', 'approve'), vote('b', 'reject')])).toMatchObject({ settled: false, needed: 2 });
  });
  it('approves once a majority of the eligible approve', () => {
    expect(tallyBoardVotes(eligible, ['a', 'b', 'c'].map((u) => vote(u, 'approve')))).toMatchObject({ settled: true, outcome: 'approved' });
  });
  it('fails once approval can no longer reach a majority; abstentions do not approve', () => {
    expect(tallyBoardVotes(eligible, [vote('a', 'reject'), vote('b', 'abstain'), vote('c', 'reject')])).toMatchObject({ settled: true, outcome: 'rejected' });
  });
  it('ignores votes from people outside the eligible set', () => {
    expect(tallyBoardVotes(['a', 'b', 'c'], [vote('x', 'approve'), vote('y', 'approve'), vote('a', 'approve')])).toMatchObject({ approvals: 1, settled: false });
  });
  it('never settles with nobody eligible', () => {
    expect(tallyBoardVotes([], [])).toMatchObject({ settled: false });
  });
});
