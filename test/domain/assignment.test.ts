import { assigneeRefusal, mayReassign, type AssignableStep } from '../../domain/assignment';

const step: AssignableStep = { status: 'active', decidingRole: 'team_lead', responsibleTeamCode: 'BD-ENV', assigneeUserId: 'lead-env', recusedUserIds: ['lead-rec'] };

describe('accountable person of a step', () => {
  it.each([
    [{ role: 'coordinator', teamCode: null }, true],
    [{ role: 'admin', teamCode: null }, true],
    [{ role: 'team_lead', teamCode: 'BD-ENV' }, true],
    [{ role: 'team_lead', teamCode: 'BD-CUL' }, false],
    [{ role: 'team_lead', teamCode: null }, false],
    [{ role: 'board_member', teamCode: null }, false],
    [{ role: 'auditor', teamCode: null }, false],
  ] as const)('%o may reassign a BD-ENV step: %s', (actor, expected) => {
    expect(mayReassign(actor, step)).toBe(expected);
  });

  it.each([
    [{ id: 'lead-cul', role: 'team_lead', active: true, unitMatches: true }, null],
    [{ id: 'lead-cul', role: 'team_lead', active: false, unitMatches: true }, 'not_active'],
    [{ id: 'lead-cul', role: 'team_lead', active: true, unitMatches: false }, 'not_active'],
    [{ id: 'coord', role: 'coordinator', active: true, unitMatches: true }, 'wrong_role'],
    [{ id: 'lead-rec', role: 'team_lead', active: true, unitMatches: true }, 'recused'],
    [{ id: 'lead-env', role: 'team_lead', active: true, unitMatches: true }, 'same_person'],
  ] as const)('%o as the new assignee: %s', (person, expected) => {
    expect(assigneeRefusal(step, person)).toBe(expected);
  });
});
