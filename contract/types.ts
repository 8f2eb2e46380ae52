import type { z } from 'zod';
import type {
  ActiveStepSchema,
  DecisionSchema,
  LedgerEntrySchema,
  ProjectDetailSchema,
  ProjectSchema,
  StepAssigneesSchema,
  StepSchema,
} from './projects';
import type { ErrorSchema, MeSchema, SessionSchema, TeamSchema } from './session';
import type {
  AdminChangeSchema,
  BoardMemberSchema,
  ConflictOfInterestSchema,
  InvitationListItemSchema,
  PartnerSchema,
  QuorumRuleVersionSchema,
  SeparationRuleVersionSchema,
  SlaPolicySchema,
  StepListItemSchema,
  UnitSchema,
  UserSchema,
} from './lists';
import type { MyNotificationSchema, NotificationPreferencesSchema } from './notifications';

/**
 * The wire shapes as TypeScript types: what the API answers (the output of each schema). Type-only,
 * so the console imports them without bundling a schema it does not run.
 */

export type ActiveStep = z.output<typeof ActiveStepSchema>;
export type Project = z.output<typeof ProjectSchema>;
export type ProjectDetail = z.output<typeof ProjectDetailSchema>;
export type Step = z.output<typeof StepSchema>;
/** One row of the append-only decision ledger; hash = sha256(prevHash || canonical row). */
export type Decision = z.output<typeof DecisionSchema>;
/** A ledger row as GET /api/ledger lists it: with its project's code. */
export type LedgerEntry = z.output<typeof LedgerEntrySchema>;
/** GET /api/steps/:id/assignees: the choices of the reassignment form. */
export type StepAssignees = z.output<typeof StepAssigneesSchema>;

/** The signed-in person (GET /api/me, and `user` of a session). */
export type Me = z.output<typeof MeSchema>;
export type SessionTokens = z.output<typeof SessionSchema>;
export type Team = z.output<typeof TeamSchema>;
/** The one error shape every /api route answers with. */
export type ApiError = z.output<typeof ErrorSchema>;

/** A row of GET /api/steps: an open or past step with its deadline, vote and the caller's part in it. */
export type StepListItem = z.output<typeof StepListItemSchema>;
/** A row of GET /api/invitations (a partner sees only its own). */
export type InvitationListItem = z.output<typeof InvitationListItemSchema>;
/** A row of GET /api/users: a person and how many ledger entries they made. */
export type User = z.output<typeof UserSchema>;
export type Unit = z.output<typeof UnitSchema>;
export type Partner = z.output<typeof PartnerSchema>;
export type BoardMember = z.output<typeof BoardMemberSchema>;
export type SlaPolicy = z.output<typeof SlaPolicySchema>;
export type QuorumRuleVersion = z.output<typeof QuorumRuleVersionSchema>;
export type SeparationRuleVersion = z.output<typeof SeparationRuleVersionSchema>;
export type ConflictOfInterest = z.output<typeof ConflictOfInterestSchema>;
export type AdminChange = z.output<typeof AdminChangeSchema>;

export type MyNotification = z.output<typeof MyNotificationSchema>;
export type NotificationPreferences = z.output<typeof NotificationPreferencesSchema>;
