import {
  DEFAULT_AUTHORITY_LIMITS,
  isFinalStage,
  VOLUNTEER_HOUR_RATE_VND,
  type AuthorityLimits,
  type Decider,
  type SlaStatus,
  type Stage,
  type StepType,
} from '../../domain/lifecycle';
import type {
  ChangeInput,
  CommitmentState,
  DecisionCommand,
  InvitationState,
  LifecycleSnapshot,
  MilestoneState,
  OpenStepState,
  PledgeState,
  ProjectLifecycleInput,
  ProjectStateView,
  StepTicket,
} from '../../domain/project';
import type { CommandState } from '../../domain/commands';
import type { ConsultationState } from '../../domain/consultation';
import { tallyBoardVotes } from '../../domain/board-vote';
import { evaluateQuorum } from '../../domain/quorum';
import { coverage } from '../../domain/matching';
import { approvalAuthority, fundingMix } from '../../domain/funding';

const SLA_SEVERITY: Record<SlaStatus, number> = { on_track: 0, paused: 1, at_risk: 2, breached: 3 };

/** A step decided by a vote (the board's, or a quorum rule) rather than by one decider. */
export const isVote = (t: StepTicket): boolean => Boolean(t.vote) || t.type === 'board_review' || t.decider === 'board';

/** A settled step's outcome: the choice, and the decision that settled it when one decider decides. */
export type Outcome = { choice: string; decision: DecisionCommand | null };

/**
 * What one project's workflow knows (no commands here: reading it and changing it in memory only).
 * Continue-as-new carries the compact part of it (`snapshot()`, `input.resume`).
 */
export class ProjectState {
  readonly resume: LifecycleSnapshot | undefined;
  readonly limits: AuthorityLimits;
  readonly nonStateTarget: number;
  /** The proposal as it stands: a resubmission may change it (patched: RESUBMIT_CHANGES_PATCH). */
  readonly proposalNow: Pick<ProjectLifecycleInput, 'title' | 'summary' | 'requestedBudgetVnd' | 'requiredCapabilities' | 'indicators'>;
  indicatorCodes: string[];

  stage: Stage;
  slaStatus: SlaStatus = 'on_track';
  /** Open steps, the stage's main step first. */
  steps: OpenStepState[];
  readonly rounds: Partial<Record<StepType, number>>;
  lastStepId: string | null;
  submitted: boolean;

  // How handlers and the stage loop meet (read-your-write for the handlers' callers).
  /** Decisions recorded and not yet acted on by the main loop. */
  readonly pending: DecisionCommand[] = [];
  /** Counts the main loop's transitions, so a handler can wait until its decision was acted on. */
  transitions = 0;
  /** Bumped by every handler that changes state, to wake the main loop. */
  version = 0;
  /** The version the main loop had seen when it last went idle: a handler answers after that. */
  processedVersion = 0;
  /** Set once this run takes the later stages (patched); older histories keep the first release's timing. */
  fullLifecycle: boolean;

  // Partner matching, funding, execution and evaluation state (compact: continue-as-new carries it).
  required: string[];
  waived: string[];
  invitations: InvitationState[];
  commitments: CommitmentState[];
  planTotalVnd: number | null;
  pledges: PledgeState[];
  socializationWaived: boolean;
  milestones: MilestoneState[];
  indicatorsRecorded: string[];
  feedbackClosesAt: string | null;
  feedbackClosed: boolean;
  reportSubmitted: boolean;
  verified: boolean;
  changeRequested: (ChangeInput & { requestedBy: string }) | null = null;
  /** The consultation open before the board's vote (R22); only during the proposal stage, so never carried over. */
  consultation: ConsultationState | null = null;
  cancelRequest: { rationale: string; actorName: string } | null = null;
  readonly runs: number;

  constructor(readonly input: ProjectLifecycleInput) {
    const resume = input.resume;
    this.resume = resume;
    this.limits = input.limits ?? DEFAULT_AUTHORITY_LIMITS;
    this.nonStateTarget = input.nonStateTarget ?? 0.7;
    this.proposalNow = {
      title: input.title,
      summary: input.summary,
      requestedBudgetVnd: input.requestedBudgetVnd,
      requiredCapabilities: input.requiredCapabilities,
      indicators: input.indicators,
    };
    this.indicatorCodes = (this.proposalNow.indicators ?? []).map((i) => i.code);
    this.stage = resume?.stage ?? 'proposal';
    this.steps = resume?.steps ?? [];
    this.rounds = resume?.rounds ?? {};
    this.lastStepId = this.steps[0]?.ticket.stepId ?? null;
    this.submitted = Boolean(resume);
    this.fullLifecycle = Boolean(resume);
    this.required = resume?.required ?? [];
    this.waived = resume?.waived ?? [];
    this.invitations = resume?.invitations ?? [];
    this.commitments = resume?.commitments ?? [];
    this.planTotalVnd = resume?.planTotalVnd ?? null;
    this.pledges = resume?.pledges ?? [];
    this.socializationWaived = resume?.socializationWaived ?? false;
    this.milestones = resume?.milestones ?? [];
    this.indicatorsRecorded = resume?.indicatorsRecorded ?? [];
    this.feedbackClosesAt = resume?.feedbackClosesAt ?? null;
    this.feedbackClosed = resume?.feedbackClosed ?? false;
    this.reportSubmitted = resume?.reportSubmitted ?? false;
    this.verified = resume?.verified ?? false;
    this.runs = (resume?.runs ?? 0) + 1;
  }

  active(): StepTicket | null {
    return this.steps[0]?.ticket ?? null;
  }

