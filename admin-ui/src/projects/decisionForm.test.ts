import { evidenceLines, toDecisionBody, validateEvidence, validateNotBlank } from './decisionForm';

describe('evidence links', () => {
  it('takes one link per line and ignores blank lines', () => {
    expect(evidenceLines(' https://a.vn/1 \n\nhttp://b.vn/2\r\n')).toEqual(['https://a.vn/1', 'http://b.vn/2']);
    expect(evidenceLines(undefined)).toEqual([]);
  });

  it('names the first line that is not a web link', () => {
    expect(validateEvidence('https://a.vn\nbiên bản họp')).toEqual({ message: 'app.decision.invalid_link', args: { line: 'biên bản họp' } });
    expect(validateEvidence('javascript:alert(1)')).toMatchObject({ message: 'app.decision.invalid_link' });
    expect(validateEvidence('https://a.vn')).toBeUndefined();
  });

  it('allows at most 20 links, like the API', () => {
    const links = Array.from({ length: 21 }, (_, i) => `https://a.vn/${i}`).join('\n');
    expect(validateEvidence(links)).toEqual({ message: 'app.decision.too_many_links', args: { max: 20 } });
  });
});

describe('toDecisionBody', () => {
  it('trims texts and leaves out the empty ones', () => {
    expect(toDecisionBody('accept', { rationale: '  ', evidence: '', conflictOfInterest: null })).toEqual({ choice: 'accept', evidence: [] });
    expect(toDecisionBody('return', { rationale: ' Bổ sung dự toán ', evidence: 'https://a.vn', conflictOfInterest: ' Không ' })).toEqual({
      choice: 'return',
      rationale: 'Bổ sung dự toán',
      evidence: ['https://a.vn'],
      conflictOfInterest: 'Không',
    });
  });
});

describe('validateNotBlank', () => {
  it('refuses only-spaces text and lets empty text to required()', () => {
    expect(validateNotBlank('   ')).toBe('app.validation.not_blank');
    expect(validateNotBlank('')).toBeUndefined();
    expect(validateNotBlank('lý do')).toBeUndefined();
  });
});

describe('sign-off and resubmission bodies (issue 12)', () => {
  it('sends the outcome and the recommendation the board chose', () => {
    expect(toDecisionBody('sign_off', { rationale: 'Đạt mục tiêu', outcome: 'achieved', recommendation: 'scale_up' })).toEqual({
      choice: 'sign_off',
      rationale: 'Đạt mục tiêu',
      evidence: [],
      outcome: 'achieved',
      recommendation: 'scale_up',
    });
    expect(toDecisionBody('approve', { outcome: '', recommendation: '' })).toEqual({ choice: 'approve', evidence: [] });
  });

  it('sends the edited proposal only with a resubmission', () => {
    const proposal = { title: 'Sân chơi', summary: 'Sân chơi cho trẻ em', requestedBudgetVnd: '30000000', requiredCapabilities: [], indicators: [{ code: 'KIDS', name: 'Trẻ em', unit: 'người', baseline: 0, target: '50' }] };
    expect(toDecisionBody('resubmit', { proposal }).proposal).toEqual({
      title: 'Sân chơi',
      summary: 'Sân chơi cho trẻ em',
      requestedBudgetVnd: 30_000_000,
      indicators: [{ code: 'KIDS', name: 'Trẻ em', unit: 'người', baseline: 0, target: 50 }],
    });
    expect(toDecisionBody('accept', { proposal }).proposal).toBeUndefined();
  });
});
