import type { Actor } from './roles';
import type { Choice, ProjectCategory, SlaStatus, Stage, StepType } from './lifecycle';

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
}

export type SlaCheckpointKind = 'at_risk' | 'breached' | 'escalated' | 'expired';

export interface SlaCheckpoint {
  kind: SlaCheckpointKind;
  at: string;
  level?: number;
  targetRole?: string;
}

/** An open step as the workflow holds it; fixed when the step starts (R18, R20). */
export interface StepTicket {
  stepId: string;
  type: StepType;
  round: number;
  decidingRole: string;
  /** When set, only these people decide (board members minus recusals, or the proposer). */
  eligibleUserIds?: string[];
  openedAt: string;
  dueAt: string | null;
  policyVersion: number;
  checkpoints: SlaCheckpoint[];
}

export interface DecisionCommand {
  stepId: string;
  actor: Actor;
  choice: Choice;
  rationale?: string;
  evidence: string[];
  conflictOfInterest?: string;
}

export interface VoteRecord {
  userId: string;
  choice: Choice;
  seq: number;
}

export interface ProjectStateView {
  projectId: string;
  code: string;
  stage: Stage;
  slaStatus: SlaStatus;
  activeStep: (StepTicket & { votes: VoteRecord[] }) | null;
}
