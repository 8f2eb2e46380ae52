import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  ContinueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  currentUpdateInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { ProjectActivities } from '../activities/project-activities';
import {
  afterScreening,
  changeDecider,
  DEFAULT_AUTHORITY_LIMITS,
  DEFAULT_CAPABILITIES,
  isFinalStage,
  STEP_RULES,
  VOLUNTEER_HOUR_RATE_VND,
  type Decider,
  type SlaStatus,
  type Stage,
  type StepOutcome,
  type StepType,
} from '../domain/lifecycle';
import type { RuleErrorCode } from '../domain/errors';
import type { DeciderReview } from '../domain/deciders';
import type {
  ChangeInput,
  CommitmentState,
  DecisionCommand,
  FeedbackInput,
  InvitationState,
  LifecycleSnapshot,
  MilestoneState,
  OpenStepState,
  PledgeState,
  ProjectLifecycleInput,
  ProjectStateView,
  ProposalEdit,
  SlaCheckpoint,
  StageCommand,
  StepTicket,
} from '../domain/project';
import { proposalChanges } from '../domain/project';
import { applyCommand, commandStep, decisionRefusal, ledgerKindOf, validateCommand, type CommandPatch, type CommandState, type Refusal } from '../domain/commands';
import type { ConsultationPolicy, ConsultationState } from '../domain/consultation';
import { tallyBoardVotes } from '../domain/board-vote';
import { evaluateQuorum } from '../domain/quorum';
import { coverage } from '../domain/matching';
import { approvalAuthority, fundingMix } from '../domain/funding';

// The main loop's activities retry until they succeed (a data error there is a bug to fix, not a refusal).
const acts = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ReferenceDataMissing'] },
});
/**
 * What an Update handler awaits for its caller: bounded attempts, and a value PostgreSQL refuses
 * (activities/data-errors.ts) fails at once, so the caller hears a refusal and the handler finishes.
 */
const handlerActs = proxyActivities<ProjectActivities>({
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

export const submitUpdate = defineUpdate<ProjectStateView, []>('submit');
export const decideUpdate = defineUpdate<ProjectStateView, [DecisionCommand]>('decide');
export const commandUpdate = defineUpdate<ProjectStateView, [StageCommand]>('command');
export const feedbackUpdate = defineUpdate<{ accepted: true }, [FeedbackInput]>('feedback');
export const stateQuery = defineQuery<ProjectStateView>('state');
/** Reference data that may change who decides changed in the project's unit (issue 13): re-evaluate the open steps. */
export const reevaluateDecidersSignal = defineSignal<[DeciderReview]>('reevaluateDeciders');

export const ProjectStageKey = defineSearchAttributeKey('ProjectStage', SearchAttributeType.KEYWORD);
export const SlaStatusKey = defineSearchAttributeKey('SlaStatus', SearchAttributeType.KEYWORD);
export const UnitCodeKey = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const LeadTeamKey = defineSearchAttributeKey('LeadTeam', SearchAttributeType.KEYWORD);
export const NextDueAtKey = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);

/** The release that runs the stages after the board's approval; older histories stop there. */
export const FULL_LIFECYCLE_PATCH = 'full-lifecycle-v2';
/** The release in which a resubmission may change the proposal (title, budget, capabilities, indicators). */
export const RESUBMIT_CHANGES_PATCH = 'resubmit-changes-v1';
/** The release in which open steps' deciders are re-evaluated when reference data changes. */
export const DECIDER_REVIEW_PATCH = 'decider-review-v1';
/** The release whose decision writes (recordDecision, openStep, closeStep) are local activities. */
export const LOCAL_WRITES_PATCH = 'local-decision-writes-v1';
/** Histories before LOCAL_WRITES_PATCH scheduled these writes as activities; they replay that way. */
const writes = () => (patched(LOCAL_WRITES_PATCH) ? localActs : acts);
const handlerWrites = () => (patched(LOCAL_WRITES_PATCH) ? localHandlerActs : handlerActs);
/** The release in which large projects pass a consultation step before the board's vote (R22). */
export const CONSULTATION_PATCH = 'consultation-v1';

function ruleViolation(code: RuleErrorCode, message: string, field?: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: field ? [{ field }] : [] });
}

/** A refusal of the pure rules (domain/commands), as the validator's failure. */
const refused = (refusal: Refusal): ApplicationFailure => ruleViolation(refusal.code, refusal.message, refusal.field);

/** A handler's activity that failed for good, as the refusal its caller sees (cancellation passes through). */
function notRecorded(err: unknown): unknown {
  if (isCancellation(err)) return err;
  // An activity's failure carries the refusal as its cause; a local activity's failure may be the refusal itself.
  let cause: unknown = err instanceof ActivityFailure ? err.cause : err;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure && cause.type === 'InvalidData') && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidData') return ruleViolation('InvalidData', cause.message);
  return ruleViolation('NotRecorded', err instanceof Error ? err.message : String(err));
}

const SLA_SEVERITY: Record<SlaStatus, number> = { on_track: 0, paused: 1, at_risk: 2, breached: 3 };

