// Pure shaping of the dashboard figures for display; the figures themselves come from the API.
import type { PipelineStats, SlaStats } from '../../../contract/stats';
import { DISPLAY_TIME_ZONE } from '../i18n/format';
import { INTL_LOCALE } from '../i18n/locale';
import type { AppLocale } from '../types';

export type { PipelineStats, SlaStats } from '../../../contract/stats';
export type OnTimeCell = SlaStats['onTimeByUnit'][number];
export type FundingSource = PipelineStats['funding']['bySource'][number]['source'];

/** The periods one can pick; the API allows 1–12 months. */
export const PERIOD_CHOICES = [3, 6, 12] as const;
export const DEFAULT_PERIOD = 6;

export type Tone = 'success' | 'warning' | 'error' | 'neutral';

interface Tally {
  closed: number;
  onTime: number;
  rate: number | null;
}

/** On time over the whole period: the months summed, then divided (not a mean of monthly rates). */
export function periodOnTime(rows: readonly { closed: number; onTime: number }[]): Tally {
  const closed = rows.reduce((sum, r) => sum + r.closed, 0);
  const onTime = rows.reduce((sum, r) => sum + r.onTime, 0);
  return { closed, onTime, rate: closed === 0 ? null : onTime / closed };
}

export interface TeamRow {
  teamCode: string;
  cells: (Tally & { month: string })[];
  total: Tally;
}

/** The team × month table, months in the API's order (oldest first), teams in first-seen order. */
export function teamRows(rows: SlaStats['onTimeByTeam']): TeamRow[] {
  const byTeam = new Map<string, TeamRow>();
  for (const row of rows) {
    let team = byTeam.get(row.teamCode);
    if (!team) byTeam.set(row.teamCode, (team = { teamCode: row.teamCode, cells: [], total: { closed: 0, onTime: 0, rate: null } }));
    team.cells.push({ month: row.month, closed: row.closed, onTime: row.onTime, rate: row.rate });
  }
  return [...byTeam.values()].map((team) => ({ ...team, total: periodOnTime(team.cells) }));
}

/** A bar's length in percent of the largest value shown beside it; 0 when everything is 0. */
export function barPercent(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(100, (value / max) * 100);
}

/**
 * Tone of an on-time rate: the 91% the first months reached is the bar to keep (R17), below 70% is
 * trouble. No rate, no tone.
 */
export function rateTone(rate: number | null): Tone {
  if (rate === null) return 'neutral';
  if (rate >= 0.9) return 'success';
  if (rate >= 0.7) return 'warning';
  return 'error';
}

/** The non-state share meets the target or not (R6). */
export function shareTone(share: number | null, target: number): Tone {
  if (share === null) return 'neutral';
  return share >= target ? 'success' : 'error';
}

/** C-Index bands (R5): 70+ good, 50–70 fair, below 50 weak. */
export function cIndexTone(value: number | null): Tone {
  if (value === null) return 'neutral';
  if (value >= 70) return 'success';
  if (value >= 50) return 'warning';
  return 'error';
}

export interface FundingSegment {
  source: FundingSource;
  valueVnd: number;
  /** Part of the total, 0..1. */
  share: number;
}

/**
 * The stacked bar of the funding mix: sources with a value, as parts of the total. Non-state sources
 * come first, so they fill the bar from the left and pass the target line when the target is met (R6).
 */
export function fundingSegments(funding: Pick<PipelineStats['funding'], 'bySource' | 'totalVnd'>): FundingSegment[] {
  if (funding.totalVnd <= 0) return [];
  const stateLast = [...funding.bySource.filter((s) => s.source !== 'state'), ...funding.bySource.filter((s) => s.source === 'state')];
  return stateLast.filter((s) => s.valueVnd > 0).map((s) => ({ ...s, share: s.valueVnd / funding.totalVnd }));
}

/** The escalation ladder has three levels (team lead, board chair, unit chair); show each, zeros too. */
export function escalationLevels(open: SlaStats['escalations']['open'], levels = 3): { level: number; count: number }[] {
  const top = Math.max(levels, ...open.map((o) => o.level));
  return Array.from({ length: top }, (_, i) => ({ level: i + 1, count: open.find((o) => o.level === i + 1)?.count ?? 0 }));
}

/** The C-Index of the caller's own unit (the API answers one row per unit in scope). */
export function ownCIndex(pipeline: PipelineStats): PipelineStats['cIndex'][number] | null {
  return pipeline.cIndex.find((c) => c.unitCode === pipeline.scope.unitCode) ?? pipeline.cIndex[0] ?? null;
}

export interface NumberFormats {
  percent(fraction: number | null): string;
  /** Working days with at most one decimal. */
  days(value: number | null): string;
  /** A score (the C-Index) with at most one decimal. */
  decimal(value: number | null): string;
  count(value: number): string;
  /** 'YYYY-MM' as a short month name and year, in the user's language. */
  month(month: string): string;
}

const EMPTY = '—';

export function createNumberFormats(locale: AppLocale): NumberFormats {
  const tag = INTL_LOCALE[locale];
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const days = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(tag);
  const month = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: DISPLAY_TIME_ZONE });
  return {
    percent: (fraction) => (fraction === null || !Number.isFinite(fraction) ? EMPTY : percent.format(fraction)),
    days: (value) => (value === null || !Number.isFinite(value) ? EMPTY : days.format(value)),
    decimal: (value) => (value === null || !Number.isFinite(value) ? EMPTY : days.format(value)),
    count: (value) => count.format(value),
    // Noon on the 15th, Vietnam time: the same month on any clock.
    month: (m) => (/^\d{4}-\d{2}$/.test(m) ? month.format(new Date(`${m}-15T12:00:00+07:00`)) : m),
  };
}

// ---------------------------------------------------------------------------------------------
// Every figure opens the steps behind it: the steps list's filter that counts what the API counted.

export type FigureOfSteps =
  | { kind: 'open' | 'at_risk' | 'breached' }
  | { kind: 'escalated'; level?: number }
  | { kind: 'ageing'; openedFrom: string; openedTo: string }
  | { kind: 'on_time'; firstMonth: string; teamCode?: string };

/** The filter of GET /api/steps (api/lists.ts) that lists exactly the steps a figure of the scope counts. */
export function stepsBehind(scope: SlaStats['scope'], figure: FigureOfSteps): Record<string, string | number | boolean> {
  const teamCode = figure.kind === 'on_time' && figure.teamCode ? figure.teamCode : scope.teamCode;
  const base = { unitCode: scope.unitCode, ...(teamCode ? { teamCode } : {}) };
  switch (figure.kind) {
    case 'open':
      return { ...base, status: 'active' };
    case 'at_risk':
    case 'breached':
      return { ...base, status: 'active', slaStatus: figure.kind };
    case 'escalated':
      return { ...base, status: 'active', ...(figure.level === undefined ? { escalated: true } : { escalationLevel: figure.level }) };
    case 'ageing':
      return { ...base, status: 'active', openedFrom: figure.openedFrom, openedTo: figure.openedTo };
    case 'on_time':
      return { ...base, slaCounted: true, closedFrom: `${figure.firstMonth}-01` };
  }
}

/** Where the steps behind a figure are listed in the console. */
export const stepsBehindPath = (filter: Record<string, string | number | boolean>): string => `/steps?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;
