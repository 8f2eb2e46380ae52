import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { assigneeRefusal, mayReassign, type AssignableStep } from '../../domain/assignment';
import { COMMAND_ROUTES, type BodyOf, type CommandBodyName, type CommandOf, type RouteTarget, type StageCommandKind } from '../../domain/commands';
import { RULE_ERRORS } from '../../domain/errors';
import type { Actor, Role } from '../../domain/roles';
import * as Schemas from '../../domain/schemas';
import { FeedbackBody } from '../../domain/schemas';
import { commandProject, submitFeedback } from '../project-commands';
import { accountOf, actorOf } from '../auth';
import { requireRole } from '../access';
import { HttpError } from '../http-errors';
import { projectDetail } from '../read-model';
import { idempotencyKeys } from '../idempotency';
import { CODE, pathParam, STEP_ID, UUID } from '../path-params';
import { partnerAvailableTo } from '../unit-scope';
import type { ApiDeps } from '../deps';

const FEEDBACK_CAP = { en: 'This project has received as much feedback as it can take this hour; try again later.', vi: 'Dự án đã nhận đủ số góp ý tối đa trong giờ này; hãy thử lại sau.' };
const fieldError = (code: string, field: string, en: string, vi: string) => new HttpError(422, code, { en, vi }, { [field]: { en, vi } });
const rule = (code: 'NotAllowed' | 'StepNotActive' | 'AssigneeNotEligible', field?: string) => {
  const { status, en, vi } = RULE_ERRORS[code];
  return new HttpError(status, code, { en, vi }, field ? { [field]: { en, vi } } : undefined);
};

/**
 * The real person behind a command, with what the engine needs to judge it (team, partner, chair),
 * as requireAuth read it from the database for the token's user: nothing in a request body names the actor.
 */
export function commandActor(req: Request): Actor {
  const actor = actorOf(req);
  const account = accountOf(req);
  return { ...actor, displayName: account.displayName, teamCode: account.teamCode, partnerId: account.partnerId, boardChair: account.boardChair };
}

interface ProjectRef {
  id: string;
  workflow_id: string;
  unit_code: string;
}

async function projectOr404(db: Knex, id: string): Promise<ProjectRef> {
  const project = await db('projects').where({ id }).first('id', 'workflow_id', 'unit_code');
  if (!project) throw HttpError.of(404, 'not_found');
  return project;
}

/** A step as the reassignment and extension routes judge it (domain/assignment.ts). */
export interface StepForAssignment extends AssignableStep {
  id: string;
  projectId: string;
  workflowId: string;
  unitCode: string;
  assigneeName: string | null;
}

export async function stepOr404(db: Knex, id: string): Promise<StepForAssignment> {
  const row = await db('steps as s')
    .join('projects as p', 'p.id', 's.project_id')
    .where('s.id', id)
    .first('s.id', 's.status', 's.deciding_role', 's.responsible_team_code', 's.assignee_user_id', 's.assignee_name', 's.recusals', 'p.id as project_id', 'p.workflow_id', 'p.unit_code');
  if (!row) throw HttpError.of(404, 'not_found');
  return {
    id: row.id,
    status: row.status,
    decidingRole: row.deciding_role as Role,
    responsibleTeamCode: row.responsible_team_code ?? null,
    assigneeUserId: row.assignee_user_id ?? null,
    assigneeName: row.assignee_name ?? null,
    recusedUserIds: ((row.recusals ?? []) as { userId: string }[]).map((r) => r.userId),
    projectId: row.project_id,
    workflowId: row.workflow_id,
    unitCode: row.unit_code,
  };
}

/** What a command route's `:id` led to: always the project, and the invitation or step it names. */
interface Target {
  project: ProjectRef;
  invitationId?: string;
  step?: StepForAssignment;
}

/** The form of each target's `:id`: anything else names nothing (404) before the body is read. */
const ID_FORM: Record<RouteTarget, RegExp> = { project: UUID, invitation: UUID, step: STEP_ID };

/** A reassignment already recorded under this Update id: the retry answers as the first did. */
const RECORDED = Symbol('recorded');

interface BuildArgs<K extends StageCommandKind> {
  body: BodyOf<CommandBodyName<K>>;
  actor: Actor;
  req: Request;
  target: Target;
  updateId: string;
}
/** The API's part of a command: checks that need the database, then the command the workflow receives. */
type Build<K extends StageCommandKind> = (args: BuildArgs<K>) => Promise<CommandOf<K> | typeof RECORDED> | CommandOf<K>;

