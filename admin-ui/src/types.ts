// Shapes the console reads from and sends to the API (the contract in api/read-model.ts).
import type { Role } from '../../domain/roles';
import type { Choice, ProjectCategory, SlaStatus, Stage, StepType } from '../../domain/lifecycle';

export type { Role } from '../../domain/roles';
export type { Choice, ProjectCategory, SlaStatus, Stage, StepType } from '../../domain/lifecycle';
/** Request bodies: the API's own zod schemas (domain/schemas.ts), never a copy. */
export type { DecisionBody, InvitationResponseBody, ProposalBody } from '../../domain/schemas';

type BodySchemas = typeof import('../../domain/schemas');
type BodyOf<K extends keyof BodySchemas> = BodySchemas[K] extends { _zod: { input: infer I } } ? I : never;
/** What each stage command sends: the input of the API's own schema. */
export interface CommandBodies {
  invitations: BodyOf<'InvitationBody'>;
  waivers: BodyOf<'WaiverBody'>;
  plan: BodyOf<'PlanBody'>;
  pledges: BodyOf<'PledgeBody'>;
  'change-requests': BodyOf<'ChangeRequestBody'>;
  withdrawals: BodyOf<'WithdrawalBody'>;
  cancellation: BodyOf<'CancellationBody'>;
  'front-opinion': BodyOf<'FrontOpinionBody'>;
  completion: BodyOf<'MilestoneCompletionBody'>;
  actuals: BodyOf<'IndicatorActualBody'>;
  extensions: BodyOf<'ExtensionBody'>;
  assignee: BodyOf<'ReassignmentBody'>;
}

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
  /** Trades for a new token before this one expires; absent on sessions stored by older consoles. */
  refreshToken?: string;
  user: SessionUser;
}

/**
 * Response shapes are the API's own zod schemas (api/openapi.ts, held equal to the read model at
 * compile time): type-only imports, erased from the bundle, so the console never keeps a copy.
 */
/** Type-only: erased from the bundle. */
type Schemas = typeof import('../../api/openapi');
type Infer<K extends keyof Schemas> = Schemas[K] extends { _zod: { output: infer O } } ? O : never;
type ListSchemas = typeof import('../../api/lists');
/** A row of one of the API's lists (api/lists.ts), by its schema's name. */
export type ListItemOf<K extends keyof ListSchemas> = ListItem<K>;
type ListItem<K extends keyof ListSchemas> = ListSchemas[K] extends { _zod: { output: infer O } } ? O : never;

export type ActiveStep = Infer<'ActiveStepSchema'>;
/** GET /api/steps/:id/assignees: the choices of the reassignment form. */
export type StepAssignees = Infer<'StepAssigneesSchema'>;
export type Project = Infer<'ProjectSchema'>;
export type Step = Infer<'StepSchema'>;
export type StepStatus = Step['status'];
/** One row of the append-only decision ledger; hash = sha256(prevHash || canonical row). */
export type Decision = Infer<'DecisionSchema'>;
/** A ledger row as GET /api/ledger lists it: with its project's code. */
export type LedgerEntry = Infer<'LedgerEntrySchema'>;
/** A row of GET /api/users: a person and how many ledger entries they made. */
export type Person = ListItem<'UserSchema'>;
export type Unit = ListItem<'UnitSchema'>;
export type ProjectDetail = Infer<'ProjectDetailSchema'>;
export type SlaEvent = ProjectDetail['slaEvents'][number];
/** A dissenting opinion typed while a vote closed, kept beside the vote (not a vote). */
export type DissentNote = ProjectDetail['dissentNotes'][number];

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

/** A row of GET /api/steps: an open or past step with its deadline, vote and the caller's part in it. */
export type StepRow = ListItem<'StepListItemSchema'>;

/** A row of GET /api/invitations (a partner sees only its own). */
export type InvitationRow = ListItem<'InvitationListItemSchema'>;
