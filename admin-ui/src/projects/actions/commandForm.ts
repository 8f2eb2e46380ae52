// Forms that send a stage command: checked with the API's own zod schema (domain/schemas.ts), and
// the API's refusal put back on the field it names.
import { z } from 'zod';
import { ApiError } from '../../data/httpClient';
import type { AppLocale } from '../../types';

const ZOD_LOCALES = { en: z.locales.en().localeError, vi: z.locales.vi().localeError };

/** Maps a body path (`evidence.2`, `milestones.0.dueDate`) to the form field that shows it. */
export type FieldOf = (path: string) => string;
export const samePath: FieldOf = (path) => path;

/** A form field typed as text that becomes a list in the body: every item's reason shows on it. */
export const listField =
  (...fields: string[]): FieldOf =>
  (path) => {
    const head = path.split('.')[0] ?? path;
    return fields.includes(head) ? head : path;
  };

function setIn(target: Record<string, unknown>, path: string, message: string): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (node[last] === undefined) node[last] = message;
}

/**
 * The errors react-admin's Form `validate` expects (nested by field), from the API's schema in the
 * user's language; {} when the body would be accepted. An issue without a path goes to `rootField`.
 */
export function schemaErrors(schema: z.ZodType, body: unknown, locale: AppLocale, fieldOf: FieldOf = samePath, rootField = 'root'): Record<string, unknown> {
  const result = schema.safeParse(body, { error: ZOD_LOCALES[locale] });
  if (result.success) return {};
  const errors: Record<string, unknown> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    setIn(errors, path ? fieldOf(path) : rootField, issue.message);
  }
  return errors;
}

/**
 * The API's refusal as form errors: each `fields` reason on its form field, the sentence as the
 * form's root error. Null when the refusal names no field (the caller notifies the sentence).
 */
export function refusalErrors(error: unknown, fieldOf: FieldOf = samePath): Record<string, unknown> | null {
  if (!(error instanceof ApiError)) return null;
  const fields = error.body?.fields ?? {};
  const names = Object.keys(fields).filter((name) => name !== '_');
  if (names.length === 0) return null;
  const errors: Record<string, unknown> = { root: { serverError: error.message } };
  for (const name of names) if (errors[fieldOf(name)] === undefined) errors[fieldOf(name)] = fields[name];
  return errors;
}

/** Evidence typed one link per line; blank lines do not count. */
export function lines(text: unknown): string[] {
  return String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A number typed in a form ('' or null is absent); NaN is kept so the schema names the field. */
export function numberOrUndefined(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'number' ? value : Number(value);
}

/** Text typed in a form: trimmed, absent when empty. */
export function textOrUndefined(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? undefined : text;
}
