import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { RULE_ERRORS } from '../../domain/errors';
import type { Recusal } from '../../domain/project';
import { RECUSAL_REFUSALS } from '../../domain/separation';
import { DecisionBody } from '../../domain/schemas';
import { decideStep } from '../project-commands';
import { actorOf } from '../auth';
import { requireRole } from '../access';
import { fromTemporalError, HttpError } from '../http-errors';
import { projectDetail } from '../read-model';
import { idempotencyKeys } from '../idempotency';
import { pathParam, STEP_ID } from '../path-params';
import { commandActor } from './commands';
import type { ApiDeps } from '../app';

export function stepRoutes({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  /**
   * A decision on a step is a Temporal Update: the workflow's validator refuses what the state
   * forbids (409/422, nothing recorded); the handler writes the ledger before it answers.
   */
  router.post('/:id/decisions', requireRole('steps.decide'), async (req, res) => {
    const actor = actorOf(req);
    const stepId = pathParam(req, 'id', STEP_ID);
    const { key, body } = await keys.command(req, DecisionBody);
    const step = await db('steps as s').join('projects as p', 'p.id', 's.project_id').where('s.id', stepId).first('s.id', 's.recusals', 'p.id as project_id', 'p.workflow_id');
    if (!step) throw HttpError.of(404, 'not_found');
    const decider = commandActor(req);

    // Scoped by step and person: the same key can never stand for another step's decision or another person's.
    await decideStep(temporal, step.workflow_id, `decide:${step.id}:${actor.userId}:${key}`, {
      stepId: step.id,
      actor: decider,
      choice: body.choice,
      rationale: body.rationale || undefined,
      evidence: body.evidence,
      conflictOfInterest: body.conflictOfInterest || undefined,
      ...(body.outcome ? { outcome: body.outcome } : {}),
      ...(body.recommendation ? { recommendation: body.recommendation } : {}),
      ...(body.proposal ? { proposal: body.proposal } : {}),
    }, config.commandTimeoutMs).catch((err) => {
      // The step exists but its project's workflow has ended: nothing is open for decisions.
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'StepNotActive', RULE_ERRORS.StepNotActive);
      // Someone the step left out hears why (R21): the reason recorded when it opened.
      const recusal = ((step.recusals ?? []) as Recusal[]).find((r) => r.userId === actor.userId);
      if (recusal?.code && fromTemporalError(err)?.code === 'NotEligible') throw new HttpError(403, 'NotEligible', RECUSAL_REFUSALS[recusal.code]);
      throw err;
    });
    res.json({ project: await projectDetail(db, step.project_id) });
  });

  return router;
}
