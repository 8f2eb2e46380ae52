import { z } from 'zod';
import { SLA_STATUSES, STEP_TYPES } from '../domain/lifecycle';
import { CAPABILITIES } from '../domain/matching';
import { BOARD_SEATS } from '../domain/quorum';
import { ROLES } from '../domain/roles';
import { DURATION_UNITS } from '../domain/sla';
import { FALLBACK_AUTHORITIES, RECUSAL_CODES } from '../domain/separation';
import { PARTNER_KINDS, SLA_POLICY_TYPES } from '../domain/schemas';
import { IndicatorSchema, InvitationSchema, MilestoneSchema, NoDeciderSchema, PersonRefSchema, PledgeSchema, isoDateTime, uuid } from './rows';

/**
 * The rows of the API's lists (GET /api/steps, /api/users, …) that have no other description. The
 * list table (api/lists.ts) types each list's `toRows` against its schema here, so a row that does
 * not fit is a compile error; the OpenAPI document shows them; the console reads their types.
 */

const Role_ = z.enum(ROLES);

export const VoteTallySchema = z
  .object({
    eligible: z.number().int().min(0),
    approve: z.number().int().min(0),
    reject: z.number().int().min(0),
    abstain: z.number().int().min(0),
    outstanding: z.number().int().min(0).meta({ description: 'Eligible members who have not voted yet.' }),
    minVoters: z.number().int().min(1),
    majority: z.enum(['simple', 'two_thirds']),
    stillNeeded: z.number().int().min(0).meta({
      description:
        'Votes still needed before the quorum can be reached: members short of minVoters, or the non-government member the rule asks for (one such vote counts for both); 0 once the quorum is met. First-release board reviews (no quorum rule): approvals still needed for a majority of the eligible members.',
    }),
    quorumMet: z.boolean().meta({ description: 'The quorum is reached (stillNeeded is 0); the outcome still depends on the majority.' }),
  })
  .meta({ description: "A board vote's count so far, under the quorum rule the vote opened with (R4)." });

export const StepListItemSchema = z
  .object({
    id: z.string(),
    projectId: uuid(),
    projectCode: z.string(),
    projectTitle: z.string(),
    unitCode: z.string(),
    leadTeamCode: z.string(),
    type: z.enum(STEP_TYPES),
    round: z.number().int().min(1),
    status: z.enum(['active', 'decided', 'closed']),
    decidingRole: Role_,
    decider: z.string().nullable().meta({ description: 'role, board, board_chair, lead_team, alliance or proposer; fixed when the step opened.' }),
    responsibleTeamCode: z.string().nullable(),
    openedAt: isoDateTime(),
    dueAt: isoDateTime().nullable(),
    atRiskAt: isoDateTime().nullable(),
    slaStatus: z.enum(SLA_STATUSES),
    escalationLevel: z.number().int().min(0),
    workingDaysLeft: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Whole working days until dueAt by the unit's calendar (negative when overdue); null when there is no deadline or the step is closed." }),
    vote: VoteTallySchema.nullable().meta({ description: 'Set on board votes.' }),
    myVote: z.string().nullable().meta({ description: "The caller's own choice on this step, if any." }),
    canDecide: z.boolean().meta({ description: 'The caller is an eligible decider of this open step and has not decided yet.' }),
    recusal: z.object({ reason: z.string(), code: z.enum(RECUSAL_CODES).nullable() }).nullable().meta({ description: 'The caller was left out of the deciders, and why (R21).' }),
    recusals: z
      .array(z.object({ userId: z.string(), name: z.string().nullable(), reason: z.string(), code: z.enum(RECUSAL_CODES).nullable(), ruleVersion: z.number().int().nullable() }))
      .meta({ description: 'Everyone left out of the deciders when the step opened, with the reason and the separation-of-duties rule version (R18, R21).' }),
    fallbackAuthority: z
      .enum(FALLBACK_AUTHORITIES)
      .nullable()
      .meta({ description: 'The authority the step went to because the separation-of-duties rule left its usual deciders out.' }),
    separationRuleVersion: z.number().int().nullable(),
    assigneeUserId: uuid().nullable().meta({ description: 'The accountable person of the step (issue 13); null while no one is assigned.' }),
    assigneeName: z.string().nullable(),
    waitingFor: z.array(PersonRefSchema).meta({ description: 'The people the open step waits for: its deciders who have not decided yet, by name (empty once closed, or when no choice ends the step).' }),
    recused: z
      .array(PersonRefSchema.extend({ reason: z.string() }))
      .meta({
        description:
          'Everyone left out of the deciders when the step opened, by name, and why: the proposer, declared conflicts of interest, links to a partner (R21). Only for the roles that read the conflicts of interest (conflicts.list); empty for the others.',
      }),
    noDecider: NoDeciderSchema.nullable(),
  })
  .meta({ description: 'A step as the inboxes and pipelines list it (R20, R25).' });

