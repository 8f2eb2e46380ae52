import { deciderEventKind, isDecidedByChoice, nextAuthority, noDeciderReason, NO_DECIDER_REASONS, NO_DECIDER_TEXT } from '../../domain/deciders';
import { NOTIFICATION_KINDS, notificationEmail } from '../../domain/notifications';

describe('no step without a decider (domain/deciders.ts)', () => {
  it.each([
    ['lead_team', [], 0, 'no_team_lead'],
    ['alliance', [], 0, 'no_alliance_lead'],
    ['board', [], 0, 'no_board_member'],
    ['board_chair', [], 0, 'no_board_chair'],
    ['proposer', [], 0, 'no_proposer'],
    ['role', undefined, 0, 'no_role_holder'],
    ['role', undefined, 2, null],
    ['lead_team', ['u1'], 0, null],
    ['board', ['u1', 'u2'], 0, null],
  ] as const)('%s with eligible %j and %i role holders: %s', (decider, eligible, holders, reason) => {
    expect(noDeciderReason(decider, eligible as readonly string[] | undefined, holders)).toBe(reason);
  });

  it.each([
    ['lead_team', 'team_lead', 'coordinator'],
    ['alliance', 'team_lead', 'coordinator'],
    ['role', 'coordinator', 'board_chair'],
    ['board', 'board_member', 'unit_chair'],
    ['board_chair', 'board_member', 'unit_chair'],
  ] as const)('a %s step (%s) without a decider is escalated to %s', (decider, role, authority) => {
    expect(nextAuthority(decider, role)).toBe(authority);
  });

  it('flags only steps decided by a choice', () => {
    expect(isDecidedByChoice('funding_approval')).toBe(true);
    expect(isDecidedByChoice('screening')).toBe(true);
    expect(isDecidedByChoice('partner_matching')).toBe(false);
    expect(isDecidedByChoice('execution')).toBe(false);
  });

  it('records an event only when something changed', () => {
    expect(deciderEventKind({ eligible: [], reason: 'no_team_lead' }, { eligible: [], reason: 'no_team_lead' })).toBeNull();
    expect(deciderEventKind({ eligible: [], reason: 'no_team_lead' }, { eligible: ['a'], reason: null })).toBe('decider_found');
    expect(deciderEventKind({ eligible: ['a'], reason: null }, { eligible: [], reason: 'no_team_lead' })).toBe('no_decider');
    expect(deciderEventKind({ eligible: ['a', 'b'], reason: null }, { eligible: ['b', 'a'], reason: null })).toBeNull();
    expect(deciderEventKind({ eligible: ['a'], reason: null }, { eligible: ['a', 'b'], reason: null })).toBe('reevaluated');
    expect(deciderEventKind({ eligible: undefined, reason: null }, { eligible: undefined, reason: null })).toBeNull();
  });

  it('says why in both languages, in the notification and its e-mail', () => {
    for (const r of NO_DECIDER_REASONS) expect(NO_DECIDER_TEXT[r].vi && NO_DECIDER_TEXT[r].en).toBeTruthy();
    expect(NOTIFICATION_KINDS.no_decider.vi).toBe('Bước chưa có người quyết định');
    const mail = notificationEmail({ kind: 'no_decider', projectCode: 'BD-2026-0001', projectTitle: 'Sàn việc làm', payload: { type: 'funding_approval', reason: 'no_team_lead', at: '2026-12-01T10:00:00.000Z' } });
    expect(mail.subject).toContain('Bước chưa có người quyết định');
    expect(mail.text).toContain('Lý do: Tổ phụ trách chưa có tổ trưởng đang hoạt động.');
    expect(mail.text).toContain('Why: The responsible team has no active team lead.');
    expect(mail.text).not.toContain('Thời hạn');
  });
});
