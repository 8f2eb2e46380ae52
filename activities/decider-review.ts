import type { Knex } from 'knex';
import { isDecidedByChoice, nextAuthority, noDeciderReason, deciderEventKind, type DeciderReview, type NoDeciderReason } from '../domain/deciders';
import { FINAL_STAGES, type Decider, type StepType } from '../domain/lifecycle';
import type { Recusal, StepTicket } from '../domain/project';
import type { EligibleVoter } from '../domain/quorum';
import { eligibleDeciders, usualDecidingRole, type OpenStepInput } from './project-activities';
import { enqueueNotification } from './notifications';

/** The step as the deciders see it, after eligibleDeciders. */
interface DecidersNow {
  eligible?: string[];
  recusals: Recusal[];
}

/** Why nobody can decide this step now (null: someone can); steps ended by coverage or milestones are never flagged. */
async function reasonNow(db: Knex | Knex.Transaction, step: { type: StepType; decider: Decider; decidingRole: string; unitCode: string }, deciders: DecidersNow): Promise<NoDeciderReason | null> {
  if (!isDecidedByChoice(step.type)) return null;
  let holders = 0;
  if (deciders.eligible === undefined) {
    const [row] = await db('users').where({ role: step.decidingRole, unit_code: step.unitCode, active: true }).count<{ count: string }[]>({ count: '*' });
    holders = Number(row?.count ?? 0);
  }
  return noDeciderReason(step.decider, deciders.eligible, holders);
}

/** Tells the next authority and the admins that a step has nobody to decide it (once per key). */
async function alert(trx: Knex.Transaction, step: { projectId: string; stepId: string; type: StepType; decider: Decider; decidingRole: string }, reason: NoDeciderReason, key: string, at: string): Promise<void> {
  const payload = { type: step.type, reason, at };
  await enqueueNotification(trx, { dedupeKey: `${step.stepId}:no_decider:${key}`, projectId: step.projectId, stepId: step.stepId, kind: 'no_decider', recipientRole: nextAuthority(step.decider, step.decidingRole), payload });
  await enqueueNotification(trx, { dedupeKey: `${step.stepId}:no_decider_admin:${key}`, projectId: step.projectId, stepId: step.stepId, kind: 'no_decider', recipientRole: 'admin', payload });
}

/**
 * Called by openStep in its transaction: a step that opens with nobody to decide it is escalated at
 * once (R18, R20): flagged on its row, recorded as an event, and the next authority is told. A retry
 * of openStep records and sends nothing twice.
 */
export async function flagIfNoDecider(trx: Knex.Transaction, input: OpenStepInput, ticket: Pick<StepTicket, 'stepId' | 'type' | 'decidingRole' | 'openedAt'> & { decider: Decider }, deciders: DecidersNow): Promise<void> {
  const reason = await reasonNow(trx, { ...ticket, unitCode: input.unitCode }, deciders);
  if (!reason) return;
  await trx('steps').where({ id: ticket.stepId, status: 'active' }).whereNull('no_decider_reason').update({ no_decider_reason: reason, no_decider_since: ticket.openedAt });
  await trx('decider_events')
    .insert({
      step_id: ticket.stepId,
      project_id: input.projectId,
      kind: 'no_decider',
      reason,
      eligible_user_ids: deciders.eligible ? JSON.stringify(deciders.eligible) : null,
      recusals: JSON.stringify(deciders.recusals),
      dedupe_key: `${ticket.stepId}:opened`,
      occurred_at: ticket.openedAt,
    })
    .onConflict('dedupe_key')
    .ignore();
  await alert(trx, { projectId: input.projectId, stepId: ticket.stepId, type: ticket.type, decider: ticket.decider, decidingRole: ticket.decidingRole }, reason, 'opened', ticket.openedAt);
}

/** One open step to re-evaluate: what openStep was given for it, and the step itself. */
export interface ReevaluateStepInput {
  step: OpenStepInput & { stepId: string; decider: Decider; decidingRole: string };
  review: DeciderReview;
  at: string;
}

export interface ReevaluatedStep {
  stepId: string;
  eligibleUserIds?: string[];
  recusals: Recusal[];
  /** The board's voters with their seats, for a vote (the quorum rule stays the one the vote opened with). */
  voters?: EligibleVoter[];
  noDecider: NoDeciderReason | null;
}

interface PendingReview {
  id: string;
  unit_code: string;
  entity: string;
  entity_id: string;
  actor_user_id: string;
  requested_at: Date;
}

