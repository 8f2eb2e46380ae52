import { z } from 'zod';
import { CancellationBody, ChangeRequestBody, DecisionBody, ExtensionBody, DissentNoteBody, ReassignmentBody, FeedbackBody, PublicCommentBody, CommentAnswerBody, CommentHideBody, PublicProposalBody, IndicatorActualBody, InvitationBody, InvitationResponseBody, LoginBody, LogoutBody, MilestoneCompletionBody, PlanBody, PledgeBody, ProposalBody, RefreshBody, WaiverBody, WithdrawalBody, UserCreateBody, PublishHeadBody, UserUpdateBody, PartnerCreateBody, PartnerUpdateBody, ConflictOfInterestBody, SlaPolicyVersionBody, QuorumRuleVersionBody, ConsultationPolicyVersionBody, FrontOpinionBody, UnitUpdateBody, BoardMemberCreateBody, BoardMemberEndBody, NotificationPreferencesBody, NotificationReadBody } from '../../domain/schemas';
import { ActiveStepSchema, ProjectSchema, RecusalSchema, StepSchema, DecisionSchema, LedgerEntrySchema, CommitmentSchema, BudgetLineSchema, CandidateSchema, WaiverSchema, EarlyWarningSchema, ChangeRequestSchema, FeedbackSummarySchema, ProjectDetailSchema, CommandResultSchema, FeedbackAcceptedSchema, StepAssigneesSchema, InboxCountSchema } from '../../contract/projects';
import { TeamSchema, MeSchema, SessionSchema, ErrorSchema, HealthSchema, ReadinessSchema } from '../../contract/session';
import { ChainVerdictSchema, PublishedHeadSchema } from '../../contract/ledger';
import { PersonRefSchema, InvitationSchema, PledgeSchema, MilestoneSchema, IndicatorSchema } from '../../contract/rows';
import { PublicTeamSchema, PublicProjectSchema, PublicLedgerHeadSchema, PublicProjectListSchema, PublicProjectDetailSchema, PublicCommentAcceptedSchema, PublicCommentRecordSchema, ResidentsProposalAcceptedSchema } from '../../contract/public';
import { MyNotificationSchema, MyNotificationsSchema, UnreadCountSchema, MarkedReadSchema, NotificationPreferencesSchema } from '../../contract/notifications';
import { StatsScopeSchema, SlaStatsSchema, PipelineStatsSchema } from '../../contract/stats';
import { LISTS } from '../lists';
import type { ListDef } from '../list-params';

/** zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses): the request bodies and responses, each a named component. */

// ---------------------------------------------------------------------------------------------
// zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses), each named schema a component.

export type Json = Record<string, unknown>;
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function componentsFrom(entries: Record<string, z.ZodType>, io: 'input' | 'output', tidyResponses: boolean): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => {
      // Response shapes only: the long regexes zod adds next to date-time and uuid say nothing a reader needs.
      if (!tidyResponses) return;
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'uuid') delete jsonSchema.pattern;
      // zod's bounds for int() are just the safe-integer range.
      if (jsonSchema.type === 'integer' && jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.type === 'integer' && jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      // Responses may gain fields later without breaking clients.
      if (jsonSchema.type === 'object' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Json;
      return [id, rest];
    }),
  );
}

/** A standalone schema (a header, a query string), without the $schema marker. */
export function inlineSchema(schema: z.ZodType): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Json;
  return rest;
}

/**
 * The request bodies: exactly the zod objects the routes parse with, as input (what a client
 * sends: fields with a default are optional). A component equals z.toJSONSchema(schema, { io: 'input' }).
 */
export const REQUEST_BODY_SCHEMAS = {
  LoginBody,
  RefreshBody,
  LogoutBody,
  ProposalBody,
  DecisionBody,
  ExtensionBody,
  DissentNoteBody,
  ReassignmentBody,
  InvitationBody,
  InvitationResponseBody,
  WaiverBody,
  PlanBody,
  PledgeBody,
  MilestoneCompletionBody,
  ChangeRequestBody,
  WithdrawalBody,
  IndicatorActualBody,
  CancellationBody,
  FeedbackBody,
  UserCreateBody,
  UserUpdateBody,
  PartnerCreateBody,
  PartnerUpdateBody,
  ConflictOfInterestBody,
  SlaPolicyVersionBody,
  QuorumRuleVersionBody,
  ConsultationPolicyVersionBody,
  FrontOpinionBody,
  UnitUpdateBody,
  BoardMemberCreateBody,
  BoardMemberEndBody,
  PublishHeadBody,
  NotificationPreferencesBody,
  NotificationReadBody,
  PublicCommentBody,
  CommentAnswerBody,
  CommentHideBody,
  PublicProposalBody,
} as const;
export type BodyName = keyof typeof REQUEST_BODY_SCHEMAS;

export const RESPONSE_SCHEMAS = {
  LedgerEntry: LedgerEntrySchema,
  InboxCount: InboxCountSchema,
  StepAssignees: StepAssigneesSchema,
  ...listItemSchemas(),
  Project: ProjectSchema,
  ActiveStep: ActiveStepSchema,
  ProjectDetail: ProjectDetailSchema,
  Step: StepSchema,
  Recusal: RecusalSchema,
  PersonRef: PersonRefSchema,
  Decision: DecisionSchema,
  Invitation: InvitationSchema,
  Commitment: CommitmentSchema,
  Pledge: PledgeSchema,
  BudgetLine: BudgetLineSchema,
  Milestone: MilestoneSchema,
  Indicator: IndicatorSchema,
  Candidate: CandidateSchema,
  Waiver: WaiverSchema,
  EarlyWarning: EarlyWarningSchema,
  ChangeRequest: ChangeRequestSchema,
  FeedbackSummary: FeedbackSummarySchema,
  CommandResult: CommandResultSchema,
  FeedbackAccepted: FeedbackAcceptedSchema,
  Team: TeamSchema,
  Me: MeSchema,
  Session: SessionSchema,
  ChainVerdict: ChainVerdictSchema,
  PublishedHead: PublishedHeadSchema,
  Error: ErrorSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
  SlaStats: SlaStatsSchema,
  PipelineStats: PipelineStatsSchema,
  StatsScope: StatsScopeSchema,
  MyNotification: MyNotificationSchema,
  MyNotifications: MyNotificationsSchema,
  UnreadCount: UnreadCountSchema,
  MarkedRead: MarkedReadSchema,
  NotificationPreferences: NotificationPreferencesSchema,
  PublicTeam: PublicTeamSchema,
  PublicProject: PublicProjectSchema,
  PublicProjectList: PublicProjectListSchema,
  PublicProjectDetail: PublicProjectDetailSchema,
  PublicLedgerHead: PublicLedgerHeadSchema,
  PublicCommentAccepted: PublicCommentAcceptedSchema,
  PublicCommentRecord: PublicCommentRecordSchema,
  ResidentsProposalAccepted: ResidentsProposalAcceptedSchema,
} as const;

/** The row schemas that api/lists.ts describes, as components named like the lists' rows. */
function listItemSchemas(): Record<string, z.ZodType> {
  return Object.fromEntries((Object.values(LISTS) as ListDef[]).map((d) => [d.component, d.item]));
}
