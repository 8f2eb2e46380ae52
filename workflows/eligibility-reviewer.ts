import { condition, continueAsNew, defineSignal, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DeciderReviewActivities } from '../activities/decider-review';
import { reevaluateDecidersSignal } from './project-lifecycle';

const { pendingEligibilityReviews, completeEligibilityReviews } = proxyActivities<DeciderReviewActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The API's nudge after it commits a change: look now rather than at the next poll. */
export const wakeSignal = defineSignal('wake');

/** Rounds per run before continuing as new, so the history stays short. */
const ROUNDS_PER_RUN = 100;
const BATCH_SIZE = 20;

/**
 * Carries each queued reference-data change (`eligibility_reviews`, written with the change itself)
 * to every project workflow of its unit that has a step open, as a `reevaluateDeciders` signal; then
 * marks it done. A change committed by an API that died before it could nudge this is found by the
 * next poll; a signal sent twice re-evaluates to the same result (issue 13). One per task queue.
 */
export async function eligibilityReviewer(input: { pollSeconds: number }): Promise<never> {
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });
  for (let round = 0; round < ROUNDS_PER_RUN; round += 1) {
    woken = false;
    const pending = await pendingEligibilityReviews({ limit: BATCH_SIZE });
    for (const { review, workflowIds } of pending) {
      for (const workflowId of workflowIds) {
        // A project that ended meanwhile has nothing left to decide.
        await getExternalWorkflowHandle(workflowId)
          .signal(reevaluateDecidersSignal, review)
          .catch(() => undefined);
      }
    }
    if (pending.length) await completeEligibilityReviews({ reviewIds: pending.map((p) => p.review.reviewId) });
    if (pending.length < BATCH_SIZE) await condition(() => woken, `${input.pollSeconds} seconds`);
  }
  return continueAsNew<typeof eligibilityReviewer>(input);
}
