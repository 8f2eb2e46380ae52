import { WithStartWorkflowOperation, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, type Client } from '@temporalio/client';
import type { DecisionCommand, FeedbackInput, ProjectLifecycleInput, ProjectStateView, StageCommand } from '../domain/project';
import { commandUpdate, decideUpdate, feedbackUpdate, projectLifecycle, submitUpdate } from '../workflows/project-lifecycle';
import { HttpError } from './http-errors';

export const workflowIdFor = (code: string) => `project-${code}`;

/** For callers other than the API (demo seeding, tests), which may meet a worker still loading its bundle; the API passes API_COMMAND_TIMEOUT_MS. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/** Seconds a client should wait before it retries a command that was not processed in time. */
export const COMMAND_RETRY_AFTER_SECONDS = 5;

/**
 * Not processed within the bound. Honest about the command's fate: Temporal may already hold it
 * (an admitted or accepted Update) and carry it out once a worker is back; a retry with the same
 * Idempotency-Key reuses the same Update id, so it is carried out at most once.
 */
export const commandNotProcessed = (seconds: number) =>
  new HttpError(
    503,
    'command_not_processed',
    {
      en: `No worker is processing commands right now, so your command was not carried out within ${seconds} s. It may still be carried out when a worker is back. Send it again in a moment with the same Idempotency-Key: it is carried out at most once.`,
      vi: `Hiện không có tiến trình xử lý (worker) nào nhận lệnh, nên lệnh của bạn chưa được thực hiện trong ${seconds} giây. Lệnh có thể vẫn được thực hiện khi worker hoạt động trở lại. Hãy gửi lại sau giây lát với cùng Idempotency-Key: lệnh chỉ được thực hiện tối đa một lần.`,
    },
    undefined,
    COMMAND_RETRY_AFTER_SECONDS,
  );

const GRPC_DEADLINE_EXCEEDED = 4;

const isDeadline = (err: unknown): boolean =>
  err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
  (isGrpcServiceError(err) && err.code === GRPC_DEADLINE_EXCEEDED) ||
  (isGrpcServiceError((err as Error)?.cause) && ((err as Error).cause as { code?: number }).code === GRPC_DEADLINE_EXCEEDED);

/**
 * Every Update the API sends waits at most `timeoutMs` (API_COMMAND_TIMEOUT_MS): without a worker
 * Temporal would hold the call open until Node's own 300 s request timeout.
 */
function bounded<T>(client: Client, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + timeoutMs, call).catch((err) => {
    if (isDeadline(err)) throw commandNotProcessed(Math.ceil(timeoutMs / 1000));
    throw err;
  });
}

/** Starts the project's workflow with its first Update; answers once the screening step is open. */
export function startProject(client: Client, taskQueue: string, input: ProjectLifecycleInput, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<ProjectStateView> {
  return bounded(client, timeoutMs, () =>
    client.workflow.executeUpdateWithStart(submitUpdate, {
      updateId: `submit:${input.code}`,
      startWorkflowOperation: new WithStartWorkflowOperation(projectLifecycle, {
        workflowId: workflowIdFor(input.code),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    }),
  );
}

/** A decision as a Temporal Update; `updateId` makes a retried request decide once. */
export function decideStep(client: Client, workflowId: string, updateId: string, cmd: DecisionCommand, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<ProjectStateView> {
  return bounded(client, timeoutMs, () => client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { updateId, args: [cmd] }));
}

/** A stage command (invite, pledge, complete a milestone, cancel…) as a Temporal Update. */
export function commandProject(client: Client, workflowId: string, updateId: string, cmd: StageCommand, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<ProjectStateView> {
  return bounded(client, timeoutMs, () => client.workflow.getHandle(workflowId).executeUpdate(commandUpdate, { updateId, args: [cmd] }));
}

export function submitFeedback(client: Client, workflowId: string, updateId: string, feedback: FeedbackInput, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<{ accepted: true }> {
  return bounded(client, timeoutMs, () => client.workflow.getHandle(workflowId).executeUpdate(feedbackUpdate, { updateId, args: [feedback] }));
}
