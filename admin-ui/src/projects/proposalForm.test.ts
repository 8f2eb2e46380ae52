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

describe('beneficiaries (R9)', () => {
  const base = { title: 'Vườn rau', summary: 'Vườn rau sạch cho khu tập thể', category: 'environment' as const, leadTeamCode: 'BD-ENV', requestedBudgetVnd: 1 };
  it('sends who and how many when given, and nothing when both are empty', () => {
    expect(toProposalBody({ ...base, beneficiaries: { who: ' Các hộ tổ 5 ', count: '120' } }).beneficiaries).toEqual({ who: 'Các hộ tổ 5', count: 120 });
    expect(toProposalBody({ ...base, beneficiaries: { who: '', count: null } })).not.toHaveProperty('beneficiaries');
  });
  it('lets the API schema name the missing half', () => {
    const body = toProposalBody({ ...base, beneficiaries: { who: 'Các hộ tổ 5', count: '' } });
    expect(ProposalBody.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(['beneficiaries.count']);
  });
});