/** Re-evaluation of who decides open steps after a reference-data change (issue 13). */
export function createDeciderReviewActivities(db: Knex) {
  return {
    /**
     * Recomputes the deciders of one open step with eligibleDeciders, stores them on the step's row
     * and records what changed as an event naming the review (who changed what, when). A step that
     * now has nobody is flagged and the next authority told; one that has someone again is cleared.
     * Idempotent per step and review.
     */
    async reevaluateStep(input: ReevaluateStepInput): Promise<ReevaluatedStep> {
      const { step, review } = input;
      const deciders = await eligibleDeciders(db, step, step.decider);
      const reason = await reasonNow(db, { type: step.type, decider: step.decider, decidingRole: step.decidingRole, unitCode: step.unitCode }, deciders);
      await db.transaction(async (trx) => {
        const row = await trx('steps').where({ id: step.stepId }).forUpdate().first('status', 'eligible_user_ids', 'recusals', 'no_decider_reason');
        if (!row || row.status !== 'active') return;
        const before = { eligible: (row.eligible_user_ids ?? undefined) as string[] | undefined, reason: (row.no_decider_reason ?? null) as string | null };
        const recusalsChanged = JSON.stringify(row.recusals ?? []) !== JSON.stringify(deciders.recusals);
        const kind = deciderEventKind(before, { eligible: deciders.eligible, reason }) ?? (recusalsChanged ? 'reevaluated' : null);
        if (!kind) return;
        await trx('steps')
          .where({ id: step.stepId })
          .update({
            eligible_user_ids: deciders.eligible ? JSON.stringify(deciders.eligible) : null,
            recusals: JSON.stringify(deciders.recusals),
            // The separation-of-duties rule as applied now: its version, and the authority it fell back to.
            separation_rule_version: deciders.separation?.ruleVersion ?? null,
            fallback_authority: deciders.separation?.fallback ?? null,
            deciding_role: deciders.decidingRole ?? usualDecidingRole(step.type, step.decider),
            no_decider_reason: reason,
            // A step that stays without a decider keeps the time it was first flagged.
            no_decider_since: reason ? (before.reason ? trx.raw('no_decider_since') : input.at) : null,
          });
        await trx('decider_events')
          .insert({
            step_id: step.stepId,
            project_id: step.projectId,
            kind,
            reason,
            eligible_user_ids: deciders.eligible ? JSON.stringify(deciders.eligible) : null,
            recusals: JSON.stringify(deciders.recusals),
            review_id: review.reviewId,
            dedupe_key: `${step.stepId}:review:${review.reviewId}`,
            occurred_at: input.at,
          })
          .onConflict('dedupe_key')
          .ignore();
        if (reason && !before.reason) await alert(trx, { projectId: step.projectId, stepId: step.stepId, type: step.type, decider: step.decider, decidingRole: step.decidingRole }, reason, `review:${review.reviewId}`, input.at);
      });
      const result: ReevaluatedStep = { stepId: step.stepId, recusals: deciders.recusals, noDecider: reason };
      if (deciders.eligible) result.eligibleUserIds = deciders.eligible;
      if (deciders.vote) result.voters = deciders.vote.voters;
      return result;
    },

    /** Pending reviews (oldest first) with the workflows of the unit's projects that are still running. */
    async pendingEligibilityReviews(input: { limit: number }): Promise<{ review: DeciderReview; workflowIds: string[] }[]> {
      const reviews: PendingReview[] = await db('eligibility_reviews').whereNull('done_at').orderBy('id').limit(input.limit).select('id', 'unit_code', 'entity', 'entity_id', 'actor_user_id', 'requested_at');
      const out: { review: DeciderReview; workflowIds: string[] }[] = [];
      for (const r of reviews) {
        // Every project still running, not only those with a step open now: one opening meanwhile may have read the old data.
        const workflowIds: string[] = await db('projects as p')
          .where('p.unit_code', r.unit_code)
          .whereNotIn('p.stage', FINAL_STAGES)
          .orderBy('p.workflow_id')
          .pluck('p.workflow_id');
        out.push({ review: { reviewId: String(r.id), entity: r.entity, entityId: r.entity_id, actorUserId: r.actor_user_id, requestedAt: new Date(r.requested_at).toISOString() }, workflowIds });
      }
      return out;
    },

    async completeEligibilityReviews(input: { reviewIds: string[] }): Promise<void> {
      if (input.reviewIds.length) await db('eligibility_reviews').whereIn('id', input.reviewIds).whereNull('done_at').update({ done_at: db.fn.now() });
    },
  };
}

export type DeciderReviewActivities = ReturnType<typeof createDeciderReviewActivities>;

