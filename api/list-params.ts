import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { HttpError } from './http-errors';

/** Allow-listed sort fields and filters for one react-admin list (ra-data-simple-rest protocol). */
export interface ListSpec {
  resource: string;
  /** API field name → SQL column */
  sortable: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** API filter name → how it narrows the query */
  filters: Record<string, (q: Knex.QueryBuilder, value: unknown) => void>;
  maxPageSize?: number;
}

function parseJson(raw: unknown, name: string): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw HttpError.of(400, 'invalid_input', { [name]: 'must be a JSON-encoded value' });
  try {
    return JSON.parse(raw);
  } catch {
    throw HttpError.of(400, 'invalid_input', { [name]: 'must be valid JSON' });
  }
}

export function applyListQuery(req: Request, spec: ListSpec, base: Knex.QueryBuilder): { rows: Knex.QueryBuilder; count: Knex.QueryBuilder; start: number; end: number } {
  const sort = (parseJson(req.query.sort, 'sort') as [string, string] | undefined) ?? spec.defaultSort;
  const range = (parseJson(req.query.range, 'range') as [number, number] | undefined) ?? [0, 24];
  const filter = (parseJson(req.query.filter, 'filter') as Record<string, unknown> | undefined) ?? {};
  if (!Array.isArray(sort) || sort.length !== 2 || !(sort[0] in spec.sortable) || !['ASC', 'DESC'].includes(String(sort[1]).toUpperCase())) {
    throw HttpError.of(400, 'invalid_input', { sort: `must be [field, "ASC"|"DESC"] with field one of ${Object.keys(spec.sortable).join(', ')}` });
  }
  const max = spec.maxPageSize ?? 200;
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n) && n >= 0) || range[1]! < range[0]! || range[1]! - range[0]! >= max) {
    throw HttpError.of(400, 'invalid_input', { range: `must be [start, end] with 0 ≤ start ≤ end and at most ${max} rows` });
  }
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw HttpError.of(400, 'invalid_input', { filter: 'must be a JSON object' });
  for (const [name, value] of Object.entries(filter)) {
    const apply = spec.filters[name];
    if (!apply) throw HttpError.of(400, 'invalid_input', { [`filter.${name}`]: `unknown filter; use one of ${Object.keys(spec.filters).join(', ') || '(none)'}` });
    if (value !== undefined && value !== null && value !== '') apply(base, value);
  }
  const count = base.clone().clearSelect().clearOrder().count<{ count: string }[]>({ count: '*' });
  const [start, end] = range as [number, number];
  const rows = base.orderBy(spec.sortable[sort[0]]!, String(sort[1]).toLowerCase() as 'asc' | 'desc').offset(start).limit(end - start + 1);
  return { rows, count, start, end };
}

export function sendList(res: Response, resource: string, items: unknown[], start: number, total: number): void {
  const end = items.length ? start + items.length - 1 : start;
  res.setHeader('Content-Range', `${resource} ${start}-${end}/${total}`);
  res.json(items);
}
