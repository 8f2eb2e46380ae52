// Figures for the dashboards (R5, R6, R8, R17, R25): pure rules the API's SQL aggregates feed into.
import { toLocalDate, workingDaysBetween, type IsoDate, type WorkingCalendar } from './calendar';
import { FUNDING_SOURCES, fundingMix, type FundingSource } from './funding';
import { STEP_RULES, type Stage, type StepType } from './lifecycle';

/** Months are counted on Vietnam's clock (fixed UTC+07:00), like deadlines; PostgreSQL uses this name. */
export const STATS_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar month on Vietnam's clock, 'YYYY-MM'. */
export type Month = string;

/** How many months of history the SLA figures may cover; one year keeps them on the unit's loaded calendar. */
export const MAX_STATS_MONTHS = 12;
export const DEFAULT_STATS_MONTHS = 6;

/** R6: 70% of implementation resources come from non-state sources (the workflow's default target). */
export const NON_STATE_TARGET = 0.7;

/**
 * Steps the on-time figures leave out: a resubmission is the proposer's time, not the unit's (the
 * screening clock is paused meanwhile, R20), and a step that ended only because its project was
 * cancelled or withdrawn was never processed.
 */
export const STEP_TYPES_OUTSIDE_SLA_FIGURES: readonly StepType[] = ['resubmission'];
export const STEP_OUTCOMES_OUTSIDE_SLA_FIGURES: readonly string[] = ['cancelled', 'withdrawn'];

/** The stages a step can belong to, in lifecycle order (cycle time is reported per stage). */
export const WORKING_STAGES = ['proposal', 'partner_matching', 'funding', 'execution', 'impact_evaluation'] as const satisfies readonly Stage[];
export type WorkingStage = (typeof WORKING_STAGES)[number];

export function stageOfStep(type: StepType): WorkingStage {
  return STEP_RULES[type].stage as WorkingStage;
}

const MS_PER_HOUR = 3_600_000;

// ---------------------------------------------------------------------------
// On time (R17: the on-time rate is the headline figure provinces report)

/** onTime / closed, rounded to 4 decimals; null when nothing closed (no rate, rather than 0%). */
export function onTimeRate(closed: number, onTime: number): number | null {
  if (!Number.isInteger(closed) || !Number.isInteger(onTime) || closed < 0 || onTime < 0 || onTime > closed) {
    throw new RangeError(`onTimeRate needs whole counts with 0 <= onTime <= closed, got ${onTime}/${closed}`);
  }
  return closed === 0 ? null : round(onTime / closed, 4);
}

// ---------------------------------------------------------------------------
// Months on Vietnam's clock

export function localMonthOf(instant: Date): Month {
  return toLocalDate(instant).slice(0, 7);
}

/** The `count` months that end with the one `now` falls in, oldest first. */
export function monthsEndingAt(now: Date, count: number): Month[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`months must be a positive whole number, got ${count}`);
  const [year, month] = localMonthOf(now).split('-').map(Number) as [number, number];
  const months: Month[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** The instant a month starts: 00:00 on its first day, Vietnam time. */
export function monthStart(month: Month): Date {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`Expected a month as YYYY-MM, got ${JSON.stringify(month)}`);
  return localDayStart(`${month}-01`);
}

/** 00:00 of a Vietnamese calendar day, as an instant. */
export function localDayStart(day: IsoDate): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 7 * MS_PER_HOUR);
}

// ---------------------------------------------------------------------------
// Working days (the unit's calendar, as loaded for SLA deadlines)

/**
 * Working days from `from` to `to` on the unit's calendar (the start day does not count, so a step
 * closed the day it opened took 0). A start before the calendar's first year counts from that year's
 * first day: such a step is over a year old, so it lands in the last ageing bucket either way.
 */
export function workingDaysOpen(calendar: WorkingCalendar, from: Date, to: Date): number {
  const first = localDayStart(`${calendar.fromYear}-01-01`);
  const last = localDayStart(`${calendar.toYear}-12-31`);
  const start = from < first ? first : from > last ? last : from;
  const end = to > last ? last : to;
  return end <= start ? 0 : workingDaysBetween(calendar, start, end);
}

