import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { RULE_ERRORS } from '../../domain/errors';
import type { Recusal } from '../../domain/project';
import { RECUSAL_REFUSALS } from '../../domain/separation';
import { DecisionBody, DissentNoteBody } from '../../domain/schemas';
import { decideStep } from '../project-commands';
import { accountOf, actorOf } from '../auth';
import { requireRole } from '../access';
import { fromTemporalError, HttpError } from '../http-errors';
import { projectDetail } from '../read-model';
import { idempotencyKeys } from '../idempotency';
import { pathParam, STEP_ID } from '../path-params';
import { commandActor } from './commands';
import type { ApiDeps } from '../deps';
import { unansweredComments } from './comments';

const DISSENT_REFUSALS = {
  NotVoter: { en: 'Only a board member this vote waited for may keep a dissenting note on it.', vi: 'Chỉ thành viên hội đồng thuộc cuộc biểu quyết này mới được lưu ý kiến bảo lưu.' },
  VoteStillOpen: { en: 'The vote is still open: cast your vote with your reasons instead.', vi: 'Cuộc biểu quyết vẫn đang mở: hãy bỏ phiếu kèm lý do.' },
  AlreadyVoted: { en: 'You voted on this step; your reasons are recorded with your vote.', vi: 'Bạn đã bỏ phiếu ở bước này; lý do của bạn đã được ghi cùng lá phiếu.' },
  DissentNoteExists: { en: 'You already kept a dissenting note on this vote.', vi: 'Bạn đã lưu ý kiến bảo lưu cho cuộc biểu quyết này.' },
};

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
    const step = await db('steps as s').join('projects as p', 'p.id', 's.project_id').where('s.id', stepId).first('s.id', 's.type', 's.status', 's.recusals', 'p.id as project_id', 'p.workflow_id');
    if (!step) throw HttpError.of(404, 'not_found');
    const decider = commandActor(req);
    if (step.type === 'consultation' && step.status === 'active' && (await unansweredComments(db, step.project_id)) > 0) {
      // R22: the proposer answers every visible comment before the summary (the workflow checks the window and the Front).
      throw new HttpError(409, 'CommentsUnanswered', RULE_ERRORS.CommentsUnanswered, { comments: RULE_ERRORS.CommentsUnanswered });
    }

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

  /**
   * A dissenting opinion typed while the vote closed (issue 14): kept as a note beside the vote, with
   * who and when, never counted as a vote. Only a member the closed vote waited for may write one,
   * once; a member who voted has their reasons in the ledger already.
   */
  router.post('/:id/dissent-notes', requireRole('steps.dissent'), async (req, res) => {
    const actor = actorOf(req);
    const stepId = pathParam(req, 'id', STEP_ID);
    const { body } = await keys.command(req, DissentNoteBody);
    const step = await db('steps').where({ id: stepId }).first('id', 'project_id', 'status', 'decider', 'eligible_user_ids');
    if (!step) throw HttpError.of(404, 'not_found');
    if (step.decider !== 'board' || !((step.eligible_user_ids ?? []) as string[]).includes(actor.userId)) throw new HttpError(403, 'NotEligible', DISSENT_REFUSALS.NotVoter);
    if (step.status === 'active') throw new HttpError(409, 'VoteStillOpen', DISSENT_REFUSALS.VoteStillOpen);
    const voted = await db('decision_ledger').where({ step_id: step.id, actor_user_id: actor.userId }).first('seq');
    if (voted) throw new HttpError(409, 'AlreadyVoted', DISSENT_REFUSALS.AlreadyVoted);
    const inserted = await db('dissent_notes')
      .insert({ step_id: step.id, project_id: step.project_id, author_user_id: actor.userId, author_name: accountOf(req).displayName, text: body.text })
      .onConflict(['step_id', 'author_user_id'])
      .ignore()
      .returning('id');
    if (inserted.length === 0) {
      // The same note sent again (a retry) answers as the first time; another text is refused.
      const kept = await db('dissent_notes').where({ step_id: step.id, author_user_id: actor.userId }).first('text');
      if (kept?.text !== body.text) throw new HttpError(409, 'DissentNoteExists', DISSENT_REFUSALS.DissentNoteExists);
    }
    res.status(201).json({ project: await projectDetail(db, step.project_id) });
  });

  return router;
}
