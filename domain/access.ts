import type { Role } from './roles';

/**
 * The role × permission table (R18: authority is explicit). The API enforces it (api/access.ts
 * requireRole); the console reads it to show only the menus and buttons a role may use
 * (admin-ui/src/auth/canAccess.ts); docs/access.md is written from it and a test keeps the two
 * equal. The engine narrows further (who decides which step).
 */
export const ACCESS = {
  'projects.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'projects.read': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'projects.create': ['admin', 'coordinator', 'team_lead'],
  'steps.decide': ['coordinator', 'team_lead', 'board_member'],
  // A board member the closed vote waited for keeps their dissenting opinion as a note (api/routes/steps.ts narrows).
  'steps.dissent': ['board_member'],
  'steps.extend': ['admin', 'coordinator'],
  // The engine narrows a team lead to their own team's steps (domain/assignment.ts mayReassign).
  'steps.reassign': ['admin', 'coordinator', 'team_lead'],
  'projects.match': ['admin', 'coordinator', 'team_lead'],
  'invitations.respond': ['partner'],
  'projects.waive': ['board_member'],
  'projects.fund': ['admin', 'coordinator', 'team_lead'],
  'projects.pledge': ['admin', 'coordinator', 'team_lead', 'partner'],
  'projects.execute': ['admin', 'coordinator', 'team_lead'],
  'projects.withdraw': ['admin', 'coordinator', 'partner'],
  'projects.cancel': ['board_member'],
  // R22: a coordinator records the Fatherland Front's opinion on the Front's behalf.
  'projects.consult': ['admin', 'coordinator'],
  'ledger.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'ledger.verify': ['admin', 'auditor'],
  'ledger.anchor': ['admin', 'auditor'],
  'teams.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'me.read': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  // Lists (api/lists.ts); a partner sees only its own partner's rows where it may list at all.
  'steps.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'ledger.export': ['admin', 'auditor'],
  'users.list': ['admin', 'coordinator', 'auditor'],
  'partners.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'invitations.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'pledges.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'milestones.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'indicators.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'feedback.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'units.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'boards.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'policies.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'notifications.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  // Everyone's own notification centre: what was delivered to them, read state, which kinds by e-mail.
  'notifications.own': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'conflicts.list': ['admin', 'coordinator', 'board_member', 'auditor'],
  'adminChanges.list': ['admin', 'auditor'],
  // Reference data: admins only, except that a board member declares (and withdraws) their own conflicts (R21).
  'users.manage': ['admin'],
  'partners.manage': ['admin'],
  'conflicts.declare': ['admin', 'board_member'],
  // Seats on the unit's board (R4): an admin seats a person and ends a seat.
  'boards.manage': ['admin'],
  'policies.manage': ['admin'],
  'stats.sla': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'stats.pipeline': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  // Residents' comments from the portal (R8, R19): the lead team answers in public, a coordinator moderates.
  'comments.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'comments.answer': ['admin', 'coordinator', 'team_lead'],
  'comments.moderate': ['admin', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof ACCESS;

export function allows(role: Role, permission: Permission): boolean {
  return (ACCESS[permission] as readonly Role[]).includes(role);
}

/**
 * The units whose projects, people and figures a signed-in person sees and acts on (R18). Every
 * role, admin and auditor included, belongs to one ward or commune and sees that unit only: an
 * admin keeps their unit's reference data, an auditor (the unit's Community Alliance, inspectors,
 * People's Council) traces their unit's decisions. The API asks this function alone (api/unit-scope.ts,
 * the `unit` of every list in api/lists.ts, the figures), so a province role that oversees several
 * units is one more branch here.
 */
export function unitsOf(user: { role: Role; unitCode: string }): readonly string[] {
  return [user.unitCode];
}
