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
