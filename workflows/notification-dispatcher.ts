import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notification-delivery';

const { deliverNotifications } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  // A round fails only when the database does; row-level SMTP failures are recorded by the activity.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Rounds per run before continuing as new, so the history stays short. */
const ROUNDS_PER_RUN = 200;

/**
 * Delivers the notifications outbox (issue 13), one round after another: a full batch is followed
 * at once by the next, an idle round by a pause of `pollSeconds`. One per task queue (the worker starts it).
 */
export async function notificationDispatcher(input: { pollSeconds: number }): Promise<never> {
  for (let round = 0; round < ROUNDS_PER_RUN; round += 1) {
    const result = await deliverNotifications();
    if (result.claimed === 0) await sleep(`${input.pollSeconds} seconds`);
  }
  return continueAsNew<typeof notificationDispatcher>(input);
}
