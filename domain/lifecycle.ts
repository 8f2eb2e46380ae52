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

export const STEP_TYPES = ['screening', 'resubmission', 'board_review'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const CHOICES = ['accept', 'return', 'reject', 'resubmit', 'approve', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export const SLA_STATUSES = ['on_track', 'at_risk', 'breached', 'paused'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

export const PROJECT_CATEGORIES = ['environment', 'culture', 'livelihood', 'public_space', 'education', 'other'] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

interface StepRule {
  stage: Stage;
  decidingRole: Role;
  choices: readonly Choice[];
  /** Choices that must carry a written rationale (R20: clear person, clear reason). */
  rationaleRequired: readonly Choice[];
}

/** Who decides each step and how (R18: authority is explicit). */
export const STEP_RULES: Record<StepType, StepRule> = {
  screening: { stage: 'proposal', decidingRole: 'coordinator', choices: ['accept', 'return', 'reject'], rationaleRequired: ['return', 'reject'] },
  resubmission: { stage: 'proposal', decidingRole: 'coordinator', choices: ['resubmit'], rationaleRequired: [] },
  board_review: { stage: 'proposal', decidingRole: 'board_member', choices: ['approve', 'reject', 'abstain'], rationaleRequired: ['reject'] },
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
