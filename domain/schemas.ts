import { z } from 'zod';
import { CHANGE_KINDS, CHOICES, EVALUATION_OUTCOMES, PROJECT_CATEGORIES, RECOMMENDATIONS, STEP_TYPES } from './lifecycle';
import { CAPABILITIES } from './matching';
import { FUNDING_SOURCES } from './funding';
import { ROLES } from './roles';
import { DURATION_UNITS } from './durations';

/**
 * One schema per shape, shared by the API (validation) and the workflow (types). Messages come
 * from zod's own English and Vietnamese locales, chosen per request by the API.
 */
export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const ProposalBody = z.object({
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(10).max(4000),
  category: z.enum(PROJECT_CATEGORIES),
  leadTeamCode: z.string().trim().min(1).max(40),
  requestedBudgetVnd: z.number().int().min(0).max(1e15),
  /** What partner matching must cover (R1); a default for the category when absent. */
  requiredCapabilities: z.array(z.enum(CAPABILITIES)).min(1).max(CAPABILITIES.length).optional(),
  /** Quality-of-life indicators with baseline and target (R5). */
  indicators: z
    .array(
      z.object({
        code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
        name: z.string().trim().min(2).max(200),
        unit: z.string().trim().min(1).max(40),
        baseline: z.number().finite(),
        target: z.number().finite(),
      }),
    )
    .max(20)
    .refine((list) => new Set(list.map((i) => i.code)).size === list.length, { message: 'indicator codes must be unique' })
    .optional(),
});
export type ProposalBody = z.infer<typeof ProposalBody>;

/** A link to evidence anyone in the trail may open: http(s) only, never javascript: or data: (R9, R21). */
const evidenceLink = z.url({ protocol: /^https?$/ }).max(2000);
const evidence = z.array(evidenceLink).max(20);

export const DecisionBody = z.object({
  choice: z.enum(CHOICES),
  rationale: z.string().trim().max(4000).optional(),
  evidence: evidence.default([]),
  conflictOfInterest: z.string().trim().max(2000).optional(),
  /** Board sign-off only: the outcome and what to do next (R5, R11). */
  outcome: z.enum(EVALUATION_OUTCOMES).optional(),
  recommendation: z.enum(RECOMMENDATIONS).optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

const reason = z.string().trim().min(3).max(4000);
const vnd = z.number().int().min(0).max(1e15);

export const InvitationBody = z.object({ partnerId: z.uuid(), capability: z.enum(CAPABILITIES) });
export const InvitationResponseBody = z
  .object({ accept: z.boolean(), resources: z.string().trim().min(3).max(2000).optional(), reason: z.string().trim().max(2000).optional() })
  .refine((b) => !b.accept || Boolean(b.resources), { message: 'say what you commit (resources) when you accept', path: ['resources'] });
export type InvitationResponseBody = z.infer<typeof InvitationResponseBody>;
export const WaiverBody = z
  .object({ gap: z.enum(['capability', 'socialization']), capability: z.enum(CAPABILITIES).optional(), rationale: reason })
  .refine((b) => b.gap !== 'capability' || Boolean(b.capability), { message: 'name the capability to waive', path: ['capability'] });
export const PlanBody = z.object({
  lines: z.array(z.object({ label: z.string().trim().min(2).max(200), amountVnd: vnd })).min(1).max(100),
  milestones: z
    .array(
      z.object({
        code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
        title: z.string().trim().min(2).max(200),
        ownerTeamCode: z.string().trim().min(1).max(40),
        dueDate: z.iso.date(),
      }),
    )
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((m) => m.code)).size === list.length, { message: 'milestone codes must be unique' }),
});
export const PledgeBody = z
  .object({
    source: z.enum(FUNDING_SOURCES),
    amountVnd: vnd.default(0),
    hours: z.number().positive().max(1e6).optional(),
    partnerId: z.uuid().optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((b) => (b.source === 'volunteer_hours' ? b.hours !== undefined : b.amountVnd > 0), { message: 'give amountVnd above 0, or hours for volunteer time', path: ['amountVnd'] });
export const MilestoneCompletionBody = z.object({ evidence: evidence.min(1) });
export const ChangeRequestBody = z.object({
  kind: z.enum(CHANGE_KINDS),
  description: reason,
  budgetDeltaVnd: z.number().int().min(-1e15).max(1e15).default(0),
  scheduleShiftDays: z.number().int().min(-365).max(365).default(0),
});
export const WithdrawalBody = z.object({ partnerId: z.uuid().optional(), reason });
export const IndicatorActualBody = z.object({ actual: z.number().finite(), evidence: evidence.min(1) });
export const CancellationBody = z.object({ rationale: reason });
export const ExtensionBody = z.object({ workingDays: z.number().int().min(1).max(60), reason });
export const FeedbackBody = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional(), channel: z.enum(['portal', 'meeting', 'hotline']).default('portal') });

