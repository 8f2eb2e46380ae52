import { z } from 'zod';
import type { Decider } from '../../domain/lifecycle';
import type { ChainVerdict as DomainChainVerdict } from '../../domain/ledger';
import type { Recusal } from '../../domain/project';
import { DECIDERS, ActiveStepSchema, ProjectSchema, RecusalSchema, StepSchema, DeciderEventSchema, DissentNoteSchema, ConsultationSchema, DecisionSchema, CommitmentSchema, BudgetLineSchema, CandidateSchema, WaiverSchema, EarlyWarningSchema, ChangeRequestSchema, FeedbackSummarySchema, ProjectDetailSchema } from '../../contract/projects';
import { MeSchema, SessionSchema } from '../../contract/session';
import { ChainVerdictSchema } from '../../contract/ledger';
import { InvitationSchema, PledgeSchema, MilestoneSchema, IndicatorSchema } from '../../contract/rows';
import { PublicCommentRecordSchema } from '../../contract/public';
import type { SessionTokens } from '../auth';
import type { projectDetailAsBuilt, toDecision, toProject } from '../read-model';
import type { PublicCommentRecord } from '../routes/comments';

/**
 * Compile-time checks: the wire shapes (contract/) name the same fields the read model returns. Nothing
 * imports this file; `tsc` checks it with the rest.
 */

// ---------------------------------------------------------------------------------------------
// Compile-time checks: the response schemas above name the same fields the read model returns.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type SameKeys<A, S extends z.ZodType> = Equal<keyof A, keyof z.infer<S>>;
type Detail = NonNullable<Awaited<ReturnType<typeof projectDetailAsBuilt>>>;
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
