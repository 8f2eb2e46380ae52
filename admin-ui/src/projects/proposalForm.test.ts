import { toProposalBody, validateWholeVnd } from './proposalForm';
import { ProposalBody } from '../../../domain/schemas';

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

describe('capabilities and indicators (R1, R5)', () => {
  it('sends them when given, checked by the API schema', () => {
    const body = toProposalBody({ title: 'Vườn rau', summary: 'Vườn rau sạch cho khu tập thể', category: 'environment', leadTeamCode: 'BD-ENV', requestedBudgetVnd: 1, requiredCapabilities: ['volunteers'], indicators: [{ code: 'TREES', name: 'Cây', unit: 'cây', baseline: '0', target: '' }] });
    expect(body.requiredCapabilities).toEqual(['volunteers']);
    // An empty target stays NaN so the schema names the field instead of sending 0.
    expect(ProposalBody.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(['indicators.0.target']);
    expect(toProposalBody({ title: 'x', requiredCapabilities: [], indicators: [] })).not.toHaveProperty('indicators');
  });
});
