import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { PLEDGE_STATUSES, type FundingSource } from '../../domain/funding';
import { SLA_STATUSES, STAGES, type StepType } from '../../domain/lifecycle';
import {
  AGEING_BUCKETS,
  STATS_TIME_ZONE,
  STEP_OUTCOMES_OUTSIDE_SLA_FIGURES,
  STEP_TYPES_OUTSIDE_SLA_FIGURES,
  WORKING_STAGES,
  ageingBucket,
  cIndex,
  localDayStart,
  workingDaysOpen,
  meanIndicatorAchievement,
  meanSatisfaction,
  monthStart,
  monthsEndingAt,
  onTimeRate,
  portfolioFunding,
  round,
  stageOfStep,
  type AgeingBucket,
  type WorkingStage,
} from '../../domain/stats';
import { loadCalendar } from '../../store/sla-policies';
import { isWorkingDay, toLocalDate, type WorkingCalendar } from '../../domain/calendar';
import { requireRole } from '../access';
import { HttpError, parseInput } from '../http-errors';
import { listContext } from '../list-params';
import type { ApiDeps } from '../deps';
import { SlaStatsQuery, type PipelineStats, type SlaStats, type StatsScope } from '../../contract/stats';

// ---------------------------------------------------------------------------------------------
// Queries: aggregates in PostgreSQL; working days (a calendar PostgreSQL does not have) in domain/.

const NO_TEAM = {
  en: 'Your team lead account names no team, so there are no figures for you; ask an admin to set your team.',
  vi: 'Tài khoản tổ trưởng của bạn chưa gắn với tổ nào nên chưa có số liệu; hãy nhờ quản trị viên gán tổ.',
};

/**
 * A team lead sees their own team; everyone else (partners never get here) their unit, one of the
 * units they see (domain/access.ts unitsOf). The figures are one unit's: a role that sees several
 * units (a province) will name the one it asks about.
 */
async function scopeOf(db: Knex, req: Request): Promise<StatsScope> {
  const { actor } = await listContext(db, req);
  const unitCode = actor.units.includes(actor.unitCode) ? actor.unitCode : actor.units[0];
  if (!unitCode) throw HttpError.of(403, 'forbidden');
  if (actor.role !== 'team_lead') return { unitCode, teamCode: null };
  // R18: a team lead without a team sees nothing rather than the whole unit.
  if (!actor.teamCode) throw new HttpError(403, 'forbidden', NO_TEAM);
  return { unitCode, teamCode: actor.teamCode };
}

