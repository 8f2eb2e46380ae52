import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { RULE_ERRORS } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import type { StageCommand } from '../../domain/project';
import {
  CancellationBody,
  ChangeRequestBody,
  ExtensionBody,
  FeedbackBody,
  FrontOpinionBody,
  IndicatorActualBody,
  InvitationBody,
  InvitationResponseBody,
  MilestoneCompletionBody,
  PlanBody,
  PledgeBody,
  WaiverBody,
  WithdrawalBody,
} from '../../domain/schemas';
import { commandProject, submitFeedback } from '../project-commands';
import { accountOf, actorOf } from '../auth';
import { requireRole, type Permission } from '../access';
import { HttpError } from '../http-errors';
import { projectDetail } from '../read-model';
import { idempotencyKeys } from '../idempotency';
import { CODE, pathParam, STEP_ID, UUID } from '../path-params';
import { partnerAvailableTo } from '../unit-scope';
import type { ApiDeps } from '../app';

const FEEDBACK_CAP = { en: 'This project has received as much feedback as it can take this hour; try again later.', vi: 'Dự án đã nhận đủ số góp ý tối đa trong giờ này; hãy thử lại sau.' };
const fieldError = (code: string, field: string, en: string, vi: string) => new HttpError(422, code, { en, vi }, { [field]: { en, vi } });

/**
 * The real person behind a command, with what the engine needs to judge it (team, partner, chair),
 * as requireAuth read it from the database for the token's user: nothing in a request body names the actor.
 */
export function commandActor(req: Request): Actor {
  const actor = actorOf(req);
  const account = accountOf(req);
  return { ...actor, displayName: account.displayName, teamCode: account.teamCode, partnerId: account.partnerId, boardChair: account.boardChair };
}

async function projectOr404(db: Knex, id: string): Promise<{ id: string; workflow_id: string; unit_code: string }> {
  const project = await db('projects').where({ id }).first('id', 'workflow_id', 'unit_code');
  if (!project) throw HttpError.of(404, 'not_found');
  return project;
}

type Build<S extends z.ZodType> = (args: { body: z.infer<S>; actor: Actor; req: Request; project: { id: string; unit_code: string } }) => Promise<StageCommand> | StageCommand;

