import { canAccess, canCreateProject, canDecide, choicesFor, decidingRoleOf, rationaleRequired } from './canAccess';
import { ROLES } from '../../../domain/roles';
import { ACCESS } from '../../../domain/access';

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

  it("shows residents' comments to the staff: team leads and coordinators answer (the API checks whose project), coordinators and admins hide, partners see nothing", () => {
    expect(canAccess('partner', { resource: 'public-comments', action: 'list' })).toBe(false);
    expect(canAccess('auditor', { resource: 'public-comments', action: 'list' })).toBe(true);
    expect(canAccess('team_lead', { resource: 'public-comments', action: 'answer' })).toBe(true);
    // A coordinator answers for a project she proposed, or for a residents' proposal (R22 consultation).
    expect(canAccess('coordinator', { resource: 'public-comments', action: 'answer' })).toBe(true);
    expect(canAccess('auditor', { resource: 'public-comments', action: 'answer' })).toBe(false);
    expect(canAccess('coordinator', { resource: 'public-comments', action: 'hide' })).toBe(true);
    expect(canAccess('team_lead', { resource: 'public-comments', action: 'hide' })).toBe(false);
  });

  it('refuses what the console never offers (edit, delete, unknown resources)', () => {
    expect(canAccess('admin', { resource: 'projects', action: 'edit' })).toBe(false);
    expect(canAccess('admin', { resource: 'projects', action: 'delete' })).toBe(false);
    expect(canAccess('auditor', { resource: 'users', action: 'edit' })).toBe(false);
    expect(canAccess('admin', { resource: 'decisions', action: 'delete' })).toBe(false);
    expect(canAccess('admin', { resource: 'audit_log', action: 'list' })).toBe(false);
  });

  it('shows the ledger to every role that reads projects, verification and export only to auditors and admins (R21)', () => {
    expect(ROLES.filter((role) => canAccess(role, { resource: 'decisions', action: 'list' }))).toEqual(['admin', 'coordinator', 'team_lead', 'board_member', 'auditor']);
    expect(ROLES.filter((role) => canAccess(role, { resource: 'decisions', action: 'show' }))).toEqual(['admin', 'coordinator', 'team_lead', 'board_member', 'auditor']);
    expect(ROLES.filter((role) => canAccess(role, { resource: 'decisions', action: 'export' }))).toEqual(['admin', 'auditor']);
    expect(ROLES.filter((role) => canAccess(role, { resource: 'decisions', action: 'verify' }))).toEqual(['admin', 'auditor']);
    expect(canAccess('admin', { resource: 'decisions', action: 'create' })).toBe(false);
  });

  it("mirrors the API's role table for the ledger and people (api/access.ts), so no button leads to a 403", () => {
    const allowed = (resource: string, action: string) => ROLES.filter((role) => canAccess(role, { resource, action })).sort();
    const api = (permission: keyof typeof ACCESS) => [...ACCESS[permission]].sort();
    expect(allowed('decisions', 'list')).toEqual(api('ledger.list'));
    expect(allowed('decisions', 'verify')).toEqual(api('ledger.verify'));
    expect(allowed('decisions', 'export')).toEqual(api('ledger.export'));
    expect(allowed('decisions', 'anchor')).toEqual(api('ledger.anchor'));
    expect(allowed('users', 'list')).toEqual(api('users.list'));
    expect(allowed('users', 'show')).toEqual(api('users.list'));
  });

  it("lets admins, auditors and coordinators look up people and a person's trail", () => {
    expect(ROLES.filter((role) => canAccess(role, { resource: 'users', action: 'list' }))).toEqual(['admin', 'coordinator', 'auditor']);
    expect(ROLES.filter((role) => canAccess(role, { resource: 'users', action: 'show' }))).toEqual(['admin', 'coordinator', 'auditor']);
    // Only an admin creates and changes accounts (users.manage).
    expect(ROLES.filter((role) => canAccess(role, { resource: 'users', action: 'create' }))).toEqual(['admin']);
    expect(ROLES.filter((role) => canAccess(role, { resource: 'users', action: 'edit' }))).toEqual(['admin']);
  });

  it('shows the reference-data forms only to the roles that may use them', () => {
    const who = (resource: string, action: string) => ROLES.filter((role) => canAccess(role, { resource, action }));
    expect(who('partners', 'create')).toEqual(['admin']);
    expect(who('partners', 'edit')).toEqual(['admin']);
    expect(who('sla-policies', 'create')).toEqual(['admin']);
    expect(who('quorum-rules', 'create')).toEqual(['admin']);
    expect(who('conflicts-of-interest', 'create')).toEqual(['admin', 'board_member']);
    expect(who('board-members', 'create')).toEqual(['admin']);
    expect(who('board-members', 'edit')).toEqual(['admin']);
    expect(who('board-members', 'list')).toEqual(['admin', 'coordinator', 'team_lead', 'board_member', 'auditor']);
    expect(who('admin-changes', 'list')).toEqual(['admin', 'auditor']);
    expect(who('sla-policies', 'edit')).toEqual([]);
  });
});

describe('the Temporal Web UI link', () => {
  it('is offered to admins and auditors only, whose work needs raw workflow histories', () => {
    expect(ROLES.filter((role) => canAccess(role, { resource: 'temporal', action: 'show' }))).toEqual(['admin', 'auditor']);
  });
});

describe('console screens', () => {
  const allowed = (resource: string) => ROLES.filter((role) => canAccess(role, { resource, action: 'list' })).sort();
  it('shows each screen to exactly the roles the API serves its data to', () => {
    expect(allowed('steps')).toEqual([...ACCESS['steps.list']].sort());
    expect(allowed('invitations')).toEqual([...ACCESS['invitations.list']].sort());
    expect(allowed('dashboard')).toEqual([...ACCESS['stats.sla']].sort());
    expect(allowed('inbox')).toEqual([...ACCESS['steps.decide']].sort());
    expect(allowed('pipeline')).toEqual([...ACCESS['projects.list']].sort());
  });
  it('gives partners their invitations and nothing of the staff screens', () => {
    expect(['steps', 'dashboard', 'inbox', 'pipeline', 'projects', 'decisions', 'users'].filter((r) => canAccess('partner', { resource: r, action: 'list' }))).toEqual([]);
    expect(canAccess('partner', { resource: 'invitations', action: 'list' })).toBe(true);
  });
});
