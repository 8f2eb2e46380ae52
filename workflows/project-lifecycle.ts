import { ContinueAsNew, setHandler } from '@temporalio/workflow';
import type { ProjectLifecycleInput } from '../domain/project';
import type { Stage } from '../domain/lifecycle';
import { commandUpdate, decideUpdate, feedbackUpdate, reevaluateDecidersSignal, stateQuery, submitUpdate } from './project/messages';
import { Project } from './project/project';
import { compensate, runStages } from './project/stages';

export {
  commandUpdate,
  decideUpdate,
  feedbackUpdate,
  reevaluateDecidersSignal,
  stateQuery,
  submitUpdate,
  LeadTeamKey,
  NextDueAtKey,
  ProjectStageKey,
  SlaStatusKey,
  UnitCodeKey,
} from './project/messages';
export { CONSULTATION_PATCH, DECIDER_REVIEW_PATCH, FULL_LIFECYCLE_PATCH, LOCAL_WRITES_PATCH, RESUBMIT_CHANGES_PATCH } from './project/patches';

/**
 * One community project from proposal to close (DOMAIN.md "The lifecycle"; R2, R13, R20).
 * Decisions and stage commands arrive as Updates; validators refuse what the state forbids and
 * handlers record each act in the ledger before they answer (read-your-write for the caller).
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<{ stage: Stage }> {
  const project = new Project(input);

  setHandler(stateQuery, () => project.view());
  setHandler(submitUpdate, () => project.submit(), { validator: () => project.validateSubmit() });
  setHandler(reevaluateDecidersSignal, (review) => project.onDeciderReview(review));
  setHandler(decideUpdate, (cmd) => project.decide(cmd), { validator: (cmd) => project.validateDecision(cmd) });
  setHandler(commandUpdate, (cmd) => project.command(cmd), { validator: (cmd) => project.validateCommand(cmd) });
  setHandler(feedbackUpdate, (fb) => project.feedback(fb), { validator: (_fb) => project.validateFeedback() });

  try {
    return await project.lifecycle.run(() => runStages(project));
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    return compensate(project, err);
  }
}
