import { Router } from 'express';
import { z } from 'zod';
import packageJson from '../package.json';
import { CHANGE_KINDS, CHOICES, COMMAND_KINDS, EVALUATION_OUTCOMES, PROJECT_CATEGORIES, RECOMMENDATIONS, SLA_STATUSES, STAGES, STEP_TYPES, type Decider } from '../domain/lifecycle';
import { CAPABILITIES } from '../domain/matching';
import { ANCHOR_BREAK_REASONS, CHAIN_BREAK_REASONS, type ChainVerdict as DomainChainVerdict } from '../domain/ledger';
import type { Recusal } from '../domain/project';
import { FALLBACK_AUTHORITIES, RECUSAL_CODES } from '../domain/separation';
import { RULE_ERRORS, type RuleErrorCode } from '../domain/errors';
import { ROLES } from '../domain/roles';
import {
  CancellationBody,
  ChangeRequestBody,
  DecisionBody,
  ExtensionBody,
  DissentNoteBody,
  ReassignmentBody,
  FeedbackBody,
  PublicCommentBody,
  CommentAnswerBody,
  CommentHideBody,
  PublicProposalBody,
  IdempotencyKey,
  IndicatorActualBody,
  InvitationBody,
  InvitationResponseBody,
  ListQuery,
  LoginBody,
  LogoutBody,
  MilestoneCompletionBody,
  PlanBody,
  PledgeBody,
  ProposalBody,
  RefreshBody,
  WaiverBody,
  WithdrawalBody,
  UserCreateBody,
  PublishHeadBody,
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
  NotificationPreferencesBody,
  NotificationReadBody,
} from '../domain/schemas';
import { ACCESS, ROUTES, type Permission } from './access';
import { MarkedReadSchema, MyNotificationSchema, MyNotificationsSchema, NotificationPreferencesSchema, UnreadCountSchema } from './notification-schemas';
import { LISTS } from './lists';
import { IndicatorSchema, InvitationSchema, LedgerNamesSchema, MilestoneSchema, NoDeciderSchema, PledgeSchema, isoDateTime, uuid, vnd } from './row-schemas';
import { NO_DECIDER_REASONS } from '../domain/deciders';
import { LedgerExportQuery } from './routes/ledger';
import { PublicProjectsQuery } from './routes/public';
import { PublicCommentAcceptedSchema, PublicCommentRecordSchema, ResidentsProposalAcceptedSchema, PublicLedgerHeadSchema, PublicProjectDetailSchema, PublicProjectListSchema, PublicProjectSchema, PublicTeamSchema } from './public-schemas';
import type { ListDef } from './list-params';
import type { SessionTokens } from './auth';
import { PipelineStatsSchema, SlaStatsQuery, SlaStatsSchema, StatsScopeSchema } from './routes/stats';
import type { projectDetail, toDecision, toProject } from './read-model';
import { PersonRefSchema } from './step-people';
import type { PublicCommentRecord } from './routes/comments';

/**
 * OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json and rendered as plain HTML
 * at /api/docs. Request bodies are the zod schemas the routes validate with (domain/schemas.ts),
 * turned into JSON Schema by zod's own z.toJSONSchema; there is no second copy. Response shapes are
 * written below as zod schemas, kept equal to the read model by the type checks at the end of this
 * file. The list of authenticated routes, their summaries and permissions come from ROUTES, the
 * roles from ACCESS (api/access.ts): the document is built from the table the API enforces.
 */

// ---------------------------------------------------------------------------------------------
// Response shapes (no zod schema existed for them: the read model builds plain objects).

const Role = z.enum(ROLES);

/** The values of the Decider type (a type only in domain/lifecycle.ts); checked both ways at the end. */
const DECIDERS = ['role', 'board', 'board_chair', 'lead_team', 'alliance', 'proposer'] as const satisfies readonly Decider[];

/** The step's accountable person (issue 13): named when it opens, changed by a reassignment in the ledger. */
const AssigneeFields = {
  assigneeUserId: uuid().nullable().meta({ description: 'The accountable person of the step; null when no one fits the default rule and no one was assigned yet.' }),
  assigneeName: z.string().nullable(),
};

export const ActiveStepSchema = z
  .object({
    id: z.string(),
    type: z.enum(STEP_TYPES),
    dueAt: isoDateTime().nullable(),
    slaStatus: z.enum(SLA_STATUSES),
    decidingRole: Role,
    escalationLevel: z.number().int(),
    workingDaysLeft: z.number().int().nullable().meta({ description: "Whole working days until dueAt by the unit's calendar (negative when overdue); null without a deadline." }),
    ...AssigneeFields,
    waitingFor: z.array(PersonRefSchema).meta({ description: 'The people the step waits for: its deciders who have not decided yet, by name (empty when no choice ends the step).' }),
  })
  .meta({ description: 'The step of a project that is open now.' });

export const ProjectSchema = z
  .object({
    id: uuid(),
    code: z.string().meta({ description: 'Human code: <unit>-<year>-<number>.', examples: ['BD-2026-0001'] }),
    title: z.string(),
    summary: z.string(),
    category: z.enum(PROJECT_CATEGORIES),
    stage: z.enum(STAGES),
    unitCode: z.string(),
    leadTeamCode: z.string(),
    requestedBudgetVnd: vnd().min(0),
    proposerName: z.string(),
    workflowId: z.string(),
    createdAt: isoDateTime(),
    updatedAt: isoDateTime(),
    closedAt: isoDateTime().nullable(),
    plannedBudgetVnd: vnd().nullable().meta({ description: 'Total of the budget plan, once set.' }),
    pledgedVnd: vnd().meta({ description: 'Value of the pledges that stand (funding progress).' }),
    outcome: z.enum(EVALUATION_OUTCOMES).nullable().meta({ description: "The board's sign-off: achieved, partly or not achieved (R5); null before it." }),
    recommendation: z.enum(RECOMMENDATIONS).nullable().meta({ description: 'What the board recommends at sign-off: scale up, continue or stop (R11).' }),
    activeStep: ActiveStepSchema.nullable(),
  })
  .meta({ description: 'A community project as lists show it (with its open step, if any).' });

export const RecusalSchema = z
  .object({
    userId: uuid(),
    reason: z.string().meta({ examples: ['proposer of this project'] }),
    code: z.enum(RECUSAL_CODES).optional().meta({ description: 'Why, as a code: proposer, delivering_team (leads the team whose work is judged), conflict_of_interest, partner_link. Absent on steps opened before codes were kept.' }),
    ruleVersion: z.number().int().min(0).optional().meta({ description: 'The separation-of-duties rule version that made this exclusion (GET /api/separation-rules).' }),
  })
  .meta({ description: 'Someone left out of a step\'s deciders, and why (R21).' });

export const StepSchema = z
  .object({
    id: z.string().meta({ description: '<workflowId>:<type>:<round>; URL-encode it in paths.' }),
    type: z.enum(STEP_TYPES),
    round: z.number().int().min(1),
    status: z.enum(['active', 'decided', 'closed']),
    decidingRole: Role,
    openedAt: isoDateTime(),
    dueAt: isoDateTime().nullable(),
    atRiskAt: isoDateTime().nullable(),
    slaStatus: z.enum(SLA_STATUSES),
    escalationLevel: z.number().int().min(0),
    outcome: z.string().nullable().meta({ description: 'The choice that closed the step, or the stage the project ended in.' }),
    closedAt: isoDateTime().nullable(),
    policyVersion: z.number().int().nullable(),
    decider: z
      .enum(DECIDERS)
      .nullable()
      .meta({ description: 'Who decides, fixed when the step opened: one person of the role, the board\'s vote, the board chair, the lead team, the Community Alliance, or the proposer.' }),
    recusals: z.array(RecusalSchema),
    ...AssigneeFields,
    assignedAt: isoDateTime().nullable().meta({ description: 'When the accountable person was named: the opening of the step, or the last reassignment.' }),
    eligibleUserIds: z.array(uuid()).nullable().meta({ description: 'Who may decide, as last computed (when the step opened, or re-evaluated after a change of reference data); null when any holder of the deciding role may.' }),
    noDecider: NoDeciderSchema.nullable(),
    separationRuleVersion: z.number().int().min(0).nullable().meta({ description: 'The separation-of-duties rule version applied when the step opened; null when it left no one out.' }),
    fallbackAuthority: z
      .enum(FALLBACK_AUTHORITIES)
      .nullable()
      .meta({ description: 'Set when the rule left the usual deciders out and the step went to the next authority it names: another coordinator, the board chair or the unit chair.' }),
  })
  .meta({ description: 'One step of a project (screening, board review, funding approval, execution, …).' });

export const DeciderEventSchema = z
  .object({
    stepId: z.string(),
    stepType: z.enum(STEP_TYPES),
    kind: z.enum(['no_decider', 'decider_found', 'reevaluated']),
    reason: z.enum(NO_DECIDER_REASONS).nullable(),
    eligibleUserIds: z.array(uuid()).nullable(),
    changedBy: z.string().nullable().meta({ description: 'Who changed the reference data; null when the step opened without a decider.' }),
    change: z.object({ entity: z.string(), entityId: z.string() }).nullable().meta({ description: 'The reference row whose change caused it (users, conflicts_of_interest, …).' }),
    occurredAt: isoDateTime(),
  })
  .meta({ description: 'A change of who may decide a step (issue 13): opened without a decider, found one, or re-evaluated.' });

export const DissentNoteSchema = z
  .object({
    id: z.number().int(),
    stepId: z.string(),
    stepType: z.enum(STEP_TYPES),
    authorUserId: uuid(),
    authorName: z.string(),
    text: z.string(),
    writtenAt: isoDateTime(),
  })
  .meta({ description: 'A dissenting opinion a board member typed while the vote closed (issue 14): kept beside the vote, never counted as one.' });

