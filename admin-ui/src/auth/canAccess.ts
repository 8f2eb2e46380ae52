// Who may do what in the console (R18: authority is explicit), read from the role table the API
// enforces (domain/access.ts); the API and the workflow still decide, this only hides what would be refused.
import { allows, type Permission } from '../../../domain/access';
import { STEP_RULES, type Choice, type StepType } from '../../../domain/lifecycle';
import type { ActiveStep, Role } from '../types';

export function canReadProjects(role: Role): boolean {
  return allows(role, 'projects.list');
}

export function canCreateProject(role: Role): boolean {
  return allows(role, 'projects.create');
}

/** R21: the decision ledger is readable by every role that reads projects. */
export function canReadLedger(role: Role): boolean {
  return allows(role, 'ledger.list');
}

/** Verify the hash chain and export the ledger (the API refuses both to other roles). */
export function canAuditLedger(role: Role): boolean {
  return allows(role, 'ledger.verify') && allows(role, 'ledger.export');
}

/** Reassign a step's accountable person; the API narrows a team lead to their own team's steps. */
export function canReassignSteps(role: Role): boolean {
  return allows(role, 'steps.reassign');
}

export function canReadPeople(role: Role): boolean {
  return allows(role, 'users.list');
}

export function isKnownStepType(type: string): type is StepType {
  return Object.prototype.hasOwnProperty.call(STEP_RULES, type);
}

/** The role that decides a step of this type, or null for a type this console does not know yet. */
export function decidingRoleOf(stepType: string): Role | null {
  return isKnownStepType(stepType) ? STEP_RULES[stepType].decidingRole : null;
}

/** The choices offered on a step of this type, in the order the buttons show them. */
export function choicesFor(stepType: string): readonly Choice[] {
  return isKnownStepType(stepType) ? STEP_RULES[stepType].choices : [];
}

/** R20: a return or a rejection must say why. */
export function rationaleRequired(stepType: string, choice: Choice): boolean {
  return isKnownStepType(stepType) && STEP_RULES[stepType].rationaleRequired.includes(choice);
}

/** The Temporal Web UI shows raw workflow histories: for the operators (admin) and auditors, not every reader. */
export function canOpenTemporal(role: Role): boolean {
  return role === 'admin' || role === 'auditor';
}

/** The API names who decides the open step; only that role sees the decision buttons. */
export function canDecide(role: Role | undefined, step: Pick<ActiveStep, 'type' | 'decidingRole'> | null | undefined): boolean {
  return role !== undefined && step != null && step.decidingRole === role && choicesFor(step.type).length > 0;
}

/** Roles the engine may ask for a decision (POST /api/steps/:id/decisions): they get an inbox. */
export function canHaveDecisions(role: Role): boolean {
  return allows(role, 'steps.decide');
}

/** Console screens and the API permission each one reads (the same table the API enforces). */
const SCREENS: Record<string, Partial<Record<string, Permission>>> = {
  steps: { list: 'steps.list' },
  invitations: { list: 'invitations.list' },
  dashboard: { list: 'stats.sla' },
  pipeline: { list: 'projects.list' },
  inbox: { list: 'steps.decide' },
  'public-comments': { list: 'comments.list', answer: 'comments.answer', hide: 'comments.moderate' },
  // Reference data (admin/): reading follows the lists' permissions, changing the admin ones.
  partners: { list: 'partners.list', create: 'partners.manage', edit: 'partners.manage' },
  'board-members': { list: 'boards.list', create: 'boards.manage', edit: 'boards.manage' },
  'conflicts-of-interest': { list: 'conflicts.list', create: 'conflicts.declare' },
  'sla-policies': { list: 'policies.list', create: 'policies.manage' },
  'quorum-rules': { list: 'policies.list', create: 'policies.manage' },
  'consultation-policies': { list: 'policies.list', create: 'policies.manage' },
  'separation-rules': { list: 'policies.list' },
  units: { list: 'policies.list', edit: 'users.manage' },
  'admin-changes': { list: 'adminChanges.list' },
};

/** The question react-admin asks (authProvider.canAccess) before showing a page or a button. */
export function canAccess(role: Role, request: { resource: string; action: string }): boolean {
  switch (request.resource) {
    case 'projects':
      if (request.action === 'create') return canCreateProject(role);
      if (request.action === 'list' || request.action === 'show') return canReadProjects(role);
      return false;
    case 'teams':
      return request.action === 'list';
    case 'decisions':
      if (request.action === 'list' || request.action === 'show') return canReadLedger(role);
      if (request.action === 'export' || request.action === 'verify') return canAuditLedger(role);
      if (request.action === 'anchor') return allows(role, 'ledger.anchor');
      return false;
    case 'temporal':
      return request.action === 'show' && canOpenTemporal(role);
    case 'users':
      if (request.action === 'create' || request.action === 'edit') return allows(role, 'users.manage');
      return (request.action === 'list' || request.action === 'show') && canReadPeople(role);
    default: {
      const permission = SCREENS[request.resource]?.[request.action];
      return permission !== undefined && allows(role, permission);
    }
  }
}
