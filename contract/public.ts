import { z } from 'zod';
import { CHOICES, EVALUATION_OUTCOMES, PROJECT_CATEGORIES, RECOMMENDATIONS, STAGES, STEP_TYPES } from '../domain/lifecycle';
import { FUNDING_SOURCES } from '../domain/funding';
import { CAPABILITIES } from '../domain/matching';
import { ROLES } from '../domain/roles';
import { isoDateTime, vnd } from './rows';

/** The public portal's answers (api/routes/public.ts), as the OpenAPI document describes them. */

const localized = z.object({ vi: z.string(), en: z.string() });

export const PublicTeamSchema = z.object({ code: z.string(), unitCode: z.string(), name: z.string(), nameVi: z.string(), oversight: z.boolean() });

export const PublicProjectSchema = z
  .object({
    code: z.string(),
    unitCode: z.string(),
    leadTeamCode: z.string(),
    leadTeam: PublicTeamSchema.nullable(),
    title: z.string(),
    summary: z.string().meta({ description: 'Names of people, e-mail addresses and phone numbers are replaced by […].' }),
    category: z.enum(PROJECT_CATEGORIES),
    stage: z.enum(STAGES),
    requestedBudgetVnd: vnd(),
    plannedBudgetVnd: vnd().nullable(),
    pledgedVnd: vnd(),
    nonStateShare: z.number().nullable(),
    requiredCapabilities: z.array(z.enum(CAPABILITIES)),
    beneficiariesDescription: z.string().nullable(),
    beneficiariesCount: z.number().int().nullable(),
    origin: z.enum(['staff', 'residents']).meta({ description: "residents: proposed by residents from the portal." }),
    outcome: z.enum(EVALUATION_OUTCOMES).nullable(),
    recommendation: z.enum(RECOMMENDATIONS).nullable(),
    closeReason: z.string().nullable(),
    feedbackClosesAt: isoDateTime().nullable(),
    createdAt: isoDateTime(),
    updatedAt: isoDateTime(),
    closedAt: isoDateTime().nullable(),
    fundingMix: z.array(z.object({ source: z.enum(FUNDING_SOURCES), valueVnd: vnd() })).meta({ description: 'Pledged value by source, cancelled pledges left out.' }),
    inConsultation: z.boolean().meta({ description: 'R22: the plan is in consultation now, open for comments until its window ends.' }),
  })
  .meta({ description: 'A project as anyone may see it: no person is named.' });

export const PublicLedgerHeadSchema = z
  .object({
    seq: z.number().int().meta({ description: 'Sequence number of the newest ledger entry (0 when empty).' }),
    hash: z.string().nullable().meta({ description: 'Its hash: sha256(prev_hash || canonical JSON of the entry).' }),
    decidedAt: isoDateTime().nullable(),
    entries: z.number().int(),
    signedHead: z
      .object({ seq: z.number().int(), hash: z.string(), signedAt: isoDateTime(), keyId: z.string(), jws: z.string(), trigger: z.enum(['daily', 'on_demand']) })
      .nullable()
      .meta({ description: 'The newest head signed with the ledger key (Ed25519, compact JWS), daily or on demand.' }),
    howToVerify: localized,
  })
  .meta({ description: 'The head of the decision ledger and how to hold it to account later.' });

export const PublicUnitSchema = z
  .object({ code: z.string(), name: z.string(), nameVi: z.string(), kind: z.string(), province: z.string(), iatiOrgId: z.string().nullable() })
  .meta({ description: 'A ward, commune or special zone the portal lists projects of.' });

export const PublicProjectListSchema = z.object({
  projects: z.array(PublicProjectSchema),
  teams: z.array(PublicTeamSchema),
  units: z.array(PublicUnitSchema).meta({ description: 'Every unit, for the unit chooser (the list itself is filtered by ?unit=).' }),
  ledgerHead: PublicLedgerHeadSchema,
});