export const AGEING_BUCKETS = ['0-5', '6-10', '11-20', '21+'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** How long an open step has waited, in working days, in the buckets team leads read (R25). */
export function ageingBucket(workingDays: number): AgeingBucket {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError(`workingDays must be a non-negative whole number, got ${workingDays}`);
  if (workingDays <= 5) return '0-5';
  if (workingDays <= 10) return '6-10';
  if (workingDays <= 20) return '11-20';
  return '21+';
}

// ---------------------------------------------------------------------------
// Plain statistics

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The middle value (the mean of the two middle ones for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// ---------------------------------------------------------------------------
// Funding mix of a portfolio (R6)

export interface PortfolioFunding {
  bySource: { source: FundingSource; valueVnd: number }[];
  totalVnd: number;
  nonStateVnd: number;
  /** Null when nothing is pledged: no share rather than 0%. */
  nonStateShare: number | null;
  target: number;
}

/**
 * Pledged value by source across many projects, judged against the 70% non-state target (R6).
 * Values are already in đồng (volunteer hours valued when pledged), so they go through
 * domain/funding.ts's fundingMix with volunteer "hours" carrying đồng at a rate of 1: the same
 * rule of what counts as non-state, and the same exact rounding.
 */
export function portfolioFunding(totals: readonly { source: FundingSource; valueVnd: number }[]): PortfolioFunding {
  const mix = fundingMix(
    totals.map((t) => (t.source === 'volunteer_hours' ? { source: t.source, amountVnd: 0, hours: t.valueVnd, status: 'pledged' as const } : { source: t.source, amountVnd: t.valueVnd, status: 'pledged' as const })),
    { volunteerHourRateVnd: 1 },
  );
  return {
    bySource: FUNDING_SOURCES.map((source) => ({ source, valueVnd: mix.bySource[source] })),
    totalVnd: mix.totalVnd,
    nonStateVnd: mix.totalVnd - mix.bySource.state,
    nonStateShare: mix.totalVnd === 0 ? null : mix.nonStateShare,
    target: NON_STATE_TARGET,
  };
}

// ---------------------------------------------------------------------------
// C-Index (R5: a community development index per center)

/**
 * How far an indicator got from its baseline towards its target, clamped to 0..1 (works for targets
 * below the baseline too, such as less waste). Null when it has no actual yet, or when target equals
 * baseline (no change was asked for, so there is nothing to measure progress by).
 */
export function indicatorAchievement(indicator: { baseline: number; target: number; actual: number | null }): number | null {
  const { baseline, target, actual } = indicator;
  if (actual === null || target === baseline) return null;
  return Math.min(1, Math.max(0, (actual - baseline) / (target - baseline)));
}

/** A citizen's rating 1–5 (R8) on a 0..1 scale: 1 → 0, 3 → 0.5, 5 → 1. */
export function satisfactionScore(rating: number): number {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new RangeError(`A rating is a whole number from 1 to 5, got ${rating}`);
  return (rating - 1) / 4;
}

/** Mean indicatorAchievement over indicators, each row standing for `count` alike ones; null when none can be measured. */
export function meanIndicatorAchievement(indicators: readonly { baseline: number; target: number; actual: number | null; count: number }[]): number | null {
  let sum = 0;
  let counted = 0;
  for (const row of indicators) {
    const achievement = indicatorAchievement(row);
    if (achievement === null) continue;
    sum += achievement * row.count;
    counted += row.count;
  }
  return counted === 0 ? null : sum / counted;
}

/** Mean satisfactionScore over ratings, each with how many residents gave it; null without feedback. */
export function meanSatisfaction(ratings: readonly { rating: number; count: number }[]): number | null {
  const total = ratings.reduce((n, r) => n + r.count, 0);
  return total === 0 ? null : ratings.reduce((sum, r) => sum + satisfactionScore(r.rating) * r.count, 0) / total;
}

export interface CIndexComponents {
  /** Mean indicatorAchievement over the indicators with an actual (R5). */
  indicatorAchievement: number | null;
  /** Mean satisfactionScore over citizens' feedback (R8). */
  satisfaction: number | null;
  /** Share of closed steps closed on time (R17). */
  onTimeRate: number | null;
}

/**
 * The community development index of a unit (R5), 0–100, from the data that exists:
 *
 *   C = 100 × mean of the available components among
 *       A = mean over recorded indicators of clamp((actual − baseline) / (target − baseline), 0, 1)   (R5)
 *       S = mean over feedback of (rating − 1) / 4                                                  (R8)
 *       T = closed steps on time / closed steps                                                     (R17)
 *
 * A component without data is left out (not counted as 0); with none, the index is null. Rounded to
 * one decimal. Equal weights: the seeds name these outcomes without ranking them.
 */
export function cIndex(components: CIndexComponents): number | null {
  const available = [components.indicatorAchievement, components.satisfaction, components.onTimeRate].filter((v): v is number => v !== null);
  for (const value of available) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`C-Index components lie in 0..1, got ${value}`);
  }
  const average = mean(available);
  return average === null ? null : round(average * 100, 1);
}
