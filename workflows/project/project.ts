import {
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  currentUpdateInfo,
} from '@temporalio/workflow';
import { DEFAULT_CAPABILITIES, isFinalStage, STEP_RULES, type Decider, type Stage, type StepOutcome, type StepType } from '../../domain/lifecycle';
import type { DeciderReview } from '../../domain/deciders';
import type { ChangeInput, DecisionCommand, FeedbackInput, OpenStepState, ProjectStateView, ProposalEdit, SlaCheckpoint, StageCommand, StepTicket } from '../../domain/project';
import { proposalChanges } from '../../domain/project';
import { applyCommand, commandStep, decisionRefusal, ledgerKindOf, validateCommand, type CommandPatch } from '../../domain/commands';
import type { ConsultationPolicy } from '../../domain/consultation';
import type { projectLifecycle } from '../project-lifecycle';
import { acts, handlerActs, handlerWrites, notRecorded, refused, ruleViolation, writes } from './activities';
import { LeadTeamKey, NextDueAtKey, ProjectStageKey, SlaStatusKey, UnitCodeKey } from './messages';
import { DECIDER_REVIEW_PATCH, RESUBMIT_CHANGES_PATCH } from './patches';
import { isVote, ProjectState, type Outcome } from './state';

/**
 * A timer of the clock: when it is due and what it does then; one without `fire` is a deadline that
 * ends the wait (the proposal's steps expire that way).
 */
type Timer = { at: number; fire: () => Promise<void> } | { at: number; fire?: undefined; deadline: SlaCheckpoint };

/**
 * What one wait of the clock watches. The stage loop (from partner matching on) watches every open
 * step's checkpoints, the invitations and the feedback window, wakes on any change a handler makes,
 * counts each timer it fires as a transition and continues as new at a quiet moment. A proposal step
 * watches its own checkpoints only and wakes on an extension of its deadline (the first release's
 * timing, which recorded histories replay).
 */
type ClockRules = { next: () => Timer | null; woken: () => () => boolean; stageLoop: boolean };

/**
 * The project's state with what it does: the message handlers (called by the workflow function),
 * the steps' commands (open, close, finish), and the clocks the stage loop waits on.
 */
export class Project extends ProjectState {
  /** The stages run in this scope; a cancellation by the board cancels it (R20). */
  readonly lifecycle = new CancellationScope();
  /**
   * Who decides each open step is computed again from the reference data as it is now (a lead
   * appointed, a member leaving the board, a conflict declared): the step's row and its ticket take
   * the new eligible list and recusals. Votes already cast stand, with the quorum rule the vote opened
   * with. Reviews run one after another, so the last one wins.
   */
  private reviewing: Promise<void> = Promise.resolve();

  // ---------------------------------------------------------------------------------------------
  // Message handlers (registered by the workflow function).

  /** Submit: answers once the first step is open (or the project ended). */
  async submit(): Promise<ProjectStateView> {
    this.submitted = true;
    await condition(() => this.active() !== null || isFinalStage(this.stage));
    return this.view();
  }

  validateSubmit(): void {
    if (this.submitted) throw ruleViolation('AlreadySubmitted', `Project ${this.input.code} already exists`);
  }