export const UserSchema = z
  .object({
    id: uuid(),
    email: z.string(),
    displayName: z.string(),
    role: Role_,
    unitCode: z.string(),
    teamCode: z.string().nullable(),
    partnerId: uuid().nullable(),
    active: z.boolean(),
    decisionCount: z.number().int().min(0).meta({ description: 'Ledger entries this person recorded.' }),
  })
  .meta({ description: 'A person who signs in (never with the password hash).' });

export const PartnerSchema = z
  .object({
    id: uuid(),
    name: z.string(),
    kind: z.enum(PARTNER_KINDS),
    unitCode: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    contactEmail: z.string().nullable(),
    createdAt: isoDateTime(),
    updatedAt: isoDateTime().nullable(),
  })
  .meta({ description: 'A registered partner (R1).' });

export const InvitationListItemSchema = InvitationSchema.extend({ projectId: uuid(), projectCode: z.string(), projectTitle: z.string() }).meta({
  description: 'An invitation to a partner, with its project.',
});

export const PledgeListItemSchema = PledgeSchema.extend({ projectId: uuid(), projectCode: z.string() })
  .meta({ description: 'A pledge, with its project (R6).' });

export const MilestoneListItemSchema = MilestoneSchema.extend({ id: z.string().meta({ description: '<projectId>:<code>' }), projectId: uuid(), projectCode: z.string() })
  .meta({ description: 'A milestone of a project in execution, owned by a team (R20).' });

export const IndicatorListItemSchema = IndicatorSchema.extend({ id: z.string().meta({ description: '<projectId>:<code>' }), projectId: uuid(), projectCode: z.string() })
  .meta({ description: 'A quality-of-life indicator of a project (R5).' });

export const FeedbackItemSchema = z
  .object({
    id: z.string(),
    projectId: uuid(),
    projectCode: z.string(),
    rating: z.number().int().min(1).max(5),
    comment: z.string().nullable(),
    channel: z.string(),
    submittedAt: isoDateTime(),
  })
  .meta({ description: "A resident's feedback on a project (R8, R19)." });

export const UnitSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameVi: z.string(),
    kind: z.string(),
    province: z.string(),
    chairUserId: uuid().nullable().meta({ description: "The unit's chair (Chủ tịch UBND): the last rung of every escalation ladder (unit_chair); null when none is named." }),
    chairName: z.string().nullable(),
    iatiOrgId: z.string().nullable().meta({ description: "The unit's IATI organisation identifier for open data; null: the placeholder VN-DONGHANH-<unit> is used." }),
  })
  .meta({ description: 'A ward, commune or special zone.' });

export const SeparationRuleVersionSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int().min(1),
    proposerExcluded: z.array(z.enum(STEP_TYPES)).meta({ description: 'Step types no one decides on a project they proposed.' }),
    deliveringTeamExcluded: z.array(z.enum(STEP_TYPES)).meta({ description: "Step types no lead of the project's lead team decides (no one verifies or signs off their own team's work)." }),
    fallback: z
      .record(z.string(), z.array(z.enum(FALLBACK_AUTHORITIES)))
      .meta({ description: 'Per step type, the authorities the step goes to, in order, when the rule leaves its usual deciders out.' }),
    activeFrom: isoDateTime(),
    createdBy: z.string(),
    current: z.boolean().meta({ description: 'The version steps open with now.' }),
  })
  .meta({ description: 'A version of the separation-of-duties rule (R18, R21); steps keep the version they opened with.' });

export const BoardSchema = z
  .object({ id: uuid(), unitCode: z.string(), name: z.string(), currentMembers: z.number().int().min(0), createdAt: isoDateTime() })
  .meta({ description: "A unit's coordination board (R4)." });

export const BoardMemberSchema = z
  .object({
    id: z.string().meta({ description: '<boardId>:<userId>' }),
    boardId: uuid(),
    userId: uuid(),
    displayName: z.string(),
    seat: z.enum(BOARD_SEATS),
    isChair: z.boolean(),
    since: z.iso.date(),
    until: z.iso.date().nullable(),
    current: z.boolean(),
  })
  .meta({ description: 'A seat on a board (R4).' });

