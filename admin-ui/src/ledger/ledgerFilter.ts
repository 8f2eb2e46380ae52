// The ledger's filter form ↔ the API's filter (GET /api/ledger and /api/ledger/export), and the
// names of the files an export downloads.
import { DISPLAY_TIME_ZONE } from '../i18n/format';

/** The filters GET /api/ledger accepts; anything else would be refused with a 400. */
export const LEDGER_FILTERS = ['q', 'projectId', 'actorUserId', 'stepId', 'stepType', 'choice', 'from', 'to'] as const;
export type LedgerFilterName = (typeof LEDGER_FILTERS)[number];
export type LedgerFilter = Partial<Record<LedgerFilterName, string>>;

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How a date is typed in the filter, in both languages: day, month, year (25/12/2026, 5/1/2026). */
const DISPLAY_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A date as typed (dd/mm/yyyy) as the API's YYYY-MM-DD; a YYYY-MM-DD (a link from a trail) is kept.
 * Null for anything that is not a whole calendar date (31/02/2026, 2026-5-1, 12/25/2026).
 */
export function parseFilterDate(value: string): string | null {
  const text = value.trim();
  const typed = DISPLAY_DATE.exec(text);
  const iso = typed ? `${typed[3]}-${typed[2]!.padStart(2, '0')}-${typed[1]!.padStart(2, '0')}` : text;
  return isCalendarDate(iso) ? iso : null;
}

/** The filter input's check: blank, or a whole date typed day/month/year. */
export function validateFilterDate(value: unknown): string | undefined {
  if (value === undefined || value === null || String(value).trim() === '') return undefined;
  return parseFilterDate(String(value)) === null ? 'app.audit.list.date_invalid' : undefined;
}

/**
 * The form's values as the API's filter: known names only, text trimmed, blanks and half-typed
 * dates dropped, dates typed day/month/year sent as YYYY-MM-DD. A from/to given backwards is put in order.
 */
export function toLedgerApiFilter(values: Record<string, unknown> | null | undefined): LedgerFilter {
  const filter: LedgerFilter = {};
  for (const name of LEDGER_FILTERS) {
    const raw = values?.[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const value = String(raw).trim();
    if (value === '') continue;
    if (name === 'from' || name === 'to') {
      const date = parseFilterDate(value);
      if (date) filter[name] = date;
      continue;
    }
    filter[name] = value;
  }
  if (filter.from && filter.to && filter.from > filter.to) [filter.from, filter.to] = [filter.to, filter.from];
  return filter;
}

/** GET /api/ledger/export for the list as filtered now (same JSON filter as the list). */
export function exportUrl(apiRoot: string, format: ExportFormat, filter: LedgerFilter): string {
  const query = new URLSearchParams({ format, filter: JSON.stringify(filter) });
  return `${apiRoot}/ledger/export?${query.toString()}`;
}

/** YYYY-MM-DD on Vietnam's clock: the date the user sees on the screen. */
function localDate(now: Date): string {
  // en-CA formats a date as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A file name safe on every system: letters, digits, dot, dash, underscore. */
function safePart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * The name a download gets when the API does not name it: ledger[-project][-from_to]-<today>.<ext>,
 * so two exports with different filters do not overwrite each other in the Downloads folder.
 */
export function exportFileName(format: ExportFormat, filter: LedgerFilter, now: Date = new Date()): string {
  const parts = ['ledger'];
  if (filter.q) parts.push(safePart(filter.q));
  if (filter.from || filter.to) parts.push(`${filter.from ?? 'start'}_${filter.to ?? 'end'}`);
  parts.push(localDate(now));
  return `${parts.filter(Boolean).join('-')}.${format}`;
}

/**
 * The file name in a Content-Disposition header (RFC 6266): filename* (UTF-8, percent-encoded)
 * wins over filename; null when there is none. Path separators are never kept.
 */
export function fileNameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  let name: string | null = null;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain ? (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!) : null;
  }
  if (name === null) return null;
  const base = name.split(/[\\/]/).pop()!.trim();
  return base === '' || base === '.' || base === '..' ? null : base;
}
