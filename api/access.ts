import type { RequestHandler } from 'express';
import { ACCESS, allows, type Permission } from '../domain/access';
import { COMMAND_ROUTES } from '../domain/commands';
import { HttpError } from './http-errors';

// The role table is pure data in domain/, so the console shows exactly what this file enforces.
export { ACCESS, allows, type Permission };

/** Every authenticated route and the permission it needs (docs/access.md and the role tests read this). */
export const ROUTES: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; permission: Permission; what: string }[] = [
  { method: 'GET', path: '/api/me', permission: 'me.read', what: 'who am I' },
  { method: 'GET', path: '/api/projects', permission: 'projects.list', what: 'list projects (react-admin)' },
  { method: 'GET', path: '/api/projects/:id', permission: 'projects.read', what: 'a project with steps and decisions' },
  { method: 'POST', path: '/api/projects', permission: 'projects.create', what: 'propose a project (starts its workflow)' },
  { method: 'POST', path: '/api/steps/:id/decisions', permission: 'steps.decide', what: 'decide a step (Temporal Update); the workflow checks who decides which step' },
  { method: 'POST', path: '/api/steps/:id/dissent-notes', permission: 'steps.dissent', what: 'keep a dissenting opinion typed while a vote closed, as a note (a member the vote waited for who did not vote, once)' },
  { method: 'GET', path: '/api/steps/:id/assignees', permission: 'steps.reassign', what: 'who may be made accountable for a step, and whether the caller may reassign it' },
  // The stage commands, one row per entry of the command registry (domain/commands).
  ...COMMAND_ROUTES.map(({ method, path, permission, what }) => ({ method, path: `/api${path}`, permission, what })),
  { method: 'GET', path: '/api/ledger', permission: 'ledger.list', what: 'the decision ledger' },
  { method: 'GET', path: '/api/ledger/:id', permission: 'ledger.list', what: 'one ledger entry by its sequence number' },
  { method: 'GET', path: '/api/ledger/verify', permission: 'ledger.verify', what: 'verify the hash chain against the signed heads' },
  { method: 'POST', path: '/api/ledger/anchors', permission: 'ledger.anchor', what: 'sign the head of the ledger now (also done daily)' },
  { method: 'GET', path: '/api/teams', permission: 'teams.list', what: 'teams' },
  { method: 'GET', path: '/api/steps', permission: 'steps.list', what: 'list steps with what the caller can decide, their vote and recusal (react-admin)' },
  { method: 'GET', path: '/api/steps/inbox-count', permission: 'steps.list', what: 'how many open steps the caller can decide now' },
  { method: 'GET', path: '/api/ledger/export', permission: 'ledger.export', what: 'download the filtered ledger as CSV or JSON' },
  { method: 'GET', path: '/api/users', permission: 'users.list', what: 'list users' },
  { method: 'GET', path: '/api/users/:id', permission: 'users.list', what: 'a user' },
  { method: 'POST', path: '/api/users', permission: 'users.manage', what: 'create a user' },
  { method: 'PATCH', path: '/api/users/:id', permission: 'users.manage', what: 'change a user\'s role, team, partner, password or active flag' },
  { method: 'GET', path: '/api/partners', permission: 'partners.list', what: 'list partners; a partner sees only itself' },
  { method: 'GET', path: '/api/partners/:id', permission: 'partners.list', what: 'a partner; a partner sees only itself' },
  { method: 'POST', path: '/api/partners', permission: 'partners.manage', what: 'register a partner' },
  { method: 'PATCH', path: '/api/partners/:id', permission: 'partners.manage', what: 'change a partner' },
  { method: 'GET', path: '/api/invitations', permission: 'invitations.list', what: 'list invitations; a partner sees only its own' },
  { method: 'GET', path: '/api/invitations/:id', permission: 'invitations.list', what: 'an invitation; a partner sees only its own' },
  { method: 'GET', path: '/api/pledges', permission: 'pledges.list', what: 'list pledges; a partner sees only its own' },
  { method: 'GET', path: '/api/pledges/:id', permission: 'pledges.list', what: 'a pledge; a partner sees only its own' },
  { method: 'GET', path: '/api/milestones', permission: 'milestones.list', what: 'list milestones' },
  { method: 'GET', path: '/api/indicators', permission: 'indicators.list', what: 'list indicators' },
  { method: 'GET', path: '/api/feedback', permission: 'feedback.list', what: 'list citizen feedback' },
  { method: 'GET', path: '/api/units', permission: 'units.list', what: 'list units' },
  { method: 'GET', path: '/api/boards', permission: 'boards.list', what: 'list coordination boards' },
  { method: 'GET', path: '/api/board-members', permission: 'boards.list', what: 'list board seats' },
  { method: 'GET', path: '/api/sla-policies', permission: 'policies.list', what: 'list SLA policy versions' },
  { method: 'POST', path: '/api/sla-policies', permission: 'policies.manage', what: 'append a new version of an SLA policy' },
  { method: 'GET', path: '/api/quorum-rules', permission: 'policies.list', what: 'list quorum rule versions' },
  { method: 'GET', path: '/api/consultation-policies', permission: 'policies.list', what: 'list consultation policy versions (budget threshold and window, R22)' },
  { method: 'POST', path: '/api/consultation-policies', permission: 'policies.manage', what: 'append a new version of the consultation policy, with a reason' },
  { method: 'POST', path: '/api/quorum-rules', permission: 'policies.manage', what: 'append a new version of the quorum rule' },
  { method: 'GET', path: '/api/units/:id', permission: 'units.list', what: 'a unit, with its named chair' },
  { method: 'PATCH', path: '/api/units/:id', permission: 'users.manage', what: "name or change a unit's chair (the last escalation level), recorded in the admin trail" },
  { method: 'GET', path: '/api/separation-rules', permission: 'policies.list', what: 'list separation-of-duties rule versions' },
  { method: 'GET', path: '/api/notifications', permission: 'notifications.list', what: 'notifications addressed to the caller, their role or their team' },
  { method: 'GET', path: '/api/notifications/unread-count', permission: 'notifications.own', what: 'how many notifications delivered to the caller are unread' },
  { method: 'POST', path: '/api/notifications/read', permission: 'notifications.own', what: 'mark notifications of the caller read: some by id, or all' },
  { method: 'GET', path: '/api/me/notifications', permission: 'notifications.own', what: "the caller's notification centre" },
  { method: 'GET', path: '/api/me/notification-preferences', permission: 'notifications.own', what: 'which kinds the caller receives by e-mail and in the console' },
  { method: 'PATCH', path: '/api/me/notification-preferences', permission: 'notifications.own', what: 'change which kinds the caller receives by e-mail and in the console' },
  { method: 'POST', path: '/api/board-members', permission: 'boards.manage', what: "seat a person of the unit on the unit's board, recorded in the admin trail; open votes are re-evaluated" },
  { method: 'PATCH', path: '/api/board-members/:id', permission: 'boards.manage', what: 'end a seat on the board with its last day and a reason, recorded in the admin trail; open votes are re-evaluated' },
  { method: 'GET', path: '/api/conflicts-of-interest', permission: 'conflicts.list', what: 'list declared conflicts of interest' },
  { method: 'GET', path: '/api/conflicts-of-interest/:id', permission: 'conflicts.list', what: 'a declared conflict of interest' },
  { method: 'POST', path: '/api/conflicts-of-interest', permission: 'conflicts.declare', what: 'declare a conflict of interest; a board member declares their own' },
  { method: 'DELETE', path: '/api/conflicts-of-interest/:id', permission: 'conflicts.declare', what: 'withdraw a conflict of interest; a board member withdraws their own' },
  { method: 'GET', path: '/api/admin-changes', permission: 'adminChanges.list', what: 'the audit trail of reference-data changes' },
  { method: 'GET', path: '/api/stats/sla', permission: 'stats.sla', what: 'SLA figures: on-time rate per team and unit per month, open steps, escalations, ageing, cycle time; a team lead sees their team' },
  { method: 'GET', path: '/api/stats/pipeline', permission: 'stats.pipeline', what: 'pipeline figures: projects per stage, funding mix against the 70% target, C-Index; a team lead sees their team' },
  { method: 'GET', path: '/api/public-comments', permission: 'comments.list', what: "residents' comments from the portal on the unit's projects, with answers and moderation" },
  { method: 'POST', path: '/api/public-comments/:id/answer', permission: 'comments.answer', what: "answer a comment in public; a lead of the project's own team or its proposer (a coordinator for residents' proposals)" },
  { method: 'POST', path: '/api/public-comments/:id/hide', permission: 'comments.moderate', what: 'hide a comment from the portal with a reason (recorded, never deleted)' },
];

