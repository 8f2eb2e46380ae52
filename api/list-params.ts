import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { unitsOf } from '../domain/access';
import type { Role } from '../domain/roles';
import type { Permission } from './access';
import { HttpError, parseInput } from './http-errors';
import { accountOf } from './auth';

/**
 * The react-admin list protocol (ra-data-simple-rest): JSON-encoded `sort`, `range` and `filter` in
 * the query, the total in Content-Range. What a list may be sorted and filtered by, its data scope
 * and its row shape are in one table, api/lists.ts; this file only runs a query from it.
 */

/** The signed-in person as lists need them: read from the database for the token's user. */
export interface ListActor {
  userId: string;
  role: Role;
  unitCode: string;
  /** The units whose rows the caller sees (domain/access.ts unitsOf). */
  units: readonly string[];
  teamCode: string | null;
  partnerId: string | null;
  boardChair: boolean;
}

export interface ListContext {
  db: Knex;
  actor: ListActor;
  now: Date;
}

export interface ListFilter {
  /** Validates the value (400 naming `filter.<name>` when it does not fit); the OpenAPI document shows its JSON Schema. */
  schema: z.ZodType;
  /** A value the documentation shows and the tests send. */
  example: unknown;
  apply(q: Knex.QueryBuilder, value: any, ctx: ListContext): void;
}

export interface ListDef<S extends z.ZodType = z.ZodType> {
  /** Name in Content-Range and for react-admin. */
  resource: string;
  /** Who may read the list (and its single rows): a permission of api/access.ts. */
  permission: Permission;
  /** Path of the list under /api; `${path}/:id` reads one row when `single` is set. */
  path: string;
  single?: boolean;
  /** The OpenAPI component of one row, and its zod schema (contract/): `toRows` must return rows of it. */
  component: string;
  item: S;
  tag: string;
  operationId: string;
  description: string;
  base(ctx: ListContext): Knex.QueryBuilder;
  /**
   * Where a row's unit is (an SQL expression of the base query), so the caller sees their own units'
   * rows only (R18); `orNull` when a row without a unit concerns every unit. 'installation' only for
   * reference data that belongs to no unit (policy versions). Required: a list cannot forget it.
   */
  unit: { column: string; orNull?: true } | 'installation';
  /** Rows the caller may see at all; other rows simply do not exist for them (404 on a single read). */
  scope?(q: Knex.QueryBuilder, ctx: ListContext): void;
  /** API field → SQL expression (from this table only, never from the request). */
  sortable: Record<string, string>;
  /**
   * Sort fields that are never NULL: sorted without NULLS LAST, so a plain index serves them in
   * either direction (PostgreSQL matches an index only to the same NULLS order). The others keep
   * rows without a value last either way.
   */
  notNull?: readonly string[];
  defaultSort: [string, 'ASC' | 'DESC'];
  /** Ordering put before the sort when the caller sends none (a team lead's own team first). */
  preferredOrder?(q: Knex.QueryBuilder, ctx: ListContext): void;
  /** Unique key: the last tie-break of every sort, and the column `/:id` matches. */
  idColumn: string;
  /** Refuses an id of the wrong form before touching the database (404); required for `single`. */
  idPattern?: RegExp;
  filters: Record<string, ListFilter>;
  /**
   * Deep pages (issue 17): the list's own table alone, under the same alias as in `base`, for when
   * the sort field and every filter sent are among `sorts` and `filters` (they read that table's
   * columns only). The page's ids are then found by offset over an index of that table, and the
   * base query (its joins) runs for the page's rows only, not for every row the offset skips.
   */
  pageFirst?: { base(ctx: ListContext): Knex.QueryBuilder; sorts: readonly string[]; filters: readonly string[] };
  toRows(rows: Record<string, any>[], ctx: ListContext): Promise<z.output<S>[]> | z.output<S>[];
}

/** A field name `R` has and the row schema's `T` has not (a row that says more than its schema). */
type ExtraFields<R, T> = Exclude<keyof R, keyof T>;
type NoExtraFields<R, T> = [ExtraFields<R, T>] extends [never] ? unknown : { toRows: `returns fields its row schema does not have: ${ExtraFields<R, T> & string}` };

/**
 * One list of the table, its rows held to its row schema at compile time: `toRows` must return every
 * field of `item` with its type, and no field `item` does not have.
 */
