import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  currentUpdateInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { ProjectActivities } from '../activities/project-activities';
import { afterScreening, STEP_RULES, type SlaStatus, type Stage, type StepType } from '../domain/lifecycle';
import type { RuleErrorCode } from '../domain/errors';
import type { DecisionCommand, ProjectLifecycleInput, ProjectStateView, SlaCheckpoint, StepTicket, VoteRecord } from '../domain/project';
import { tallyBoardVotes } from '../domain/board-vote';

const acts = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ReferenceDataMissing'] },
});

export const submitUpdate = defineUpdate<ProjectStateView, []>('submit');
export const decideUpdate = defineUpdate<ProjectStateView, [DecisionCommand]>('decide');
export const stateQuery = defineQuery<ProjectStateView>('state');

export const ProjectStageKey = defineSearchAttributeKey('ProjectStage', SearchAttributeType.KEYWORD);
export const SlaStatusKey = defineSearchAttributeKey('SlaStatus', SearchAttributeType.KEYWORD);
export const UnitCodeKey = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const LeadTeamKey = defineSearchAttributeKey('LeadTeam', SearchAttributeType.KEYWORD);
export const NextDueAtKey = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);

function ruleViolation(code: RuleErrorCode, message: string, field?: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: field ? [{ field }] : [] });
}

