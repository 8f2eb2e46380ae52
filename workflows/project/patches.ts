/**
 * The releases of the project workflow, each a `patched()` marker recorded in the histories that ran it.
 * Histories recorded before a marker replay the older path; a marker is never renamed or removed while
 * such histories may still run or replay (test/workflow/replay.test.ts).
 */

/** The release that runs the stages after the board's approval; older histories stop there. */
export const FULL_LIFECYCLE_PATCH = 'full-lifecycle-v2';
/** The release in which a resubmission may change the proposal (title, budget, capabilities, indicators). */
export const RESUBMIT_CHANGES_PATCH = 'resubmit-changes-v1';
/** The release in which open steps' deciders are re-evaluated when reference data changes. */
export const DECIDER_REVIEW_PATCH = 'decider-review-v1';
/** The release whose decision writes (recordDecision, openStep, closeStep) are local activities. */
export const LOCAL_WRITES_PATCH = 'local-decision-writes-v1';
/** The release in which large projects pass a consultation step before the board's vote (R22). */
export const CONSULTATION_PATCH = 'consultation-v1';
