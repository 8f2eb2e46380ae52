// Who may do what in the console (R18: authority is explicit). Mirrors the API's role matrix
// (api/access.ts); the API and the workflow still decide, this only hides what would be refused.
import { STEP_RULES, type Choice, type StepType } from '../../../domain/lifecycle';
import type { ActiveStep, Role } from '../types';

const PROJECT_READERS: readonly Role[] = ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'];
const PROJECT_CREATORS: readonly Role[] = ['admin', 'coordinator', 'team_lead'];

export function canReadProjects(role: Role): boolean {
  return PROJECT_READERS.includes(role);
}

export function canCreateProject(role: Role): boolean {
  return PROJECT_CREATORS.includes(role);
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

/** The API names who decides the open step; only that role sees the decision buttons. */
export function canDecide(role: Role | undefined, step: Pick<ActiveStep, 'type' | 'decidingRole'> | null | undefined): boolean {
  return role !== undefined && step != null && step.decidingRole === role && choicesFor(step.type).length > 0;
}

/** The question react-admin asks (authProvider.canAccess) before showing a page or a button. */
export function canAccess(role: Role, request: { resource: string; action: string }): boolean {
  switch (request.resource) {
    case 'projects':
      if (request.action === 'create') return canCreateProject(role);
      if (request.action === 'list' || request.action === 'show') return canReadProjects(role);
      return false;
    case 'teams':
      return request.action === 'list';
    default:
      return false;
  }
}