export function list<S extends z.ZodType, R extends z.output<S>>(
  def: Omit<ListDef<S>, 'toRows'> & { toRows(rows: Record<string, any>[], ctx: ListContext): Promise<R[]> | R[] } & NoExtraFields<R, z.output<S>>,
): ListDef<S> {
  return def as ListDef<S>;
}

const MAX_PAGE = 200;
/**
 * Totals up to this are exact; beyond it the planner's estimate is sent (at least the cap + 1): an
 * exact count(*) of 100,000 projects costs more than the page itself, and the console only pages
 * through it.
 */
export const EXACT_TOTAL_UP_TO = 1000;
/** Far beyond any list here, and well inside PostgreSQL's bigint and JavaScript's exact integers. */
const MAX_OFFSET = 1_000_000_000;


function parseJson(raw: unknown, name: string): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw HttpError.of(400, 'invalid_input', { [name]: 'must be a JSON-encoded value' });
  try {
    return JSON.parse(raw);
  } catch {
    throw HttpError.of(400, 'invalid_input', { [name]: 'must be valid JSON' });
  }
}

/** Who is asking (team, partner, unit, chair), as requireAuth read it for this request. */
export function listContext(db: Knex, req: Request): ListContext {
  const a = accountOf(req);
  return { db, now: new Date(), actor: { userId: a.userId, role: a.role, unitCode: a.unitCode, units: unitsOf(a), teamCode: a.teamCode, partnerId: a.partnerId, boardChair: a.boardChair } };
}

/** Narrows a list's query to the caller's units (see ListDef.unit). */
export function withinUnits(def: Pick<ListDef, 'unit'>, q: Knex.QueryBuilder, ctx: ListContext): Knex.QueryBuilder {
  if (def.unit === 'installation') return q;
  const { column, orNull } = def.unit;
  const units = [...ctx.actor.units];
  // No unit at all sees nothing (IN () is not SQL).
  const within = units.length ? `${column} IN (${units.map(() => '?').join(', ')})` : 'false';
  return q.whereRaw(orNull ? `(${within} OR ${column} IS NULL)` : `(${within})`, units);
}

/**
 * The rows of a list the caller may see at all: their units', then the list's own scope. A partner
 * works with every unit that invites it (R12): where a list holds it to its own partner's rows, that
 * scope alone applies.
 */
export function visibleRows(def: ListDef, ctx: ListContext): Knex.QueryBuilder {
  const q = def.base(ctx);
  if (!(ctx.actor.role === 'partner' && def.scope)) withinUnits(def, q, ctx);
  def.scope?.(q, ctx);
  return q;
}

/** Validates and applies the `filter` object; unknown names and bad values are 400 naming the field. */
export function applyFilters(req: Request, def: ListDef, q: Knex.QueryBuilder, ctx: ListContext, raw: unknown = parseJson(req.query.filter, 'filter')): void {
  const filter = raw ?? {};
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw HttpError.of(400, 'invalid_input', { filter: 'must be a JSON object' });
  for (const [name, value] of Object.entries(filter)) {
    // Own names only: `constructor` or `__proto__` are no filter of any list.
    const spec = Object.hasOwn(def.filters, name) ? def.filters[name] : undefined;
    if (!spec) throw HttpError.of(400, 'invalid_input', { [`filter.${name}`]: `unknown filter; use one of ${Object.keys(def.filters).join(', ') || '(none)'}` });
    // Empty values are what react-admin sends for a cleared filter input.
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) continue;
    // Nested under filter.<name>, so the 400 names the field as the caller sent it, in their language.
    const parsed = parseInput(z.object({ filter: z.object({ [name]: spec.schema }) }), { filter: { [name]: value } }, req);
    spec.apply(q, parsed.filter[name], ctx);
  }
}

/** The list's rows the caller may see, narrowed by the request's filter (no order, no page). */
export function scopedQuery(req: Request, def: ListDef, ctx: ListContext, filter?: unknown): Knex.QueryBuilder {
  const q = visibleRows(def, ctx);
  applyFilters(req, def, q, ctx, filter === undefined ? parseJson(req.query.filter, 'filter') : filter);
  return q;
}

export interface ListPage {
  items: unknown[];
  start: number;
  total: number;
}

