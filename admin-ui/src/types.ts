// Shapes the console reads from and sends to the API: the wire contract (contract/) and the request bodies (domain/schemas.ts).
import type { ApiError, InvitationListItem, Me, ProjectDetail, SessionTokens, Step, StepListItem, User } from '../../contract/types';

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

/** The signed-in person, as GET /api/me and a new session name them (contract/session.ts). */
export type SessionUser = Me;

/** A session as the console keeps it: the API's answer, whose refresh token older consoles did not store. */
export type Session = Omit<SessionTokens, 'refreshToken'> & Partial<Pick<SessionTokens, 'refreshToken'>>;

/** The wire contract (contract/): type-only imports, erased from the bundle, so the console keeps no copy. */
export type { ActiveStep, Decision, LedgerEntry, Project, ProjectDetail, Step, StepAssignees, Team, Unit } from '../../contract/types';
/** The one error shape every /api route answers with. */
export type ApiErrorBody = ApiError;
/** A row of GET /api/users: a person and how many ledger entries they made. */
export type Person = User;
/** A row of GET /api/steps: an open or past step with its deadline, vote and the caller's part in it. */
export type StepRow = StepListItem;
/** A row of GET /api/invitations (a partner sees only its own). */
export type InvitationRow = InvitationListItem;
export type StepStatus = Step['status'];
export type SlaEvent = ProjectDetail['slaEvents'][number];
/** A dissenting opinion typed while a vote closed, kept beside the vote (not a vote). */
export type DissentNote = ProjectDetail['dissentNotes'][number];

type ListSchemas = typeof import('../../contract/lists');
/** A row of one of the API's lists (contract/lists.ts), by its schema's name. */
export type ListItemOf<K extends keyof ListSchemas> = ListSchemas[K] extends { _zod: { output: infer O } } ? O : never;

export const LOCALES = ['vi', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