export const DecisionSchema = z
  .object({
    id: z.number().int().min(1).meta({ description: 'Equal to seq (react-admin needs an id).' }),
    seq: z.number().int().min(1),
    projectId: uuid(),
    stepId: z.string(),
    stepType: z.enum(STEP_TYPES),
    workflowId: z.string(),
    runId: z.string(),
    updateId: z.string(),
    actorUserId: uuid(),
    actorName: z.string(),
    actorRole: Role,
    choice: z.enum([...CHOICES, ...COMMAND_KINDS]).meta({ description: 'A decision on a step (accept, approve, …) or the kind of stage command (invite, pledge, cancel, …).' }),
    rationale: z.string().nullable(),
    evidence: z.array(z.string()),
    conflictOfInterest: z.string().nullable(),
    policyVersion: z.number().int(),
    decidedAt: isoDateTime(),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'What a stage command carried (amounts, capability, outcome); null on plain decisions. Part of the hash when present.' }),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'sha256(prevHash || canonical JSON of the entry), RFC 8785.' }),
    names: LedgerNamesSchema,
  })
  .meta({ description: 'One entry of the append-only, hash-chained decision ledger.' });

export const LedgerEntrySchema = DecisionSchema.extend({ projectCode: z.string() }).meta({ description: 'A ledger entry as the ledger list and its export show it: with the code of its project.' });

export const CommitmentSchema = z.object({
  partnerId: uuid(),
  partnerName: z.string(),
  capability: z.enum(CAPABILITIES),
  status: z.enum(['committed', 'withdrawn']),
  resources: z.string().nullable(),
  committedAt: isoDateTime(),
  withdrawnAt: isoDateTime().nullable(),
});

export const BudgetLineSchema = z.object({ label: z.string(), amountVnd: vnd().min(0) });

export const CandidateSchema = z
  .object({
    capability: z.enum(CAPABILITIES),
    partnerId: uuid(),
    partnerName: z.string(),
    rank: z.number().int().min(1),
    score: z.number().int().min(0).max(100),
    reasons: z.array(z.string()).meta({ description: 'How the score was made, one line per rule.' }),
  })
  .meta({ description: 'A partner proposed by matching for a missing capability, ranked.' });

export const WaiverSchema = z.object({
  gap: z.enum(['capability', 'socialization']),
  capability: z.enum(CAPABILITIES).nullable(),
  rationale: z.string(),
  decidedBy: uuid(),
  ledgerSeq: z.number().int(),
  decidedAt: isoDateTime(),
});

export const EarlyWarningSchema = z.object({
  kind: z.string().meta({ examples: ['partner_withdrawal'] }),
  partnerId: uuid().nullable(),
  detail: z.string(),
  ledgerSeq: z.number().int().nullable(),
  occurredAt: isoDateTime(),
});

export const ChangeRequestSchema = z.object({
  stepId: z.string(),
  kind: z.enum(CHANGE_KINDS),
  description: z.string(),
  budgetDeltaVnd: z.number().int(),
  scheduleShiftDays: z.number().int(),
  status: z.enum(['open', 'approved', 'rejected']),
  requestedAt: isoDateTime(),
});

export const FeedbackSummarySchema = z
  .object({ count: z.number().int().min(0), averageRating: z.number().nullable() })
  .meta({ description: 'Citizen feedback received (count and average rating, 1–5).' });

export const SlaEventSchema = z
  .object({
    stepId: z.string(),
    stepType: z.enum(STEP_TYPES),
    kind: z.string().meta({ examples: ['at_risk', 'breached', 'escalated', 'paused', 'resumed', 'extended'] }),
    level: z.number().int().nullable().meta({ description: 'Escalation level; for an extension, the ledger entry that made it.' }),
    targetRole: Role.nullable(),
    occurredAt: isoDateTime(),
  })
  .meta({ description: 'A change of a step\'s deadline state (R17).' });

export const ConsultationSchema = z
  .object({
    stepId: z.string(),
    status: z.enum(['open', 'submitted']),
    policyVersion: z.number().int(),
    thresholdVnd: z.number().int(),
    windowOpensAt: isoDateTime(),
    windowClosesAt: isoDateTime(),
    frontOpinion: z.string().nullable().meta({ description: "The Fatherland Front's opinion (Ủy ban MTTQ), recorded by a coordinator on its behalf." }),
    frontLetterDate: z.string().nullable().meta({ description: "Date of the Front's letter (YYYY-MM-DD)." }),
    frontDocumentRef: z.string().nullable(),
    frontRecordedBy: z.string().nullable(),
    frontRecordedAt: isoDateTime().nullable(),
    summary: z.string().nullable().meta({ description: "The proposer's summary, submitted to close the consultation." }),
    submittedAt: isoDateTime().nullable(),
    comments: z.number().int().meta({ description: 'Visible comments with text on the project.' }),
    answered: z.number().int().meta({ description: 'Of those, how many are answered.' }),
  })
  .meta({ description: 'The consultation before the board vote (R22): its window, the Front\'s opinion, comments answered and the summary.' });

export const ProjectDetailSchema = ProjectSchema.extend({
  requiredCapabilities: z.array(z.enum(CAPABILITIES)),
  nonStateShare: z.number().nullable().meta({ description: 'Share of the pledges not from the state, 0–1.' }),
  feedbackClosesAt: isoDateTime().nullable(),
  closeReason: z.string().nullable(),
  beneficiaries: z.object({ who: z.string(), count: z.number().int() }).nullable().meta({ description: 'Who the project is for and how many people it reaches, as proposed.' }),
  invitations: z.array(InvitationSchema),
  commitments: z.array(CommitmentSchema),
  pledges: z.array(PledgeSchema),
  budgetLines: z.array(BudgetLineSchema),
  milestones: z.array(MilestoneSchema),
  indicators: z.array(IndicatorSchema),
  candidates: z.array(CandidateSchema),
  waivers: z.array(WaiverSchema),
  earlyWarnings: z.array(EarlyWarningSchema),
  changeRequests: z.array(ChangeRequestSchema),
  feedback: FeedbackSummarySchema,
  slaEvents: z.array(SlaEventSchema),
  deciderEvents: z.array(DeciderEventSchema),
  dissentNotes: z.array(DissentNoteSchema),
  consultation: ConsultationSchema.nullable(),
  steps: z.array(StepSchema),
  decisions: z.array(DecisionSchema),
}).meta({ description: 'A project with everything recorded on it: steps, ledger entries, partners, funding, execution and evaluation.' });

export const CommandResultSchema = z.object({ project: ProjectDetailSchema }).meta({ description: 'The project after the command was recorded.' });

export const FeedbackAcceptedSchema = z.object({ accepted: z.literal(true) });

export const TeamSchema = z.object({ id: z.string().meta({ description: 'Equal to code.' }), code: z.string(), name: z.string(), nameVi: z.string(), unitCode: z.string() });

export const MeSchema = z
  .object({ id: uuid(), email: z.string(), displayName: z.string(), role: Role, teamCode: z.string().nullable(), unitCode: z.string() })
  .meta({ description: 'The signed-in person.' });

export const SessionSchema = z
  .object({
    token: z.string().meta({ description: 'Access token (JWT, HS256); send as `Authorization: Bearer <token>`.' }),
    refreshToken: z.string().meta({ description: 'Works once, at POST /api/auth/refresh.' }),
    user: MeSchema,
  })
  .meta({ description: 'A new session.' });

const SignedHeadSummarySchema = z
  .object({ seq: z.number().int(), hash: z.string(), at: z.string().meta({ description: 'When it was signed (ISO 8601).' }) })
  .meta({ description: 'A signed head of the chain: the entry it vouches for and its hash.' });

export const ChainVerdictSchema = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      checked: z.number().int().min(0),
      lastSeq: z.number().int().nullable(),
      lastHash: z.string(),
      anchors: z
        .object({ count: z.number().int().min(0), newest: SignedHeadSummarySchema.nullable() })
        .optional()
        .meta({ description: 'The signed heads the chain was held against, and the newest; absent when no signing key is configured.' }),
    }),
    z.object({
      ok: z.literal(false),
      checked: z.number().int().min(0),
      brokenAtSeq: z.number().int(),
      reason: z.enum([...CHAIN_BREAK_REASONS, ...ANCHOR_BREAK_REASONS]).meta({
        description:
          'hash_mismatch, prev_hash_mismatch, sequence_gap: the chain itself is broken. anchor_mismatch: an anchored entry no longer has its signed hash (the chain was rewritten and recomputed; expected is the signed hash). truncated: entries up to a signed head are gone (brokenAtSeq is the first missing; expected the signed seq, found the last present). anchor_signature_invalid: an anchor fails its signature (expected our key id, found the one it claims). anchor_missing: a signed head in the outside log is not in the database (anchor rows deleted). anchor_not_in_log: the reverse.',
      }),
      expected: z.string(),
      found: z.string(),
      anchor: SignedHeadSummarySchema.optional(),
    }),
  ])
  .meta({ description: 'Result of walking the hash chain from the first entry and holding it against the signed heads; names the first problem.' });

export const PublishedHeadSchema = z
  .object({
    published: z.boolean().meta({ description: 'false when the ledger is still empty (reason empty).' }),
    reason: z.enum(['empty', 'unchanged']).optional(),
    anchor: SignedHeadSummarySchema.extend({
      keyId: z.string().meta({ description: 'First 16 hex digits of the SHA-256 of the Ed25519 public key.' }),
      jws: z.string().meta({ description: 'Compact JWS (EdDSA) of the canonical JSON {seq, hash, at}.' }),
      trigger: z.enum(['daily', 'on_demand']),
    }).nullable(),
  })
  .meta({ description: 'The head just signed, also kept in the database and in the log outside it.' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, machine-readable code (each response lists the ones it may carry, in x-error-codes).' }),
      message: z.string().meta({ description: 'For people, in the language asked for by Accept-Language (vi or en).' }),
      fields: z.record(z.string(), z.string()).meta({ description: 'Reason per field name (empty when no field is at fault).' }),
    }),
  })
  .meta({ description: 'The one error shape of the API; never a stack trace.' });

export const StepAssigneesSchema = z
  .object({
    stepId: z.string(),
    assigneeUserId: uuid().nullable(),
    mayReassign: z.boolean().meta({ description: 'The step is open and the caller may reassign it (a coordinator or admin, or the team lead of its responsible team).' }),
    people: z.array(z.object({ id: uuid(), displayName: z.string(), teamCode: z.string().nullable() })).meta({ description: "Active people of the project's unit with the step's deciding role, neither recused nor already assigned." }),
  })
  .meta({ description: 'Who may be made accountable for a step.' });

export const InboxCountSchema = z
  .object({ count: z.number().int().min(0).meta({ description: 'Open steps the caller can decide now.' }) })
  .meta({ description: 'The inbox badge.' });

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  postgres: z.string().meta({ description: '"ok" or "unreachable: <reason>"' }),
  temporal: z.string().meta({ description: '"ok" or "unreachable: <reason>"' }),
  worker: z.string().meta({ description: '"ok", "not_polling: <reason>" (no worker polled the task queue within READY_WORKER_POLL_WINDOW_MS) or "unknown: Temporal is unreachable"' }),
});