export const SlaPolicySchema = z
  .object({
    id: z.string().meta({ description: '<stepType>:<version>' }),
    stepType: z.enum(SLA_POLICY_TYPES),
    version: z.number().int().min(1),
    responsibleTeamCode: z.string().nullable(),
    durationValue: z.number(),
    durationUnit: z.enum(DURATION_UNITS),
    atRiskRatio: z.number(),
    escalationLadder: z.array(z.object({ level: z.number().int(), role: z.string(), after: z.number() })),
    activeFrom: isoDateTime(),
    createdBy: z.string(),
    createdAt: isoDateTime(),
    current: z.boolean().meta({ description: 'The version new steps of this type start with now.' }),
  })
  .meta({ description: 'One version of an SLA policy; versions are appended, never edited.' });

export const QuorumRuleVersionSchema = z
  .object({
    id: z.number().int().meta({ description: 'Equal to version.' }),
    version: z.number().int(),
    minVoters: z.number().int().min(1),
    majority: z.enum(['simple', 'two_thirds']),
    requireNonGovernment: z.boolean(),
    abstentionsCountAsPresent: z.boolean(),
    activeFrom: isoDateTime(),
    createdBy: z.string(),
    current: z.boolean().meta({ description: 'The version new votes open with now.' }),
  })
  .meta({ description: 'One version of the quorum rule; versions are appended, never edited.' });

export const ConsultationPolicyVersionSchema = z
  .object({
    id: z.number().int().meta({ description: 'Equal to version.' }),
    version: z.number().int(),
    thresholdVnd: z.number().int().meta({ description: 'Projects whose requested budget is at or above this are consulted on before the board votes (R22).' }),
    windowWorkingDays: z.number().int().meta({ description: 'How long the plan stays open for comments, in working days.' }),
    activeFrom: isoDateTime(),
    recordedBy: z.string().nullable().meta({ description: 'Who recorded the version (null: the first, written by the migration).' }),
    reason: z.string(),
    createdAt: isoDateTime(),
    current: z.boolean().meta({ description: 'The version projects screened now follow.' }),
  })
  .meta({ description: 'One version of the consultation policy; versions are appended, never edited.' });

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().meta({ examples: ['step_opened', 'sla_at_risk', 'invitation_reminded'] }),
    projectId: uuid().nullable(),
    projectCode: z.string().nullable(),
    stepId: z.string().nullable(),
    recipientRole: z.string().nullable(),
    recipientUserId: uuid().nullable(),
    recipientTeamCode: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    createdAt: isoDateTime(),
    sentAt: isoDateTime().nullable(),
    attempts: z.number().int().min(0).meta({ description: 'Delivery tries so far (the dispatcher, issue 13).' }),
    lastError: z.string().nullable().meta({ description: 'Why the last try failed (e.g. the SMTP answer); null once delivered.' }),
    deadAt: isoDateTime().nullable().meta({ description: 'Set when the dispatcher gave up after its last try (a dead letter).' }),
  })
  .meta({ description: 'A notification addressed to the caller: to them, their role or their team.' });

export const ConflictOfInterestSchema = z
  .object({
    id: z.number().int(),
    userId: uuid(),
    userName: z.string(),
    projectId: uuid().nullable(),
    projectCode: z.string().nullable(),
    partnerId: uuid().nullable(),
    partnerName: z.string().nullable(),
    reason: z.string(),
    declaredAt: isoDateTime(),
    declaredBy: uuid().nullable(),
  })
  .meta({ description: 'A declared conflict of interest (R21): it leaves the member out of the deciders of the steps that open afterwards and of the open steps of the unit, which are re-evaluated.' });

/** Every kind of reference row the admin trail records (api/lists.ts says where each one's unit is). */
export const ADMIN_CHANGE_ENTITIES = ['users', 'partners', 'conflicts_of_interest', 'sla_policies', 'quorum_rules', 'consultation_policies', 'units', 'board_members'] as const;
export type AdminChangeEntity = (typeof ADMIN_CHANGE_ENTITIES)[number];

export const AdminChangeSchema = z
  .object({
    id: z.number().int(),
    entity: z.enum(ADMIN_CHANGE_ENTITIES),
    entityId: z.string(),
    action: z.enum(['create', 'update', 'delete']),
    actorUserId: uuid(),
    actorRole: Role_,
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    changedAt: isoDateTime(),
  })
  .meta({ description: 'Who changed which reference row, when, and what it was before and after (append-only).' });