/** Sent as the Idempotency-Key header on every command. */
export const IdempotencyKey = z.string().min(8).max(200).regex(/^[A-Za-z0-9._:-]+$/);

/** react-admin list parameters (ra-data-simple-rest): JSON-encoded sort, range and filter. */
export const ListQuery = z.object({
  sort: z.string().optional(),
  range: z.string().optional(),
  filter: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Reference data kept by admins (R18: who may do what is data, and every change is traced).

/** Kinds of registered partner (R1: businesses, coops, mass organisations, schools, residents, scientists, the province). */
export const PARTNER_KINDS = ['business', 'coop', 'mass_org', 'school', 'resident_group', 'scientist', 'province'] as const;
/** Step types an SLA policy can be set for: the steps, plus invitation response deadlines and the feedback window. */
export const SLA_POLICY_TYPES = [...STEP_TYPES, 'invitation_response', 'feedback_window'] as const;

const password = z.string().min(12).max(200);
const displayName = z.string().trim().min(2).max(200);
const code = z.string().trim().min(1).max(40);

export const UserCreateBody = z
  .object({
    email: z.string().trim().toLowerCase().email().max(200),
    displayName,
    role: z.enum(ROLES),
    password,
    unitCode: code.optional(),
    teamCode: code.nullable().optional(),
    partnerId: z.uuid().nullable().optional(),
    active: z.boolean().default(true),
  })
  .refine((b) => b.role !== 'partner' || Boolean(b.partnerId), { message: 'a partner account names its partner', path: ['partnerId'] })
  .refine((b) => b.role !== 'team_lead' || Boolean(b.teamCode), { message: 'a team lead names their team', path: ['teamCode'] });
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    email: z.string().trim().toLowerCase().email().max(200),
    displayName,
    role: z.enum(ROLES),
    password,
    teamCode: code.nullable(),
    partnerId: z.uuid().nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const PartnerCreateBody = z.object({
  name: z.string().trim().min(2).max(200),
  kind: z.enum(PARTNER_KINDS),
  capabilities: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length).default([]),
  contactEmail: z.string().trim().toLowerCase().email().max(200).nullable().optional(),
  unitCode: code.optional(),
});
export type PartnerCreateBody = z.infer<typeof PartnerCreateBody>;

export const PartnerUpdateBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    kind: z.enum(PARTNER_KINDS),
    capabilities: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length),
    contactEmail: z.string().trim().toLowerCase().email().max(200).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type PartnerUpdateBody = z.infer<typeof PartnerUpdateBody>;

/** R21: a conflict on a project or with a partner; a board member declares their own, an admin anyone's. */
export const ConflictOfInterestBody = z
  .object({
    userId: z.uuid().optional(),
    projectId: z.uuid().optional(),
    partnerId: z.uuid().optional(),
    reason: z.string().trim().min(3).max(2000),
  })
  .refine((b) => Boolean(b.projectId) !== Boolean(b.partnerId), { message: 'name either the project or the partner', path: ['projectId'] });
export type ConflictOfInterestBody = z.infer<typeof ConflictOfInterestBody>;

/** A new version of a step type's SLA policy; steps already open keep the version they started with. */
export const SlaPolicyVersionBody = z
  .object({
    stepType: z.enum(SLA_POLICY_TYPES),
    responsibleTeamCode: code.nullable().default(null),
    durationValue: z.number().positive().max(100_000),
    durationUnit: z.enum(DURATION_UNITS),
    atRiskRatio: z.number().gt(0).lt(1),
    escalationLadder: z
      .array(z.object({ level: z.number().int().min(1).max(10), role: z.string().trim().min(2).max(40), after: z.number().min(0).max(100_000) }))
      .max(10)
      .default([])
      .refine((ladder) => ladder.every((r, i) => i === 0 || r.level > ladder[i - 1]!.level), { message: 'levels must rise' }),
    activeFrom: z.iso.datetime({ offset: true }).optional(),
  });
export type SlaPolicyVersionBody = z.infer<typeof SlaPolicyVersionBody>;

/** A new version of the board's quorum rule (R4); votes already open keep theirs. */
export const QuorumRuleVersionBody = z.object({
  minVoters: z.number().int().min(1).max(100),
  majority: z.enum(['simple', 'two_thirds']),
  requireNonGovernment: z.boolean(),
  abstentionsCountAsPresent: z.boolean(),
  activeFrom: z.iso.datetime({ offset: true }).optional(),
});
export type QuorumRuleVersionBody = z.infer<typeof QuorumRuleVersionBody>;