/** Stage commands: each a Temporal Update with an Idempotency-Key, answered with the project as it now is. */
export function commandRoutes({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  const send = async (req: Request, key: string, workflowId: string, projectId: string, cmd: StageCommand) => {
    // Scoped by command, target (the route's parameters) and person, so one key never stands for two commands.
    const target = Object.values(req.params).map((v) => encodeURIComponent(String(v))).join('/');
    await commandProject(temporal, workflowId, `${cmd.kind}:${target}:${cmd.actor.userId}:${key}`, cmd, config.commandTimeoutMs).catch((err) => {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'ProjectClosed', RULE_ERRORS.ProjectClosed);
      throw err;
    });
    return { project: await projectDetail(db, projectId) };
  };

  /** POST /projects/:id/<path>: role check, key, body, then the command. */
  const projectCommand = <S extends z.ZodType>(path: string, permission: Permission, schema: S, build: Build<S>) => {
    router.post(`/projects/:id/${path}`, requireRole(permission), async (req, res) => {
      const id = pathParam(req, 'id', UUID);
      if (req.params.code !== undefined) pathParam(req, 'code', CODE);
      // The body is refused before any lookup: a bad value never reaches the database or the workflow.
      const { key, body } = await keys.command(req, schema);
      const project = await projectOr404(db, id);
      const actor = commandActor(req);
      res.json(await send(req, key, project.workflow_id, project.id, await build({ body, actor, req, project })));
    });
  };

  projectCommand('invitations', 'projects.match', InvitationBody, async ({ body, actor, project }) => {
    const partner = await partnerAvailableTo(db, project, body.partnerId);
    if (!partner) throw fieldError('unknown_partner', 'partnerId', 'No registered partner with this id.', 'Không có đối tác đăng ký với mã này.');
    if (!partner.capabilities.includes(body.capability)) {
      throw fieldError('partner_lacks_capability', 'capability', 'This partner does not offer this capability.', 'Đối tác này không có năng lực này.');
    }
    return { kind: 'invite', actor, partnerId: body.partnerId, capability: body.capability };
  });

  projectCommand('waivers', 'projects.waive', WaiverBody, ({ body, actor }) => ({ kind: 'waive', actor, gap: body.gap, capability: body.capability, rationale: body.rationale }));

  projectCommand('plan', 'projects.fund', PlanBody, async ({ body, actor, project }) => {
    const teams = new Set((await db('teams').where({ unit_code: project.unit_code }).pluck('code')) as string[]);
    const unknown = body.milestones.findIndex((m) => !teams.has(m.ownerTeamCode));
    if (unknown >= 0) throw fieldError('unknown_team', `milestones.${unknown}.ownerTeamCode`, 'No such team in the unit.', 'Không có tổ này trong đơn vị.');
    return { kind: 'set_plan', actor, plan: body };
  });

  projectCommand('pledges', 'projects.pledge', PledgeBody, async ({ body, actor, project }) => {
    // A partner pledges for itself; staff record pledges of others (state, community, a partner the project may work with).
    const partnerId = actor.role === 'partner' ? (actor.partnerId ?? undefined) : body.partnerId;
    if (partnerId && !(await partnerAvailableTo(db, project, partnerId))) {
      throw fieldError('unknown_partner', 'partnerId', 'No registered partner with this id.', 'Không có đối tác đăng ký với mã này.');
    }
    return { kind: 'pledge', actor, source: body.source, amountVnd: body.source === 'volunteer_hours' ? 0 : body.amountVnd, hours: body.hours, partnerId, note: body.note };
  });

  projectCommand('milestones/:code/completion', 'projects.execute', MilestoneCompletionBody, ({ body, actor, req }) => ({
    kind: 'complete_milestone',
    actor,
    milestoneCode: String(req.params.code),
    evidence: body.evidence,
    ...(body.note ? { note: body.note } : {}),
  }));

  projectCommand('change-requests', 'projects.execute', ChangeRequestBody, ({ body, actor }) => ({ kind: 'request_change', actor, change: body }));

  projectCommand('withdrawals', 'projects.withdraw', WithdrawalBody, ({ body, actor }) => {
    const partnerId = actor.role === 'partner' ? actor.partnerId : body.partnerId;
    if (!partnerId) throw fieldError('partner_required', 'partnerId', 'Name the partner that withdraws.', 'Cần nêu đối tác rút lui.');
    return { kind: 'withdraw_partner', actor, partnerId, reason: body.reason };
  });

  projectCommand('indicators/:code/actuals', 'projects.execute', IndicatorActualBody, ({ body, actor, req }) => ({
    kind: 'record_indicator',
    actor,
    indicatorCode: String(req.params.code),
    actual: body.actual,
    evidence: body.evidence,
  }));

  projectCommand('cancellation', 'projects.cancel', CancellationBody, ({ body, actor }) => ({ kind: 'cancel', actor, rationale: body.rationale }));

  // R22: the Fatherland Front's opinion on a plan in consultation, recorded by a coordinator on its behalf.
  projectCommand('front-opinion', 'projects.consult', FrontOpinionBody, ({ body, actor }) => ({
    kind: 'record_front_opinion',
    actor,
    opinion: body.opinion,
    letterDate: body.letterDate,
    ...(body.documentRef ? { documentRef: body.documentRef } : {}),
  }));

  router.post('/invitations/:id/response', requireRole('invitations.respond'), async (req, res) => {
    const { key, body } = await keys.command(req, InvitationResponseBody);
    const actor = commandActor(req);
    const id = pathParam(req, 'id', UUID);
    // A partner sees only its own invitations: another partner's is "not found" (R: scope by data).
    const inv = await db('invitations as i').join('projects as p', 'p.id', 'i.project_id').where({ 'i.id': id, 'i.partner_id': actor.partnerId ?? null }).first('p.id', 'p.workflow_id');
    if (!inv) throw HttpError.of(404, 'not_found');
    res.json(await send(req, key, inv.workflow_id, inv.id, { kind: 'respond', actor, invitationId: id, accept: body.accept, resources: body.resources, reason: body.reason }));
  });

  router.post('/steps/:id/extensions', requireRole('steps.extend'), async (req, res) => {
    const stepId = pathParam(req, 'id', STEP_ID);
    const { key, body } = await keys.command(req, ExtensionBody);
    const step = await db('steps as s').join('projects as p', 'p.id', 's.project_id').where('s.id', stepId).first('s.id', 'p.id as project_id', 'p.workflow_id');
    if (!step) throw HttpError.of(404, 'not_found');
    const actor = commandActor(req);
    res.json(await send(req, key, step.workflow_id, step.project_id, { kind: 'extend_sla', actor, stepId: step.id, workingDays: body.workingDays, reason: body.reason }));
  });

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
