// Shapes the console reads from and sends to the API (the contract in api/read-model.ts).
import type { Role } from '../../domain/roles';
import type { Choice, ProjectCategory, SlaStatus, Stage, StepType } from '../../domain/lifecycle';

export type { Role } from '../../domain/roles';
export type { Choice, ProjectCategory, SlaStatus, Stage, StepType } from '../../domain/lifecycle';
/** Request bodies: the API's own zod schemas (domain/schemas.ts), never a copy. */
export type { DecisionBody, ProposalBody } from '../../domain/schemas';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamCode: string | null;
  unitCode: string;
}

export interface Session {
  token: string;
  user: SessionUser;
}

export interface ActiveStep {
  id: string;
  /** Typed as the known step types; the API may add more, which the console shows by name. */
  type: StepType;
  dueAt: string | null;
  slaStatus: SlaStatus;
  decidingRole: Role;
}

export interface Project {
  id: string;
  code: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  stage: Stage;
  unitCode: string;
  leadTeamCode: string;
  requestedBudgetVnd: number;
  proposerName: string;
  createdAt: string;
  updatedAt: string;
  workflowId: string;
  activeStep: ActiveStep | null;
}

export type StepStatus = 'active' | 'decided' | 'closed';

export interface Step {
  id: string;
  type: StepType;
  status: StepStatus;
  openedAt: string;
  dueAt: string | null;
  slaStatus: SlaStatus;
  outcome: string | null;
  closedAt: string | null;
  policyVersion: number;
}

/** One row of the append-only decision ledger; hash = sha256(prevHash || canonical row). */
export interface Decision {
  seq: number;
  stepId: string;
  stepType: StepType;
  actorName: string;
  actorRole: Role;
  choice: Choice;
  rationale: string | null;
  decidedAt: string;
  hash: string;
  prevHash: string;
  evidence?: string[];
  conflictOfInterest?: string | null;
}

export interface ProjectDetail extends Project {
  steps: Step[];
  decisions: Decision[];
}

export interface Team {
  id: string;
  code: string;
  name: string;
  nameVi: string;
  unitCode: string;
}

/** The one error shape every /api route answers with. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export const LOCALES = ['vi', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
