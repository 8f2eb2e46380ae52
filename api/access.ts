import type { RequestHandler } from 'express';
import type { Role } from '../domain/roles';
import { HttpError } from './http-errors';

/**
 * The role × route matrix, enforced here and nowhere else; docs/access.md is written from this
 * table by scripts/write-access-doc.ts and a test keeps the two equal. The engine narrows further
 * (who decides which step).
 */
export const ACCESS = {
  'projects.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'projects.read': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'projects.create': ['admin', 'coordinator', 'team_lead'],
  'steps.decide': ['coordinator', 'team_lead', 'board_member'],
  'steps.extend': ['admin', 'coordinator'],
  'projects.match': ['admin', 'coordinator', 'team_lead'],
  'invitations.respond': ['partner'],
  'projects.waive': ['board_member'],
  'projects.fund': ['admin', 'coordinator', 'team_lead'],
  'projects.pledge': ['admin', 'coordinator', 'team_lead', 'partner'],
  'projects.execute': ['admin', 'coordinator', 'team_lead'],
  'projects.withdraw': ['admin', 'coordinator', 'partner'],
  'projects.cancel': ['board_member'],
  'ledger.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor'],
  'ledger.verify': ['admin', 'auditor'],
  'teams.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'me.read': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof ACCESS;

/** Every authenticated route and the permission it needs (docs/access.md and the role tests read this). */
export const ROUTES: { method: 'GET' | 'POST'; path: string; permission: Permission; what: string }[] = [
  { method: 'GET', path: '/api/me', permission: 'me.read', what: 'who am I' },
  { method: 'GET', path: '/api/projects', permission: 'projects.list', what: 'list projects (react-admin)' },
  { method: 'GET', path: '/api/projects/:id', permission: 'projects.read', what: 'a project with steps and decisions' },
  { method: 'POST', path: '/api/projects', permission: 'projects.create', what: 'propose a project (starts its workflow)' },
  { method: 'POST', path: '/api/steps/:id/decisions', permission: 'steps.decide', what: 'decide a step (Temporal Update); the workflow checks who decides which step' },
  { method: 'POST', path: '/api/steps/:id/extensions', permission: 'steps.extend', what: 'extend a step\'s deadline by working days, with a reason' },
  { method: 'POST', path: '/api/projects/:id/invitations', permission: 'projects.match', what: 'invite a partner for a missing capability' },
  { method: 'POST', path: '/api/invitations/:id/response', permission: 'invitations.respond', what: 'accept (with a commitment) or decline; only the invited partner' },
  { method: 'POST', path: '/api/projects/:id/waivers', permission: 'projects.waive', what: 'waive a capability gap or the socialization shortfall; the board chair only' },
  { method: 'POST', path: '/api/projects/:id/plan', permission: 'projects.fund', what: 'set the budget plan and milestones' },
  { method: 'POST', path: '/api/projects/:id/pledges', permission: 'projects.pledge', what: 'pledge funding by source; a partner pledges only for itself' },
  { method: 'POST', path: '/api/projects/:id/milestones/:code/completion', permission: 'projects.execute', what: 'complete a milestone with evidence' },
  { method: 'POST', path: '/api/projects/:id/change-requests', permission: 'projects.execute', what: 'request a scope, budget or schedule change' },
  { method: 'POST', path: '/api/projects/:id/withdrawals', permission: 'projects.withdraw', what: 'a partner withdraws (early warning, re-matching)' },
  { method: 'POST', path: '/api/projects/:id/indicators/:code/actuals', permission: 'projects.execute', what: 'record an indicator\'s actual value with evidence' },
  { method: 'POST', path: '/api/projects/:id/cancellation', permission: 'projects.cancel', what: 'cancel the project with a rationale; the board chair only' },
  { method: 'GET', path: '/api/ledger', permission: 'ledger.list', what: 'the decision ledger' },
  { method: 'GET', path: '/api/ledger/verify', permission: 'ledger.verify', what: 'verify the hash chain' },
  { method: 'GET', path: '/api/teams', permission: 'teams.list', what: 'teams' },
];

export function allows(role: Role, permission: Permission): boolean {
  return (ACCESS[permission] as readonly Role[]).includes(role);
}

export function requireRole(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(HttpError.of(401, 'unauthenticated'));
    if (!allows(req.actor.role, permission)) return next(HttpError.of(403, 'forbidden'));
    next();
  };
}
