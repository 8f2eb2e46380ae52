import { ActivityFailure, ApplicationFailure, isCancellation, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ProjectActivities } from '../../activities/project-activities';
import type { RuleErrorCode } from '../../domain/errors';
import type { Refusal } from '../../domain/commands';
import { LOCAL_WRITES_PATCH } from './patches';

// The main loop's activities retry until they succeed (a data error there is a bug to fix, not a refusal).
export const acts = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ReferenceDataMissing'] },
});
/**
 * What an Update handler awaits for its caller: bounded attempts, and a value PostgreSQL refuses
 * (activities/data-errors.ts) fails at once, so the caller hears a refusal and the handler finishes.
 */
export const handlerActs = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 8, nonRetryableErrorTypes: ['ReferenceDataMissing', 'InvalidData'] },
});

/**
 * The short database writes of a decision (record it, close and open steps) as local activities
 * (issue 17): they run in the worker that holds the workflow, inside the same workflow task, so a
 * decision costs one workflow task instead of three plus two activity tasks. Same retries and the
 * same idempotence as the activities (each write is keyed: ledger by update id, step by step id).
 */
const localActs = proxyLocalActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ReferenceDataMissing'] },
});
const localHandlerActs = proxyLocalActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 8, nonRetryableErrorTypes: ['ReferenceDataMissing', 'InvalidData'] },
});

/** Histories before LOCAL_WRITES_PATCH scheduled these writes as activities; they replay that way. */
export const writes = () => (patched(LOCAL_WRITES_PATCH) ? localActs : acts);
export const handlerWrites = () => (patched(LOCAL_WRITES_PATCH) ? localHandlerActs : handlerActs);

export function ruleViolation(code: RuleErrorCode, message: string, field?: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: field ? [{ field }] : [] });
}

/** A refusal of the pure rules (domain/commands), as the validator's failure. */
export const refused = (refusal: Refusal): ApplicationFailure => ruleViolation(refusal.code, refusal.message, refusal.field);

/** A handler's activity that failed for good, as the refusal its caller sees (cancellation passes through). */
export function notRecorded(err: unknown): unknown {
  if (isCancellation(err)) return err;
  // An activity's failure carries the refusal as its cause; a local activity's failure may be the refusal itself.
  let cause: unknown = err instanceof ActivityFailure ? err.cause : err;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure && cause.type === 'InvalidData') && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidData') return ruleViolation('InvalidData', cause.message);
  return ruleViolation('NotRecorded', err instanceof Error ? err.message : String(err));
}
