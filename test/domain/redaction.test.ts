import { fieldName, publicRow, publishedColumns, redactPersonalData, REDACTED } from '../../domain/redaction';

describe('redactPersonalData', () => {
  const names = ['Nguyễn Thu Hà', 'Trần Văn Minh', 'Minh', 'An'];
  it.each([
    ['a name, whole words only', 'Ý kiến của Nguyễn Thu Hà về dự án', `Ý kiến của ${REDACTED} về dự án`],
    ['any case', 'ông TRẦN VĂN MINH đồng ý', `ông ${REDACTED} đồng ý`],
    ['the longer name first', 'Trần Văn Minh và Minh', `${REDACTED} và ${REDACTED}`],
    ['not inside another word', 'Ban điều phối; Anh Tuấn', 'Ban điều phối; Anh Tuấn'],
    ['decomposed Vietnamese', 'Nguye\u0302\u0303n Thu Ha\u0300 đề xuất', `${REDACTED} đề xuất`],
    ['a phone number with spaces', 'gọi 0912 345 678 nhé', `gọi ${REDACTED} nhé`],
    ['an international phone number', 'gọi +84912345678.', `gọi ${REDACTED}.`],
    ['an e-mail address', 'gửi ha.nguyen@example.org', `gửi ${REDACTED}`],
    ['amounts stay', 'Ngân sách 150.000.000 đồng, 30 hộ', 'Ngân sách 150.000.000 đồng, 30 hộ'],
    ['a date stays', 'Họp ngày 01/12/2026', 'Họp ngày 01/12/2026'],
  ])('%s', (_what, text, expected) => {
    expect(redactPersonalData(text, names)).toBe(expected);
  });
});

describe('publicRow', () => {
  it('keeps only published columns, camelCase, and redacts the redacted ones', () => {
    const row = { seq: '7', actor_name: 'Nguyễn Thu Hà', actor_user_id: 'u', actor_role: 'coordinator', choice: 'accept', rationale: 'Nguyễn Thu Hà đồng ý', conflict_of_interest: 'Không', details: {} };
    expect(publicRow('decision_ledger', row, ['Nguyễn Thu Hà'])).toEqual({ seq: '7', actorRole: 'coordinator', choice: 'accept', rationale: `${REDACTED} đồng ý` });
  });
  it('never publishes the people behind a project', () => {
    expect(publishedColumns('projects')).not.toEqual(expect.arrayContaining(['proposer_name']));
    expect(publishedColumns('projects')).not.toContain('proposer_user_id');
    expect(publishedColumns('decision_ledger')).not.toContain('actor_name');
    expect(fieldName('beneficiaries_count')).toBe('beneficiariesCount');
  });
});
