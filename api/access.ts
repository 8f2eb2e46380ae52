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
  'ledger.list': ['admin', 'coordinator', 'board_member', 'auditor'],
  'ledger.verify': ['admin', 'auditor'],
  'teams.list': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
  'me.read': ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof ACCESS;

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
