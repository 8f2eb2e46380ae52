import { ConflictOfInterestBody, SlaPolicyVersionBody, UserCreateBody, UserUpdateBody } from '../../../domain/schemas';
import { changedFields, conflictBody, diffRecords, schemaErrors, showValue, slaPolicyBody, userCreateBody, USER_FIELDS } from './forms';

const policy = {
  id: 'screening:1',
  stepType: 'screening',
  version: 1,
  responsibleTeamCode: 'BD-ADM',
  durationValue: 5,
  durationUnit: 'working_days',
  atRiskRatio: 0.6,
  escalationLadder: [{ level: 1, role: 'team_lead', after: 0 }],
  current: true,
};

describe('admin forms', () => {
  it('puts each issue of the API schema at its field, in the language asked for', () => {
    const body = userCreateBody({ email: 'not-an-email', displayName: 'An', role: 'team_lead', password: 'short', teamCode: '' });
    const vi = schemaErrors(UserCreateBody, body, 'vi', (k) => `[${k}]`);
    expect(Object.keys(vi).sort()).toEqual(['email', 'password', 'teamCode']);
    expect(vi.teamCode).toBe('[app.admin.rule.team_named]');
    const en = schemaErrors(UserCreateBody, body, 'en');
    expect(en.email).not.toEqual(vi.email);
    expect(schemaErrors(UserCreateBody, userCreateBody({ email: 'a@b.vn', displayName: 'An Bình', role: 'auditor', password: 'mot-mat-khau-dai' }), 'vi')).toEqual({});
  });

  it('nests the errors of list items, as react-admin forms read them', () => {
    const errors = schemaErrors(SlaPolicyVersionBody, slaPolicyBody({ ...policy, atRiskRatio: '1.5', escalationLadder: [{ level: 1, role: 'team_lead', after: -1 }] }), 'en');
    expect(Object.keys(errors).sort()).toEqual(['atRiskRatio', 'escalationLadder']);
    expect(Array.isArray(errors.escalationLadder)).toBe(true);
    expect((errors.escalationLadder as Record<string, unknown>[])[0]).toHaveProperty('after');
  });

  it('sends only the fields a body may carry (the API refuses unknown ones)', () => {
    expect(Object.keys(slaPolicyBody(policy)).sort()).toEqual(['atRiskRatio', 'durationUnit', 'durationValue', 'escalationLadder', 'responsibleTeamCode', 'stepType']);
    expect(slaPolicyBody({ ...policy, durationValue: '7', responsibleTeamCode: '' })).toMatchObject({ durationValue: 7, responsibleTeamCode: null });
    expect(userCreateBody({ email: 'a@b.vn', role: 'auditor', partnerId: 'x', decisionCount: 3 })).toEqual({ email: 'a@b.vn', role: 'auditor', active: true });
    expect(conflictBody({ projectId: 'p', partnerId: '', reason: 'Anh ruột là chủ nhiệm HTX', id: 4 })).toEqual({ projectId: 'p', reason: 'Anh ruột là chủ nhiệm HTX' });
    expect(schemaErrors(ConflictOfInterestBody, conflictBody({ reason: 'Lý do' }), 'en', (k) => k)).toEqual({ projectId: 'app.admin.rule.project_or_partner' });
  });

  it('patches only what changed; an empty new password keeps the old one', () => {
    const before = { id: 'u1', email: 'a@b.vn', displayName: 'An', role: 'team_lead', teamCode: 'BD-ENV', partnerId: null, active: true, decisionCount: 2 };
    const patch = changedFields({ ...before, teamCode: 'BD-ECO', password: '' }, before, USER_FIELDS);
    expect(patch).toEqual({ teamCode: 'BD-ECO' });
    expect(schemaErrors(UserUpdateBody, patch, 'en')).toEqual({});
    expect(changedFields(before, before, USER_FIELDS)).toEqual({});
    expect(changedFields({ ...before, active: false, password: 'mot-mat-khau-moi' }, before, USER_FIELDS)).toEqual({ active: false, password: 'mot-mat-khau-moi' });
  });

  it('diffs old against new field by field', () => {
    const next = slaPolicyBody({ ...policy, durationValue: 7, escalationLadder: [{ level: 1, role: 'team_lead', after: 0 }, { level: 2, role: 'board_chair', after: 2 }] });
    expect(diffRecords(slaPolicyBody(policy), next).map((c) => c.field)).toEqual(['durationValue', 'escalationLadder']);
    expect(diffRecords(null, { name: 'HTX' })).toEqual([{ field: 'name', before: null, after: 'HTX' }]);
    expect(showValue([{ level: 1, role: 'team_lead', after: 0 }])).toBe('1 · team_lead · 0');
    expect(showValue(null)).toBe('—');
  });
});