  /** A decision on an open step (or a vote): recorded in the ledger, then acted on by the stage loop. */
  async decide(cmd: DecisionCommand): Promise<ProjectStateView> {
    const open = this.steps.find((s) => s.ticket.stepId === cmd.stepId);
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
              ...this.proposalNow,
              requiredCapabilities: this.proposalNow.requiredCapabilities ?? DEFAULT_CAPABILITIES[this.input.category],
              indicators: this.proposalNow.indicators ?? [],
            },
            cmd.proposal,
          )
        : {};
    const edit = Object.keys(changes).length > 0 && patched(RESUBMIT_CHANGES_PATCH) ? (Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v!.after])) as ProposalEdit) : null;
    const recorded = await handlerWrites().recordDecision({
      projectId: this.input.projectId,
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
      Object.assign(this.proposalNow, edit);
      this.indicatorCodes = (this.proposalNow.indicators ?? []).map((i) => i.code);
    }
    if (vote) open.votes = open.votes.map((v) => (v.userId === cmd.actor.userId ? { ...v, seq: recorded.seq } : v));
    const before = this.transitions;
    this.pending.push(cmd);
    const caughtUp = this.handOver();
    await condition(() => this.transitions > before && caughtUp());
    return this.view();
  }

  validateDecision(cmd: DecisionCommand): void {
    const open = this.steps.find((s) => s.ticket.stepId === cmd.stepId);
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
    this.validateDecisionRules(step.type, cmd);
  }


  /** Rules of the later stages' decisions, checked before anything is recorded. */
  validateDecisionRules(type: StepType, cmd: DecisionCommand): void {
    const refusal = decisionRefusal(this.commandState(), type, cmd);
    if (refusal) throw refused(refusal);
    // R22: the summary is submitted once the window has ended and the Front has spoken (the API checks the comments).
    if (type === 'consultation' && this.consultation) {
      if (Date.now() < Date.parse(this.consultation.windowClosesAt)) throw ruleViolation('ConsultationWindowOpen', `The consultation window ends at ${this.consultation.windowClosesAt}`, 'choice');
      if (!this.consultation.frontOpinion) throw ruleViolation('FrontOpinionMissing', "The Fatherland Front's opinion is not recorded yet", 'frontOpinion');
    }
  }

  /** A stage command: recorded in the ledger, its patch applied, answered once the stage loop reacted. */
  async command(cmd: StageCommand): Promise<ProjectStateView> {
    const open = commandStep(this.commandState(), cmd) ?? this.steps[0];
    const stepId = open?.ticket.stepId ?? this.lastStepId;
    if (!stepId) throw ruleViolation('WrongStage', 'No step is open yet');
    const info = workflowInfo();
    const result = await handlerActs.recordCommand({
      projectId: this.input.projectId,
      workflowId: info.workflowId,
      runId: info.runId,
      updateId: currentUpdateInfo()?.id ?? `${cmd.kind}:${cmd.actor.userId}:${Date.now()}`,
      stepId,
      stepType: open?.ticket.type ?? 'screening',
      policyVersion: open?.ticket.policyVersion ?? 1,
      unitCode: this.input.unitCode,
      command: cmd,
      ledgerKind: ledgerKindOf(cmd),
      decidedAt: new Date(Date.now()).toISOString(),
      // Only when given, so the activity's input of older histories stays as it was.
      ...(this.input.slaOverrides ? { slaOverrides: this.input.slaOverrides } : {}),
    }).catch((err) => {
      throw notRecorded(err);
    });
    const patch = applyCommand(this.commandState(), cmd, result);
    this.applyPatch(patch);
    const caughtUp = this.handOver();
    // The answer shows what the command led to (a step opened, a stage passed, the project cancelled).
    if (patch.cancelRequested) await condition(() => isFinalStage(this.stage));
    else await condition(caughtUp);
    return this.view();
  }

  validateCommand(cmd: StageCommand): void {
    const refusal = validateCommand(this.commandState(), cmd);
    if (refusal) throw refused(refusal);
  }


  /** Takes the state a command led to (domain/commands `apply`), then what follows from it. */
  applyPatch(patch: CommandPatch): void {
    if (patch.invitations) this.invitations = patch.invitations;
    if (patch.commitments) this.commitments = patch.commitments;
    if (patch.waived) this.waived = patch.waived;
    if (patch.socializationWaived !== undefined) this.socializationWaived = patch.socializationWaived;
    if (patch.planTotalVnd !== undefined) this.planTotalVnd = patch.planTotalVnd;
    if (patch.milestones) this.milestones = patch.milestones;
    if (patch.pledges) this.pledges = patch.pledges;
    if (patch.indicatorsRecorded) this.indicatorsRecorded = patch.indicatorsRecorded;
    if (patch.changeRequested) this.changeRequested = patch.changeRequested;
    if (patch.frontOpinionRecorded && this.consultation) this.consultation = { ...this.consultation, frontOpinion: true };
    if (patch.cancelRequested) {
      this.cancelRequest = patch.cancelRequested;
      this.lifecycle.cancel();
    }
    if (patch.step) {
      // The stage code holds the open step's object while it waits: it is changed in place.
      const open = this.steps.find((s) => s.ticket.stepId === patch.step!.stepId);
      if (open) {
        Object.assign(open, patch.step.set);
        this.refreshSla();
        this.publish();
      }
    }
  }

  /** A citizen's feedback while the window is open (R19). */
  async feedback(fb: FeedbackInput): Promise<{ accepted: true }> {
    await handlerActs.recordFeedback({ projectId: this.input.projectId, updateId: currentUpdateInfo()?.id ?? `feedback:${Date.now()}`, feedback: fb, submittedAt: new Date(Date.now()).toISOString() }).catch((err) => {
      throw notRecorded(err);
    });
    return { accepted: true as const };
  }

  validateFeedback(): void {
    if (this.stage !== 'impact_evaluation' || !this.feedbackClosesAt || Date.now() >= Date.parse(this.feedbackClosesAt)) throw ruleViolation('FeedbackClosed', 'The feedback window is not open');
  }

  /** Reference data changed in the unit (issue 13): re-evaluate the open steps' deciders. */
  async onDeciderReview(review: DeciderReview): Promise<void> {
    if (!patched(DECIDER_REVIEW_PATCH)) return;
    // One review at a time; one that failed does not hold up the next.
    this.reviewing = this.reviewing.catch(() => undefined).then(() => this.reevaluateDeciders(review));
    await this.reviewing;
  }

  private async reevaluateDeciders(review: DeciderReview): Promise<void> {
    for (const state of [...this.steps]) {
      const ticket = state.ticket;
      const decider = ticket.decider ?? STEP_RULES[ticket.type].decider;
      const result = await acts.reevaluateStep({
        step: {
          projectId: this.input.projectId,
          workflowId: workflowInfo().workflowId,
          unitCode: this.input.unitCode,
          leadTeamCode: this.input.leadTeamCode,
          proposerUserId: this.input.proposer.userId,
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
      const current = this.steps.find((s) => s.ticket.stepId === ticket.stepId);
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
  }

  // ---------------------------------------------------------------------------------------------
  // Steps, the project's end, and the clocks.

  publish(): void {
    const dues = this.steps.map((s) => s.ticket.dueAt).filter((d): d is string => Boolean(d)).sort();
    upsertSearchAttributes([
      { key: ProjectStageKey, value: this.stage },
      { key: SlaStatusKey, value: this.slaStatus },
      { key: UnitCodeKey, value: this.input.unitCode },
      { key: LeadTeamKey, value: this.input.leadTeamCode },
      { key: NextDueAtKey, value: dues[0] ? new Date(dues[0]) : null },
    ]);
  }

  /** Opens a step with its SLA plan. `alongside` keeps the other open steps (execution's side steps). */
  async open(
    type: StepType,
    opts: {
      round?: number;
      alongside?: boolean;
      decider?: Decider;
      pause?: { stepId: string; from: string };
      change?: ChangeInput & { requestedBy: string };
      consultation?: { policy: ConsultationPolicy; windowClosesAt: string };
    } = {},
  ): Promise<StepTicket> {
    const round = opts.round ?? (this.rounds[type] ?? 0) + 1;
    this.rounds[type] = round;
    const ticket = await writes().openStep({
      projectId: this.input.projectId,
      workflowId: workflowInfo().workflowId,
      unitCode: this.input.unitCode,
      leadTeamCode: this.input.leadTeamCode,
      proposerUserId: this.input.proposer.userId,
      type,
      round,
      openedAt: new Date(Date.now()).toISOString(),
      // A side step (re-matching, a change request) opens within the stage the project is at.
      ...(opts.alongside ? { stage: this.stage } : {}),
      ...(opts.decider ? { decider: opts.decider } : {}),
      ...(opts.pause ? { pause: opts.pause } : {}),
      ...(opts.change ? { change: opts.change } : {}),
      ...(opts.consultation ? { consultation: opts.consultation } : {}),
      ...(this.input.slaOverrides?.[type] ? { slaOverride: this.input.slaOverrides[type] } : {}),
    });
    const state: OpenStepState = { ticket, votes: [], claimed: false, checkpointsPassed: 0, slaStatus: type === 'resubmission' ? 'paused' : 'on_track' };
    this.steps = opts.alongside ? [...this.steps, state] : [state];
    this.lastStepId = ticket.stepId;
    if (!opts.alongside) this.stage = STEP_RULES[type].stage;
    if (opts.alongside) this.refreshSla();
    else this.slaStatus = state.slaStatus;
    this.transitions += 1;
    this.publish();
    return ticket;
  }

  async closeStep(ticket: StepTicket, outcome: StepOutcome, nextStage?: Stage): Promise<void> {
    await writes().closeStep({ projectId: this.input.projectId, stepId: ticket.stepId, outcome, nextStage: nextStage ?? this.stage, closedAt: new Date(Date.now()).toISOString() });
    this.dropStep(ticket.stepId);
    if (nextStage) this.stage = nextStage;
    this.transitions += 1;
    this.publish();
  }

  /** Records a checkpoint that passed (R17); `passed` counts it once recorded (a proposal step's clock). */
  async markCheckpoint(state: OpenStepState, checkpoint: SlaCheckpoint, passed = false): Promise<void> {
    await acts.recordSlaEvent({ projectId: this.input.projectId, stepId: state.ticket.stepId, checkpoint, occurredAt: new Date(Date.now()).toISOString() });
    state.slaStatus = checkpoint.kind === 'at_risk' ? 'at_risk' : 'breached';
    this.slaStatus = state.slaStatus;
    this.publish();
    if (passed) state.checkpointsPassed += 1;
  }

  /**
   * Waits for a proposal step to be decided, marking each SLA checkpoint that passes first (R17, R21);
   * the step's expiry, when it comes first, is the answer. The ticket is read afresh each time: an
   * extended deadline replaces its checkpoints. Once they have all passed, only the decision is awaited.
   */
  awaitDecision(ticket: StepTicket, isDecided: () => boolean): Promise<SlaCheckpoint | null> {
    const state = this.steps.find((s) => s.ticket.stepId === ticket.stepId)!;
    let exhausted = false;
    return this.clock(isDecided, {
      stageLoop: false,
      next: () => {
        const checkpoint = exhausted ? undefined : state.ticket.checkpoints[state.checkpointsPassed];
        if (!checkpoint) {
          exhausted = true;
          return null;
        }
        const at = Date.parse(checkpoint.at);
        if (checkpoint.kind === 'expired') return { at, deadline: checkpoint };
        return { at, fire: () => this.markCheckpoint(state, checkpoint, true) };
      },
      woken: () => {
        if (exhausted) return () => false;
        const extensions = state.extensions ?? 0;
        return () => (state.extensions ?? 0) !== extensions;
      },
    });
  }

  async finish(final: Stage, reason: string, evaluation?: { outcome: string; recommendation: string }): Promise<{ stage: Stage }> {
    const closing = this.active();
    await acts.closeProject({
      projectId: this.input.projectId,
      stage: final,
      reason,
      closedAt: new Date(Date.now()).toISOString(),
      openStepId: closing?.stepId ?? null,
      ...(evaluation ? { evaluation } : {}),
    });
    this.stage = final;
    this.steps = [];
    this.transitions += 1;
    this.publish();
    await condition(allHandlersFinished);
    return { stage: this.stage };
  }

  nextTimer(): Timer | null {
    const timers: Timer[] = [];
    for (const s of this.steps) {
      const checkpoint = s.ticket.checkpoints[s.checkpointsPassed];
      if (checkpoint && !s.claimed) {
        timers.push({
          at: Date.parse(checkpoint.at),
          fire: async () => {
            s.checkpointsPassed += 1;
            if (checkpoint.kind !== 'expired') await this.markCheckpoint(s, checkpoint);
            this.refreshSla();
          },
        });
      }
    }
    for (const inv of this.invitations) {
      if (inv.status !== 'invited') continue;
      if (!inv.reminded) {
        timers.push({
          at: Date.parse(inv.remindAt),
          fire: async () => {
            inv.reminded = true;
            await acts.invitationEvent({ projectId: this.input.projectId, invitationId: inv.id, event: 'reminded', at: new Date(Date.now()).toISOString() });
          },
        });
      }
      timers.push({
        at: Date.parse(inv.dueAt),
        fire: async () => {
          inv.status = 'expired';
          inv.reminded = true;
          await acts.invitationEvent({ projectId: this.input.projectId, invitationId: inv.id, event: 'expired', at: new Date(Date.now()).toISOString() });
        },
      });
    }
    if (this.feedbackClosesAt && !this.feedbackClosed) {
      timers.push({
        at: Date.parse(this.feedbackClosesAt),
        fire: async () => {
          await acts.closeFeedbackWindow({ projectId: this.input.projectId, at: new Date(Date.now()).toISOString() });
          this.feedbackClosed = true;
        },
      });
    }
    timers.sort((a, b) => a.at - b.at);
    return timers[0] ?? null;
  }

  continueAsNewDue(): boolean {
    const info = workflowInfo();
    const threshold = this.input.continueAsNewAfterEvents;
    return (info.continueAsNewSuggested || (threshold !== undefined && info.historyLength >= threshold)) && this.pending.length === 0 && allHandlersFinished() && !this.changeRequested && !this.cancelRequest;
  }

  /** The stage loop's wait: until `ready`, firing due timers; continues as new at a quiet moment when history grows long. */
  waitUntil(ready: () => boolean): Promise<unknown> {
    return this.clock(ready, {
      stageLoop: true,
      next: () => this.nextTimer(),
      woken: () => {
        const seen = this.version;
        return () => this.version !== seen || this.continueAsNewDue();
      },
    });
  }

  /**
   * The one clock every wait goes through: until `ready`, firing each timer `rules.next()` names when
   * it comes due; a deadline ends the wait and is the answer. (Callers return its promise as theirs:
   * the waits keep the same steps as when each had its own loop.)
   */
  private async clock(ready: () => boolean, rules: ClockRules): Promise<SlaCheckpoint | null> {
    for (;;) {
      if (ready()) return null;
      if (rules.stageLoop) {
        this.processedVersion = this.version;
        if (this.continueAsNewDue()) {
          // Handlers waiting on this loop are released above; a new change in the meantime comes first.
          await condition(() => allHandlersFinished() || this.version !== this.processedVersion);
          if (allHandlersFinished() && this.version === this.processedVersion && this.continueAsNewDue()) {
            await continueAsNew<typeof projectLifecycle>({ ...this.input, ...this.proposalNow, resume: this.snapshot() });
          }
          continue;
        }
      }
      const timer = rules.next();
      const woken = rules.woken();
      if (!timer) {
        await condition(() => ready() || woken());
        continue;
      }
      const wait = timer.at - Date.now();
      if (wait > 0) {
        await condition(() => ready() || woken(), wait);
        continue;
      }
      if (!timer.fire) return timer.deadline;
      await timer.fire();
      if (rules.stageLoop) this.transitions += 1;
    }
  }

  /** Waits for a step's outcome, keeping every clock running meanwhile. */
  async outcomeOf(type: StepType, also: () => boolean = () => false): Promise<Outcome | 'interrupted'> {
    for (;;) {
      const state = this.findOpen(type);
      if (!state) return 'interrupted';
      await this.waitUntil(() => this.pending.some((p) => p.stepId === state.ticket.stepId) || also());
      if (!this.pending.some((p) => p.stepId === state.ticket.stepId)) return 'interrupted';
      const outcome = this.settle(state);
      if (outcome) return outcome;
    }
  }
}