/** One page of a list: sort and range checked against the table, then rows mapped by its toRows. */
export async function readList(req: Request, def: ListDef, ctx: ListContext): Promise<ListPage> {
  const sortGiven = parseJson(req.query.sort, 'sort');
  const sort = (sortGiven as [string, string] | undefined) ?? def.defaultSort;
  const range = (parseJson(req.query.range, 'range') as [number, number] | undefined) ?? [0, 24];
  if (!Array.isArray(sort) || sort.length !== 2 || typeof sort[0] !== 'string' || !Object.hasOwn(def.sortable, sort[0]) || !['ASC', 'DESC'].includes(String(sort[1]).toUpperCase())) {
    throw HttpError.of(400, 'invalid_input', { sort: `must be [field, "ASC"|"DESC"] with field one of ${Object.keys(def.sortable).join(', ')}` });
  }
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isSafeInteger(n) && n >= 0 && n <= MAX_OFFSET) || range[1]! < range[0]! || range[1]! - range[0]! >= MAX_PAGE) {
    throw HttpError.of(400, 'invalid_input', { range: `must be [start, end]: whole numbers with 0 ≤ start ≤ end ≤ ${MAX_OFFSET} and at most ${MAX_PAGE} rows` });
  }
  const filter = parseJson(req.query.filter, 'filter');
  const direction = String(sort[1]).toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
  // Rows without a value (no deadline yet) go last either way; the key makes pages stable.
  const order = (q: Knex.QueryBuilder) => {
    q.orderByRaw(`${def.sortable[sort[0]]} ${direction}${def.notNull?.includes(sort[0]) ? '' : ' NULLS LAST'}`);
    if (def.sortable[sort[0]] !== def.idColumn) q.orderByRaw(`${def.idColumn} ASC`);
    return q;
  };
  const [start, end] = range as [number, number];
  const narrow = def.pageFirst;
  const filterNames = filter && typeof filter === 'object' ? Object.keys(filter) : [];
  if (narrow && narrow.sorts.includes(sort[0]) && filterNames.every((f) => narrow.filters.includes(f)) && !(sortGiven === undefined && def.preferredOrder)) {
    const ids = narrow.base(ctx);
    if (!(ctx.actor.role === 'partner' && def.scope)) withinUnits(def, ids, ctx);
    def.scope?.(ids, ctx);
    applyFilters(req, def, ids, ctx, filter);
    const count = listTotal(ctx.db, ids.clone().clearSelect().clearOrder());
    const page = order(ids.clearSelect().select(ctx.db.raw(def.idColumn))).offset(start).limit(end - start + 1);
    const q = order(def.base(ctx).whereIn(def.idColumn, page));
    const [rows, total] = await Promise.all([q, count]);
    return { items: await def.toRows(rows, ctx), start, total };
  }
  const q = scopedQuery(req, def, ctx, filter);
  const count = listTotal(ctx.db, q.clone().clearSelect().clearOrder());
  if (sortGiven === undefined) def.preferredOrder?.(q, ctx);
  order(q);
  const [rows, total] = await Promise.all([q.offset(start).limit(end - start + 1), count]);
  return { items: await def.toRows(rows, ctx), start, total };
}

/**
 * The number of rows of a list query (no select, no order): exact up to EXACT_TOTAL_UP_TO, counted
 * over that many rows at most; beyond it the planner's estimate of the same query, never below the
 * cap + 1 (so the console still offers the next page).
 */
export async function listTotal(db: Knex, q: Knex.QueryBuilder): Promise<number> {
  const rows = q.select(db.raw('1'));
  const [{ count } = { count: '0' }] = await db.count<{ count: string }[]>({ count: '*' }).from(rows.clone().limit(EXACT_TOTAL_UP_TO + 1).as('capped'));
  if (Number(count) <= EXACT_TOTAL_UP_TO) return Number(count);
  const { sql, bindings } = rows.toSQL();
  const plan = await db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  const estimate = Number(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  return Math.max(EXACT_TOTAL_UP_TO + 1, Math.round(estimate));
}

/** One row by id, within the caller's scope: a row outside it is simply not found. */
export async function readOne(def: ListDef, ctx: ListContext, id: string): Promise<unknown> {
  // No pattern, no single read: an id never reaches a cast PostgreSQL could refuse.
  if (!def.idPattern?.test(id)) throw HttpError.of(404, 'not_found');
  const row = await visibleRows(def, ctx).whereRaw(`${def.idColumn} = ?`, [id]).first();
  if (!row) throw HttpError.of(404, 'not_found');
  return (await def.toRows([row], ctx))[0];
}

export function sendList(res: Response, resource: string, items: unknown[], start: number, total: number): void {
  const end = items.length ? start + items.length - 1 : start;
  res.setHeader('Content-Range', `${resource} ${start}-${end}/${total}`);
  res.json(items);
}