  findOpen(type: StepType) {
    return this.steps.find((s) => s.ticket.type === type);
  }

  coverageNow() {
    return coverage(this.required, this.commitments, this.waived);
  }

  mix() {
    return fundingMix(this.pledges.map((p) => ({ source: p.source, amountVnd: p.amountVnd, hours: p.hours, status: 'pledged' as const })), { volunteerHourRateVnd: VOLUNTEER_HOUR_RATE_VND });
  }

  view(): ProjectStateView {
    const cov = this.coverageNow();
    const m = this.mix();
    const main = this.steps[0];
    return {
      projectId: this.input.projectId,
      code: this.input.code,
      stage: this.stage,
      slaStatus: this.slaStatus,
      activeStep: main ? { ...main.ticket, votes: [...main.votes] } : null,
      openSteps: this.steps.map((s) => ({ ...s.ticket, votes: [...s.votes], slaStatus: s.slaStatus })),
      matching: { required: [...this.required], covered: cov.covered, missing: cov.missing, waived: [...this.waived], invitations: this.invitations.map((i) => ({ ...i })) },
      funding: { planTotalVnd: this.planTotalVnd, pledgedVnd: m.totalVnd, nonStateShare: m.nonStateShare, target: this.nonStateTarget, socializationWaived: this.socializationWaived },
      milestones: this.milestones.map((ms) => ({ ...ms })),
      evaluation: { indicatorsRecorded: [...this.indicatorsRecorded], indicatorsRequired: this.indicatorCodes, feedbackClosesAt: this.feedbackClosesAt, reportSubmitted: this.reportSubmitted, verified: this.verified },
      runs: this.runs,
    };
  }

  /** What the command and decision rules read (domain/commands): the workflow's state as it is now. */
  commandState(): CommandState {
    return {
      code: this.input.code,
      leadTeamCode: this.input.leadTeamCode,
      stage: this.stage,
      steps: this.steps,
      required: this.required,
      waived: this.waived,
      invitations: this.invitations,
      commitments: this.commitments,
      planTotalVnd: this.planTotalVnd,
      pledges: this.pledges,
      socializationWaived: this.socializationWaived,
      nonStateTarget: this.nonStateTarget,
      milestones: this.milestones,
      indicatorCodes: this.indicatorCodes,
      indicatorsRecorded: this.indicatorsRecorded,
      changeRequested: this.changeRequested !== null,
      cancelling: this.cancelRequest !== null,
      consultation: this.consultation ? { frontOpinion: this.consultation.frontOpinion } : null,
    };
  }

  refreshSla(): void {
    this.slaStatus = this.steps.reduce<SlaStatus>((worst, s) => (SLA_SEVERITY[s.slaStatus] > SLA_SEVERITY[worst] ? s.slaStatus : worst), 'on_track');
  }

  dropStep(stepId: string): void {
    this.steps = this.steps.filter((s) => s.ticket.stepId !== stepId);
    this.refreshSla();
  }

  /** A decision being recorded counts as taken: a deadline passing meanwhile must not overtake it. */
  decidedOrDeciding(ticket: StepTicket) {
    return this.pending.length > 0 || Boolean(this.steps.find((s) => s.ticket.stepId === ticket.stepId)?.claimed);
  }

  /**
   * A handler changed the state: the stage loop wakes (`version`). The answer says when the loop has
   * reacted to the change and waits again, or the project ended (read-your-write for the caller).
   */
  handOver(): () => boolean {
    this.version += 1;
    const mine = this.version;
    return () => !this.fullLifecycle || this.processedVersion >= mine || isFinalStage(this.stage);
  }

  unsettled(): null {
    this.transitions += 1;
    return null;
  }

  /** Takes the decisions recorded on one step; the step's outcome once it is settled. */
  settle(state: OpenStepState): Outcome | null {
    const mine = this.pending.filter((p) => p.stepId === state.ticket.stepId);
    if (mine.length === 0) return null;
    for (const p of mine) this.pending.splice(this.pending.indexOf(p), 1);
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
      if (!result.settled) return this.unsettled();
      return { choice: result.outcome === 'approved' ? 'approve' : result.outcome === 'rejected' ? 'reject' : 'no_quorum', decision: null };
    }
    const tally = tallyBoardVotes(state.ticket.eligibleUserIds ?? [], counted);
    if (!tally.settled) return this.unsettled();
    return { choice: tally.outcome === 'approved' ? 'approve' : 'reject', decision: null };
  }

  fundingAmount() {
    return this.planTotalVnd ?? this.proposalNow.requestedBudgetVnd;
  }

  fundingDeciderFor(amount: number): Decider {
    return (approvalAuthority(amount, { teamLeadMaxVnd: this.limits.teamLeadBudgetLimitVnd }) === 'board' ? 'board' : 'lead_team');
  }

  fundingAuthorityMatches(): boolean {
    const step = this.findOpen('funding_approval');
    return !step || step.ticket.decider === this.fundingDeciderFor(this.fundingAmount());
  }

  snapshot(): LifecycleSnapshot {
    return {
      stage: this.stage,
      steps: this.steps,
      rounds: this.rounds,
      required: this.required,
      waived: this.waived,
      invitations: this.invitations,
      commitments: this.commitments,
      planTotalVnd: this.planTotalVnd,
      pledges: this.pledges,
      socializationWaived: this.socializationWaived,
      milestones: this.milestones,
      indicatorsRecorded: this.indicatorsRecorded,
      feedbackClosesAt: this.feedbackClosesAt,
      feedbackClosed: this.feedbackClosed,
      reportSubmitted: this.reportSubmitted,
      verified: this.verified,
      runs: this.runs,
    };
  }
}