// ---------------------------------------------------------------------------------------------
// zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses), each named schema a component.

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function componentsFrom(entries: Record<string, z.ZodType>, io: 'input' | 'output', tidyResponses: boolean): Record<string, Json> {
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
function inlineSchema(schema: z.ZodType): Json {
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
type BodyName = keyof typeof REQUEST_BODY_SCHEMAS;

const RESPONSE_SCHEMAS = {
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

// ---------------------------------------------------------------------------------------------
// Operations.

const ERROR_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Not signed in',
  403: 'Not allowed',
  404: "Not found (or of another unit: the same answer)",
  409: 'Conflicts with the current state',
  413: 'Request body larger than 100 kB',
  415: 'Body not JSON in UTF-8 (or in an unsupported compression)',
  422: 'Understood but breaks a rule',
  429: 'Too many requests; retry after Retry-After seconds',
  500: 'Unexpected failure (logged)',
  503: 'PostgreSQL or Temporal unreachable; retry after Retry-After seconds',
};

/** What is written by hand about one operation; method, path, summary and roles come from elsewhere. */
interface OperationSpec {
  operationId: string;
  tag: string;
  description: string;
  parameters?: Json[];
  requestBody?: BodyName;
  /** Sends an Idempotency-Key header (every command). */
  command?: boolean;
  success: Record<string, Json>;
  /** status → error codes this route answers with, besides those added for every route of its kind. */
  errors?: Partial<Record<number, string[]>>;
  /** Engine rule violations (domain/errors.ts); their status comes from RULE_ERRORS. */
  rules?: RuleErrorCode[];
  /** Error messages and field reasons follow Accept-Language. */
  localized?: boolean;
  /** Reads PostgreSQL or Temporal: may answer 500/503. */
  touchesServices?: boolean;
}

interface PublicOperation extends OperationSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
}

const json = (schema: Json) => ({ 'application/json': { schema } });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Express's /a/:id/b → OpenAPI's /a/{id}/b. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A list's filters as JSON Schema: each is the zod schema the route validates the value with. */
function filterSchemas(def: ListDef): Record<string, Json> {
  return Object.fromEntries(Object.entries(def.filters).map(([name, f]) => [name, inlineSchema(f.schema)]));
}

function listParameters(def: ListDef): Json[] {
  const spec = { sortable: Object.keys(def.sortable), defaultSort: def.defaultSort, filters: filterSchemas(def) };
  const [field, order] = spec.defaultSort;
  return [
    {
      name: 'sort',
      in: 'query',
      required: false,
      description: `JSON-encoded [field, order] (ra-data-simple-rest). Fields: ${spec.sortable.join(', ')}; order ASC or DESC. Default ${JSON.stringify(spec.defaultSort)}.`,
      schema: {
        ...inlineSchema(ListQuery.shape.sort),
        contentMediaType: 'application/json',
        contentSchema: { type: 'array', prefixItems: [{ enum: spec.sortable }, { enum: ['ASC', 'DESC'] }], minItems: 2, maxItems: 2 },
      },
      example: JSON.stringify([field, order]),
    },
    {
      name: 'range',
      in: 'query',
      required: false,
      description: 'JSON-encoded [start, end], both inclusive, 0 ≤ start ≤ end, at most 200 rows. Default [0,24].',
      schema: {
        ...inlineSchema(ListQuery.shape.range),
        contentMediaType: 'application/json',
        contentSchema: { type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0 }], minItems: 2, maxItems: 2 },
      },
      example: '[0,24]',
    },
    {
      name: 'filter',
      in: 'query',
      required: false,
      description: `JSON-encoded object of filters: ${Object.keys(spec.filters).join(', ')}. Unknown filters are refused (400); empty values are ignored.`,
      schema: {
        ...inlineSchema(ListQuery.shape.filter),
        contentMediaType: 'application/json',
        contentSchema: { type: 'object', properties: spec.filters, additionalProperties: false },
      },
      example: JSON.stringify(Object.fromEntries(Object.entries(def.filters).slice(0, 1).map(([k, f]) => [k, f.example]))),
    },
  ];
}

function listSuccess(resource: string, item: string): Record<string, Json> {
  return {
    '200': {
      description: `A page of ${resource}. Content-Range gives the rows sent and the total.`,
      headers: { 'Content-Range': header('ContentRange') },
      content: json({ type: 'array', items: ref(item) }),
    },
  };
}

const commandSuccess: Record<string, Json> = { '200': { description: 'Recorded; the project as it is now.', content: json(ref('CommandResult')) } };

/** The list routes, documented from the table they run on (api/lists.ts): GET <path> and GET <path>/:id. */
function listRouteSpecs(): Record<string, OperationSpec> {
  const specs: Record<string, OperationSpec> = {};
  for (const def of Object.values(LISTS) as ListDef[]) {
    // The route table and the list table must name the same permission for a list and its rows.
    for (const path of [`/api${def.path}`, ...(def.single ? [`/api${def.path}/:id`] : [])]) {
      const route = ROUTES.find((r) => r.method === 'GET' && r.path === path);
      if (route && route.permission !== def.permission) throw new Error(`api/openapi.ts: GET ${path} needs ${route.permission} in ROUTES but ${def.permission} in api/lists.ts`);
    }
    specs[`GET /api${def.path}`] = {
      operationId: def.operationId,
      tag: def.tag,
      description: `${def.description}\n\nra-data-simple-rest list protocol: JSON-encoded sort, range and filter in the query; the total in Content-Range. Unknown sort fields and filters, and filter values of the wrong form, are refused (400, naming the field).`,
      parameters: listParameters(def),
      success: listSuccess(def.resource, def.component),
      errors: { 400: ['invalid_input'] },
    };
    if (def.single) {
      specs[`GET /api${def.path}/:id`] = {
        operationId: def.operationId.replace(/^list/, 'get').replace(/ies$/, 'y').replace(/s$/, ''),
        tag: def.tag,
        description: 'One row of the list, in the same shape; a row the caller may not see is not found (404).',
        parameters: [{ name: 'id', in: 'path', required: true, description: `Id of the ${def.component}.`, schema: { type: 'string' } }],
        success: { '200': { description: 'The row.', content: json(ref(def.component)) } },
        errors: { 404: ['not_found'] },
      };
    }
  }
  return specs;
}

/** The row schemas that api/lists.ts describes, as components named like the lists' rows. */
function listItemSchemas(): Record<string, z.ZodType> {
  return Object.fromEntries((Object.values(LISTS) as ListDef[]).filter((d) => d.item).map((d) => [d.component, d.item!]));
}

/** Every command answers 409 ProjectClosed once its project's workflow has ended, and WrongStage when no step is open. */
const COMMAND_RULES: RuleErrorCode[] = ['ProjectClosed', 'WrongStage', 'NotAllowed'];

/**
 * The authenticated routes, keyed by "METHOD /express/path" as in ROUTES. The document is built by
 * walking ROUTES: a route without an entry here, or an entry without a route, stops the build.
 */