/**
 * Stage commands (domain/commands): one route per registry entry, each a Temporal Update with an
 * Idempotency-Key, answered with the project as it now is.
 */
export function commandRoutes({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  const targets: Record<RouteTarget, (id: string, actor: Actor) => Promise<Target>> = {
    project: async (id) => ({ project: await projectOr404(db, id) }),
    invitation: async (id, actor) => {
      // A partner sees only its own invitations: another partner's is "not found" (R: scope by data).
      const inv = await db('invitations as i').join('projects as p', 'p.id', 'i.project_id').where({ 'i.id': id, 'i.partner_id': actor.partnerId ?? null }).first('p.id', 'p.workflow_id', 'p.unit_code');
      if (!inv) throw HttpError.of(404, 'not_found');
      return { project: inv, invitationId: id };
    },
    step: async (id) => {
      const step = await stepOr404(db, id);
      return { project: { id: step.projectId, workflow_id: step.workflowId, unit_code: step.unitCode }, step };
    },
  };

  /** One builder per command kind: a kind without one does not compile. */
  const BUILD: { [K in StageCommandKind]: Build<K> } = {
    invite: async ({ body, actor, target }) => {
      const partner = await partnerAvailableTo(db, target.project, body.partnerId);
      if (!partner) throw fieldError('unknown_partner', 'partnerId', 'No registered partner with this id.', 'Không có đối tác đăng ký với mã này.');
      if (!partner.capabilities.includes(body.capability)) {
        throw fieldError('partner_lacks_capability', 'capability', 'This partner does not offer this capability.', 'Đối tác này không có năng lực này.');
      }
      return { kind: 'invite', actor, partnerId: body.partnerId, capability: body.capability };
    },
    respond: ({ body, actor, target }) => ({ kind: 'respond', actor, invitationId: target.invitationId!, accept: body.accept, resources: body.resources, reason: body.reason }),
    waive: ({ body, actor }) => ({ kind: 'waive', actor, gap: body.gap, capability: body.capability, rationale: body.rationale }),
    set_plan: async ({ body, actor, target }) => {
      const teams = new Set((await db('teams').where({ unit_code: target.project.unit_code }).pluck('code')) as string[]);
      const unknown = body.milestones.findIndex((m) => !teams.has(m.ownerTeamCode));
      if (unknown >= 0) throw fieldError('unknown_team', `milestones.${unknown}.ownerTeamCode`, 'No such team in the unit.', 'Không có tổ này trong đơn vị.');
      return { kind: 'set_plan', actor, plan: body };
    },
    pledge: async ({ body, actor, target }) => {
      // A partner pledges for itself; staff record pledges of others (state, community, a partner the project may work with).
      const partnerId = actor.role === 'partner' ? (actor.partnerId ?? undefined) : body.partnerId;
      if (partnerId && !(await partnerAvailableTo(db, target.project, partnerId))) {
        throw fieldError('unknown_partner', 'partnerId', 'No registered partner with this id.', 'Không có đối tác đăng ký với mã này.');
      }
      return { kind: 'pledge', actor, source: body.source, amountVnd: body.source === 'volunteer_hours' ? 0 : body.amountVnd, hours: body.hours, partnerId, note: body.note };
    },
    complete_milestone: ({ body, actor, req }) => ({
      kind: 'complete_milestone',
      actor,
      milestoneCode: String(req.params.code),
      evidence: body.evidence,
      ...(body.note ? { note: body.note } : {}),
    }),
    request_change: ({ body, actor }) => ({ kind: 'request_change', actor, change: body }),
    withdraw_partner: ({ body, actor }) => {
      const partnerId = actor.role === 'partner' ? actor.partnerId : body.partnerId;
      if (!partnerId) throw fieldError('partner_required', 'partnerId', 'Name the partner that withdraws.', 'Cần nêu đối tác rút lui.');
      return { kind: 'withdraw_partner', actor, partnerId, reason: body.reason };
    },
    record_indicator: ({ body, actor, req }) => ({ kind: 'record_indicator', actor, indicatorCode: String(req.params.code), actual: body.actual, evidence: body.evidence }),
    cancel: ({ body, actor }) => ({ kind: 'cancel', actor, rationale: body.rationale }),
    // R22: the Fatherland Front's opinion on a plan in consultation, recorded by a coordinator on its behalf.
    record_front_opinion: ({ body, actor }) => ({
      kind: 'record_front_opinion',
      actor,
      opinion: body.opinion,
      letterDate: body.letterDate,
      ...(body.documentRef ? { documentRef: body.documentRef } : {}),
    }),
    extend_sla: ({ body, actor, target }) => ({ kind: 'extend_sla', actor, stepId: target.step!.id, workingDays: body.workingDays, reason: body.reason }),
    reassign: async ({ body, actor, target, updateId }) => {
      const step = target.step!;
      // A retry of a reassignment already recorded answers as the first did (the checks below would now refuse it).
      if (await db('decision_ledger').where({ workflow_id: step.workflowId, update_id: updateId }).first('seq')) return RECORDED;
      if (!mayReassign(actor, step)) throw rule('NotAllowed');
      if (step.status !== 'active') throw rule('StepNotActive');
      const person = await db('users').where({ id: body.assigneeUserId }).first('id', 'display_name', 'role', 'active', 'unit_code');
      if (!person || assigneeRefusal(step, { id: person.id, role: person.role, active: person.active, unitMatches: person.unit_code === step.unitCode })) {
        throw rule('AssigneeNotEligible', 'assigneeUserId');
      }
      return {
        kind: 'reassign',
        actor,
        stepId: step.id,
        assigneeUserId: person.id,
        assigneeName: person.display_name,
        previousUserId: step.assigneeUserId,
        previousName: step.assigneeName,
        responsibleTeamCode: step.responsibleTeamCode,
        reason: body.reason,
      };
    },
  };

  for (const route of COMMAND_ROUTES) {
    const schema = Schemas[route.body] as z.ZodType;
    const build = BUILD[route.kind] as Build<StageCommandKind>;
    router.post(route.path, requireRole(route.permission), async (req, res) => {
      const id = pathParam(req, 'id', ID_FORM[route.target]);
      if (req.params.code !== undefined) pathParam(req, 'code', CODE);
      // The body is refused before any lookup: a bad value never reaches the database or the workflow.
      const { key, body } = await keys.command(req, schema);
      const actor = commandActor(req);
      const target = await targets[route.target](id, actor);
      // Scoped by command, target (the route's parameters) and person, so one key never stands for two commands.
      const scope = Object.values(req.params).map((v) => encodeURIComponent(String(v))).join('/');
      const updateId = `${route.kind}:${scope}:${actor.userId}:${key}`;
      const cmd = await build({ body: body as never, actor, req, target, updateId });
      if (cmd !== RECORDED) {
        await commandProject(temporal, target.project.workflow_id, updateId, cmd, config.commandTimeoutMs).catch((err) => {
          if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'ProjectClosed', RULE_ERRORS.ProjectClosed);
          throw err;
        });
      }
      res.json({ project: await projectDetail(db, target.project.id) });
    });
  }

  return router;
}

