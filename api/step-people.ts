import type { Knex } from 'knex';
import { CHOICES, STEP_RULES, type StepType } from '../domain/lifecycle';
import type { PersonRef } from '../contract/rows';

/**
 * Who an open step waits for, by name (R18, R20: a clear person for each task): the people who may
 * decide it and have not yet. Read from the step as the workflow fixed it when it opened (its
 * eligible people, or the deciding role of its unit) and from the ledger (who already decided).
 */


/** The step columns the names are worked out from (a row of `steps`, or the projects list's open step). */
export interface StepPeopleRow {
  id: string;
  type: StepType;
  status: string;
  decidingRole: string;
  unitCode: string;
  eligibleUserIds: string[] | null;
}

const decidable = (type: StepType) => STEP_RULES[type]?.choices.length > 0;

/**
 * For each open step a choice decides: the people it waits for, in name order. A step with eligible
 * people waits for those who have not decided; one without waits for anyone of its deciding role in
 * the project's unit (the first of them decides). Closed steps and steps no choice ends wait for nobody.
 */
/** Vietnamese name order; one collator (localeCompare with a locale builds one per call, slow for a 200-row page). */
const VI_NAMES = new Intl.Collator('vi');

export async function waitingFor(db: Knex, steps: readonly StepPeopleRow[]): Promise<Map<string, PersonRef[]>> {
  const open = steps.filter((s) => s.status === 'active' && decidable(s.type));
  const result = new Map<string, PersonRef[]>(steps.map((s) => [s.id, []]));
  if (open.length === 0) return result;
  const listed = open.filter((s) => s.eligibleUserIds);
  const byRole = open.filter((s) => !s.eligibleUserIds);
  const [decided, named, roleHolders] = await Promise.all([
    listed.length
      ? db('decision_ledger').whereIn('step_id', listed.map((s) => s.id)).whereIn('choice', CHOICES).select<{ step_id: string; actor_user_id: string }[]>('step_id', 'actor_user_id')
      : Promise.resolve([]),
    listed.length ? db('users').whereIn('id', [...new Set(listed.flatMap((s) => s.eligibleUserIds!))]).select<{ id: string; display_name: string }[]>('id', 'display_name') : Promise.resolve([]),
    byRole.length
      ? db('users')
          .where('active', true)
          .whereIn('role', [...new Set(byRole.map((s) => s.decidingRole))])
          .whereIn('unit_code', [...new Set(byRole.map((s) => s.unitCode))])
          .select<{ id: string; display_name: string; role: string; unit_code: string }[]>('id', 'display_name', 'role', 'unit_code')
      : Promise.resolve([]),
  ]);
  const nameOf = new Map(named.map((u) => [u.id, u.display_name]));
  const byName = (a: PersonRef, b: PersonRef) => VI_NAMES.compare(a.displayName, b.displayName);
  for (const step of listed) {
    const done = new Set(decided.filter((d) => d.step_id === step.id).map((d) => d.actor_user_id));
    const people = [...new Set(step.eligibleUserIds!)].filter((id) => !done.has(id) && nameOf.has(id)).map((id) => ({ userId: id, displayName: nameOf.get(id)! }));
    result.set(step.id, people.sort(byName));
  }
  for (const step of byRole) {
    const people = roleHolders.filter((u) => u.role === step.decidingRole && u.unit_code === step.unitCode).map((u) => ({ userId: u.id, displayName: u.display_name }));
    result.set(step.id, people.sort(byName));
  }
  return result;
}

/** Names of the people in a list of ids (recusals), id → name. */
export async function displayNames(db: Knex, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; display_name: string }[] = await db('users').whereIn('id', [...new Set(ids)]).select('id', 'display_name');
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** A `steps` row (or a projects-list row's open step, prefixed `step_`) as the names need it. */
export function stepPeopleRow(row: Record<string, any>, prefix: '' | 'step_' = ''): StepPeopleRow {
  return {
    id: row[`${prefix}id`],
    type: row[`${prefix}type`],
    status: prefix ? 'active' : row.status,
    decidingRole: row[`${prefix}deciding_role`],
    unitCode: row.unit_code,
    eligibleUserIds: (row[`${prefix}eligible_user_ids`] as string[] | null) ?? null,
  };
}
