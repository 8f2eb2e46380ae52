import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DecisionCommand, FeedbackInput, ProjectLifecycleInput, ProjectStateView, StageCommand } from '../domain/project';
import { commandUpdate, decideUpdate, feedbackUpdate, projectLifecycle, submitUpdate } from '../workflows/project-lifecycle';

export const workflowIdFor = (code: string) => `project-${code}`;

/** Starts the project's workflow with its first Update; answers once the screening step is open. */
export function startProject(client: Client, taskQueue: string, input: ProjectLifecycleInput): Promise<ProjectStateView> {
  return client.workflow.executeUpdateWithStart(submitUpdate, {
    updateId: `submit:${input.code}`,
    startWorkflowOperation: new WithStartWorkflowOperation(projectLifecycle, {
      workflowId: workflowIdFor(input.code),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
}

/** A decision as a Temporal Update; `updateId` makes a retried request decide once. */
export function decideStep(client: Client, workflowId: string, updateId: string, cmd: DecisionCommand): Promise<ProjectStateView> {
  return client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { updateId, args: [cmd] });
}

/** A stage command (invite, pledge, complete a milestone, cancel…) as a Temporal Update. */
export function commandProject(client: Client, workflowId: string, updateId: string, cmd: StageCommand): Promise<ProjectStateView> {
  return client.workflow.getHandle(workflowId).executeUpdate(commandUpdate, { updateId, args: [cmd] });
}

export function submitFeedback(client: Client, workflowId: string, updateId: string, feedback: FeedbackInput): Promise<{ accepted: true }> {
  return client.workflow.getHandle(workflowId).executeUpdate(feedbackUpdate, { updateId, args: [feedback] });
}
