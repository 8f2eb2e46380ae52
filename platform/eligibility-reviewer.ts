import type { Client } from '@temporalio/client';

export const reviewerWorkflowId = (taskQueue: string) => `eligibility-reviewer:${taskQueue}`;

/** How often the reviewer looks for queued changes nobody nudged it about (an API that died after its commit). */
export const REVIEWER_POLL_SECONDS = 30;

/** Starts the eligibility reviewer on this task queue unless it already runs (each worker start calls this). */
export async function startEligibilityReviewer(client: Client, taskQueue: string, pollSeconds = REVIEWER_POLL_SECONDS): Promise<void> {
  await client.workflow.start('eligibilityReviewer', {
    taskQueue,
    workflowId: reviewerWorkflowId(taskQueue),
    args: [{ pollSeconds }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** The API's nudge after a change that queued a review: starts the reviewer if it is not running. */
export async function wakeEligibilityReviewer(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.signalWithStart('eligibilityReviewer', {
    taskQueue,
    workflowId: reviewerWorkflowId(taskQueue),
    args: [{ pollSeconds: REVIEWER_POLL_SECONDS }],
    signal: 'wake',
    signalArgs: [],
  });
}
