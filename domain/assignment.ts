import type { Decider } from './lifecycle';
import type { Actor, Role } from './roles';

/**
 * The accountable person of a step (issue 13; R16, R18, R20: a clear person for each task).
 *
 * When a step opens it is assigned by its decider:
 * - `lead_team`: the team lead of the step's responsible team (the project's lead team unless the
 *   SLA policy names another), else the first eligible decider;
 * - `alliance`: the team lead of the Community Alliance (the oversight team);
 * - `role` (coordinator steps): a coordinator of the project's unit, the proposer only when no one else is;
 * - `board` and `board_chair`: the chair of the unit's coordination board, else (the chair recused) the first eligible member;
 * - `proposer`: the proposer, who owes the changes.
 * A step with no such person stays unassigned (shown as such) until someone reassigns it.
 *
 * Reassignment: to an active person of the project's unit holding the step's deciding role, not
 * recused from the step, with a reason; by a coordinator or admin, or by the team lead of the step's
 * responsible team.
 */
export const DEFAULT_ASSIGNEE_BY_DECIDER: Record<Decider, 'team_lead' | 'alliance_lead' | 'coordinator' | 'board_chair' | 'proposer'> = {
  lead_team: 'team_lead',
  alliance: 'alliance_lead',
  role: 'coordinator',
  board: 'board_chair',
  board_chair: 'board_chair',
  proposer: 'proposer',
};

export interface AssignableStep {
  status: string;
  decidingRole: Role;
  responsibleTeamCode: string | null;
  assigneeUserId: string | null;
  recusedUserIds: readonly string[];
}

/** May this person reassign this step? Coordinators and admins any step; a team lead their own team's. */
export function mayReassign(actor: Pick<Actor, 'role' | 'teamCode'>, step: Pick<AssignableStep, 'responsibleTeamCode'>): boolean {
  if (actor.role === 'coordinator' || actor.role === 'admin') return true;
  return actor.role === 'team_lead' && Boolean(actor.teamCode) && actor.teamCode === step.responsibleTeamCode;
}

export type AssigneeRefusal = 'not_active' | 'wrong_role' | 'recused' | 'same_person';

/** Why a person cannot take this step, or null when they can. */
export function assigneeRefusal(step: AssignableStep, person: { id: string; role: Role; active: boolean; unitMatches: boolean }): AssigneeRefusal | null {
  if (!person.active || !person.unitMatches) return 'not_active';
  if (person.role !== step.decidingRole) return 'wrong_role';
  if (step.recusedUserIds.includes(person.id)) return 'recused';
  if (step.assigneeUserId === person.id) return 'same_person';
  return null;
}
