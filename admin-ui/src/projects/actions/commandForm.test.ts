import { MilestoneCompletionBody, PlanBody } from '../../../../domain/schemas';
import { ApiError } from '../../data/httpClient';
import { lines, listField, refusalErrors, schemaErrors } from './commandForm';

describe('schemaErrors: the API schema checks the form, in the user language', () => {
  it('is empty for a body the API accepts', () => {
    expect(schemaErrors(MilestoneCompletionBody, { evidence: ['https://example.vn/anh.jpg'] }, 'vi')).toEqual({});
  });

  it('puts each item of a list typed as text on the text field', () => {
    const errors = schemaErrors(MilestoneCompletionBody, { evidence: ['not a link'] }, 'en', listField('evidence'));
    expect(Object.keys(errors)).toEqual(['evidence']);
  });

  it('nests the errors of array items as react-admin reads them, in Vietnamese when asked', () => {
    const body = { lines: [{ label: 'Cây xanh', amountVnd: -1 }], milestones: [{ code: 'M1', title: 'Trồng cây', ownerTeamCode: 'BD-ENV', dueDate: 'mai' }] };
    const vi = schemaErrors(PlanBody, body, 'vi') as { lines: Record<string, Record<string, string>>; milestones: Record<string, Record<string, string>> };
    expect(vi.lines['0']!.amountVnd).toBeTruthy();
    expect(vi.milestones['0']!.dueDate).toBeTruthy();
    const en = schemaErrors(PlanBody, body, 'en') as typeof vi;
    expect(vi.lines['0']!.amountVnd).not.toEqual(en.lines['0']!.amountVnd);
  });
});

describe('refusalErrors: the API refusal next to its field', () => {
  it('maps the 400/422 fields, with the sentence as the root error', () => {
    const error = new ApiError('Một số trường không hợp lệ', 400, { code: 'invalid_input', fields: { 'evidence.1': 'Đường dẫn không hợp lệ' } });
    expect(refusalErrors(error, listField('evidence'))).toEqual({ evidence: 'Đường dẫn không hợp lệ', root: { serverError: 'Một số trường không hợp lệ' } });
  });

  it('is null when no field is named (the caller notifies the sentence)', () => {
    expect(refusalErrors(new ApiError('Không được phép', 409, { code: 'NotAllowed', fields: {} }))).toBeNull();
    expect(refusalErrors(new Error('boom'))).toBeNull();
  });
});

it('lines: one link per line, blanks ignored', () => {
  expect(lines(' https://a.vn \n\n https://b.vn')).toEqual(['https://a.vn', 'https://b.vn']);
});
