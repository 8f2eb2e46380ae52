import type { Client } from '@temporalio/client';

export const dispatcherWorkflowId = (taskQueue: string) => `notification-dispatcher:${taskQueue}`;

/** Starts the outbox dispatcher on this task queue unless it already runs (each worker start calls this). */
export async function startNotificationDispatcher(client: Client, taskQueue: string, pollSeconds: number): Promise<void> {
  await client.workflow.start('notificationDispatcher', {
    taskQueue,
    workflowId: dispatcherWorkflowId(taskQueue),
    args: [{ pollSeconds }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
