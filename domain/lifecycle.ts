import type { Role } from './roles';

/** Stages of a community project (DOMAIN.md "The lifecycle of a community project"). */
export const STAGES = [
  'proposal',
  'partner_matching',
  'funding',
  'execution',
  'impact_evaluation',
  'closed',
  'rejected',
  'cancelled',
  'withdrawn',
] as const;
export type Stage = (typeof STAGES)[number];
export const FINAL_STAGES: readonly Stage[] = ['closed', 'rejected', 'cancelled', 'withdrawn'];
export const isFinalStage = (stage: Stage): boolean => FINAL_STAGES.includes(stage);

export const STEP_TYPES = [
  'screening',
  'resubmission',
  'board_review',
  'partner_matching',
  // R22: the consultation step opens between screening and the board's vote for large projects.
  'consultation',
  'funding_approval',
  'execution',
  'change_request',
  'impact_reporting',
  'impact_verification',
  'board_signoff',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const CHOICES = [
  'accept',
  'return',
  'reject',
  'resubmit',
  'approve',
  'abstain',
  'submit',
  'dispute',
  'sign_off',
] as const;
export type Choice = (typeof CHOICES)[number];

/** What a stage command records in the ledger besides step decisions (R20: every act has a name). */
export const COMMAND_KINDS = [
  'invite',
  'accept_invitation',
  'decline_invitation',
  'waive',
  'set_plan',
  'pledge',
  'complete_milestone',
  'request_change',
  'withdraw_partner',
  'record_indicator',
  'cancel',
  'extend_sla',
  'reassign',
  'record_front_opinion',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** How the workflow closes a step besides a decision's own choice (the stage, when a project ends). */
export const STEP_OUTCOMES = [
  'approved',
  'rejected',
  'returned',
  'no_quorum',
  'covered',
  'covered_with_waiver',
  'reassigned',
  'completed',
  'submitted',
  'verified',
  'disputed',
  'closed',
  'cancelled',
  'withdrawn',
  'expired',
] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const SLA_STATUSES = ['on_track', 'at_risk', 'breached', 'paused'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

export const PROJECT_CATEGORIES = ['environment', 'culture', 'livelihood', 'public_space', 'education', 'other'] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

export const EVALUATION_OUTCOMES = ['achieved', 'partly', 'not_achieved'] as const;
export type EvaluationOutcome = (typeof EVALUATION_OUTCOMES)[number];
export const RECOMMENDATIONS = ['scale_up', 'continue', 'stop'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CHANGE_KINDS = ['scope', 'budget', 'schedule'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Who decides a step. `role` is a single person of that role; `board` is a vote of the eligible
 * board members under the quorum rule; `board_chair` is the chair acting for the board;
 * `lead_team` is the team lead of the project's lead team; `alliance` is a team lead of the
 * Community Alliance (R3: the oversight team); `proposer` is whoever proposed the project.
 */
export type Decider = 'role' | 'board' | 'board_chair' | 'lead_team' | 'alliance' | 'proposer';

interface StepRule {
  stage: Stage;
  decidingRole: Role;
  decider: Decider;
  choices: readonly Choice[];
  /** Choices that must carry a written rationale (R20: clear person, clear reason). */
  rationaleRequired: readonly Choice[];
}

/** Who decides each step and how (R18: authority is explicit). */
export const STEP_RULES: Record<StepType, StepRule> = {
  screening: { stage: 'proposal', decidingRole: 'coordinator', decider: 'role', choices: ['accept', 'return', 'reject'], rationaleRequired: ['return', 'reject'] },
  resubmission: { stage: 'proposal', decidingRole: 'coordinator', decider: 'proposer', choices: ['resubmit'], rationaleRequired: [] },
  board_review: { stage: 'proposal', decidingRole: 'board_member', decider: 'board', choices: ['approve', 'reject', 'abstain'], rationaleRequired: ['reject'] },
  // Partner matching ends by coverage (or a board waiver), not by a decision on the step itself.
  partner_matching: { stage: 'partner_matching', decidingRole: 'coordinator', decider: 'role', choices: [], rationaleRequired: [] },
  // Funding approval is the lead team's up to the limit, the board's above it (funding.ts approvalAuthority).
  funding_approval: { stage: 'funding', decidingRole: 'team_lead', decider: 'lead_team', choices: ['approve', 'return', 'reject', 'abstain'], rationaleRequired: ['return', 'reject'] },
  execution: { stage: 'execution', decidingRole: 'team_lead', decider: 'lead_team', choices: [], rationaleRequired: [] },
  change_request: { stage: 'execution', decidingRole: 'coordinator', decider: 'role', choices: ['approve', 'reject', 'abstain'], rationaleRequired: ['reject'] },
  impact_reporting: { stage: 'impact_evaluation', decidingRole: 'team_lead', decider: 'lead_team', choices: ['submit'], rationaleRequired: [] },
  impact_verification: { stage: 'impact_evaluation', decidingRole: 'team_lead', decider: 'alliance', choices: ['accept', 'dispute'], rationaleRequired: ['dispute'] },
  board_signoff: { stage: 'impact_evaluation', decidingRole: 'board_member', decider: 'board_chair', choices: ['sign_off'], rationaleRequired: ['sign_off'] },
  // R22: the proposer submits the consultation's summary (the rationale) once its conditions are met.
  consultation: { stage: 'proposal', decidingRole: 'coordinator', decider: 'proposer', choices: ['submit'], rationaleRequired: ['submit'] },
};

/** What a screening decision leads to. */
export function afterScreening(choice: Choice): { next: StepType } | { final: Stage } {
  switch (choice) {
    case 'accept':
      return { next: 'board_review' };
    case 'return':
      return { next: 'resubmission' };
    default:
      return { final: 'rejected' };
  }
}

/** Amount thresholds that decide who approves (R18); inputs of the workflow, so a unit can set them. */
export interface AuthorityLimits {
  /** Budgets up to this are approved by the lead team's lead; above it, by the board's vote. */
  teamLeadBudgetLimitVnd: number;
  /** Budget changes up to this are decided by the coordinator; above it, by the board's vote. */
  coordinatorChangeLimitVnd: number;
}

/** What one volunteer hour is worth when it counts towards the socialized share (R6). */
export const VOLUNTEER_HOUR_RATE_VND = 30_000;

export const DEFAULT_AUTHORITY_LIMITS: AuthorityLimits = { teamLeadBudgetLimitVnd: 100_000_000, coordinatorChangeLimitVnd: 20_000_000 };

/** Schedule changes are the coordinator's; scope changes and budget changes over the limit, the board's. */
export function changeDecider(kind: ChangeKind, budgetDeltaVnd: number, limits: AuthorityLimits): 'role' | 'board' {
  if (kind === 'scope') return 'board';
  if (kind === 'budget' && Math.abs(budgetDeltaVnd) > limits.coordinatorChangeLimitVnd) return 'board';
  return 'role';
}

/** Capabilities a proposal needs when it names none: a starting point the coordinator can refine (R1). */
export const DEFAULT_CAPABILITIES: Record<ProjectCategory, string[]> = {
  environment: ['volunteers', 'equipment'],
  culture: ['venue', 'volunteers'],
  livelihood: ['skills', 'training'],
  public_space: ['in_kind', 'volunteers'],
  education: ['skills', 'venue'],
  other: ['volunteers'],
};
