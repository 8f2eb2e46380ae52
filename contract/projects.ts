import { z } from 'zod';
import { CHANGE_KINDS, CHOICES, COMMAND_KINDS, EVALUATION_OUTCOMES, PROJECT_CATEGORIES, RECOMMENDATIONS, SLA_STATUSES, STAGES, STEP_TYPES, type Decider } from '../domain/lifecycle';
import { CAPABILITIES } from '../domain/matching';
import { FALLBACK_AUTHORITIES, RECUSAL_CODES } from '../domain/separation';
import { NO_DECIDER_REASONS } from '../domain/deciders';
import { ROLES } from '../domain/roles';
import { IndicatorSchema, InvitationSchema, LedgerNamesSchema, MilestoneSchema, NoDeciderSchema, PersonRefSchema, PledgeSchema, isoDateTime, uuid, vnd } from './rows';

/**
 * A project as the API answers it: GET /api/projects (a row), GET /api/projects/:id (with
 * everything recorded on it), every stage command's answer, and the rows inside it (steps, ledger
 * entries, partners, funding, …). The read model (api/read-model.ts) builds plain objects held to
 * these schemas at compile time (api/openapi/shape-checks.ts); the OpenAPI document and the console read them.
 */

const Role = z.enum(ROLES);

/** The values of the Decider type (a type only in domain/lifecycle.ts); checked both ways at the end. */
export const DECIDERS = ['role', 'board', 'board_chair', 'lead_team', 'alliance', 'proposer'] as const satisfies readonly Decider[];

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