const ROUTE_SPECS: Record<string, OperationSpec> = {
  ...listRouteSpecs(),
  'GET /api/steps/inbox-count': {
    operationId: 'stepInboxCount',
    tag: 'Steps',
    description: 'How many open steps the caller can decide now: the rows GET /api/steps answers with the filter {"awaitingMe": true}. For the menu badge.',
    success: { '200': { description: 'The count.', content: json(ref('InboxCount')) } },
  },
  'GET /api/ledger/export': {
    operationId: 'exportLedger',
    tag: 'Ledger',
    description:
      'Every entry the filter matches (same filters as GET /api/ledger), in chain order, as a download. CSV: a header row in the language of Accept-Language (Vietnamese or English), times in Vietnam time with their offset (ISO 8601, +07:00), RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order mark (spreadsheets show Vietnamese as it is); evidence and details are JSON inside their cells; a text cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe so spreadsheets do not run it as a formula (OWASP CSV injection). JSON: an array of ledger entries, exactly as recorded (without the names the list reads beside them).',
    parameters: [
      { name: 'format', in: 'query', required: false, description: 'csv (default) or json.', schema: inlineSchema(LedgerExportQuery.shape.format) },
      { ...listParameters(LISTS.decisions)[2]!, description: 'JSON-encoded object of filters, as for GET /api/ledger.' },
    ],
    success: {
      '200': {
        description: 'The download; Content-Disposition names the file (ledger-<time>.csv or .json).',
        headers: { 'Content-Disposition': { description: 'attachment; filename="ledger-….csv"', schema: { type: 'string' } } },
        content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: ref('LedgerEntry') } } },
      },
    },
    errors: { 400: ['invalid_input'] },
  },
  'POST /api/users': {
    operationId: 'createUser',
    tag: 'Administration',
    description: 'Creates an account; the password is stored as an argon2id hash and never returned. A partner account names its partner; a team lead, their team. The unit defaults to the admin\'s. Recorded in the admin-changes trail. A retry with the same Idempotency-Key answers the first result.',
    requestBody: 'UserCreateBody',
    command: true,
    success: { '201': { description: 'Created; Location names the user.', headers: { Location: header('Location') }, content: json(ref('User')) } },
    errors: { 409: ['email_taken'], 422: ['unknown_unit', 'unknown_team', 'unknown_partner'] },
  },
  'PATCH /api/users/:id': {
    operationId: 'updateUser',
    tag: 'Administration',
    description: 'Changes the fields sent. Switching an account off ends its sessions (refresh tokens revoked). An admin cannot switch off or demote their own account. Recorded with the row before and after.',
    parameters: [param('UserId')],
    requestBody: 'UserUpdateBody',
    command: true,
    success: { '200': { description: 'The user as it now is.', content: json(ref('User')) } },
    errors: { 404: ['not_found'], 409: ['email_taken'], 422: ['unknown_team', 'unknown_partner', 'own_account'] },
  },
  'POST /api/partners': {
    operationId: 'createPartner',
    tag: 'Administration',
    description: 'Registers a partner (R1). Names are unique within a unit. Recorded in the admin-changes trail.',
    requestBody: 'PartnerCreateBody',
    command: true,
    success: { '201': { description: 'Registered; Location names the partner.', headers: { Location: header('Location') }, content: json(ref('Partner')) } },
    errors: { 409: ['partner_name_taken'], 422: ['unknown_unit'] },
  },
  'PATCH /api/partners/:id': {
    operationId: 'updatePartner',
    tag: 'Administration',
    description: 'Changes the fields sent. Recorded with the row before and after.',
    parameters: [param('PartnerId')],
    requestBody: 'PartnerUpdateBody',
    command: true,
    success: { '200': { description: 'The partner as it now is.', content: json(ref('Partner')) } },
    errors: { 404: ['not_found'], 409: ['partner_name_taken'] },
  },
  'PATCH /api/units/:id': {
    operationId: 'updateUnit',
    tag: 'Administration',
    description: "Names the unit's chair (or none): escalation level 3 (unit_chair) and the last fallback of the separation-of-duties rule reach this person. Recorded with the row before and after.",
    parameters: [param('UnitCode')],
    requestBody: 'UnitUpdateBody',
    command: true,
    success: { '200': { description: 'The unit as it now is.', content: json(ref('Unit')) } },
    errors: { 404: ['not_found'], 422: ['chair_not_in_unit'] },
  },
  'POST /api/board-members': {
    operationId: 'seatBoardMember',
    tag: 'Administration',
    description:
      "Seats an active person of the caller's unit on the unit's board (R4), with a seat, the chair flag (one chair at a time) and from/until. A seat that ended may be taken again. Open board votes of the unit are re-evaluated. Recorded in the admin-changes trail.",
    requestBody: 'BoardMemberCreateBody',
    command: true,
    success: { '201': { description: 'Seated; Location names the seat.', headers: { Location: header('Location') }, content: json(ref('BoardMember')) } },
    errors: { 409: ['already_member', 'chair_taken'], 422: ['member_not_in_unit', 'no_board', 'since_in_future', 'until_before_since'] },
  },
  'PATCH /api/board-members/:id': {
    operationId: 'endBoardMember',
    tag: 'Administration',
    description:
      'Ends a seat: its last day (a day before today ends it at once; the day before it began withdraws a seat taken by mistake) and the reason. Open board votes of the unit are re-evaluated without the member. The row before and after, and the reason, are kept in the admin-changes trail.',
    parameters: [param('BoardMemberId')],
    requestBody: 'BoardMemberEndBody',
    command: true,
    success: { '200': { description: 'The seat as it now is.', content: json(ref('BoardMember')) } },
    errors: { 404: ['not_found'], 409: ['seat_ended'], 422: ['until_before_since'] },
  },
  'POST /api/conflicts-of-interest': {
    operationId: 'declareConflictOfInterest',
    tag: 'Administration',
    description:
      'Declares a conflict on a project or with a partner (R21). A board member declares their own (userId left out or their own); an admin declares anyone\'s. It leaves the member out of the deciders of steps opened from now on; steps already open keep their deciders.',
    requestBody: 'ConflictOfInterestBody',
    command: true,
    success: { '201': { description: 'Declared.', headers: { Location: header('Location') }, content: json(ref('ConflictOfInterest')) } },
    errors: { 403: ['forbidden'], 409: ['conflict_declared'], 422: ['unknown_user', 'unknown_project', 'unknown_partner'] },
  },
  'DELETE /api/conflicts-of-interest/:id': {
    operationId: 'withdrawConflictOfInterest',
    tag: 'Administration',
    description: 'Withdraws a declaration: a board member their own, an admin anyone\'s. The row before is kept in the admin-changes trail.',
    parameters: [param('ConflictId')],
    command: true,
    success: { '204': { description: 'Withdrawn.' } },
    errors: { 404: ['not_found'] },
  },
  'POST /api/sla-policies': {
    operationId: 'appendSlaPolicyVersion',
    tag: 'Administration',
    description: 'Appends the next version of a step type\'s SLA policy (versions are never edited). New steps use it from activeFrom (default: now); open steps keep theirs.',
    requestBody: 'SlaPolicyVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('SlaPolicy')) } },
    errors: { 422: ['unknown_team'] },
  },
  'POST /api/quorum-rules': {
    operationId: 'appendQuorumRuleVersion',
    tag: 'Administration',
    description: 'Appends the next version of the quorum rule (versions are never edited). Votes opened from activeFrom (default: now) use it; open votes keep theirs.',
    requestBody: 'QuorumRuleVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('QuorumRuleVersion')) } },
  },
  'GET /api/notifications/unread-count': {
    operationId: 'notificationUnreadCount',
    tag: 'Reference',
    description: 'How many notifications the dispatcher delivered to the caller in the console and they have not read. For the bell badge.',
    success: { '200': { description: 'The count.', content: json(ref('UnreadCount')) } },
  },
  'POST /api/notifications/read': {
    operationId: 'markNotificationsRead',
    tag: 'Reference',
    description: "Marks the caller's notifications read: those named by id (delivery ids, as GET /api/me/notifications lists them), or all. Marking one read again changes nothing. An id that is not the caller's answers 404 and nothing is marked.",
    requestBody: 'NotificationReadBody',
    command: true,
    success: { '200': { description: 'How many were marked now, and how many remain unread.', content: json(ref('MarkedRead')) } },
    errors: { 404: ['not_found'] },
  },
  'GET /api/me/notifications': {
    operationId: 'myNotifications',
    tag: 'Reference',
    description: "The caller's notification centre: the notifications delivered to them in the console, newest first, with read state.",
    parameters: [
      { name: 'unread', in: 'query', required: false, description: 'true: only unread; false: only read.', schema: { type: 'string', enum: ['true', 'false'] } },
      { name: 'limit', in: 'query', required: false, description: 'At most this many (1–200, default 50).', schema: { type: 'integer', minimum: 1, maximum: 200 } },
    ],
    success: { '200': { description: 'The notifications and the unread count.', content: json(ref('MyNotifications')) } },
    errors: { 400: ['invalid_input'] },
  },
  'GET /api/me/notification-preferences': {
    operationId: 'myNotificationPreferences',
    tag: 'Reference',
    description: 'For every kind of notification, whether the caller receives it by e-mail and in the console (both on until changed).',
    success: { '200': { description: 'The preferences.', content: json(ref('NotificationPreferences')) } },
  },
  'PATCH /api/me/notification-preferences': {
    operationId: 'updateMyNotificationPreferences',
    tag: 'Reference',
    description: 'Changes the kinds sent; the dispatcher applies them to notifications delivered from then on.',
    requestBody: 'NotificationPreferencesBody',
    command: true,
    success: { '200': { description: 'The preferences as they now are.', content: json(ref('NotificationPreferences')) } },
  },
  'GET /api/me': {
    operationId: 'me',
    tag: 'Reference',
    description: 'The person named by the token.',
    success: { '200': { description: 'The signed-in person.', content: json(ref('Me')) } },
  },
  'GET /api/projects/:id': {
    operationId: 'getProject',
    tag: 'Projects',
    description: 'Everything recorded on the project. An id that is not a UUID answers 404.',
    parameters: [param('ProjectId')],
    success: { '200': { description: 'The project.', content: json(ref('ProjectDetail')) } },
    errors: { 404: ['not_found'] },
  },
  'POST /api/projects': {
    operationId: 'proposeProject',
    tag: 'Projects',
    description:
      'Starts the project workflow with its first Temporal Update, so the answer already shows the screening step. A retry with the same Idempotency-Key (same person) gets the same project code and id. The lead team must belong to your unit. Indicator codes must be unique.',
    requestBody: 'ProposalBody',
    command: true,
    success: {
      '201': { description: 'Proposed; Location names the new project.', headers: { Location: header('Location') }, content: json(ref('ProjectDetail')) },
    },
    errors: { 409: ['conflict'], 422: ['unknown_team'] },
    rules: ['AlreadySubmitted'],
  },
  'POST /api/steps/:id/decisions': {
    operationId: 'decideStep',
    tag: 'Steps',
    description:
      "A decision is a Temporal Update: the workflow's validator refuses what the state forbids (409/422, nothing recorded) and checks who decides which step (403 NotEligible); the ledger entry is written before the answer. A retry with the same Idempotency-Key (same person) decides once. Board sign-off needs outcome and recommendation; approving funding needs a plan covered by pledges; a consultation's summary (choice submit, the rationale) needs its window ended, the Front's opinion and every comment answered (R22).",
    parameters: [param('StepId')],
    requestBody: 'DecisionBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: ['StepNotActive', 'AlreadyDecided', 'NotEligible', 'ChoiceNotAllowed', 'RationaleRequired', 'PlanMissing', 'BudgetNotCovered', 'SocializationShortfall', 'IndicatorsMissing', 'OutcomeRequired', 'ConsultationWindowOpen', 'FrontOpinionMissing', 'CommentsUnanswered'],
  },
  'POST /api/steps/:id/extensions': {
    operationId: 'extendStep',
    tag: 'Steps',
    description: "Moves an open step's deadline by a number of working days; the reason goes to the ledger.",
    parameters: [param('StepId')],
    requestBody: 'ExtensionBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'StepNotActive', 'RationaleRequired'],
  },
  'POST /api/steps/:id/dissent-notes': {
    operationId: 'keepDissentNote',
    tag: 'Steps',
    description:
      'Keeps the dissenting opinion a board member typed while the vote closed, as a note beside the vote (who, when, the text); it is never counted as a vote. Only a member the closed vote waited for who did not vote may write one, once.',
    parameters: [param('StepId')],
    requestBody: 'DissentNoteBody',
    command: true,
    success: { '201': { description: 'The note was kept; the project with its notes.', content: json(ref('CommandResult')) } },
    errors: { 403: ['NotEligible'], 404: ['not_found'], 409: ['VoteStillOpen', 'AlreadyVoted', 'DissentNoteExists'] },
  },
  'GET /api/steps/:id/assignees': {
    operationId: 'stepAssignees',
    tag: 'Steps',
    description: 'Who may be made accountable for the step (the choices of the reassignment form), and whether the caller may reassign it.',
    parameters: [param('StepId')],
    success: { '200': { description: 'The people.', content: json(ref('StepAssignees')) } },
    errors: { 404: ['not_found'] },
  },
  'POST /api/steps/:id/assignee': {
    operationId: 'reassignStep',
    tag: 'Steps',
    description:
      "Makes another person accountable for an open step, with a required reason: a Temporal Update recorded in the ledger as `reassign` (who, when, why, the previous and the new person); the new person is notified. A coordinator or admin reassigns any step, a team lead only their own team's. The new person must be an active member of the unit with the step's deciding role, not recused from it.",
    parameters: [param('StepId')],
    requestBody: 'ReassignmentBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'StepNotActive', 'RationaleRequired', 'AssigneeNotEligible'],
  },
  'POST /api/projects/:id/invitations': {
    operationId: 'invitePartner',
    tag: 'Partner matching',
    description: 'Invites a registered partner for a capability the project still misses, while partner matching is open. The coordinator or the lead team.',
    parameters: [param('ProjectId')],
    requestBody: 'InvitationBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'], 422: ['unknown_partner', 'partner_lacks_capability'] },
    rules: [...COMMAND_RULES, 'CapabilityNotNeeded', 'AlreadyInvited'],
  },
  'POST /api/invitations/:id/response': {
    operationId: 'respondToInvitation',
    tag: 'Partner matching',
    description: 'The invited partner accepts (resources is then required: what it commits) or declines. Another partner\'s invitation answers 404.',
    parameters: [param('InvitationId')],
    requestBody: 'InvitationResponseBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'InvitationClosed'],
  },
  'POST /api/projects/:id/waivers': {
    operationId: 'waiveGap',
    tag: 'Partner matching',
    description: 'The board chair waives a missing capability (capability is then required) during partner matching, or the socialization shortfall during funding.',
    parameters: [param('ProjectId')],
    requestBody: 'WaiverBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'RationaleRequired', 'NothingToWaive'],
  },
  'POST /api/projects/:id/plan': {
    operationId: 'setPlan',
    tag: 'Funding',
    description: 'Sets (or replaces) the budget lines and the milestones while funding is being decided. Milestone codes must be unique; owner teams must belong to the project\'s unit.',
    parameters: [param('ProjectId')],
    requestBody: 'PlanBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'], 422: ['unknown_team'] },
    rules: COMMAND_RULES,
  },
  'POST /api/projects/:id/pledges': {
    operationId: 'pledge',
    tag: 'Funding',
    description:
      'Records a pledge by source while funding is being decided: amountVnd above 0, or hours for volunteer time. A partner pledges only for itself (partnerId is taken from its account) and never as the state.',
    parameters: [param('ProjectId')],
    requestBody: 'PledgeBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: COMMAND_RULES,
  },
  'POST /api/projects/:id/milestones/:code/completion': {
    operationId: 'completeMilestone',
    tag: 'Execution',
    description: 'Completes a milestone with at least one evidence link. The coordinator, the lead team or the milestone\'s owner team.',
    parameters: [param('ProjectId'), param('MilestoneCode')],
    requestBody: 'MilestoneCompletionBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'UnknownMilestone', 'MilestoneDone', 'EvidenceRequired'],
  },
  'POST /api/projects/:id/change-requests': {
    operationId: 'requestChange',
    tag: 'Execution',
    description: 'Opens a change-request step during execution: schedule changes are the coordinator\'s to decide; scope changes and large budget changes, the board\'s. One at a time.',
    parameters: [param('ProjectId')],
    requestBody: 'ChangeRequestBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'ChangeAlreadyOpen'],
  },
  'POST /api/projects/:id/withdrawals': {
    operationId: 'withdrawPartner',
    tag: 'Execution',
    description: 'A partner withdraws its commitments (staff name the partner in partnerId; a partner withdraws itself). Raises an early warning and re-opens matching for what is missing.',
    parameters: [param('ProjectId')],
    requestBody: 'WithdrawalBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'], 422: ['partner_required'] },
    rules: [...COMMAND_RULES, 'NoCommitment', 'RationaleRequired'],
  },
  'POST /api/projects/:id/indicators/:code/actuals': {
    operationId: 'recordIndicator',
    tag: 'Impact evaluation',
    description: "Records an indicator's actual value with evidence while the impact report is being written.",
    parameters: [param('ProjectId'), param('IndicatorCode')],
    requestBody: 'IndicatorActualBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'UnknownIndicator', 'EvidenceRequired'],
  },
  'POST /api/projects/:id/cancellation': {
    operationId: 'cancelProject',
    tag: 'Projects',
    description: 'The board chair cancels the project; pledges are released and open invitations cancelled (compensation). Answers once the project has ended.',
    parameters: [param('ProjectId')],
    requestBody: 'CancellationBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'RationaleRequired'],
  },
  'POST /api/projects/:id/front-opinion': {
    operationId: 'recordFrontOpinion',
    tag: 'Projects',
    description: "A coordinator records the Fatherland Front's opinion (Ủy ban MTTQ) on a plan in consultation, on the Front's behalf: its text, the date of its letter and an optional document reference (R22). Once per consultation.",
    parameters: [param('ProjectId')],
    requestBody: 'FrontOpinionBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: [...COMMAND_RULES, 'NotInConsultation', 'FrontOpinionRecorded'],
  },
  'POST /api/consultation-policies': {
    operationId: 'appendConsultationPolicyVersion',
    tag: 'Administration',
    description: 'Appends the next version of the consultation policy: budget threshold and window in working days, with a reason (versions are never edited). Projects whose screening is accepted from activeFrom (default: now) follow it.',
    requestBody: 'ConsultationPolicyVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('ConsultationPolicyVersion')) } },
  },
  'GET /api/public-comments': {
    operationId: 'listPublicComments',
    tag: 'Public',
    description: "Residents' comments on the unit's projects, newest first (at most 500), hidden ones included with who hid them and why.",
    success: { '200': { description: 'The comments.', content: json({ type: 'array', items: ref('PublicCommentRecord') }) } },
  },
  'POST /api/public-comments/:id/answer': {
    operationId: 'answerPublicComment',
    tag: 'Public',
    description: 'A lead of the project\'s own team answers a comment; the answer and the time it took show on the portal. Only the first answer is kept; the same answer sent again by its author answers the same.',
    parameters: [param('CommentId')],
    requestBody: 'CommentAnswerBody',
    command: true,
    success: { '200': { description: 'The comment with its answer.', content: json(ref('PublicCommentRecord')) } },
    errors: { 403: ['forbidden'], 404: ['not_found'], 409: ['nothing_to_answer', 'comment_hidden', 'already_answered'] },
  },
  'POST /api/public-comments/:id/hide': {
    operationId: 'hidePublicComment',
    tag: 'Public',
    description: 'Hides a comment from the portal with a reason; who, when and why are kept with it. Nothing is deleted.',
    parameters: [param('CommentId')],
    requestBody: 'CommentHideBody',
    command: true,
    success: { '200': { description: 'The comment, hidden.', content: json(ref('PublicCommentRecord')) } },
    errors: { 404: ['not_found'], 409: ['comment_hidden'] },
  },
  'GET /api/ledger/verify': {
    operationId: 'verifyLedger',
    tag: 'Ledger',
    description:
      'Walks the chain from the first entry, then holds it against every signed head (database and outside log, Ed25519 signatures checked), and names the first problem, if any. A broken chain is still a 200 answer with ok: false.',
    success: { '200': { description: 'The verdict.', content: json(ref('ChainVerdict')) } },
  },
  'POST /api/ledger/anchors': {
    operationId: 'publishLedgerHead',
    tag: 'Ledger',
    description:
      'Signs the head of the chain now with the Ed25519 key kept outside the database (a daily Schedule does the same) and records it in the database and in the outside log. Later verifications then catch a rewritten-and-recomputed chain and deleted newest entries up to this head. A retry with the same Idempotency-Key (same person) answers with the head signed the first time.',
    requestBody: 'PublishHeadBody',
    command: true,
    success: {
      '201': { description: 'The head was signed.', content: json(ref('PublishedHead')) },
      '200': { description: 'Nothing to sign yet: the ledger is empty.', content: json(ref('PublishedHead')) },
    },
    errors: { 400: ['invalid_input'], 503: ['ledger_signing_unavailable'] },
  },
  'GET /api/stats/sla': {
    operationId: 'slaStats',
    tag: 'Dashboards',
    description: 'On-time rate per team and per unit per month (R17), open steps by SLA status, escalations, ageing in working days and cycle time per stage. A team lead gets their own team\'s steps, everyone else their unit\'s.',
    parameters: [{ name: 'months', in: 'query', required: false, schema: inlineSchema(SlaStatsQuery.shape.months), example: 6 }],
    success: { '200': { description: 'The figures.', content: json(ref('SlaStats')) } },
    errors: { 400: ['invalid_input'] },
  },
  'GET /api/stats/pipeline': {
    operationId: 'pipelineStats',
    tag: 'Dashboards',
    description: 'Projects per stage, the funding mix against the 70% non-state target (R6) and the C-Index (R5). A team lead gets the projects their team leads, everyone else their unit\'s.',
    success: { '200': { description: 'The figures.', content: json(ref('PipelineStats')) } },
  },
};

