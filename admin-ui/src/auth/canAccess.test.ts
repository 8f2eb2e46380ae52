import { canAccess, canCreateProject, canDecide, choicesFor, decidingRoleOf, rationaleRequired } from './canAccess';
import { ROLES } from '../../../domain/roles';

describe('canCreateProject', () => {
  it('lets coordinators, team leads and admins propose (R2), nobody else', () => {
    expect(ROLES.filter(canCreateProject)).toEqual(['admin', 'coordinator', 'team_lead']);
  });
});

describe('canDecide', () => {
  const screening = { type: 'screening' as const, decidingRole: 'coordinator' as const };

  it('is true only for the role the API names on the open step (R18)', () => {
    expect(canDecide('coordinator', screening)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'coordinator')) expect(canDecide(role, screening)).toBe(false);
  });

  it('is false without a step, without a role, or for a step type the console cannot offer choices for', () => {
    expect(canDecide('coordinator', null)).toBe(false);
    expect(canDecide(undefined, screening)).toBe(false);
    expect(canDecide('coordinator', { type: 'site_visit' as never, decidingRole: 'coordinator' })).toBe(false);
  });
});

describe('step rules', () => {
  it('screening is decided by a coordinator with accept, return or reject', () => {
    expect(decidingRoleOf('screening')).toBe('coordinator');
    expect(choicesFor('screening')).toEqual(['accept', 'return', 'reject']);
  });

  it('a return or a rejection needs a rationale, an acceptance does not (R20)', () => {
    expect(rationaleRequired('screening', 'return')).toBe(true);
    expect(rationaleRequired('screening', 'reject')).toBe(true);
    expect(rationaleRequired('screening', 'accept')).toBe(false);
  });

  it('knows nothing about step types it has not been taught', () => {
    expect(decidingRoleOf('site_visit')).toBeNull();
    expect(choicesFor('site_visit')).toEqual([]);
    expect(rationaleRequired('site_visit', 'reject')).toBe(false);
  });
});

describe('canAccess (react-admin)', () => {
  it('hides projects from partners and the create page from board members and auditors', () => {
    expect(canAccess('partner', { resource: 'projects', action: 'list' })).toBe(false);
    expect(canAccess('auditor', { resource: 'projects', action: 'show' })).toBe(true);
    expect(canAccess('auditor', { resource: 'projects', action: 'create' })).toBe(false);
    expect(canAccess('board_member', { resource: 'projects', action: 'create' })).toBe(false);
    expect(canAccess('team_lead', { resource: 'projects', action: 'create' })).toBe(true);
  });

  it('refuses what the console never offers (edit, delete, unknown resources)', () => {
    expect(canAccess('admin', { resource: 'projects', action: 'edit' })).toBe(false);
    expect(canAccess('admin', { resource: 'projects', action: 'delete' })).toBe(false);
    expect(canAccess('admin', { resource: 'users', action: 'list' })).toBe(false);
  });
});
