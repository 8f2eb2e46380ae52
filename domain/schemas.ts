import { z } from 'zod';
import { CHANGE_KINDS, CHOICES, EVALUATION_OUTCOMES, PROJECT_CATEGORIES, RECOMMENDATIONS, STEP_TYPES } from './lifecycle';
import { CAPABILITIES } from './matching';
import { FUNDING_SOURCES } from './funding';
import { ROLES } from './roles';
import { DURATION_UNITS } from './durations';
import { BOARD_SEATS } from './quorum';

/**
 * One schema per shape, shared by the API (validation) and the workflow (types). Messages come
 * from zod's own English and Vietnamese locales, chosen per request by the API.
 */

// The text rules (no control characters, no lone surrogates) live in domain/text.ts, shared with domain/notifications.ts.
export { TEXT_RULES, safeText, plainText, type TextRule } from './text';
import { safeText, plainText } from './text';

export const LoginBody = z.strictObject({
  email: plainText().trim().toLowerCase().email(),
  password: plainText().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.strictObject({ refreshToken: plainText().min(20).max(200) });
export type RefreshBody = z.infer<typeof RefreshBody>;

/** Logout ends the session of the refresh token, or of the access token sent as `Authorization: Bearer`. */
export const LogoutBody = z.strictObject({ refreshToken: plainText().min(20).max(200).optional() });
export type LogoutBody = z.infer<typeof LogoutBody>;

export const ProposalBody = z.strictObject({
  title: plainText().trim().min(3).max(200),
  summary: plainText({ multiline: true }).trim().min(10).max(4000),
  category: z.enum(PROJECT_CATEGORIES),
  leadTeamCode: plainText().trim().min(1).max(40),
  requestedBudgetVnd: z.number().int().min(0).max(1e15),
  /** What partner matching must cover (R1); a default for the category when absent. */
  requiredCapabilities: z.array(z.enum(CAPABILITIES)).min(1).max(CAPABILITIES.length).optional(),
  /** Quality-of-life indicators with baseline and target (R5). */
  indicators: z
    .array(
      z.strictObject({
        code: plainText().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
        name: plainText().trim().min(2).max(200),
        unit: plainText().trim().min(1).max(40),
        baseline: z.number().finite(),
        target: z.number().finite(),
      }),
    )
    .max(20)
    .refine((list) => new Set(list.map((i) => i.code)).size === list.length, { message: 'indicator codes must be unique' })
    .optional(),
  /** Who the project is for and how many people it reaches (R9); published on the portal. */
  beneficiaries: z
    .strictObject({
      who: plainText({ multiline: true }).trim().min(3).max(1000),
      count: z.number().int().min(0).max(100_000_000),
    })
    .optional(),
});
export type ProposalBody = z.infer<typeof ProposalBody>;

/** What the proposer may change when resubmitting a returned proposal; only what differs is recorded. */
// .partial() drops strictness in zod: rebuilt as a strict object from its shape.
export const ProposalChanges = z.strictObject(ProposalBody.pick({ title: true, summary: true, requestedBudgetVnd: true, requiredCapabilities: true, indicators: true }).partial().shape);
export type ProposalChanges = z.infer<typeof ProposalChanges>;

/** A link to evidence anyone in the trail may open: http(s) only, never javascript: or data: (R9, R21). */
const evidenceLink = safeText(z.url({ protocol: /^https?$/ }).max(2000));
const evidence = z.array(evidenceLink).max(20);

export const DecisionBody = z.strictObject({
  choice: z.enum(CHOICES),
  rationale: plainText({ multiline: true }).trim().max(4000).optional(),
  evidence: evidence.default([]),
  conflictOfInterest: plainText({ multiline: true }).trim().max(2000).optional(),
  /** Board sign-off only: the outcome and what to do next (R5, R11). */
  outcome: z.enum(EVALUATION_OUTCOMES).optional(),
  recommendation: z.enum(RECOMMENDATIONS).optional(),
  /** Resubmission only: the proposal as the proposer changed it (R11: try, fix). */
  proposal: ProposalChanges.optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

const reason = plainText({ multiline: true }).trim().min(3).max(4000);
const vnd = z.number().int().min(0).max(1e15);

export const InvitationBody = z.strictObject({ partnerId: z.uuid(), capability: z.enum(CAPABILITIES) });
export const InvitationResponseBody = z
  .strictObject({ accept: z.boolean(), resources: plainText({ multiline: true }).trim().min(3).max(2000).optional(), reason: plainText({ multiline: true }).trim().max(2000).optional() })
  .refine((b) => !b.accept || Boolean(b.resources), { message: 'say what you commit (resources) when you accept', path: ['resources'] });
export type InvitationResponseBody = z.infer<typeof InvitationResponseBody>;
export const WaiverBody = z
  .strictObject({ gap: z.enum(['capability', 'socialization']), capability: z.enum(CAPABILITIES).optional(), rationale: reason })
  .refine((b) => b.gap !== 'capability' || Boolean(b.capability), { message: 'name the capability to waive', path: ['capability'] });
export const PlanBody = z.strictObject({
  lines: z.array(z.strictObject({ label: plainText().trim().min(2).max(200), amountVnd: vnd })).min(1).max(100),
  milestones: z
    .array(
      z.strictObject({
        code: plainText().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
        title: plainText().trim().min(2).max(200),
        ownerTeamCode: plainText().trim().min(1).max(40),
        dueDate: z.iso.date(),
      }),
    )
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((m) => m.code)).size === list.length, { message: 'milestone codes must be unique' }),
});
export const PledgeBody = z
  .strictObject({
    source: z.enum(FUNDING_SOURCES),
    amountVnd: vnd.default(0),
    hours: z.number().positive().max(1e6).optional(),
    partnerId: z.uuid().optional(),
    note: plainText({ multiline: true }).trim().max(1000).optional(),
  })
  .refine((b) => (b.source === 'volunteer_hours' ? b.hours !== undefined : b.amountVnd > 0), { message: 'give amountVnd above 0, or hours for volunteer time', path: ['amountVnd'] });
/** A milestone is done: evidence links, and a note for the ledger (R20). */
export const MilestoneCompletionBody = z.strictObject({ evidence: evidence.min(1), note: plainText({ multiline: true }).trim().max(2000).optional() });
export const ChangeRequestBody = z.strictObject({
  kind: z.enum(CHANGE_KINDS),
  description: reason,
  budgetDeltaVnd: z.number().int().min(-1e15).max(1e15).default(0),
  scheduleShiftDays: z.number().int().min(-365).max(365).default(0),
});
export const WithdrawalBody = z.strictObject({ partnerId: z.uuid().optional(), reason });
export const IndicatorActualBody = z.strictObject({ actual: z.number().finite(), evidence: evidence.min(1) });
export const CancellationBody = z.strictObject({ rationale: reason });
export const ExtensionBody = z.strictObject({ workingDays: z.number().int().min(1).max(60), reason });
/** A step's accountable person changes, with the reason (issue 13, R20). */
export const ReassignmentBody = z.strictObject({ assigneeUserId: z.uuid(), reason });
/** A board member's dissenting opinion, kept as a note when the vote closed before it was sent (issue 14). */
export const DissentNoteBody = z.strictObject({ text: reason });
export const FeedbackBody = z.strictObject({ rating: z.number().int().min(1).max(5), comment: plainText({ multiline: true }).trim().max(2000).optional(), channel: z.enum(['portal', 'meeting', 'hotline']).default('portal') });

const voiceFactor = z.number().int().min(1).max(5);
/** A resident's rating of a project on five factors, 1–5 each, with an optional comment (R8, R19). */
export const PublicCommentBody = z.strictObject({
  ratings: z.strictObject({ access: voiceFactor, procedure: voiceFactor, officers: voiceFactor, result: voiceFactor, handling: voiceFactor }),
  comment: plainText({ multiline: true }).trim().min(3).max(2000).optional(),
  /** Hidden on the portal's form: people leave it empty, robots fill it in (domain/citizen-voice.ts). */
  website: plainText().max(200).optional(),
});
export type PublicCommentBody = z.infer<typeof PublicCommentBody>;

/**
 * A proposal residents send from the portal (R19: residents propose): their name and a phone number
 * for the coordinator to call back, no account. It enters screening like any other proposal.
 */
export const PublicProposalBody = z.strictObject({
  ...ProposalBody.pick({ title: true, summary: true, category: true, leadTeamCode: true, requestedBudgetVnd: true, beneficiaries: true }).shape,
  name: plainText().trim().min(2).max(120),
  phone: plainText()
    .transform((v) => v.replace(/[\s.-]/g, ''))
    .pipe(z.string().regex(/^(\+84|0)\d{9,10}$/)),
  /** Hidden on the portal's form, like the comment form's. */
  website: plainText().max(200).optional(),
});
export type PublicProposalBody = z.infer<typeof PublicProposalBody>;

/** A team lead's public answer to a comment ("tiếp thu, giải trình": taken in and explained). */
export const CommentAnswerBody = z.strictObject({ answer: plainText({ multiline: true }).trim().min(10).max(4000) });
export type CommentAnswerBody = z.infer<typeof CommentAnswerBody>;

/** Moderation: a comment is hidden from the portal with a reason, never deleted. */
export const CommentHideBody = z.strictObject({ reason: plainText({ multiline: true }).trim().min(3).max(1000) });
export type CommentHideBody = z.infer<typeof CommentHideBody>;

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

const password = plainText().min(12).max(200);
const displayName = plainText().trim().min(2).max(200);
const code = plainText().trim().min(1).max(40);

export const UserCreateBody = z
  .strictObject({
    email: plainText().trim().toLowerCase().email().max(200),
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
  .strictObject({
    email: plainText().trim().toLowerCase().email().max(200),
    displayName,
    role: z.enum(ROLES),
    password,
    teamCode: code.nullable(),
    partnerId: z.uuid().nullable(),
    active: z.boolean(),
  })
  .partial()
  // partial() drops strictness: unknown fields stay a 400.
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const PartnerCreateBody = z.strictObject({
  name: plainText().trim().min(2).max(200),
  kind: z.enum(PARTNER_KINDS),
  capabilities: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length).default([]),
  contactEmail: plainText().trim().toLowerCase().email().max(200).nullable().optional(),
  unitCode: code.optional(),
});
export type PartnerCreateBody = z.infer<typeof PartnerCreateBody>;

export const PartnerUpdateBody = z
  .strictObject({
    name: plainText().trim().min(2).max(200),
    kind: z.enum(PARTNER_KINDS),
    capabilities: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length),
    contactEmail: plainText().trim().toLowerCase().email().max(200).nullable(),
  })
  .partial()
  // partial() drops strictness: unknown fields stay a 400.
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type PartnerUpdateBody = z.infer<typeof PartnerUpdateBody>;

/** R21: a conflict on a project or with a partner; a board member declares their own, an admin anyone's. */
export const ConflictOfInterestBody = z
  .strictObject({
    userId: z.uuid().optional(),
    projectId: z.uuid().optional(),
    partnerId: z.uuid().optional(),
    reason: plainText({ multiline: true }).trim().min(3).max(2000),
  })
  .refine((b) => Boolean(b.projectId) !== Boolean(b.partnerId), { message: 'name either the project or the partner', path: ['projectId'] });
export type ConflictOfInterestBody = z.infer<typeof ConflictOfInterestBody>;

/** A new version of a step type's SLA policy; steps already open keep the version they started with. */
export const SlaPolicyVersionBody = z
  .strictObject({
    stepType: z.enum(SLA_POLICY_TYPES),
    responsibleTeamCode: code.nullable().default(null),
    // Stored as numeric(12,3) and numeric(4,3): a finer value would be rounded (to 0, or to 1) by PostgreSQL.
    durationValue: z.number().min(0.001).max(100_000).multipleOf(0.001),
    durationUnit: z.enum(DURATION_UNITS),
    atRiskRatio: z.number().min(0.001).max(0.999).multipleOf(0.001),
    escalationLadder: z
      .array(z.strictObject({ level: z.number().int().min(1).max(10), role: plainText().trim().min(2).max(40), after: z.number().min(0).max(100_000) }))
      .max(10)
      .default([])
      .refine((ladder) => ladder.every((r, i) => i === 0 || r.level > ladder[i - 1]!.level), { message: 'levels must rise' }),
    activeFrom: z.iso.datetime({ offset: true }).optional(),
  });
export type SlaPolicyVersionBody = z.infer<typeof SlaPolicyVersionBody>;

/** A new version of the board's quorum rule (R4); votes already open keep theirs. */
export const QuorumRuleVersionBody = z.strictObject({
  minVoters: z.number().int().min(1).max(100),
  majority: z.enum(['simple', 'two_thirds']),
  requireNonGovernment: z.boolean(),
  abstentionsCountAsPresent: z.boolean(),
  activeFrom: z.iso.datetime({ offset: true }).optional(),
});
export type QuorumRuleVersionBody = z.infer<typeof QuorumRuleVersionBody>;

/** A new version of the consultation policy (R22): projects screened after `activeFrom` follow it. */
export const ConsultationPolicyVersionBody = z.strictObject({
  thresholdVnd: z.number().int().min(0).max(1_000_000_000_000_000),
  windowWorkingDays: z.number().int().min(1).max(60),
  reason: plainText({ multiline: true }).trim().min(3).max(1000),
  activeFrom: z.iso.datetime({ offset: true }).optional(),
});
export type ConsultationPolicyVersionBody = z.infer<typeof ConsultationPolicyVersionBody>;

/** The Fatherland Front's opinion on a plan in consultation (R22), recorded by a coordinator on its behalf. */
export const FrontOpinionBody = z.strictObject({
  opinion: plainText({ multiline: true }).trim().min(3).max(5000),
  /** The date of the Front's letter. */
  letterDate: z.iso.date(),
  /** The letter's number or a link to it (optional). */
  documentRef: plainText().trim().min(1).max(200).optional(),
});
export type FrontOpinionBody = z.infer<typeof FrontOpinionBody>;


/** Names (or clears) a unit's chair: the person the last escalation level (unit_chair) reaches. */
export const UnitUpdateBody = z
  .strictObject({
    chairUserId: z.uuid().nullable().optional(),
    /** The unit's IATI organisation identifier for open data (issue 16); null falls back to the placeholder VN-DONGHANH-<unit>. */
    // Agency prefix and number, e.g. VN-COA-123; the text rules first (control characters), then the form.
    iatiOrgId: plainText()
      .trim()
      .regex(/^[A-Z]{2}(-[A-Za-z0-9._]{1,40}){1,3}$/)
      .nullable()
      .optional(),
  })
  .refine((b) => b.chairUserId !== undefined || b.iatiOrgId !== undefined, { message: 'name the chair or the IATI organisation identifier', path: ['chairUserId'] })
  .meta({
    description:
      "The unit's chair, an active user of the unit (null: none, the last escalation level then reaches nobody), and its IATI organisation identifier (null: the placeholder VN-DONGHANH-<unit>). Either or both.",
  });
export type UnitUpdateBody = z.infer<typeof UnitUpdateBody>;

/** A seat on the unit's board (R4): a person of the unit, their seat, whether they chair it, and from (default today) until when. */
export const BoardMemberCreateBody = z
  .strictObject({
    userId: z.uuid(),
    seat: z.enum(BOARD_SEATS),
    isChair: z.boolean().default(false),
    since: z.iso.date().optional(),
    until: z.iso.date().nullable().default(null),
  })
  .refine((b) => !b.since || !b.until || b.until >= b.since, { message: 'until is on or after since', path: ['until'] })
  .meta({ description: "Seats a person of the caller's unit on the unit's board; a seat that ended may be taken again." });
export type BoardMemberCreateBody = z.infer<typeof BoardMemberCreateBody>;

/** Ends a seat: its last day (today or earlier ends it now) and why. Open votes are re-evaluated without it. */
export const BoardMemberEndBody = z
  .strictObject({
    until: z.iso.date(),
    reason: plainText({ multiline: true }).trim().min(3).max(2000),
  })
  .meta({ description: 'The last day the seat is held (a day before today ends it at once) and the reason, recorded in the admin-changes trail.' });
export type BoardMemberEndBody = z.infer<typeof BoardMemberEndBody>;

/** POST /api/ledger/anchors carries nothing: what is signed is the chain's head at that moment. */
export const PublishHeadBody = z.strictObject({});
// The notification centre's bodies (issue 13) live beside its kinds.
export { NotificationPreferencesBody, NotificationReadBody } from './notifications';