/** Routes that need no token (mounted before requireAuth in api/app.ts, or outside /api). */
const PUBLIC_OPERATIONS: PublicOperation[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'health',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    description: 'Answers 200 as long as the process runs; checks nothing else.',
    success: { '200': { description: 'Alive.', content: json(ref('Health')) } },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Operations',
    summary: 'Readiness: PostgreSQL and Temporal answer',
    description: 'Checks PostgreSQL (SELECT 1) and Temporal (GetSystemInfo), two seconds each. The 503 answer has the Readiness shape (not the Error shape) and a Retry-After header.',
    success: {
      '200': { description: 'Ready.', content: json(ref('Readiness')) },
      '503': { description: 'Not ready: one service is unreachable.', headers: { 'Retry-After': header('RetryAfter') }, content: json(ref('Readiness')) },
    },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'Sessions',
    summary: 'Sign in with email and password',
    description:
      'Returns an access token (its `sid` names the session), a refresh token and the person. A wrong password and an unknown email get the same 401. After five failures for one email from one address, that address waits 32 s before the next try for that email, then twice as long after each further failure, up to 15 minutes (429 sign_in_throttled with Retry-After); other addresses are not affected. At most 20 attempts a minute per client (429 rate_limited).',
    requestBody: 'LoginBody',
    success: { '200': { description: 'Signed in.', content: json(ref('Session')) } },
    errors: { 401: ['invalid_credentials'], 429: ['sign_in_throttled', 'rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/auth/refresh',
    operationId: 'refresh',
    tag: 'Sessions',
    summary: 'Trade a refresh token for a new session',
    description: 'Each refresh token works once. Presenting one already used revokes every session of that person. Rate-limited like sign-in.',
    requestBody: 'RefreshBody',
    success: { '200': { description: 'A new session.', content: json(ref('Session')) } },
    errors: { 401: ['unauthenticated'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'Sessions',
    summary: 'Sign out: the session ends, its refresh and access tokens stop working',
    description: 'Ends the session of the refresh token in the body, or of the access token sent as `Authorization: Bearer` (the console sends that). Its access tokens are refused from the next request on.',
    requestBody: 'LogoutBody',
    success: { '204': { description: 'Signed out (also when the token was unknown).' } },
  },
  {
    method: 'POST',
    path: '/api/public/projects/:code/feedback',
    operationId: 'submitFeedback',
    tag: 'Public',
    summary: 'Citizen feedback on a project (no account needed)',
    description:
      'Anyone may rate a project (1–5, with an optional comment) while its feedback window is open, during impact evaluation. A retry with the same Idempotency-Key from the same address counts once. At most 30 requests a minute per client, and 120 accepted an hour per project whoever sends them (429 with Retry-After).',
    parameters: [param('ProjectCode')],
    requestBody: 'FeedbackBody',
    command: true,
    success: { '202': { description: 'Accepted.', content: json(ref('FeedbackAccepted')) } },
    errors: { 404: ['not_found'], 409: ['conflict'], 429: ['rate_limited'] },
    rules: ['FeedbackClosed'],
  },
  {
    method: 'GET',
    path: '/api/public/projects',
    operationId: 'publicProjects',
    tag: 'Public',
    summary: 'The projects of the ward, as the public portal shows them (no account needed)',
    description:
      'Every project with its stage, lead team, budget, funding mix by source and beneficiaries; no person is named (domain/redaction.ts decides which columns are public). Cacheable for a minute (Cache-Control, ETag). At most 120 reads a minute per client (429 with Retry-After).',
    parameters: [{ name: 'unit', in: 'query', required: false, description: 'Only the projects of this unit (e.g. BD).', schema: inlineSchema(PublicProjectsQuery.shape.unit) }],
    success: { '200': { description: 'The projects and the ledger head.', content: json(ref('PublicProjectList')) } },
    errors: { 400: ['invalid_input'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code',
    operationId: 'publicProject',
    tag: 'Public',
    summary: 'One project as the public portal shows it (no account needed)',
    description:
      'Budget lines, pledges by source, committed partners, milestones with evidence, indicators against baseline and target, and every decision summarised by role, choice, date and rationale with names, e-mail addresses and phone numbers redacted. Cacheable for a minute.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project.', content: json(ref('PublicProjectDetail')) } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/open-data.json',
    operationId: 'publicProjectJson',
    tag: 'Public',
    summary: 'Open data: one project as a JSON download (no account needed)',
    description: 'The public project answer with the ledger head, as a file to keep and reuse. The same redaction rule applies.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project as JSON.', content: json(ref('PublicProjectDetail')) } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/open-data.csv',
    operationId: 'publicProjectCsv',
    tag: 'Public',
    summary: 'Open data: one project as a CSV download (no account needed)',
    description: 'UTF-8 with a byte-order mark; one long table with the columns section, item, field, value, holding every field of the JSON download. Text that starts like a spreadsheet formula gets a leading apostrophe.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project as CSV.', content: { 'text/csv': { schema: { type: 'string' } } } } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/iati.xml',
    operationId: 'publicProjectIati',
    tag: 'Public',
    summary: 'Open data: one project as an IATI 2.03 activity file (no account needed)',
    description: 'An iati-activities document (version 2.03) with one iati-activity: reporting and participating organisations, status, dates, country, sector (OECD DAC purpose code), budget, one transaction per pledge by source, and results with each indicator\'s baseline, target and actual.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The IATI activity file.', content: { 'application/xml': { schema: { type: 'string' } } } } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/public/projects/:code/comments',
    operationId: 'submitPublicComment',
    tag: 'Public',
    summary: 'Rate a project on five factors, with a comment (no account needed)',
    description:
      'Any project under way or closed, whether or not its evaluation window is open: access, procedure, officers, result and handling of feedback, 1–5 each, and an optional comment. Refused as spam (422 spam_refused) when the hidden website field is filled in or the comment has more than two links; the same comment from the same address on the same project within a day is 409 duplicate_comment. A retry with the same Idempotency-Key from the same address answers the first comment. At most 30 requests a minute per client (429 with Retry-After).',
    parameters: [param('ProjectCode')],
    requestBody: 'PublicCommentBody',
    command: true,
    success: { '201': { description: 'Recorded.', content: json(ref('PublicCommentAccepted')) } },
    errors: { 404: ['not_found'], 409: ['comments_closed', 'duplicate_comment'], 422: ['spam_refused'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/public/proposals',
    operationId: 'submitResidentsProposal',
    tag: 'Public',
    summary: "Residents propose a project (no account needed)",
    description:
      "A name and a phone number for the coordinator to call back, the proposal itself (title, summary, category, the team it is for, budget, beneficiaries). It enters screening like any other proposal, marked as a residents' proposal; the contact is kept for the staff and never published. Refused as spam when the hidden website field is filled in. A retry with the same Idempotency-Key from the same address starts nothing twice. At most 30 requests a minute per client.",
    requestBody: 'PublicProposalBody',
    command: true,
    success: { '201': { description: 'Submitted: its code and stage.', content: json(ref('ResidentsProposalAccepted')) } },
    errors: { 409: ['conflict'], 422: ['spam_refused', 'unknown_team'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/ledger/head',
    operationId: 'publicLedgerHead',
    tag: 'Public',
    summary: 'The decision ledger\'s current head: sequence number and hash, and how to verify it later (no account needed)',
    description: 'The newest entry\'s sequence number and hash, the newest signed head (compact JWS, Ed25519), and how anyone can check later that history was not rewritten. Cacheable for ten seconds.',
    success: { '200': { description: 'The head.', content: json(ref('PublicLedgerHead')) } },
    errors: { 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Documentation',
    summary: 'This document (OpenAPI 3.1)',
    description: 'Generated from the zod schemas and the role table the API enforces.',
    success: { '200': { description: 'The OpenAPI document.', content: json({ type: 'object' }) } },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'GET',
    path: '/api/docs',
    operationId: 'docs',
    tag: 'Documentation',
    summary: 'This document as a readable page',
    description: 'Plain HTML rendered on the server: no scripts, no external resources.',
    success: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } },
    localized: false,
    touchesServices: false,
  },
];

/** Order of the groups in the document and on the page. */
const TAGS: { name: string; description: string }[] = [
  { name: 'Sessions', description: 'Sign in, refresh, sign out.' },
  { name: 'Projects', description: 'Propose, list, read and cancel community projects.' },
  { name: 'Steps', description: 'Decide steps and move their deadlines.' },
  { name: 'Partner matching', description: 'Invitations, responses and waivers of missing capabilities.' },
  { name: 'Funding', description: 'Budget plan and pledges.' },
  { name: 'Execution', description: 'Milestones, change requests, partner withdrawals.' },
  { name: 'Impact evaluation', description: 'Indicator actuals.' },
  { name: 'Ledger', description: 'The hash-chained record of every decision.' },
  { name: 'Reference', description: 'The signed-in person, units, teams, boards, partners and notifications.' },
  { name: 'Administration', description: 'Reference data kept by admins (users, partners, conflicts of interest, SLA policies, quorum rules), with the trail of every change.' },
  { name: 'Dashboards', description: 'Figures for the dashboards: SLA, pipeline, funding mix, C-Index (scoped by role).' },
  { name: 'Public', description: 'For residents, without an account.' },
  { name: 'Operations', description: 'Liveness and readiness probes (outside /api).' },
  { name: 'Documentation', description: 'This description of the API.' },
];

function errorResponse(status: number, codes: string[]): Json {
  const unique = [...new Set(codes)];
  const response: Json = {
    description: `${ERROR_TEXT[status] ?? 'Error'}: ${unique.join(', ')}.`,
    'x-error-codes': unique,
    content: json(ref('Error')),
  };
  if (status === 429) response.headers = { 'Retry-After': header('RetryAfter'), RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimitPolicy') };
  if (status === 503) response.headers = { 'Retry-After': header('RetryAfter') };
  return response;
}

interface ResolvedOperation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  expressPath: string;
  summary: string;
  permission?: Permission;
  spec: OperationSpec;
}

function operationObject(op: ResolvedOperation): Json {
  const { spec, permission } = op;
  const roles = permission ? [...ACCESS[permission]] : undefined;
  const localized = spec.localized ?? true;
  const touchesServices = spec.touchesServices ?? true;
  const errors: Record<number, string[]> = {};
  const add = (status: number, codes: string[]) => void (errors[status] = [...(errors[status] ?? []), ...codes]);
  if (spec.requestBody) {
    add(400, ['invalid_input', 'invalid_json', 'bad_request']);
    add(413, ['payload_too_large']);
    add(415, ['unsupported_media_type']);
  }
  // A path parameter that is not valid percent-encoding.
  if (op.expressPath.includes('/:')) add(400, ['bad_request']);
  if (spec.command) {
    add(400, ['idempotency_key_required']);
    add(422, ['idempotency_key_reused']);
  }
  if (roles) {
    add(401, ['unauthenticated']);
    // The role check answers 403 only when some role is left out.
    if (ROLES.some((role) => !(roles as string[]).includes(role))) add(403, ['forbidden']);
  }
  for (const [status, codes] of Object.entries(spec.errors ?? {})) if (codes?.length) add(Number(status), codes);
  for (const code of spec.rules ?? []) add(RULE_ERRORS[code].status, [code]);
  // Whatever the workflow records through an activity may be refused by PostgreSQL or not be recorded in time.
  if (spec.rules?.length) for (const code of ['InvalidData', 'NotRecorded'] as const) add(RULE_ERRORS[code].status, [code]);
  if (touchesServices) {
    add(500, ['internal']);
    add(503, ['unavailable']);
  }

  const access = roles ? `Roles: ${roles.join(', ')} (permission ${permission}).` : 'Public: no token needed.';
  const parameters = [...(spec.parameters ?? []), ...(spec.command ? [param('IdempotencyKey')] : []), ...(localized ? [param('AcceptLanguage')] : [])];
  const responses: Json = { ...spec.success };
  for (const status of Object.keys(errors).map(Number).sort((a, b) => a - b)) responses[String(status)] = errorResponse(status, errors[status]!);

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: op.summary,
    description: `${spec.description}\n\n${access}`,
    ...(roles ? { 'x-permission': permission, 'x-roles': roles } : { 'x-public': true, security: [] }),
    ...(spec.command ? { 'x-idempotent-command': true } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.requestBody ? { requestBody: { required: true, content: json(ref(spec.requestBody)) } } : {}),
    responses,
  };
}

const lower = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE') => method.toLowerCase() as ResolvedOperation['method'];
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** ROUTES (summaries, permissions) joined with ROUTE_SPECS, then the public routes; fails on any gap. */
function resolvedOperations(): ResolvedOperation[] {
  const keys = new Set<string>();
  const operations: ResolvedOperation[] = ROUTES.map((route) => {
    const key = `${route.method} ${route.path}`;
    keys.add(key);
    const spec = ROUTE_SPECS[key];
    if (!spec) throw new Error(`api/openapi.ts: ${key} is in ROUTES but not documented in ROUTE_SPECS`);
    return { method: lower(route.method), path: openApiPath(route.path), expressPath: route.path, summary: sentence(route.what), permission: route.permission, spec };
  });
  for (const key of Object.keys(ROUTE_SPECS)) if (!keys.has(key)) throw new Error(`api/openapi.ts: ROUTE_SPECS documents ${key}, which is not in ROUTES`);
  for (const op of PUBLIC_OPERATIONS) {
    operations.push({ method: lower(op.method), path: openApiPath(op.path), expressPath: op.path, summary: op.summary, spec: op });
  }
  const order = new Map(TAGS.map((t, i) => [t.name, i]));
  for (const op of operations) if (!order.has(op.spec.tag)) throw new Error(`api/openapi.ts: unknown tag ${op.spec.tag}`);
  // Stable sort: within a tag, the order of ROUTES.
  return operations.sort((a, b) => order.get(a.spec.tag)! - order.get(b.spec.tag)!);
}

const PARAMETERS: Record<string, Json> = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'Language of error messages and field reasons: vi or en (English when neither is asked for).',
    schema: { type: 'string', examples: ['vi', 'en'] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: 'Required on every command: 8–200 characters of A–Z a–z 0–9 . _ : -. A key belongs to its sender (the signed-in person; the client address for public feedback) and is bound on first use to the method, the path with its parameters and the body (canonical JSON), for at least 24 hours. A retry of the same request with the same key has the effect of one request and answers the first result. Missing or malformed: 400 idempotency_key_required. The same key with another path, step or body: 422 idempotency_key_reused, and nothing is done.',
    schema: inlineSchema(IdempotencyKey),
    example: 'c3f5e2a0-4b1d-4e8a-9a57-0d2f3b6c7e81',
  },
  ProjectId: { name: 'id', in: 'path', required: true, description: 'Project id (UUID).', schema: { type: 'string', format: 'uuid' } },
  ProjectCode: { name: 'code', in: 'path', required: true, description: 'Project code, e.g. BD-2026-0001.', schema: { type: 'string' } },
  StepId: { name: 'id', in: 'path', required: true, description: 'Step id, <workflowId>:<type>:<round>, URL-encoded.', schema: { type: 'string', maxLength: 120 } },
  InvitationId: { name: 'id', in: 'path', required: true, description: 'Invitation id (UUID).', schema: { type: 'string', format: 'uuid' } },
  MilestoneCode: { name: 'code', in: 'path', required: true, description: 'Milestone code, as set in the plan.', schema: { type: 'string', maxLength: 40 } },
  IndicatorCode: { name: 'code', in: 'path', required: true, description: 'Indicator code, as set in the proposal.', schema: { type: 'string', maxLength: 40 } },
  UserId: { name: 'id', in: 'path', required: true, description: 'User id (UUID).', schema: { type: 'string', format: 'uuid' } },
  PartnerId: { name: 'id', in: 'path', required: true, description: 'Partner id (UUID).', schema: { type: 'string', format: 'uuid' } },
  UnitCode: { name: 'id', in: 'path', required: true, description: 'Unit code, e.g. BD.', schema: { type: 'string', maxLength: 40 } },
  CommentId: { name: 'id', in: 'path', required: true, description: 'Comment id (a number).', schema: { type: 'string', pattern: '^\\d+$' } },
  BoardMemberId: { name: 'id', in: 'path', required: true, description: 'Seat id, <boardId>:<userId>, URL-encoded.', schema: { type: 'string', maxLength: 80 } },
  ConflictId: { name: 'id', in: 'path', required: true, description: 'Declaration id (a number).', schema: { type: 'string', pattern: '^\\d+$' } },
};

/** Every {name} in a path has exactly one path parameter, and every path parameter is in the path. */
function checkPathParameters(path: string, parameters: unknown[]): void {
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const declared = parameters
    .map((p) => {
      const pointer = (p as { $ref?: string }).$ref;
      return pointer ? PARAMETERS[pointer.slice('#/components/parameters/'.length)] : (p as Json);
    })
    .filter((p): p is Json => p?.in === 'path')
    .map((p) => String(p.name));
  if (inPath.slice().sort().join() !== declared.slice().sort().join()) {
    throw new Error(`api/openapi.ts: ${path} declares path parameters [${declared.join(', ')}]`);
  }
}

export function buildOpenApiDocument(): Json {
  const operations = resolvedOperations();
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`api/openapi.ts: ${op.method.toUpperCase()} ${op.path} documented twice`);
    const operation = operationObject(op);
    checkPathParameters(op.path, (operation.parameters ?? []) as unknown[]);
    item[op.method] = operation;
  }
  const usedTags = new Set(operations.map((op) => op.spec.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Đồng Hành API',
      version: packageJson.version,
      description: [
        'Workflow and case management for community projects run by a ward or commune.',
        'Every /api route except sign-in, refresh, logout, the public portal\'s routes (/api/public, feedback and comments included) and this documentation needs `Authorization: Bearer <token>` from POST /api/auth/login. Each operation lists the roles allowed (x-roles, from the role table the API enforces); the workflow may narrow further (who decides which step, which partner).',
        "Everything is scoped by unit: a signed-in person sees and acts on their own ward or commune only (admins and auditors too; partner accounts are held to their own partner). A project, step, invitation, pledge, ledger entry, person, partner or declaration of another unit answers 404, exactly as one that does not exist; lists and figures hold the caller's units only.",
        'Every command (a POST, PATCH or DELETE that changes something) needs an Idempotency-Key header; a retry of the same request with the same key has the effect of one request. A key is bound to its first request (method, path, body): sent with another one it is refused with 422 idempotency_key_reused and nothing is done.',
        'Errors always have the shape `{ error: { code, message, fields } }`: 400 invalid input (fields names each field at fault), 401 not signed in, 403 role or rule refuses, 404 not found, 409 conflicts with the current state, 422 breaks a rule, 429 too many requests, 503 PostgreSQL or Temporal unreachable (with Retry-After). Messages follow `Accept-Language: vi|en`. Every answer carries X-Request-Id (send your own to correlate).',
      ].join('\n\n'),
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: TAGS.filter((t) => usedTags.has(t.name)),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/auth/login (HS256, short-lived).' } },
      schemas: { ...componentsFrom(REQUEST_BODY_SCHEMAS, 'input', false), ...componentsFrom(RESPONSE_SCHEMAS, 'output', true) },
      parameters: PARAMETERS,
      headers: {
        ContentRange: { description: '<resource> <start>-<end>/<total>, e.g. `projects 0-24/137`.', schema: { type: 'string', pattern: '^[a-z]+ \\d+-\\d+/\\d+$' } },
        RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
        RateLimit: { description: 'Remaining quota (IETF draft 8 RateLimit header).', schema: { type: 'string' } },
        RateLimitPolicy: { description: 'Quota policy (IETF draft 8 RateLimit-Policy header).', schema: { type: 'string' } },
        Location: { description: 'URL of the created resource.', schema: { type: 'string' } },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTML rendering (server-side, no scripts, no external resources: fits the API's CSP).

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const anchor = (value: string) => value.replace(/[^A-Za-z0-9_-]+/g, '-');
const pretty = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function resolveRef(doc: Json, value: unknown): Json | undefined {
  const pointer = (value as { $ref?: unknown })?.$ref;
  if (typeof pointer !== 'string' || !pointer.startsWith('#/')) return value as Json | undefined;
  let node: unknown = doc;
  for (const part of pointer.slice(2).split('/')) node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Json | undefined;
}

/** A schema as a link to its component when it is a reference (or an array of one), else pretty-printed. */
function schemaHtml(schema: unknown): string {
  const pointer = (schema as { $ref?: unknown })?.$ref;
  if (typeof pointer === 'string' && pointer.startsWith('#/components/schemas/')) {
    const name = pointer.slice('#/components/schemas/'.length);
    return `<a href="#schema-${escapeHtml(anchor(name))}">${escapeHtml(name)}</a>`;
  }
  const s = schema as Json | undefined;
  if (s?.type === 'array' && s.items && Object.keys(s).length === 2 && (s.items as Json).$ref) return `array of ${schemaHtml(s.items)}`;
  return pretty(schema);
}

function paragraphs(text: unknown): string {
  return String(text ?? '')
    .split(/\n{2,}/)
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

/** A short, readable type: a link for a component, the values of an enum, "array of …", "… or null". */
function typeText(schema: unknown): string {
  const s = (schema ?? {}) as Json;
  if (typeof s.$ref === 'string') return schemaHtml(s);
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).map((v) => `<code>${escapeHtml(v)}</code>`).join(', ')}`;
  if ('const' in s) return `<code>${escapeHtml(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.anyOf)) return (s.anyOf as unknown[]).map(typeText).join(' or ');
  if (s.type === 'array') return `array of ${typeText(s.items)}`;
  const type = Array.isArray(s.type) ? (s.type as string[]).join(' or ') : String(s.type ?? 'any');
  return `${escapeHtml(type)}${s.format ? ` <span class="ct">(${escapeHtml(s.format)})</span>` : ''}`;
}

const CONSTRAINTS = ['minLength', 'maxLength', 'minimum', 'exclusiveMinimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'default'] as const;

function constraintsText(schema: unknown): string {
  const s = (schema ?? {}) as Json;
  // The long regexes zod writes next to a format (uuid, email, …) say nothing the format does not.
  const own = CONSTRAINTS.filter((k) => s[k] !== undefined && !(k === 'pattern' && s.format)).map((k) => `${k} <code>${escapeHtml(typeof s[k] === 'string' ? s[k] : JSON.stringify(s[k]))}</code>`);
  const items = s.type === 'array' && s.items && !(s.items as Json).$ref ? constraintsText(s.items) : '';
  return [...own, ...(items ? [`each: ${items}`] : [])].join(', ');
}

/** The fields of an object schema as a table (nested shapes stay in the JSON below it). */
function fieldsTable(doc: Json, schema: unknown): string {
  const s = resolveRef(doc, schema) ?? {};
  const properties = s.properties as Record<string, Json> | undefined;
  if (s.type !== 'object' || !properties) return '';
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(properties).map(
    ([name, p]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${typeText(p)}</td><td>${constraintsText(p)}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>Field</th><th>Required</th><th>Type</th><th>Constraints</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Fields table, then the exact JSON Schema folded (a <details> element: no script needed). */
function schemaBlock(doc: Json, schema: unknown): string {
  const table = fieldsTable(doc, schema);
  const json = pretty(resolveRef(doc, schema));
  return table ? `${table}<details><summary>JSON Schema</summary>${json}</details>` : json;
}

function contentHtml(content: unknown): string {
  return Object.entries((content ?? {}) as Record<string, Json>)
    .map(([type, media]) => `<div><span class="ct">${escapeHtml(type)}</span> ${schemaHtml(media.schema)}</div>`)
    .join('');
}

const opAnchor = (method: string, path: string) => `op-${anchor(`${method}-${path}`)}`;

function operationHtml(doc: Json, path: string, method: string, op: Json): string {
  const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).map((r) => `<code>${escapeHtml(r)}</code>`).join(' ') : '<em>public: no token needed</em>';
  const parts = [
    `<section class="op" id="${escapeHtml(opAnchor(method, path))}">`,
    `<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${escapeHtml(op.summary ?? '')}</p>`,
    // The access sentence of the description is shown as the Roles line below.
    paragraphs(
      String(op.description ?? '')
        .split(/\n{2,}/)
        .filter((p) => !/^(Roles: |Public: no token)/.test(p))
        .join('\n\n'),
    ),
    `<p><strong>Roles:</strong> ${roles}${op['x-permission'] ? ` <span class="ct">(permission <code>${escapeHtml(op['x-permission'])}</code>)</span>` : ''}</p>`,
  ];
  const params = ((op.parameters ?? []) as unknown[]).map((p) => resolveRef(doc, p)).filter((p): p is Json => !!p);
  if (params.length) {
    parts.push('<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Description</th><th>Schema</th></tr></thead><tbody>');
    for (const p of params) {
      parts.push(
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}${
          p.example !== undefined ? `<br>Example: <code>${escapeHtml(p.example)}</code>` : ''
        }</td><td>${pretty(p.schema)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  const body = op.requestBody as Json | undefined;
  if (body) {
    parts.push('<h4>Request body</h4>');
    for (const [type, media] of Object.entries((body.content ?? {}) as Record<string, Json>)) {
      parts.push(`<p><span class="ct">${escapeHtml(type)}</span> ${schemaHtml(media.schema)}${body.required ? ' (required)' : ''}</p>`, schemaBlock(doc, media.schema));
    }
  }
  parts.push('<h4>Responses</h4><table><thead><tr><th>Status</th><th>Description</th><th>Headers</th><th>Body</th></tr></thead><tbody>');
  for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
    const response = resolveRef(doc, raw) ?? {};
    const headers = Object.keys((response.headers ?? {}) as Json)
      .map((h) => `<code>${escapeHtml(h)}</code>`)
      .join(' ');
    parts.push(`<tr><td><strong>${escapeHtml(status)}</strong></td><td>${escapeHtml(response.description ?? '')}</td><td>${headers}</td><td>${contentHtml(response.content)}</td></tr>`);
  }
  parts.push('</tbody></table></section>');
  return parts.join('\n');
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:0 auto;padding:1rem 1.5rem;color:#1d2327}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem;font-size:.85em}
.method.get{background:#1769aa}.method.post{background:#2e7d32}.method.patch{background:#8a5a00}.method.delete{background:#b71c1c}
.summary{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #e2e2e2;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f7f7}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:28rem;margin:.3rem 0;font-size:.85em}
.ct{color:#666;font-size:.85em}code{font-size:.92em}
details{margin:.3rem 0 .8rem}summary{cursor:pointer;color:#1769aa}
nav h3{margin:.8rem 0 .2rem;font-size:1em}nav ul{margin:0;padding-left:1.2rem}
`;

/** The whole document as one self-contained HTML page (grouped by tag, routes in the document's order). */
export function renderDocsHtml(document: object): string {
  const doc = document as Json;
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const ops: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(paths)) for (const [method, op] of Object.entries(item)) ops.push({ path, method, op });
  const tags = ((doc.tags ?? []) as Json[]).map((t) => ({ name: String(t.name), description: String(t.description ?? '') }));
  const inTag = (name: string) => ops.filter(({ op }) => ((op.tags ?? []) as string[])[0] === name);
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const security = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(info.title)}</h1>`,
    `<p>Version ${escapeHtml(info.version)} · OpenAPI ${escapeHtml(doc.openapi)} · <a href="openapi.json">openapi.json</a> (for tools and code generators)</p>`,
    paragraphs(info.description),
    '<h2>Authentication</h2>',
    ...Object.entries(security).map(([name, s]) => `<p><code>${escapeHtml(name)}</code>: ${escapeHtml(s.type)} ${escapeHtml(s.scheme ?? '')} ${escapeHtml(s.bearerFormat ?? '')}. ${escapeHtml(s.description ?? '')}</p>`),
    '<h2 id="routes">Routes</h2><nav>',
    ...tags.flatMap((tag) => [
      `<h3>${escapeHtml(tag.name)} <span class="ct">${escapeHtml(tag.description)}</span></h3><ul>`,
      ...inTag(tag.name).map(({ path, method, op }) => {
        const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).join(', ') : 'public';
        return `<li><a href="#${escapeHtml(opAnchor(method, path))}">${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</a> · ${escapeHtml(op.summary ?? '')} <span class="ct">(${escapeHtml(roles)})</span></li>`;
      }),
      '</ul>',
    ]),
    '</nav>',
    ...tags.flatMap((tag) => [`<h2 id="tag-${escapeHtml(anchor(tag.name))}">${escapeHtml(tag.name)}</h2>`, ...inTag(tag.name).map(({ path, method, op }) => operationHtml(doc, path, method, op))]),
    '<h2 id="schemas">Schemas</h2>',
    ...Object.entries(schemas).map(([name, schema]) => `<section id="schema-${escapeHtml(anchor(name))}"><h3>${escapeHtml(name)}</h3>${(schema as Json).description ? `<p>${escapeHtml((schema as Json).description)}</p>` : ''}${schemaBlock(doc, schema)}</section>`),
    '</body></html>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Router: public, mounted on the /api router before authentication.

export function openApiRouter(): Router {
  const router = Router();
  let document: Json | undefined;
  let html: string | undefined;
  const doc = () => (document ??= buildOpenApiDocument());
  router.get('/openapi.json', (_req, res) => void res.json(doc()));
  router.get('/docs', (_req, res) => void res.type('html').send((html ??= renderDocsHtml(doc()))));
  return router;
}

// ---------------------------------------------------------------------------------------------
// Compile-time checks: the response schemas above name the same fields the read model returns.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type SameKeys<A, S extends z.ZodType> = Equal<keyof A, keyof z.infer<S>>;
type Detail = NonNullable<Awaited<ReturnType<typeof projectDetail>>>;
type Item<K extends keyof Detail> = Detail[K] extends readonly (infer E)[] ? E : never;
export type OpenApiShapeChecks = [
  Assert<SameKeys<ReturnType<typeof toProject>, typeof ProjectSchema>>,
  Assert<SameKeys<NonNullable<ReturnType<typeof toProject>['activeStep']>, typeof ActiveStepSchema>>,
  Assert<SameKeys<Detail, typeof ProjectDetailSchema>>,
  Assert<SameKeys<Item<'steps'>, typeof StepSchema>>,
  Assert<SameKeys<Item<'deciderEvents'>, typeof DeciderEventSchema>>,
  Assert<SameKeys<Item<'dissentNotes'>, typeof DissentNoteSchema>>,
  Assert<SameKeys<NonNullable<Detail['consultation']>, typeof ConsultationSchema>>,
  Assert<SameKeys<Recusal, typeof RecusalSchema>>,
  Assert<SameKeys<ReturnType<typeof toDecision>, typeof DecisionSchema>>,
  Assert<SameKeys<Item<'invitations'>, typeof InvitationSchema>>,
  Assert<SameKeys<Item<'commitments'>, typeof CommitmentSchema>>,
  Assert<SameKeys<Item<'pledges'>, typeof PledgeSchema>>,
  Assert<SameKeys<Item<'budgetLines'>, typeof BudgetLineSchema>>,
  Assert<SameKeys<Item<'milestones'>, typeof MilestoneSchema>>,
  Assert<SameKeys<Item<'indicators'>, typeof IndicatorSchema>>,
  Assert<SameKeys<Item<'candidates'>, typeof CandidateSchema>>,
  Assert<SameKeys<Item<'waivers'>, typeof WaiverSchema>>,
  Assert<SameKeys<Item<'earlyWarnings'>, typeof EarlyWarningSchema>>,
  Assert<SameKeys<Item<'changeRequests'>, typeof ChangeRequestSchema>>,
  Assert<SameKeys<Detail['feedback'], typeof FeedbackSummarySchema>>,
  Assert<SameKeys<PublicCommentRecord, typeof PublicCommentRecordSchema>>,
  Assert<SameKeys<SessionTokens, typeof SessionSchema>>,
  Assert<SameKeys<SessionTokens['user'], typeof MeSchema>>,
  Assert<z.infer<typeof ChainVerdictSchema> extends DomainChainVerdict ? true : false>,
  Assert<DomainChainVerdict extends z.infer<typeof ChainVerdictSchema> ? true : false>,
  Assert<Equal<(typeof DECIDERS)[number], Decider>>,
];