/** R22: a plan in consultation as anyone may see it. */
export const PublicConsultationSchema = z
  .object({
    policyVersion: z.number().int(),
    thresholdVnd: vnd(),
    windowOpensAt: isoDateTime(),
    windowClosesAt: isoDateTime(),
    frontOpinion: z.string().nullable().meta({ description: "The Fatherland Front's opinion; names of people, e-mail addresses and phone numbers are replaced by […]." }),
    frontLetterDate: z.string().nullable(),
    frontDocumentRef: z.string().nullable(),
    frontRecordedAt: isoDateTime().nullable(),
    summary: z.string().nullable().meta({ description: "The proposer's summary of the consultation; personal data replaced by […]." }),
    submittedAt: isoDateTime().nullable(),
  })
  .meta({ description: 'The consultation before the board vote (R22): open for comments until windowClosesAt.' });

export const PublicProjectDetailSchema = z
  .object({
    project: PublicProjectSchema,
    budgetLines: z.array(z.object({ position: z.number().int(), label: z.string(), amountVnd: vnd() })),
    pledges: z.array(z.object({ source: z.enum(FUNDING_SOURCES), amountVnd: vnd(), hours: z.number().nullable(), valueVnd: vnd(), status: z.string(), pledgedAt: isoDateTime(), cancelledAt: isoDateTime().nullable() })),
    partners: z.array(z.object({ name: z.string(), kind: z.string(), capability: z.enum(CAPABILITIES), status: z.string(), resources: z.string().nullable(), committedAt: isoDateTime(), withdrawnAt: isoDateTime().nullable() })),
    milestones: z.array(z.object({ code: z.string(), title: z.string(), ownerTeamCode: z.string(), dueAt: isoDateTime(), status: z.string(), evidence: z.array(z.string()), completedAt: isoDateTime().nullable() })),
    indicators: z.array(z.object({ code: z.string(), name: z.string(), unit: z.string(), baseline: z.number(), target: z.number(), actual: z.number().nullable(), evidence: z.array(z.string()), recordedAt: isoDateTime().nullable() })),
    decisions: z.array(
      z.object({
        seq: z.number().int(),
        stepType: z.enum(STEP_TYPES),
        actorRole: z.enum(ROLES),
        choice: z.enum(CHOICES),
        rationale: z.string().nullable().meta({ description: 'Names of people, e-mail addresses and phone numbers are replaced by […].' }),
        evidence: z.array(z.string()),
        policyVersion: z.number().int(),
        decidedAt: isoDateTime(),
        prevHash: z.string(),
        hash: z.string(),
      }),
    ),
    comments: z.array(
      z.object({
        id: z.number().int(),
        access: z.number().int(),
        procedure: z.number().int(),
        officers: z.number().int(),
        result: z.number().int(),
        handling: z.number().int(),
        comment: z.string().nullable().meta({ description: 'Names of people, e-mail addresses and phone numbers are replaced by […].' }),
        submittedAt: isoDateTime(),
        answer: z.string().nullable().meta({ description: 'The lead team\'s public answer.' }),
        answeredAt: isoDateTime().nullable(),
      }),
    ).meta({ description: 'Residents\' ratings (1–5) on access, procedure, officers, result and handling of feedback, with comments and answers; hidden ones left out; newest first.' }),
    consultation: PublicConsultationSchema.nullable(),
    ledgerHead: PublicLedgerHeadSchema,
  })
  .meta({ description: 'Everything the portal shows about a project: funding, partners, milestones with evidence, indicators against baseline and target, decisions without names.' });

export const PublicCommentAcceptedSchema = z.object({ id: z.number().int(), submittedAt: isoDateTime() }).meta({ description: 'The comment was recorded.' });

const rating = z.number().int().min(1).max(5);
export const PublicCommentRecordSchema = z
  .object({
    id: z.number().int(),
    projectId: z.uuid(),
    ratings: z.object({ access: rating, procedure: rating, officers: rating, result: rating, handling: rating }),
    comment: z.string().nullable(),
    submittedAt: isoDateTime(),
    answer: z.string().nullable(),
    answeredBy: z.uuid().nullable(),
    answeredAt: isoDateTime().nullable(),
    hiddenReason: z.string().nullable(),
    hiddenBy: z.uuid().nullable(),
    hiddenAt: isoDateTime().nullable(),
  })
  .meta({ description: "A resident's comment as the staff see it: with the answer, and who hid it and why." });

export const ResidentsProposalAcceptedSchema = z.object({ code: z.string(), stage: z.enum(STAGES) }).meta({ description: "The residents' proposal, waiting for screening." });