/**
 * One community project from proposal to close (DOMAIN.md "The lifecycle"; R2, R13, R20).
 * Decisions and stage commands arrive as Updates; validators refuse what the state forbids and
 * handlers record each act in the ledger before they answer (read-your-write for the caller).
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<{ stage: Stage }> {
  const resume = input.resume;
  const limits = input.limits ?? DEFAULT_AUTHORITY_LIMITS;
  const nonStateTarget = input.nonStateTarget ?? 0.7;
  /** The proposal as it stands: a resubmission may change it (patched: RESUBMIT_CHANGES_PATCH). */
  const proposalNow = {
    title: input.title,
    summary: input.summary,
    requestedBudgetVnd: input.requestedBudgetVnd,
    requiredCapabilities: input.requiredCapabilities,
    indicators: input.indicators,
  };
  let indicatorCodes = (proposalNow.indicators ?? []).map((i) => i.code);

  let stage: Stage = resume?.stage ?? 'proposal';
  let slaStatus: SlaStatus = 'on_track';
  /** Open steps, the stage's main step first. */
  let steps: OpenStepState[] = resume?.steps ?? [];
  const rounds: Partial<Record<StepType, number>> = resume?.rounds ?? {};
  let lastStepId: string | null = steps[0]?.ticket.stepId ?? null;
  let submitted = Boolean(resume);
  /** Decisions recorded and not yet acted on by the main loop. */
  const pending: DecisionCommand[] = [];
  /** Counts the main loop's transitions, so a handler can wait until its decision was acted on. */
  let transitions = 0;
  /** Bumped by every handler that changes state, to wake the main loop. */
  let version = 0;
  /** The version the main loop had seen when it last went idle: a handler answers after that. */
  let processedVersion = 0;
  /** Set once this run takes the later stages (patched); older histories keep the first release's timing. */
  let fullLifecycle = Boolean(resume);
  /** Read-your-write: the main loop has reacted to this change and waits again (or the project ended). */
  const settledAfter = (mine: number) => () => !fullLifecycle || processedVersion >= mine || isFinalStage(stage);

  // Partner matching, funding, execution and evaluation state (compact: continue-as-new carries it).
  let required: string[] = resume?.required ?? [];
  let waived: string[] = resume?.waived ?? [];
  let invitations: InvitationState[] = resume?.invitations ?? [];
  let commitments: CommitmentState[] = resume?.commitments ?? [];
  let planTotalVnd: number | null = resume?.planTotalVnd ?? null;
  let pledges: PledgeState[] = resume?.pledges ?? [];
  let socializationWaived = resume?.socializationWaived ?? false;
  let milestones: MilestoneState[] = resume?.milestones ?? [];
  let indicatorsRecorded: string[] = resume?.indicatorsRecorded ?? [];
  let feedbackClosesAt: string | null = resume?.feedbackClosesAt ?? null;
  let feedbackClosed = resume?.feedbackClosed ?? false;
  let reportSubmitted = resume?.reportSubmitted ?? false;
  let verified = resume?.verified ?? false;
  let changeRequested: (ChangeInput & { requestedBy: string }) | null = null;
  /** The consultation open before the board's vote (R22); only during the proposal stage, so never carried over. */
  let consultation: ConsultationState | null = null;
  let cancelRequest: { rationale: string; actorName: string } | null = null;
  const runs = (resume?.runs ?? 0) + 1;

  const active = (): StepTicket | null => steps[0]?.ticket ?? null;
  const findOpen = (type: StepType) => steps.find((s) => s.ticket.type === type);
  const coverageNow = () => coverage(required, commitments, waived);
  const mix = () => fundingMix(pledges.map((p) => ({ source: p.source, amountVnd: p.amountVnd, hours: p.hours, status: 'pledged' as const })), { volunteerHourRateVnd: VOLUNTEER_HOUR_RATE_VND });

  const view = (): ProjectStateView => {
    const cov = coverageNow();
    const m = mix();
    const main = steps[0];
    return {
      projectId: input.projectId,
      code: input.code,
      stage,
      slaStatus,
      activeStep: main ? { ...main.ticket, votes: [...main.votes] } : null,
      openSteps: steps.map((s) => ({ ...s.ticket, votes: [...s.votes], slaStatus: s.slaStatus })),
      matching: { required: [...required], covered: cov.covered, missing: cov.missing, waived: [...waived], invitations: invitations.map((i) => ({ ...i })) },
      funding: { planTotalVnd, pledgedVnd: m.totalVnd, nonStateShare: m.nonStateShare, target: nonStateTarget, socializationWaived },
      milestones: milestones.map((ms) => ({ ...ms })),
      evaluation: { indicatorsRecorded: [...indicatorsRecorded], indicatorsRequired: indicatorCodes, feedbackClosesAt, reportSubmitted, verified },
      runs,
    };
  };

  setHandler(stateQuery, view);

  setHandler(
    submitUpdate,
    async () => {
      submitted = true;
      await condition(() => active() !== null || isFinalStage(stage));
      return view();
    },
    {
      validator: () => {
        if (submitted) throw ruleViolation('AlreadySubmitted', `Project ${input.code} already exists`);
      },
    },
  );

  const isVote = (t: StepTicket) => Boolean(t.vote) || t.type === 'board_review' || t.decider === 'board';

  /**
   * Who decides each open step is computed again from the reference data as it is now (a lead
   * appointed, a member leaving the board, a conflict declared): the step's row and its ticket take
   * the new eligible list and recusals. Votes already cast stand, with the quorum rule the vote opened
   * with. Reviews run one after another, so the last one wins.
   */
  let reviewing: Promise<void> = Promise.resolve();
  const reevaluateDeciders = async (review: DeciderReview): Promise<void> => {
    for (const state of [...steps]) {
      const ticket = state.ticket;
      const decider = ticket.decider ?? STEP_RULES[ticket.type].decider;
      const result = await acts.reevaluateStep({
        step: {
          projectId: input.projectId,
          workflowId: workflowInfo().workflowId,
          unitCode: input.unitCode,
          leadTeamCode: input.leadTeamCode,
          proposerUserId: input.proposer.userId,
          type: ticket.type,
          round: ticket.round,
          openedAt: ticket.openedAt,
          stepId: ticket.stepId,
          decider,
          decidingRole: ticket.decidingRole,
        },
        review,
        at: new Date(Date.now()).toISOString(),
      });
      const current = steps.find((s) => s.ticket.stepId === ticket.stepId);
      if (!current) continue;
      const voted = current.votes.map((v) => v.userId);
      const next: StepTicket = { ...current.ticket, recusals: result.recusals };
      if (result.eligibleUserIds) next.eligibleUserIds = [...new Set([...result.eligibleUserIds, ...voted])];
      else delete next.eligibleUserIds;
      if (next.vote && result.voters) {
        const voters = result.voters;
        const kept = next.vote.voters.filter((v) => voted.includes(v.userId) && !voters.some((r) => r.userId === v.userId));
        next.vote = { ...next.vote, voters: [...voters, ...kept] };
      }
      current.ticket = next;
    }
  };
  setHandler(reevaluateDecidersSignal, async (review) => {
    if (!patched(DECIDER_REVIEW_PATCH)) return;
    // One review at a time; one that failed does not hold up the next.
    reviewing = reviewing.catch(() => undefined).then(() => reevaluateDeciders(review));
    await reviewing;
  });

  setHandler(
    decideUpdate,
    async (cmd) => {
      const open = steps.find((s) => s.ticket.stepId === cmd.stepId);
      if (!open) throw ruleViolation('StepNotActive', 'The step closed before this decision was recorded');
      const step = open.ticket;
      const vote = isVote(step);
      if (!vote) {
        if (open.claimed) throw ruleViolation('StepNotActive', 'Another decision on this step is being recorded');
        open.claimed = true;
      } else if (open.votes.some((v) => v.userId === cmd.actor.userId)) {
        throw ruleViolation('AlreadyDecided', 'You have already voted on this step');
      } else {
        open.votes.push({ userId: cmd.actor.userId, choice: cmd.choice, seq: 0 });
      }
      const info = workflowInfo();
      const changes =
        cmd.proposal && step.type === 'resubmission'
          ? proposalChanges(
              {
                ...proposalNow,
                requiredCapabilities: proposalNow.requiredCapabilities ?? DEFAULT_CAPABILITIES[input.category],
                indicators: proposalNow.indicators ?? [],
              },
              cmd.proposal,
            )
          : {};
      const edit = Object.keys(changes).length > 0 && patched(RESUBMIT_CHANGES_PATCH) ? (Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v!.after])) as ProposalEdit) : null;
      const recorded = await handlerWrites().recordDecision({
        projectId: input.projectId,
        workflowId: info.workflowId,
        runId: info.runId,
        updateId: currentUpdateInfo()?.id ?? `${cmd.stepId}:${cmd.actor.userId}`,
        step: { stepId: step.stepId, type: step.type, policyVersion: step.policyVersion, singleDecider: !vote },
        actor: cmd.actor,
        choice: cmd.choice,
        rationale: cmd.rationale ?? null,
        evidence: cmd.evidence,
        conflictOfInterest: cmd.conflictOfInterest ?? null,
        decidedAt: new Date(Date.now()).toISOString(),
        ...(cmd.outcome ? { details: { outcome: cmd.outcome, recommendation: cmd.recommendation } } : {}),
        ...(edit ? { details: { changes }, proposal: edit } : {}),
      }).catch((err) => {
        // Nothing was recorded: release the step (or the vote) so the next caller can decide it.
        if (!vote) open.claimed = false;
        else open.votes = open.votes.filter((v) => !(v.userId === cmd.actor.userId && v.seq === 0));
        throw notRecorded(err);
      });
      if (edit) {
        Object.assign(proposalNow, edit);
        indicatorCodes = (proposalNow.indicators ?? []).map((i) => i.code);
      }
      if (vote) open.votes = open.votes.map((v) => (v.userId === cmd.actor.userId ? { ...v, seq: recorded.seq } : v));
      const before = transitions;
      pending.push(cmd);
      version += 1;
      const caughtUp = settledAfter(version);
      await condition(() => transitions > before && caughtUp());
      return view();
    },
    {
      validator: (cmd) => {
        const open = steps.find((s) => s.ticket.stepId === cmd.stepId);
        if (!open || open.claimed) throw ruleViolation('StepNotActive', `Step ${cmd.stepId} is not open for decisions`);
        const step = open.ticket;
        const rule = STEP_RULES[step.type];
        const eligible = step.eligibleUserIds ? step.eligibleUserIds.includes(cmd.actor.userId) : cmd.actor.role === step.decidingRole;
        if (!eligible) throw ruleViolation('NotEligible', `${cmd.actor.displayName} (${cmd.actor.role}) does not decide ${step.type}`);
        if (!rule.choices.includes(cmd.choice)) throw ruleViolation('ChoiceNotAllowed', `${cmd.choice} is not a choice for ${step.type}`, 'choice');
        if (rule.rationaleRequired.includes(cmd.choice) && !cmd.rationale?.trim()) {
          throw ruleViolation('RationaleRequired', `A rationale is required to ${cmd.choice}`, 'rationale');
        }
        if (open.votes.some((v) => v.userId === cmd.actor.userId)) throw ruleViolation('AlreadyDecided', 'You have already voted on this step');
        if (cmd.proposal && step.type !== 'resubmission') throw ruleViolation('ChoiceNotAllowed', 'Only a resubmission carries a changed proposal', 'proposal');
        validateDecisionRules(step.type, cmd);
      },
    },
  );

  /** What the command and decision rules read (domain/commands): the workflow's state as it is now. */
  const commandState = (): CommandState => ({
    code: input.code,
    leadTeamCode: input.leadTeamCode,
    stage,
    steps,
    required,
    waived,
    invitations,
    commitments,
    planTotalVnd,
    pledges,
    socializationWaived,
    nonStateTarget,
    milestones,
    indicatorCodes,
    indicatorsRecorded,
    changeRequested: changeRequested !== null,
    cancelling: cancelRequest !== null,
    consultation: consultation ? { frontOpinion: consultation.frontOpinion } : null,
  });

  /** Rules of the later stages' decisions, checked before anything is recorded. */
  const validateDecisionRules = (type: StepType, cmd: DecisionCommand): void => {
    const refusal = decisionRefusal(commandState(), type, cmd);
    if (refusal) throw refused(refusal);
    // R22: the summary is submitted once the window has ended and the Front has spoken (the API checks the comments).
    if (type === 'consultation' && consultation) {
      if (Date.now() < Date.parse(consultation.windowClosesAt)) throw ruleViolation('ConsultationWindowOpen', `The consultation window ends at ${consultation.windowClosesAt}`, 'choice');
      if (!consultation.frontOpinion) throw ruleViolation('FrontOpinionMissing', "The Fatherland Front's opinion is not recorded yet", 'frontOpinion');
    }
  };

  setHandler(
    commandUpdate,
    async (cmd) => {
      const open = commandStep(commandState(), cmd) ?? steps[0];
      const stepId = open?.ticket.stepId ?? lastStepId;
      if (!stepId) throw ruleViolation('WrongStage', 'No step is open yet');
      const info = workflowInfo();
      const result = await handlerActs.recordCommand({
        projectId: input.projectId,
        workflowId: info.workflowId,
        runId: info.runId,
        updateId: currentUpdateInfo()?.id ?? `${cmd.kind}:${cmd.actor.userId}:${Date.now()}`,
        stepId,
        stepType: open?.ticket.type ?? 'screening',
        policyVersion: open?.ticket.policyVersion ?? 1,
        unitCode: input.unitCode,
        command: cmd,
        ledgerKind: ledgerKindOf(cmd),
        decidedAt: new Date(Date.now()).toISOString(),
        // Only when given, so the activity's input of older histories stays as it was.
        ...(input.slaOverrides ? { slaOverrides: input.slaOverrides } : {}),
      }).catch((err) => {
        throw notRecorded(err);
      });
      const patch = applyCommand(commandState(), cmd, result);
      applyPatch(patch);
      version += 1;
      // The answer shows what the command led to (a step opened, a stage passed, the project cancelled).
      if (patch.cancelRequested) await condition(() => isFinalStage(stage));
      else await condition(settledAfter(version));
      return view();
    },
    {
      validator: (cmd) => {
        const refusal = validateCommand(commandState(), cmd);
        if (refusal) throw refused(refusal);
      },
    },
  );

  /** Takes the state a command led to (domain/commands `apply`), then what follows from it. */
  const applyPatch = (patch: CommandPatch): void => {
    if (patch.invitations) invitations = patch.invitations;
    if (patch.commitments) commitments = patch.commitments;
    if (patch.waived) waived = patch.waived;
    if (patch.socializationWaived !== undefined) socializationWaived = patch.socializationWaived;
    if (patch.planTotalVnd !== undefined) planTotalVnd = patch.planTotalVnd;
    if (patch.milestones) milestones = patch.milestones;
    if (patch.pledges) pledges = patch.pledges;
    if (patch.indicatorsRecorded) indicatorsRecorded = patch.indicatorsRecorded;
    if (patch.changeRequested) changeRequested = patch.changeRequested;
    if (patch.frontOpinionRecorded && consultation) consultation = { ...consultation, frontOpinion: true };
    if (patch.cancelRequested) {
      cancelRequest = patch.cancelRequested;
      lifecycle.cancel();
    }
    if (patch.step) {
      // The stage code holds the open step's object while it waits: it is changed in place.
      const open = steps.find((s) => s.ticket.stepId === patch.step!.stepId);
      if (open) {
        Object.assign(open, patch.step.set);
        refreshSla();
        publish();
      }
    }
  };

  setHandler(
    feedbackUpdate,
    async (fb) => {
      await handlerActs.recordFeedback({ projectId: input.projectId, updateId: currentUpdateInfo()?.id ?? `feedback:${Date.now()}`, feedback: fb, submittedAt: new Date(Date.now()).toISOString() }).catch((err) => {
        throw notRecorded(err);
      });
      return { accepted: true as const };
    },
    {
      validator: (_fb) => {
        if (stage !== 'impact_evaluation' || !feedbackClosesAt || Date.now() >= Date.parse(feedbackClosesAt)) throw ruleViolation('FeedbackClosed', 'The feedback window is not open');
      },
    },
  );

  const refreshSla = (): void => {
    slaStatus = steps.reduce<SlaStatus>((worst, s) => (SLA_SEVERITY[s.slaStatus] > SLA_SEVERITY[worst] ? s.slaStatus : worst), 'on_track');
  };

  const publish = (): void => {
    const dues = steps.map((s) => s.ticket.dueAt).filter((d): d is string => Boolean(d)).sort();
    upsertSearchAttributes([
      { key: ProjectStageKey, value: stage },
      { key: SlaStatusKey, value: slaStatus },
      { key: UnitCodeKey, value: input.unitCode },
      { key: LeadTeamKey, value: input.leadTeamCode },
      { key: NextDueAtKey, value: dues[0] ? new Date(dues[0]) : null },
    ]);
  };

  /** Opens a step with its SLA plan. `alongside` keeps the other open steps (execution's side steps). */
  const open = async (
    type: StepType,
    opts: {
      round?: number;
      alongside?: boolean;
      decider?: Decider;
      pause?: { stepId: string; from: string };
      change?: ChangeInput & { requestedBy: string };
      consultation?: { policy: ConsultationPolicy; windowClosesAt: string };
    } = {},
  ): Promise<StepTicket> => {
    const round = opts.round ?? (rounds[type] ?? 0) + 1;
    rounds[type] = round;
    const ticket = await writes().openStep({
      projectId: input.projectId,
      workflowId: workflowInfo().workflowId,
      unitCode: input.unitCode,
      leadTeamCode: input.leadTeamCode,
      proposerUserId: input.proposer.userId,
      type,
      round,
      openedAt: new Date(Date.now()).toISOString(),
      // A side step (re-matching, a change request) opens within the stage the project is at.
      ...(opts.alongside ? { stage } : {}),
      ...(opts.decider ? { decider: opts.decider } : {}),
      ...(opts.pause ? { pause: opts.pause } : {}),
      ...(opts.change ? { change: opts.change } : {}),
      ...(opts.consultation ? { consultation: opts.consultation } : {}),
      ...(input.slaOverrides?.[type] ? { slaOverride: input.slaOverrides[type] } : {}),
    });
    const state: OpenStepState = { ticket, votes: [], claimed: false, checkpointsPassed: 0, slaStatus: type === 'resubmission' ? 'paused' : 'on_track' };
    steps = opts.alongside ? [...steps, state] : [state];
    lastStepId = ticket.stepId;
    if (!opts.alongside) stage = STEP_RULES[type].stage;
    if (opts.alongside) refreshSla();
    else slaStatus = state.slaStatus;
    transitions += 1;
    publish();
    return ticket;
  };

  const dropStep = (stepId: string): void => {
    steps = steps.filter((s) => s.ticket.stepId !== stepId);
    refreshSla();
  };

  const closeStep = async (ticket: StepTicket, outcome: StepOutcome, nextStage?: Stage): Promise<void> => {
    await writes().closeStep({ projectId: input.projectId, stepId: ticket.stepId, outcome, nextStage: nextStage ?? stage, closedAt: new Date(Date.now()).toISOString() });
    dropStep(ticket.stepId);
    if (nextStage) stage = nextStage;
    transitions += 1;
    publish();
  };

  const markCheckpoint = async (state: OpenStepState, checkpoint: SlaCheckpoint): Promise<void> => {
    await acts.recordSlaEvent({ projectId: input.projectId, stepId: state.ticket.stepId, checkpoint, occurredAt: new Date(Date.now()).toISOString() });
    state.slaStatus = checkpoint.kind === 'at_risk' ? 'at_risk' : 'breached';
    slaStatus = state.slaStatus;
    publish();
  };

  /** Waits for the step to be decided, marking each SLA checkpoint that passes first (R17, R21). */
  const awaitDecision = async (ticket: StepTicket, isDecided: () => boolean): Promise<SlaCheckpoint | null> => {
    const state = steps.find((s) => s.ticket.stepId === ticket.stepId)!;
    // The ticket is read afresh each time: an extended deadline replaces its checkpoints.
    while (state.checkpointsPassed < state.ticket.checkpoints.length) {
      const checkpoint = state.ticket.checkpoints[state.checkpointsPassed]!;
      const extensions = state.extensions ?? 0;
      const extended = () => (state.extensions ?? 0) !== extensions;
      const wait = Date.parse(checkpoint.at) - Date.now();
      if (wait > 0 && (await condition(() => isDecided() || extended(), wait)) && isDecided()) return null;
      if (isDecided()) return null;
      if (extended()) continue;
      if (checkpoint.kind === 'expired') return checkpoint;
      await markCheckpoint(state, checkpoint);
      state.checkpointsPassed += 1;
    }
    await condition(isDecided);
    return null;
  };

  const finish = async (final: Stage, reason: string, evaluation?: { outcome: string; recommendation: string }): Promise<{ stage: Stage }> => {
    const closing = active();
    await acts.closeProject({
      projectId: input.projectId,
      stage: final,
      reason,
      closedAt: new Date(Date.now()).toISOString(),
      openStepId: closing?.stepId ?? null,
      ...(evaluation ? { evaluation } : {}),
    });
    stage = final;
    steps = [];
    transitions += 1;
    publish();
    await condition(allHandlersFinished);
    return { stage };
  };

  /** A decision being recorded counts as taken: a deadline passing meanwhile must not overtake it. */
  const decidedOrDeciding = (ticket: StepTicket) => pending.length > 0 || Boolean(steps.find((s) => s.ticket.stepId === ticket.stepId)?.claimed);

  // ---------------------------------------------------------------------------------------------
  // The later stages wait on several clocks at once: SLA checkpoints of every open step,
  // invitation reminders and expiries, the feedback window.

  type Timer = { at: number; fire: () => Promise<void> };
  const nextTimer = (): Timer | null => {
    const timers: Timer[] = [];
    for (const s of steps) {
      const checkpoint = s.ticket.checkpoints[s.checkpointsPassed];
      if (checkpoint && !s.claimed) {
        timers.push({
          at: Date.parse(checkpoint.at),
          fire: async () => {
            s.checkpointsPassed += 1;
            if (checkpoint.kind !== 'expired') await markCheckpoint(s, checkpoint);
            refreshSla();
          },
        });
      }
    }
    for (const inv of invitations) {
      if (inv.status !== 'invited') continue;
      if (!inv.reminded) {
        timers.push({
          at: Date.parse(inv.remindAt),
          fire: async () => {
            inv.reminded = true;
            await acts.invitationEvent({ projectId: input.projectId, invitationId: inv.id, event: 'reminded', at: new Date(Date.now()).toISOString() });
          },
        });
      }
      timers.push({
        at: Date.parse(inv.dueAt),
        fire: async () => {
          inv.status = 'expired';
          inv.reminded = true;
          await acts.invitationEvent({ projectId: input.projectId, invitationId: inv.id, event: 'expired', at: new Date(Date.now()).toISOString() });
        },
      });
    }
    if (feedbackClosesAt && !feedbackClosed) {
      timers.push({
        at: Date.parse(feedbackClosesAt),
        fire: async () => {
          await acts.closeFeedbackWindow({ projectId: input.projectId, at: new Date(Date.now()).toISOString() });
          feedbackClosed = true;
        },
      });
    }
    timers.sort((a, b) => a.at - b.at);
    return timers[0] ?? null;
  };

  const continueAsNewDue = (): boolean => {
    const info = workflowInfo();
    const threshold = input.continueAsNewAfterEvents;
    return (info.continueAsNewSuggested || (threshold !== undefined && info.historyLength >= threshold)) && pending.length === 0 && allHandlersFinished() && !changeRequested && !cancelRequest;
  };

  const snapshot = (): LifecycleSnapshot => ({
    stage,
    steps,
    rounds,
    required,
    waived,
    invitations,
    commitments,
    planTotalVnd,
    pledges,
    socializationWaived,
    milestones,
    indicatorsRecorded,
    feedbackClosesAt,
    feedbackClosed,
    reportSubmitted,
    verified,
    runs,
  });

  /** Waits until `ready`, firing due clocks; continues as new at a quiet moment when history grows long. */
  const waitUntil = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (ready()) return;
      processedVersion = version;
      if (continueAsNewDue()) {
        // Handlers waiting on this loop are released above; a new change in the meantime comes first.
        await condition(() => allHandlersFinished() || version !== processedVersion);
        if (allHandlersFinished() && version === processedVersion && continueAsNewDue()) {
          await continueAsNew<typeof projectLifecycle>({ ...input, ...proposalNow, resume: snapshot() });
        }
        continue;
      }
      const timer = nextTimer();
      const seen = version;
      if (!timer) {
        await condition(() => ready() || version !== seen || continueAsNewDue());
        continue;
      }
      const wait = timer.at - Date.now();
      if (wait > 0) {
        await condition(() => ready() || version !== seen || continueAsNewDue(), wait);
        continue;
      }
      await timer.fire();
      transitions += 1;
    }
  };

  const unsettled = (): null => {
    transitions += 1;
    return null;
  };

  /** Takes the decisions recorded on one step; the step's outcome once it is settled. */
  const settle = (state: OpenStepState): { choice: string; decision: DecisionCommand | null } | null => {
    const mine = pending.filter((p) => p.stepId === state.ticket.stepId);
    if (mine.length === 0) return null;
    for (const p of mine) pending.splice(pending.indexOf(p), 1);
    // A settled step releases its deciders once the caller has acted on the outcome (read-your-write);
    // a vote that settles nothing yet releases its voter now.
    if (!isVote(state.ticket)) return { choice: mine[0]!.choice, decision: mine[0]! };
    const counted = state.votes.filter((v) => v.seq > 0);
    const vote = state.ticket.vote;
    if (vote) {
      const result = evaluateQuorum(
        vote.rule,
        vote.voters,
        counted.map((v) => ({ userId: v.userId, choice: v.choice as 'approve' | 'reject' | 'abstain' })),
      );
      if (!result.settled) return unsettled();
      return { choice: result.outcome === 'approved' ? 'approve' : result.outcome === 'rejected' ? 'reject' : 'no_quorum', decision: null };
    }
    const tally = tallyBoardVotes(state.ticket.eligibleUserIds ?? [], counted);
    if (!tally.settled) return unsettled();
    return { choice: tally.outcome === 'approved' ? 'approve' : 'reject', decision: null };
  };

  /** Waits for a step's outcome, keeping every clock running meanwhile. */
  const outcomeOf = async (type: StepType, also: () => boolean = () => false): Promise<{ choice: string; decision: DecisionCommand | null } | 'interrupted'> => {
    for (;;) {
      const state = findOpen(type);
      if (!state) return 'interrupted';
      await waitUntil(() => pending.some((p) => p.stepId === state.ticket.stepId) || also());
      if (!pending.some((p) => p.stepId === state.ticket.stepId)) return 'interrupted';
      const outcome = settle(state);
      if (outcome) return outcome;
    }
  };

  const fundingAmount = () => planTotalVnd ?? proposalNow.requestedBudgetVnd;
  const fundingDeciderFor = (amount: number): Decider => (approvalAuthority(amount, { teamLeadMaxVnd: limits.teamLeadBudgetLimitVnd }) === 'board' ? 'board' : 'lead_team');
  const fundingAuthorityMatches = (): boolean => {
    const step = findOpen('funding_approval');
    return !step || step.ticket.decider === fundingDeciderFor(fundingAmount());
  };

  // ---------------------------------------------------------------------------------------------
  // Stages after the board's approval.

  const partnerMatching = async (): Promise<void> => {
    stage = 'partner_matching';
    if (!findOpen('partner_matching')) {
      if (required.length === 0) required = [...(proposalNow.requiredCapabilities ?? DEFAULT_CAPABILITIES[input.category])];
      await acts.proposeCandidates({ projectId: input.projectId, unitCode: input.unitCode, capabilities: required });
      await open('partner_matching');
    }
    await waitUntil(() => coverageNow().complete);
    await closeStep(findOpen('partner_matching')!.ticket, waived.length ? 'covered_with_waiver' : 'covered', 'funding');
  };

  const funding = async (): Promise<Stage | null> => {
    stage = 'funding';
    for (;;) {
      if (!findOpen('funding_approval')) await open('funding_approval', { decider: fundingDeciderFor(fundingAmount()) });
      const state = findOpen('funding_approval')!;
      const outcome = await outcomeOf('funding_approval', () => !fundingAuthorityMatches());
      if (outcome === 'interrupted') {
        // The plan moved the amount across the authority limit: the right authority decides (R18).
        await closeStep(state.ticket, 'reassigned');
        continue;
      }
      if (outcome.choice === 'approve') {
        await closeStep(state.ticket, 'approved', 'execution');
        return null;
      }
      if (outcome.choice === 'reject') {
        return 'rejected';
      }
      await closeStep(state.ticket, outcome.choice === 'no_quorum' ? 'no_quorum' : 'returned');
    }
  };

  const execution = async (): Promise<void> => {
    stage = 'execution';
    if (!findOpen('execution')) await open('execution');
    for (;;) {
      const matchingOpen = findOpen('partner_matching');
      const changeOpen = findOpen('change_request');
      const done = () => milestones.length > 0 && milestones.every((m) => m.completed) && coverageNow().complete && !findOpen('partner_matching') && !findOpen('change_request') && !changeRequested;
      if (done()) break;
      if (changeRequested && !changeOpen) {
        const change = changeRequested;
        await open('change_request', { alongside: true, decider: changeDecider(change.kind, change.budgetDeltaVnd, limits), change });
        changeRequested = null;
        continue;
      }
      if (!coverageNow().complete && !matchingOpen) {
        // A partner withdrew (R10): matching reopens for what it leaves uncovered.
        await open('partner_matching', { alongside: true });
        continue;
      }
      if (matchingOpen && coverageNow().complete) {
        await closeStep(matchingOpen.ticket, waived.length ? 'covered_with_waiver' : 'covered');
        continue;
      }
      if (changeOpen && pending.some((p) => p.stepId === changeOpen.ticket.stepId)) {
        const outcome = settle(changeOpen);
        if (outcome && outcome.choice !== 'no_quorum') {
          const approved = outcome.choice === 'approve';
          const applied = await acts.applyChange({ projectId: input.projectId, stepId: changeOpen.ticket.stepId, approved, unitCode: input.unitCode, at: new Date(Date.now()).toISOString() });
          if (applied.planTotalVnd !== null) planTotalVnd = applied.planTotalVnd;
          milestones = milestones.map((m) => ({ ...m, dueAt: applied.milestoneDueAt[m.code] ?? m.dueAt }));
          await closeStep(changeOpen.ticket, outcome.choice === 'approve' ? 'approved' : 'rejected');
        } else if (outcome) {
          await closeStep(changeOpen.ticket, 'no_quorum');
        }
        continue;
      }
      const seen = version;
      const waitingOnChange = changeOpen?.ticket.stepId;
      await waitUntil(
        () =>
          version !== seen ||
          done() ||
          (waitingOnChange !== undefined && pending.some((p) => p.stepId === waitingOnChange)) ||
          (!coverageNow().complete && !findOpen('partner_matching')),
      );
    }
    await closeStep(findOpen('execution')!.ticket, 'completed', 'impact_evaluation');
  };

  const impactEvaluation = async (): Promise<{ outcome: string; recommendation: string; rationale: string }> => {
    stage = 'impact_evaluation';
    if (!feedbackClosesAt) {
      const override = input.slaOverrides?.feedback_window;
      const window = await acts.openFeedbackWindow({ projectId: input.projectId, unitCode: input.unitCode, openedAt: new Date(Date.now()).toISOString(), ...(override ? { slaOverride: override } : {}) });
      feedbackClosesAt = window.closesAt;
    }
    for (;;) {
      if (!reportSubmitted) {
        if (!findOpen('impact_reporting')) await open('impact_reporting');
        const outcome = await outcomeOf('impact_reporting');
        if (outcome === 'interrupted') continue;
        reportSubmitted = true;
        await closeStep(findOpen('impact_reporting')!.ticket, 'submitted');
      }
      if (!verified) {
        // Verification waits for the citizens' feedback window to close (R8, R19).
        await waitUntil(() => feedbackClosed);
        if (!findOpen('impact_verification')) await open('impact_verification');
        const outcome = await outcomeOf('impact_verification');
        if (outcome === 'interrupted') continue;
        await closeStep(findOpen('impact_verification')!.ticket, outcome.choice === 'accept' ? 'verified' : 'disputed');
        if (outcome.choice !== 'accept') {
          // Disputed: the lead team reports again (R21).
          reportSubmitted = false;
          continue;
        }
        verified = true;
      }
      if (!findOpen('board_signoff')) await open('board_signoff');
      const signoff = await outcomeOf('board_signoff');
      if (signoff === 'interrupted') continue;
      const d = signoff.decision!;
      return { outcome: d.outcome!, recommendation: d.recommendation!, rationale: d.rationale ?? '' };
    }
  };

  const laterStages = async (): Promise<{ stage: Stage }> => {
    if (stage === 'proposal' || stage === 'partner_matching') await partnerMatching();
    if (stage === 'funding') {
      const ended = await funding();
      if (ended) return finish(ended, 'The funding was not approved');
    }
    if (stage === 'execution') await execution();
    const result = await impactEvaluation();
    return finish('closed', result.rationale, { outcome: result.outcome, recommendation: result.recommendation });
  };

  // ---------------------------------------------------------------------------------------------

  /**
   * The consultation (R22): the policy in force when screening was accepted says whether the budget
   * calls for one and how long its window is (or the project's own `consultation_window` duration).
   * The plan is public meanwhile; the step closes when the proposer submits the summary, which the
   * validator and the API allow only after the window, the Front's opinion and every comment answered.
   */
  const consult = async (): Promise<void> => {
    const windowOverride = input.slaOverrides?.consultation_window;
    const plan = await acts.consultationPlan({
      unitCode: input.unitCode,
      requestedBudgetVnd: proposalNow.requestedBudgetVnd,
      at: new Date(Date.now()).toISOString(),
      ...(windowOverride ? { windowOverride } : {}),
    });
    if (!plan.required) return;
    // The consultation's row is written with its step, so whoever accepted the screening reads it at once.
    const ticket = await open('consultation', { consultation: { policy: plan.policy, windowClosesAt: plan.windowClosesAt } });
    consultation = { stepId: ticket.stepId, policyVersion: plan.policy.version, windowClosesAt: plan.windowClosesAt, frontOpinion: false };
    await awaitDecision(ticket, () => decidedOrDeciding(ticket));
    await condition(() => pending.length > 0);
    pending.shift();
    consultation = null;
  };

  const proposal = async (): Promise<{ stage: Stage } | null> => {
    await writes().registerProject(input);

    // Proposal: screening (with return-for-changes rounds), then the board's vote.
    let paused: { stepId: string; from: string } | undefined;
    for (let round = 1; ; round += 1) {
      const screening = await open('screening', { round, ...(paused ? { pause: paused } : {}) });
      await awaitDecision(screening, () => decidedOrDeciding(screening));
      await condition(() => pending.length > 0);
      const decision = pending.shift()!;
      const outcome = afterScreening(decision.choice);
      if ('final' in outcome) return finish(outcome.final, decision.rationale ?? decision.choice);
      if (outcome.next === 'board_review') break;
      // Returned for changes: the screening clock pauses while the proposer works; no resubmission
      // before its own deadline withdraws the proposal.
      const resubmission = await open('resubmission', { round });
      const expired = await awaitDecision(resubmission, () => decidedOrDeciding(resubmission));
      if (expired) return finish('withdrawn', 'No resubmission before the deadline');
      await condition(() => pending.length > 0);
      pending.shift();
      paused = { stepId: screening.stepId, from: resubmission.openedAt };
    }

    // R22: a project at or above the policy's threshold is consulted on before the board votes.
    if (patched(CONSULTATION_PATCH)) await consult();

    for (let round = 1; ; round += 1) {
      const review = await open('board_review', { round });
      const state = findOpen('board_review')!;
      for (;;) {
        await awaitDecision(review, () => pending.length > 0);
        // Only votes already in the ledger count, so the step never closes ahead of its record.
        const outcome = settle(state);
        if (!outcome) continue;
        if (outcome.choice === 'reject') return finish('rejected', 'The board did not approve the proposal');
        if (outcome.choice === 'no_quorum') {
          // Nobody can make the quorum: the vote is called again with the board as it is now; the
          // voter's answer waits for the new round (opening it counts the transition).
          await acts.closeStep({ projectId: input.projectId, stepId: review.stepId, outcome: 'no_quorum', nextStage: 'proposal', closedAt: new Date(Date.now()).toISOString() });
          dropStep(review.stepId);
          break;
        }
        await acts.closeStep({ projectId: input.projectId, stepId: review.stepId, outcome: 'approved', nextStage: 'partner_matching', closedAt: new Date(Date.now()).toISOString() });
        stage = 'partner_matching';
        steps = [];
        transitions += 1;
        publish();
        return null;
      }
    }
  };

  const lifecycle = new CancellationScope();
  try {
    return await lifecycle.run(async () => {
      if (!resume) {
        const ended = await proposal();
        if (ended) return ended;
        fullLifecycle = patched(FULL_LIFECYCLE_PATCH);
        if (!fullLifecycle) {
          // Histories of the first release: an approved project waited here.
          await condition(() => isFinalStage(stage));
          await condition(allHandlersFinished);
          return { stage };
        }
      }
      return laterStages();
    });
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    // Cancellation by the board (or by an operator through Temporal) and failures alike release
    // what partners pledged and tell them (compensations run whatever happened before).
    const requested = cancelRequest as { rationale: string } | null;
    const reason = requested?.rationale ?? (isCancellation(err) ? 'Cancelled by an operator' : `Failed: ${(err as Error).message}`);
    return CancellationScope.nonCancellable(async () => {
      await acts.compensateCancellation({ projectId: input.projectId, reason, at: new Date(Date.now()).toISOString() });
      if (!isCancellation(err)) throw err;
      return finish('cancelled', reason);
    });
  }
}
