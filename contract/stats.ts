import { z } from 'zod';
import { FUNDING_SOURCES } from '../domain/funding';
import { STAGES } from '../domain/lifecycle';
import { AGEING_BUCKETS, DEFAULT_STATS_MONTHS, MAX_STATS_MONTHS, WORKING_STAGES } from '../domain/stats';

/**
 * The dashboard's figures: the query and the answers of GET /api/stats/sla and /api/stats/pipeline
 * (api/routes/stats.ts computes them; the OpenAPI document shows them; the console draws them).
 */

export const SlaStatsQuery = z.object({
  months: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_STATS_MONTHS)
    .default(DEFAULT_STATS_MONTHS)
    .meta({ description: `How many calendar months (Vietnam time) to report, ending with the current one: 1–${MAX_STATS_MONTHS}.` }),
});

const month = () => z.string().regex(/^\d{4}-\d{2}$/).meta({ description: 'A calendar month on Vietnam time (YYYY-MM).', examples: ['2026-11'] });
const rate = () => z.number().min(0).max(1).nullable().meta({ description: 'onTime / closed, 4 decimals; null when nothing closed.' });
const count = () => z.number().int().min(0);

export const StatsScopeSchema = z
  .object({ unitCode: z.string(), teamCode: z.string().nullable() })
  .meta({ description: 'What the figures cover: a team lead sees their own team, everyone else their unit.' });

export const SlaStatsSchema = z
  .object({
    generatedAt: z.iso.datetime(),
    scope: StatsScopeSchema,
    onTimeByTeam: z.array(z.object({ month: month(), teamCode: z.string(), closed: count(), onTime: count(), rate: rate() })).meta({
      description: 'Steps closed per month and responsible team, and how many by their deadline (R17). Every month × team in scope, zeros included.',
    }),
    onTimeByUnit: z.array(z.object({ month: month(), unitCode: z.string(), closed: count(), onTime: count(), rate: rate() })).meta({
      description: 'The same per unit: the on-time rate provinces report (R17).',
    }),
    onTimeByPerson: z
      .array(z.object({ userId: z.uuid(), name: z.string(), closed: count(), onTime: count(), rate: rate() }))
      .meta({
        description:
          'Steps closed in the period per accountable person (the assignee when the step closed), and how many by their deadline (R16, R20). Only people with a closed step; by name.',
      }),
    now: z.object({ open: count(), onTrack: count(), atRisk: count(), breached: count(), paused: count() }).meta({ description: 'Open steps now by SLA status.' }),
    escalations: z.object({
      open: z.array(z.object({ level: z.number().int().min(1), count: count() })).meta({ description: 'Open steps escalated, by their current level.' }),
      eventsInPeriod: count().meta({ description: 'Escalations recorded since the start of the period.' }),
    }),
    ageing: z
      .array(
        z.object({
          bucket: z.enum(AGEING_BUCKETS),
          count: count(),
          openedFrom: z.iso.date().nullable().meta({ description: 'The first day (Vietnam time) a step of the bucket opened; with openedTo, the steps list filter that lists exactly them. Null when empty.' }),
          openedTo: z.iso.date().nullable().meta({ description: 'The last day (Vietnam time) a step of the bucket opened. Null when empty.' }),
        }),
      )
      .meta({ description: 'Open steps by working days open, on the unit\'s calendar (R25).' }),
    cycleTime: z
      .array(
        z.object({
          stage: z.enum(WORKING_STAGES),
          closedSteps: count(),
          avgWorkingDays: z.number().min(0).nullable(),
          medianWorkingDays: z.number().min(0).nullable(),
        }),
      )
      .meta({ description: 'Working days from opening to closing of the steps closed in the period, per stage; null when none closed.' }),
    commentsByTeam: z
      .array(
        z.object({
          teamCode: z.string(),
          unanswered: count().meta({ description: "Residents' comments from the portal on the team's projects waiting for the team's public answer now (hidden ones and ratings without words left out)." }),
          oldestUnansweredAt: z.iso.datetime().nullable().meta({ description: 'When the longest-waiting of them was sent; null when none waits.' }),
          answeredInPeriod: count().meta({ description: 'Comments the team answered in the period.' }),
          medianAnswerHours: z.number().min(0).nullable().meta({ description: 'Median hours from a comment to its answer, over those answered in the period, 1 decimal; null when none.' }),
        }),
      )
      .meta({ description: "Residents' comments each lead team owes an answer (R8, R19): every team in scope, zeros included." }),
  })
  .meta({ description: 'SLA figures of the caller\'s scope over the last `months` months. Resubmissions (the proposer\'s time) and steps ended by a cancellation are not counted as closed.' });

export const PipelineStatsSchema = z
  .object({
    scope: StatsScopeSchema,
    stages: z.array(z.object({ stage: z.enum(STAGES), count: count() })).meta({ description: 'Projects per stage (team lead: projects their team leads).' }),
    funding: z
      .object({
        bySource: z.array(z.object({ source: z.enum(FUNDING_SOURCES), valueVnd: z.number().int().min(0) })),
        totalVnd: z.number().int().min(0),
        nonStateVnd: z.number().int().min(0),
        nonStateShare: z.number().min(0).max(1).nullable().meta({ description: 'Non-state value / total, 4 decimals; null when nothing is pledged.' }),
        target: z.number().meta({ description: 'The non-state target (R6).', examples: [0.7] }),
      })
      .meta({ description: 'Pledged and released value by source (cancelled pledges left out), against the 70% non-state target (R6).' }),
    cIndex: z
      .array(
        z.object({
          unitCode: z.string(),
          value: z.number().min(0).max(100).nullable().meta({ description: '100 × the mean of the components that have data; null when none has.' }),
          projects: count(),
          components: z.object({
            indicatorAchievement: z.number().min(0).max(1).nullable().meta({ description: 'Mean of clamp((actual − baseline) / (target − baseline), 0, 1) over recorded indicators (R5).' }),
            satisfaction: z.number().min(0).max(1).nullable().meta({ description: 'Mean of (rating − 1) / 4 over citizens\' feedback (R8).' }),
            onTimeRate: z.number().min(0).max(1).nullable().meta({ description: 'Steps closed on time / steps closed, all time (R17).' }),
          }),
        }),
      )
      .meta({ description: 'The community development index per unit (R5), from the data that exists (domain/stats.ts cIndex).' }),
  })
  .meta({ description: 'Where the projects of the caller\'s scope stand, how they are funded, and the C-Index.' });

export type SlaStats = z.infer<typeof SlaStatsSchema>;
export type PipelineStats = z.infer<typeof PipelineStatsSchema>;
export type StatsScope = z.infer<typeof StatsScopeSchema>;
