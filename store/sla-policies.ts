import type { Knex } from 'knex';
import { buildWorkingCalendar, type WorkingCalendar } from '../domain/calendar';
import type { SlaPolicy } from '../domain/sla';

/**
 * Reads of the SLA reference data (policy versions, working-day calendar) that the workflow's
 * activities and the API's figures both make.
 */

/** The newest policy version in force for a step type; a step keeps the version it started with. */
export async function loadPolicy(db: Knex, stepType: string): Promise<SlaPolicy | undefined> {
  const row = await db('sla_policies').where({ step_type: stepType }).andWhere('active_from', '<=', db.fn.now()).orderBy('version', 'desc').first();
  if (!row) return undefined;
  return {
    stepType: row.step_type,
    version: row.version,
    responsibleTeamCode: row.responsible_team_code,
    durationValue: Number(row.duration_value),
    durationUnit: row.duration_unit,
    atRiskRatio: Number(row.at_risk_ratio),
    escalationLadder: row.escalation_ladder,
  };
}

/** National holidays plus the official schedule and the unit's own days off, for this year and next. */
export async function loadCalendar(db: Knex, unitCode: string, at: Date): Promise<WorkingCalendar> {
  const year = at.getUTCFullYear();
  const overrides: { day: string; kind: 'day_off' | 'working_day'; note: string }[] = await db('calendar_overrides')
    .where((q) => q.whereNull('unit_code').orWhere('unit_code', unitCode))
    .andWhereBetween('day', [`${year - 1}-01-01`, `${year + 2}-12-31`])
    .orderByRaw('unit_code NULLS FIRST, day')
    .select(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'kind', 'note');
  return buildWorkingCalendar({ unitCode, fromYear: year - 1, toYear: year + 2, overrides: overrides.map((o) => ({ date: o.day, kind: o.kind, note: o.note })) });
}