/**
 * Citizen feedback (R8, R19): anyone may send it, without signing in, while a project's feedback
 * window is open. Mounted before authentication; rate-limited with the public routes.
 */
export function publicFeedbackRoutes({ db, temporal, config, feedbackPerProjectPerHour = 120 }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);
  // Besides the per-address limit in api/app.ts: many addresses together cannot flood one project.
  const perProject = rateLimit({
    windowMs: 3_600_000,
    limit: feedbackPerProjectPerHour,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `feedback:${(req as Request & { projectId?: string }).projectId}`,
    handler: (req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 3600;
      next(new HttpError(429, 'rate_limited', FEEDBACK_CAP, { code: FEEDBACK_CAP }, seconds));
    },
  });
  /** Counts one request against the project's quota; junk and unknown codes never reach it. */
  const countForProject = (req: Request, res: Response, projectId: string) =>
    new Promise<void>((resolve, reject) => {
      (req as Request & { projectId?: string }).projectId = projectId;
      void perProject(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
    });

  router.post('/projects/:code/feedback', async (req, res) => {
    const code = pathParam(req, 'code', CODE);
    // Without an account, a key belongs to the client's address.
    const { key, body } = await keys.command(req, FeedbackBody);
    const project = await db('projects').where({ code }).first('id', 'workflow_id');
    if (!project) throw HttpError.of(404, 'not_found');
    await countForProject(req, res, project.id);
    // Feedback rows are unique by update id across projects: the project is part of it.
    await submitFeedback(temporal, project.workflow_id, `feedback:${project.id}:${req.ip ?? 'anon'}:${key}`, body, config.commandTimeoutMs).catch((err) => {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'FeedbackClosed', RULE_ERRORS.FeedbackClosed);
      throw err;
    });
    res.status(202).json({ accepted: true });
  });
  return router;
}