/** Steps of the scope: by their project's unit, and for a team lead by the team responsible for them. */
export function stepsInScope(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('steps as s').join('projects as p', 'p.id', 's.project_id').where('p.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('s.responsible_team_code', scope.teamCode);
  return q;
}

/** Projects of the scope: by unit, and for a team lead the projects their team leads. */
function projectsInScope(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('projects as p').where('p.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('p.lead_team_code', scope.teamCode);
  return q;
}

/** Closed steps that count towards the on-time figures (domain/stats.ts says which do not). */
export function countedClosedSteps(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  return stepsInScope(db, scope)
    .whereNotNull('s.closed_at')
    .whereNotNull('s.due_at')
    .whereNotIn('s.type', STEP_TYPES_OUTSIDE_SLA_FIGURES)
    .where((q) => q.whereNull('s.outcome').orWhereNotIn('s.outcome', STEP_OUTCOMES_OUTSIDE_SLA_FIGURES));
}

/**
 * The summary tables of migration 018, narrowed to the scope: kept by triggers on `steps` and
 * `projects` inside the activities' own transactions, so a dashboard reads a few hundred summary
 * rows instead of aggregating every step (issue 17). test/db/list-summaries.test.ts holds them equal
 * to the aggregates over `steps` (countedClosedSteps and stepsInScope above say what they count).
 */
function openCounts(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('open_step_counts as o').where('o.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('o.team_code', scope.teamCode);
  return q;
}

function closedCounts(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('closed_step_counts as c').where('c.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('c.team_code', scope.teamCode);
  return q;
}

function closedPeople(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('closed_step_people as c').where('c.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('c.team_code', scope.teamCode);
  return q;
}

function projectStageCounts(db: Knex, scope: StatsScope): Knex.QueryBuilder {
  const q = db('project_stage_counts as c').where('c.unit_code', scope.unitCode);
  if (scope.teamCode) q.where('c.lead_team_code', scope.teamCode);
  return q;
}

/**
 * On time (R17): closed at or before the deadline. `due_at` already carries pauses and extensions
 * (the workflow moves it), so nothing is added; countedClosedSteps leaves out steps without one.
 */
export const ON_TIME_COUNT = '(count(*) FILTER (WHERE s.closed_at <= s.due_at))::int AS on_time';

export const localMonth = (column: string) => `to_char(${column} AT TIME ZONE '${STATS_TIME_ZONE}', 'YYYY-MM')`;
export const localDay = (column: string) => `to_char(${column} AT TIME ZONE '${STATS_TIME_ZONE}', 'YYYY-MM-DD')`;

/**
 * domain/stats.ts workingDaysOpen on one calendar, from a running count of its working days built
 * once: the figures ask for up to a few thousand (opening day, closing day) pairs, and counting day
 * by day cost 0.05–0.3 ms each on a loaded machine (issue 17). Same answer: the working days after
 * the start's local day up to the end's, within the calendar's years.
 */
export function workingDaysOpenBy(calendar: WorkingCalendar, earliest?: string, latest?: string): (from: Date, to: Date) => number {
  const running = new Map<string, number>();
  let count = 0;
  const firstDay = `${calendar.fromYear}-01-01`;
  const last = `${calendar.toYear}-12-31`;
  // Over the days asked about, not the calendar's years; a day outside is counted day by day.
  const startDay = earliest && earliest > firstDay && earliest <= last ? earliest : firstDay;
  const stopDay = latest && latest >= startDay && latest < last ? latest : last;
  for (let t = Date.parse(`${startDay}T00:00:00Z`); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (isWorkingDay(calendar, day)) count++;
    running.set(day, count);
    if (day >= stopDay) break;
  }
  const first = localDayStart(firstDay);
  const end = localDayStart(last);
  return (from, to) => {
    const a = from < first ? first : from > end ? end : from;
    const b = to > end ? end : to;
    if (b <= a) return 0;
    const before = running.get(toLocalDate(a));
    const upTo = running.get(toLocalDate(b));
    // A day before the running count started: count it day by day.
    return before === undefined || upTo === undefined ? workingDaysOpen(calendar, from, to) : upTo - before;
  };
}

/** domain/stats.ts mean and median of a list given as value → how many times it occurs. */
function weightedMeanAndMedian(counts: Map<number, number>): { count: number; average: number | null; middle: number | null } {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const count = values.reduce((n, v) => n + counts.get(v)!, 0);
  if (count === 0) return { count, average: null, middle: null };
  const at = (index: number) => {
    let seen = 0;
    for (const v of values) {
      seen += counts.get(v)!;
      if (index < seen) return v;
    }
    return values.at(-1)!;
  };
  const half = Math.floor(count / 2);
  return {
    count,
    average: values.reduce((sum, v) => sum + v * counts.get(v)!, 0) / count,
    middle: count % 2 === 1 ? at(half) : (at(half - 1) + at(half)) / 2,
  };
}

export async function slaStats(db: Knex, scope: StatsScope, months: number, now: Date): Promise<SlaStats> {
  const periodMonths = monthsEndingAt(now, months);
  const from = monthStart(periodMonths[0]!);
  // The same start as a Vietnamese calendar day, for the summaries (kept per local day and month).
  const fromDay = `${periodMonths[0]!}-01`;

  const [closedByMonth, nowRow, openEscalations, escalationEvents, openByDay, closedByDays, teams, calendar, closedByPerson, comments] = await Promise.all([
    // Per (month, team) and per month for the unit (GROUPING SETS), over the closed steps' summary.
    closedCounts(db, scope)
      .where('c.closed_day', '>=', fromDay)
      .select(
        db.raw(`to_char(c.closed_day, 'YYYY-MM') AS month`),
        db.raw("NULLIF(c.team_code, '') AS team_code"),
        db.raw('GROUPING(c.team_code) AS unit_total'),
        db.raw('sum(c.closed)::int AS closed'),
        db.raw('sum(c.on_time)::int AS on_time'),
      )
      .groupByRaw(`GROUPING SETS ((to_char(c.closed_day, 'YYYY-MM'), c.team_code), (to_char(c.closed_day, 'YYYY-MM')))`),
    openCounts(db, scope).first(
      db.raw('coalesce(sum(o.steps), 0)::int AS open'),
      ...SLA_STATUSES.map((status) => db.raw(`coalesce(sum(o.steps) FILTER (WHERE o.sla_status = ?), 0)::int AS ??`, [status, status])),
    ),
    openCounts(db, scope).where('o.escalation_level', '>', 0).groupBy('o.escalation_level').havingRaw('sum(o.steps) > 0').orderBy('o.escalation_level').select('o.escalation_level as level', db.raw('sum(o.steps)::int AS count')),
    stepsInScope(db, scope).join('sla_events as e', 'e.step_id', 's.id').where('e.kind', 'escalated').where('e.occurred_at', '>=', from).first(db.raw('count(*)::int AS count')),
    // Open steps per local opening day: the calendar then turns each day into working days once.
    openCounts(db, scope).groupBy('o.opened_day').havingRaw('sum(o.steps) > 0').select(db.raw(`to_char(o.opened_day, 'YYYY-MM-DD') AS day`), db.raw('sum(o.steps)::int AS count')),
    closedCounts(db, scope)
      .where('c.closed_day', '>=', fromDay)
      .groupBy('c.type', 'c.opened_day', 'c.closed_day')
      .havingRaw('sum(c.closed) > 0')
      .select('c.type', db.raw(`to_char(c.opened_day, 'YYYY-MM-DD') AS opened_day`), db.raw(`to_char(c.closed_day, 'YYYY-MM-DD') AS closed_day`), db.raw('sum(c.closed)::int AS count')),
    scope.teamCode ? Promise.resolve([{ code: scope.teamCode }]) : db('teams').where({ unit_code: scope.unitCode }).orderBy('code').select('code'),
    loadCalendar(db, scope.unitCode, now),
    closedPeople(db, scope)
      .where('c.closed_month', '>=', fromDay)
      .groupBy('c.user_id')
      .havingRaw('sum(c.closed) > 0')
      .select('c.user_id', db.raw('max(c.name) AS name'), db.raw('sum(c.closed)::int AS closed'), db.raw('sum(c.on_time)::int AS on_time')),
    // The comments a team may answer (api/routes/comments.ts): with words, not hidden; the lead team of the project answers.
    projectsInScope(db, scope)
      .join('public_comments as c', 'c.project_id', 'p.id')
      .whereRaw("coalesce(btrim(c.comment), '') <> ''")
      .whereNull('c.hidden_at')
      .groupBy('p.lead_team_code')
      .select(
        'p.lead_team_code as team_code',
        db.raw('(count(*) FILTER (WHERE c.answered_at IS NULL))::int AS unanswered'),
        db.raw('min(c.submitted_at) FILTER (WHERE c.answered_at IS NULL) AS oldest_unanswered_at'),
        db.raw('(count(*) FILTER (WHERE c.answered_at >= ?))::int AS answered', [from]),
        db.raw('percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.submitted_at) / 3600) FILTER (WHERE c.answered_at >= ?) AS median_hours', [from]),
      ),
  ]);

  const teamCell = new Map<string, { closed: number; onTime: number }>();
  const unitCell = new Map<string, { closed: number; onTime: number }>();
  for (const row of closedByMonth as { month: string; team_code: string | null; unit_total: number; closed: number; on_time: number }[]) {
    const cell = { closed: row.closed, onTime: row.on_time };
    if (Number(row.unit_total) === 1) unitCell.set(row.month, cell);
    else if (row.team_code) teamCell.set(`${row.month}|${row.team_code}`, cell);
  }
  const empty = { closed: 0, onTime: 0 };
  const onTimeByTeam = periodMonths.flatMap((m) =>
    (teams as { code: string }[]).map(({ code }) => {
      const cell = teamCell.get(`${m}|${code}`) ?? empty;
      return { month: m, teamCode: code, ...cell, rate: onTimeRate(cell.closed, cell.onTime) };
    }),
  );
  const onTimeByUnit = periodMonths.map((m) => {
    const cell = unitCell.get(m) ?? empty;
    return { month: m, unitCode: scope.unitCode, ...cell, rate: onTimeRate(cell.closed, cell.onTime) };
  });

  const openedDays = [...(openByDay as { day: string }[]).map((r) => r.day), ...(closedByDays as { opened_day: string }[]).map((r) => r.opened_day)];
  const daysOpen = workingDaysOpenBy(calendar, openedDays.length ? openedDays.reduce((a, b) => (a < b ? a : b)) : undefined, toLocalDate(now));
  // Working days open only grow the earlier a step opened, so each bucket is one run of opening days.
  const ageing = new Map<AgeingBucket, { count: number; openedFrom: string | null; openedTo: string | null }>(AGEING_BUCKETS.map((b) => [b, { count: 0, openedFrom: null, openedTo: null }]));
  for (const { day, count } of openByDay as { day: string; count: number }[]) {
    const cell = ageing.get(ageingBucket(daysOpen(localDayStart(day), now)))!;
    cell.count += count;
    if (cell.openedFrom === null || day < cell.openedFrom) cell.openedFrom = day;
    if (cell.openedTo === null || day > cell.openedTo) cell.openedTo = day;
  }

  // Per stage: working days → how many steps took that long (a weighted list, not one value per step).
  const durations = new Map<WorkingStage, Map<number, number>>(WORKING_STAGES.map((s) => [s, new Map()]));
  for (const row of closedByDays as { type: StepType; opened_day: string; closed_day: string; count: number }[]) {
    const days = daysOpen(localDayStart(row.opened_day), localDayStart(row.closed_day));
    const counts = durations.get(stageOfStep(row.type))!;
    counts.set(days, (counts.get(days) ?? 0) + row.count);
  }

  const n = (nowRow ?? {}) as Record<string, number>;
  return {
    generatedAt: now.toISOString(),
    scope,
    onTimeByTeam,
    onTimeByUnit,
    onTimeByPerson: (closedByPerson as { user_id: string; name: string | null; closed: number; on_time: number }[])
      .map((r) => ({ userId: r.user_id, name: r.name ?? '', closed: r.closed, onTime: r.on_time, rate: onTimeRate(r.closed, r.on_time) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.userId.localeCompare(b.userId)),
    now: { open: n.open ?? 0, onTrack: n.on_track ?? 0, atRisk: n.at_risk ?? 0, breached: n.breached ?? 0, paused: n.paused ?? 0 },
    escalations: { open: openEscalations as { level: number; count: number }[], eventsInPeriod: (escalationEvents as { count: number } | undefined)?.count ?? 0 },
    ageing: AGEING_BUCKETS.map((bucket) => ({ bucket, ...ageing.get(bucket)! })),
    cycleTime: WORKING_STAGES.map((stage) => {
      const { count: closedSteps, average, middle } = weightedMeanAndMedian(durations.get(stage)!);
      return { stage, closedSteps, avgWorkingDays: average === null ? null : round(average, 1), medianWorkingDays: middle === null ? null : round(middle, 1) };
    }),
    commentsByTeam: (teams as { code: string }[]).map(({ code }) => {
      const row = (comments as { team_code: string; unanswered: number; oldest_unanswered_at: Date | null; answered: number; median_hours: number | string | null }[]).find((r) => r.team_code === code);
      return {
        teamCode: code,
        unanswered: row?.unanswered ?? 0,
        oldestUnansweredAt: row?.oldest_unanswered_at ? new Date(row.oldest_unanswered_at).toISOString() : null,
        answeredInPeriod: row?.answered ?? 0,
        medianAnswerHours: row?.median_hours === null || row?.median_hours === undefined ? null : round(Math.max(0, Number(row.median_hours)), 1),
      };
    }),
  };
}

export async function pipelineStats(db: Knex, scope: StatsScope): Promise<PipelineStats> {
  const [byStage, bySource, indicators, feedback, onTime, projects] = await Promise.all([
    projectStageCounts(db, scope).groupBy('c.stage').havingRaw('sum(c.projects) > 0').select('c.stage', db.raw('sum(c.projects)::int AS count')),
    projectsInScope(db, scope)
      .join('pledges as pl', 'pl.project_id', 'p.id')
      .whereIn('pl.status', PLEDGE_STATUSES)
      .groupBy('pl.source')
      .select('pl.source', db.raw('sum(pl.value_vnd)::text AS value_vnd')),
    // Alike indicators once each with how many; domain/stats.ts scores them.
    projectsInScope(db, scope)
      .join('indicators as i', 'i.project_id', 'p.id')
      .whereNotNull('i.actual')
      .groupBy('i.baseline', 'i.target', 'i.actual')
      .select('i.baseline', 'i.target', 'i.actual', db.raw('count(*)::int AS count')),
    projectsInScope(db, scope).join('feedback as f', 'f.project_id', 'p.id').groupBy('f.rating').select('f.rating', db.raw('count(*)::int AS count')),
    closedCounts(db, scope).first(db.raw('coalesce(sum(c.closed), 0)::int AS closed'), db.raw('coalesce(sum(c.on_time), 0)::int AS on_time')),
    projectStageCounts(db, scope).first(db.raw('coalesce(sum(c.projects), 0)::int AS count')),
  ]);

  const stageCounts = new Map((byStage as { stage: string; count: number }[]).map((r) => [r.stage, r.count]));
  const funding = portfolioFunding((bySource as { source: FundingSource; value_vnd: string }[]).map((r) => ({ source: r.source, valueVnd: Number(r.value_vnd) })));
  const fraction = (v: number | null | undefined) => (v === null || v === undefined ? null : round(v, 4));
  const components = {
    indicatorAchievement: fraction(
      meanIndicatorAchievement((indicators as { baseline: string | number; target: string | number; actual: string | number; count: number }[]).map((i) => ({ baseline: Number(i.baseline), target: Number(i.target), actual: Number(i.actual), count: i.count }))),
    ),
    satisfaction: fraction(meanSatisfaction(feedback as { rating: number; count: number }[])),
    onTimeRate: onTimeRate((onTime as { closed: number }).closed, (onTime as { on_time: number }).on_time),
  };
  return {
    scope,
    stages: STAGES.map((stage) => ({ stage, count: stageCounts.get(stage) ?? 0 })),
    funding,
    cIndex: [{ unitCode: scope.unitCode, value: cIndex(components), projects: (projects as { count: number }).count, components }],
  };
}

// ---------------------------------------------------------------------------------------------

export function statsRoutes({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/sla', requireRole('stats.sla'), async (req, res) => {
    const { months } = parseInput(SlaStatsQuery, req.query, req);
    const scope = await scopeOf(db, req);
    res.json(await slaStats(db, scope, months, new Date()));
  });

  router.get('/pipeline', requireRole('stats.pipeline'), async (req, res) => {
    const scope = await scopeOf(db, req);
    res.json(await pipelineStats(db, scope));
  });

  return router;
}