/** Routes anyone may call without a token, and what holds them back (docs/access.md lists them). */
export const PUBLIC_ROUTES: { method: 'GET' | 'POST'; path: string; what: string }[] = [
  { method: 'POST', path: '/api/auth/login', what: 'sign in; 20 attempts a minute per address' },
  { method: 'POST', path: '/api/auth/refresh', what: 'trade a refresh token for a new session; limited like sign-in' },
  { method: 'POST', path: '/api/auth/logout', what: 'revoke a refresh token' },
  { method: 'POST', path: '/api/public/projects/:code/feedback', what: 'citizen feedback while the window is open; 30 requests a minute per address and 120 accepted an hour per project' },
  { method: 'GET', path: '/api/public/projects', what: 'the public portal: projects by stage with team, budget, funding mix and beneficiaries, no person named; 120 reads a minute per address' },
  { method: 'GET', path: '/api/public/projects/:code', what: 'the public portal: one project with funding, partners, milestones, indicators and decisions without names' },
  { method: 'GET', path: '/api/public/projects/:code/open-data.json', what: 'open data: one public project as a JSON download' },
  { method: 'GET', path: '/api/public/projects/:code/open-data.csv', what: 'open data: one public project as a CSV download' },
  { method: 'GET', path: '/api/public/projects/:code/iati.xml', what: 'open data: one public project as an IATI 2.03 activity file' },
  { method: 'POST', path: '/api/public/projects/:code/comments', what: 'rate a project in consultation, under way or closed on five factors, with a comment; 30 requests a minute per address, anti-spam check' },
  { method: 'POST', path: '/api/public/proposals', what: "residents propose a project with a name and phone, no account; it enters screening marked as a residents' proposal" },
  { method: 'GET', path: '/api/public/ledger/head', what: 'the ledger\'s current head (sequence and hash), the newest signed head, and how to verify it later' },
  { method: 'GET', path: '/api/openapi.json', what: 'the OpenAPI document' },
  { method: 'GET', path: '/api/docs', what: 'the OpenAPI document as a page' },
  { method: 'GET', path: '/healthz', what: 'liveness' },
  { method: 'GET', path: '/metrics', what: 'Prometheus metrics for the operators: only with the ops token METRICS_TOKEN as a Bearer token (401 otherwise); 404 when METRICS_TOKEN is not set' },
  { method: 'GET', path: '/readyz', what: 'readiness (PostgreSQL and Temporal)' },
];

export function requireRole(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(HttpError.of(401, 'unauthenticated'));
    if (!allows(req.actor.role, permission)) return next(HttpError.of(403, 'forbidden'));
    next();
  };
}
