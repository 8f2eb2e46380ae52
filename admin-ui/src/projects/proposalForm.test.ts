import { toProposalBody, validateWholeVnd } from './proposalForm';

describe('validateWholeVnd', () => {
  it('accepts whole đồng from 0, refuses fractions, negatives and absurd sums', () => {
    expect(validateWholeVnd(0)).toBeUndefined();
    expect(validateWholeVnd(50_000_000)).toBeUndefined();
    expect(validateWholeVnd(1.5)).toBe('app.validation.whole_vnd');
    expect(validateWholeVnd(-1)).toBe('app.validation.whole_vnd');
    expect(validateWholeVnd(1e16)).toBe('app.validation.whole_vnd');
    expect(validateWholeVnd(null)).toBeUndefined();
  });
});

describe('toProposalBody', () => {
  it('trims texts and sends the budget as a number', () => {
    expect(toProposalBody({ title: ' Sân chơi ', summary: ' Cải tạo sân chơi ', category: 'public_space', leadTeamCode: ' KGS ', requestedBudgetVnd: '1000' })).toEqual({
      title: 'Sân chơi',
      summary: 'Cải tạo sân chơi',
      category: 'public_space',
      leadTeamCode: 'KGS',
      requestedBudgetVnd: 1000,
    });
  });
});
