import type { Actor } from './roles';
import type { AuthorityLimits, ChangeKind, Choice, CommandKind, Decider, EvaluationOutcome, ProjectCategory, Recommendation, SlaStatus, Stage, StepType } from './lifecycle';
import type { EligibleVoter, QuorumRule } from './quorum';
import type { FundingSource } from './funding';
import type { SlaOverrides } from './sla';
import type { FallbackAuthority, RecusalCode } from './separation';

/** A quality-of-life indicator the proposal commits to (R5): measured against baseline and target. */
export interface IndicatorTarget {
  code: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

/** Who a project is for and how many people it reaches (R9: the real number of beneficiaries). */
export interface Beneficiaries {
  who: string;
  count: number;
}

/** What the workflow starts with: the accepted proposal (already validated at the edge). */
export interface ProjectLifecycleInput {
  projectId: string;
  code: string;
  unitCode: string;
  leadTeamCode: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  requestedBudgetVnd: number;
  proposer: Actor;
  submittedAt: string;
  /** Capabilities partner matching must cover (R1); a category default when absent. */
  requiredCapabilities?: string[];
  indicators?: IndicatorTarget[];
  /** Who the project is for and how many people (R9). */
  beneficiaries?: Beneficiaries;
  /** Set for a proposal residents sent from the portal without an account (R19); the staff's otherwise. */
  origin?: 'residents';
  limits?: AuthorityLimits;
  /** Share of resources that must come from non-state sources (R6); 0.7 when absent. */
  nonStateTarget?: number;
  /** This project's own SLA durations per step type (demo, drive script); the policies when absent. */
  slaOverrides?: SlaOverrides;
  /** Continue-as-new once history has this many events, or when the server suggests it. */
  continueAsNewAfterEvents?: number;
  /** Set only by continue-as-new: the compact state the next run starts from. */
  resume?: LifecycleSnapshot;
}

export type SlaCheckpointKind = 'at_risk' | 'breached' | 'escalated' | 'expired';

export interface SlaCheckpoint {
  kind: SlaCheckpointKind;
  at: string;
  level?: number;
  targetRole?: string;
}

/** A member left out of a step's eligible set, and why (R21); shown to the member. */
export interface Recusal {
  userId: string;
  reason: string;
  /** Why, as a code the console words in both languages; absent on steps opened before codes were kept. */
  code?: RecusalCode;
  /** The separation-of-duties rule version that made the exclusion, when that rule made it. */
  ruleVersion?: number;
}

/** An open step as the workflow holds it; fixed when the step starts (R18, R20). */
export interface StepTicket {
  stepId: string;
  type: StepType;
  round: number;
  decidingRole: string;
  /** When set, only these people decide (board members minus recusals, the proposer, a team's leads). */
  eligibleUserIds?: string[];
  openedAt: string;
  dueAt: string | null;
  policyVersion: number;
  checkpoints: SlaCheckpoint[];
  /** How the step is decided; absent on tickets of the first release (screening, board review). */
  decider?: Decider;
  /** Set for board votes: the quorum rule in force when the step opened and the voters' seats. */
  vote?: { rule: QuorumRule; ruleVersion: number; voters: EligibleVoter[] };
  recusals?: Recusal[];
  /** Who decides because the separation-of-duties rule left the usual deciders out. */
  fallback?: FallbackAuthority;
}

export interface DecisionCommand {
  stepId: string;
  actor: Actor;
  choice: Choice;
  rationale?: string;
  evidence: string[];
  conflictOfInterest?: string;
  /** Board sign-off only (R5, R11). */
  outcome?: EvaluationOutcome;
  recommendation?: Recommendation;
  /** Resubmission only: the fields of the proposal the proposer changed. */
  proposal?: ProposalEdit;
}

/** The part of a proposal its proposer may change when resubmitting it. */
export interface ProposalEdit {
  title?: string;
  summary?: string;
  requestedBudgetVnd?: number;
  requiredCapabilities?: string[];
  indicators?: IndicatorTarget[];
}

/** A changed field of a proposal, as the ledger records it. */
export type ProposalChangeSet = Partial<Record<keyof ProposalEdit, { before: unknown; after: unknown }>>;

/** The fields of `edit` that differ from `current` (compared as JSON), with both values. */
export function proposalChanges(current: Required<ProposalEdit>, edit: ProposalEdit): ProposalChangeSet {
  const changes: ProposalChangeSet = {};
  for (const key of ['title', 'summary', 'requestedBudgetVnd', 'requiredCapabilities', 'indicators'] as const) {
    const after = edit[key];
    if (after === undefined) continue;
    if (JSON.stringify(after) !== JSON.stringify(current[key])) changes[key] = { before: current[key], after };
  }
  return changes;
}

export interface VoteRecord {
  userId: string;
  choice: Choice;
  seq: number;
}

export interface PlanInput {
  lines: { label: string; amountVnd: number }[];
  milestones: { code: string; title: string; ownerTeamCode: string; dueDate: string }[];
}

export interface ChangeInput {
  kind: ChangeKind;
  description: string;
  budgetDeltaVnd: number;
  scheduleShiftDays: number;
}

/** Commands of the later stages; each is a Temporal Update recorded in the ledger (R20). */
export type StageCommand =
  | { kind: 'invite'; actor: Actor; partnerId: string; capability: string }
  | { kind: 'respond'; actor: Actor; invitationId: string; accept: boolean; resources?: string; reason?: string }
  | { kind: 'waive'; actor: Actor; gap: 'capability' | 'socialization'; capability?: string; rationale: string }
  | { kind: 'set_plan'; actor: Actor; plan: PlanInput }
  | { kind: 'pledge'; actor: Actor; source: FundingSource; amountVnd: number; hours?: number; partnerId?: string; note?: string }
  | { kind: 'complete_milestone'; actor: Actor; milestoneCode: string; evidence: string[]; note?: string }
  | { kind: 'request_change'; actor: Actor; change: ChangeInput }
  | { kind: 'withdraw_partner'; actor: Actor; partnerId: string; reason: string }
  | { kind: 'record_indicator'; actor: Actor; indicatorCode: string; actual: number; evidence: string[] }
  | { kind: 'cancel'; actor: Actor; rationale: string }
  | { kind: 'extend_sla'; actor: Actor; stepId: string; workingDays: number; reason: string }
  /** The step's accountable person changes (domain/assignment.ts); the API has checked the new one is eligible. */
  /** R22: the Fatherland Front's opinion on a plan in consultation, recorded by a coordinator on its behalf. */
  | { kind: 'record_front_opinion'; actor: Actor; opinion: string; letterDate: string; documentRef?: string }
  | { kind: 'reassign'; actor: Actor; stepId: string; assigneeUserId: string; assigneeName: string; previousUserId: string | null; previousName: string | null; responsibleTeamCode: string | null; reason: string };

/** Citizen feedback (R8, R19): anyone may send it while the window is open; not a decision. */
export interface FeedbackInput {
  rating: number;
  comment?: string;
  channel: 'portal' | 'meeting' | 'hotline';
}

/** What a stage command's ledger kind is called (R20). */
export function ledgerKindOf(cmd: StageCommand): CommandKind {
  if (cmd.kind === 'respond') return cmd.accept ? 'accept_invitation' : 'decline_invitation';
  return cmd.kind;
}

export interface InvitationState {
  id: string;
  partnerId: string;
  partnerName: string;
  capability: string;
  status: 'invited' | 'accepted' | 'declined' | 'expired';
  remindAt: string;
  dueAt: string;
  reminded: boolean;
}

export interface CommitmentState {
  partnerId: string;
  capability: string;
  status: 'committed' | 'withdrawn';
}

export interface MilestoneState {
  code: string;
  ownerTeamCode: string;
  dueAt: string;
  completed: boolean;
}

export interface PledgeState {
  source: FundingSource;
  amountVnd: number;
  hours?: number;
  partnerId?: string;
}

export interface OpenStepState {
  ticket: StepTicket;
  votes: VoteRecord[];
  claimed: boolean;
  checkpointsPassed: number;
  slaStatus: SlaStatus;
  /** Counts deadline extensions, so a clock waiting on the old deadline starts over. */
  extensions?: number;
}

/** The compact state continue-as-new carries to the next run (DESIGN.md "Long-lived workflows"). */
export interface LifecycleSnapshot {
  stage: Stage;
  steps: OpenStepState[];
  rounds: Partial<Record<StepType, number>>;
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
  runs: number;
}

export interface ProjectStateView {
  projectId: string;
  code: string;
  stage: Stage;
  slaStatus: SlaStatus;
  /** The stage's main open step (the first open one); kept for the first release's callers. */
  activeStep: (StepTicket & { votes: VoteRecord[] }) | null;
  openSteps?: (StepTicket & { votes: VoteRecord[]; slaStatus: SlaStatus })[];
  matching?: { required: string[]; covered: string[]; missing: string[]; waived: string[]; invitations: InvitationState[] };
  funding?: { planTotalVnd: number | null; pledgedVnd: number; nonStateShare: number; target: number; socializationWaived: boolean };
  milestones?: MilestoneState[];
  evaluation?: { indicatorsRecorded: string[]; indicatorsRequired: string[]; feedbackClosesAt: string | null; reportSubmitted: boolean; verified: boolean };
  runs?: number;
}