/**
 * One community project from proposal to close (DOMAIN.md "The lifecycle"; R2, R13, R20).
 * Decisions arrive as Updates; the validator refuses what the state forbids and the handler
 * records the decision in the ledger before it answers (read-your-write for the caller).
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<{ stage: Stage }> {
  let stage: Stage = 'proposal';
  let slaStatus: SlaStatus = 'on_track';
  let active: StepTicket | null = null;
  let votes: VoteRecord[] = [];
  let submitted = false;
  /** Decisions recorded on the active step and not yet acted on by the main loop. */
  const pending: DecisionCommand[] = [];
  /** Counts transitions, so a handler can wait until the main loop has acted on its decision. */
  let transitions = 0;
  /** Single-decider steps are claimed synchronously so two concurrent updates can't both decide. */
  let claimedStepId: string | null = null;
  /** SLA checkpoints of the active step already marked. */
  let checkpointsPassed = 0;

  const view = (): ProjectStateView => ({
    projectId: input.projectId,
    code: input.code,
    stage,
    slaStatus,
    activeStep: active ? { ...active, votes: [...votes] } : null,
  });

  setHandler(stateQuery, view);

  setHandler(
    submitUpdate,
    async () => {
      submitted = true;
      await condition(() => active !== null || isFinal(stage));
      return view();
    },
    {
      validator: () => {
        if (submitted) throw ruleViolation('AlreadySubmitted', `Project ${input.code} already exists`);
      },
    },
  );

  setHandler(
    decideUpdate,
    async (cmd) => {
      const step = active;
      if (!step || step.stepId !== cmd.stepId) throw ruleViolation('StepNotActive', 'The step closed before this decision was recorded');
      const isBoard = step.type === 'board_review';
      if (!isBoard) {
        if (claimedStepId === step.stepId) throw ruleViolation('StepNotActive', 'Another decision on this step is being recorded');
        claimedStepId = step.stepId;
      } else if (votes.some((v) => v.userId === cmd.actor.userId)) {
        throw ruleViolation('AlreadyDecided', 'You have already voted on this step');
      } else {
        votes.push({ userId: cmd.actor.userId, choice: cmd.choice, seq: 0 });
      }
      const info = workflowInfo();
      const recorded = await acts.recordDecision({
        projectId: input.projectId,
        workflowId: info.workflowId,
        runId: info.runId,
        updateId: currentUpdateInfo()?.id ?? `${cmd.stepId}:${cmd.actor.userId}`,
        step: { stepId: step.stepId, type: step.type, policyVersion: step.policyVersion, singleDecider: !isBoard },
        actor: cmd.actor,
        choice: cmd.choice,
        rationale: cmd.rationale ?? null,
        evidence: cmd.evidence,
        conflictOfInterest: cmd.conflictOfInterest ?? null,
        decidedAt: new Date(Date.now()).toISOString(),
      });
      if (isBoard) votes = votes.map((v) => (v.userId === cmd.actor.userId ? { ...v, seq: recorded.seq } : v));
      const before = transitions;
      pending.push(cmd);
      await condition(() => transitions > before);
      return view();
    },
    {
      validator: (cmd) => {
        const step = active;
        if (!step || step.stepId !== cmd.stepId || claimedStepId === step.stepId) {
          throw ruleViolation('StepNotActive', `Step ${cmd.stepId} is not open for decisions`);
        }
        const rule = STEP_RULES[step.type];
        const eligible = step.eligibleUserIds ? step.eligibleUserIds.includes(cmd.actor.userId) : cmd.actor.role === step.decidingRole;
        if (!eligible) throw ruleViolation('NotEligible', `${cmd.actor.displayName} (${cmd.actor.role}) does not decide ${step.type}`);
        if (!rule.choices.includes(cmd.choice)) throw ruleViolation('ChoiceNotAllowed', `${cmd.choice} is not a choice for ${step.type}`, 'choice');
        if (rule.rationaleRequired.includes(cmd.choice) && !cmd.rationale?.trim()) {
          throw ruleViolation('RationaleRequired', `A rationale is required to ${cmd.choice}`, 'rationale');
        }
        if (votes.some((v) => v.userId === cmd.actor.userId)) throw ruleViolation('AlreadyDecided', 'You have already voted on this step');
      },
    },
  );

  const publish = (): void => {
    upsertSearchAttributes([
      { key: ProjectStageKey, value: stage },
      { key: SlaStatusKey, value: slaStatus },
      { key: UnitCodeKey, value: input.unitCode },
      { key: LeadTeamKey, value: input.leadTeamCode },
      { key: NextDueAtKey, value: active?.dueAt ? new Date(active.dueAt) : null },
    ]);
  };

  const open = async (type: StepType, round: number): Promise<StepTicket> => {
    const ticket = await acts.openStep({
      projectId: input.projectId,
      workflowId: workflowInfo().workflowId,
      unitCode: input.unitCode,
      leadTeamCode: input.leadTeamCode,
      proposerUserId: input.proposer.userId,
      type,
      round,
      openedAt: new Date(Date.now()).toISOString(),
    });
    active = ticket;
    votes = [];
    claimedStepId = null;
    checkpointsPassed = 0;
    stage = STEP_RULES[type].stage;
    slaStatus = 'on_track';
    transitions += 1;
    publish();
    return ticket;
  };

  /** Waits for the step to be decided, marking each SLA checkpoint that passes first (R17, R21). */
  const awaitDecision = async (ticket: StepTicket, isDecided: () => boolean): Promise<SlaCheckpoint | null> => {
    for (; checkpointsPassed < ticket.checkpoints.length; checkpointsPassed += 1) {
      const checkpoint = ticket.checkpoints[checkpointsPassed]!;
      const wait = Date.parse(checkpoint.at) - Date.now();
      if (wait > 0 && (await condition(isDecided, wait))) return null;
      if (isDecided()) return null;
      if (checkpoint.kind === 'expired') return checkpoint;
      await acts.recordSlaEvent({ projectId: input.projectId, stepId: ticket.stepId, checkpoint, occurredAt: new Date(Date.now()).toISOString() });
      slaStatus = checkpoint.kind === 'at_risk' ? 'at_risk' : 'breached';
      publish();
    }
    await condition(isDecided);
    return null;
  };

  const finish = async (final: Stage, reason: string): Promise<{ stage: Stage }> => {
    const closing = active;
    await acts.closeProject({ projectId: input.projectId, stage: final, reason, closedAt: new Date(Date.now()).toISOString(), openStepId: closing?.stepId ?? null });
    stage = final;
    active = null;
    transitions += 1;
    publish();
    await condition(allHandlersFinished);
    return { stage };
  };

  /** A decision being recorded counts as taken: a deadline passing meanwhile must not overtake it. */
  const decidedOrDeciding = (ticket: StepTicket) => pending.length > 0 || claimedStepId === ticket.stepId;

  await acts.registerProject(input);

  // Proposal: screening (with return-for-changes rounds), then the board's vote.
  for (let round = 1; ; round += 1) {
    const screening = await open('screening', round);
    await awaitDecision(screening, () => decidedOrDeciding(screening));
    await condition(() => pending.length > 0);
    const decision = pending.shift()!;
    const outcome = afterScreening(decision.choice);
    if ('final' in outcome) return finish(outcome.final, decision.rationale ?? decision.choice);
    if (outcome.next === 'board_review') break;
    // Returned for changes: the proposer has until the resubmission deadline, else it is withdrawn.
    const resubmission = await open('resubmission', round);
    const expired = await awaitDecision(resubmission, () => decidedOrDeciding(resubmission));
    if (expired) return finish('withdrawn', 'No resubmission before the deadline');
    await condition(() => pending.length > 0);
    pending.shift();
  }

  const review = await open('board_review', 1);
  for (;;) {
    await awaitDecision(review, () => pending.length > 0);
    pending.splice(0, pending.length);
    // Only votes already in the ledger count, so the step never closes ahead of its record.
    const tally = tallyBoardVotes(review.eligibleUserIds ?? [], votes.filter((v) => v.seq > 0));
    if (tally.settled) {
      if (tally.outcome === 'rejected') return finish('rejected', 'The board did not approve the proposal');
      await acts.closeStep({ projectId: input.projectId, stepId: review.stepId, outcome: 'approved', nextStage: 'partner_matching', closedAt: new Date(Date.now()).toISOString() });
      stage = 'partner_matching';
      active = null;
      transitions += 1;
      publish();
      break;
    }
    transitions += 1;
  }

  // The later stages (partner matching, funding, execution, impact evaluation) are the lifecycle
  // issue's work; until then an approved project waits here and can still be read and queried.
  await condition(() => isFinal(stage));
  await condition(allHandlersFinished);
  return { stage };
}

function isFinal(stage: Stage): boolean {
  return stage === 'closed' || stage === 'rejected' || stage === 'cancelled' || stage === 'withdrawn';
}
