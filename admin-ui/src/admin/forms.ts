// The admin forms' rules: the API's own zod schemas (domain/schemas.ts), the request bodies the
// forms send, and what a new version changes. Pure, so the unit tests cover it without a browser.
import { z } from 'zod';
import type { AppLocale } from '../types';

const zodLocales = { en: z.locales.en().localeError, vi: z.locales.vi().localeError };

/** The schemas' own refinement sentences (English in domain/schemas.ts) → a catalogue key. */
const RULE_KEYS: Readonly<Record<string, string>> = {
  'a partner account names its partner': 'app.admin.rule.partner_named',
  'a team lead names their team': 'app.admin.rule.team_named',
  'name either the project or the partner': 'app.admin.rule.project_or_partner',
  'levels must rise': 'app.admin.rule.levels_rise',
  'change at least one field': 'app.admin.rule.change_something',
};

export type FieldErrors = Record<string, unknown>;

function setPath(target: FieldErrors, path: readonly PropertyKey[], message: string): void {
  let node: Record<string, unknown> = target;
  path.forEach((key, i) => {
    const name = String(key);
    if (i === path.length - 1) {
      node[name] ??= message;
      return;
    }
    if (typeof node[name] !== 'object' || node[name] === null) node[name] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[name] as Record<string, unknown>;
  });
}

/**
 * Parses `body` with the API's schema and the user's language (as the API does); each issue goes to
 * the field it names (nested for lists), a whole-form issue to `root`. Empty when the body is valid.
 */
export function schemaErrors(schema: z.ZodType, body: unknown, locale: AppLocale, translate: (key: string) => string = (k) => k): FieldErrors {
  const result = schema.safeParse(body, { error: zodLocales[locale] });
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const message = RULE_KEYS[issue.message] ? translate(RULE_KEYS[issue.message]!) : issue.message;
    setPath(errors, issue.path.length ? issue.path : ['root'], message);
  }
  return errors;
}

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null));
const blankToUndefined = (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** Only the keys a body may carry (the API refuses unknown fields), without empty optional values. */
function pick(values: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (values[key] !== undefined) out[key] = values[key];
  return out;
}

export const USER_FIELDS = ['email', 'displayName', 'role', 'password', 'teamCode', 'partnerId', 'active'] as const;
export const PARTNER_FIELDS = ['name', 'kind', 'capabilities', 'contactEmail'] as const;
export const SLA_FIELDS = ['stepType', 'responsibleTeamCode', 'durationValue', 'durationUnit', 'atRiskRatio', 'escalationLadder'] as const;
export const QUORUM_FIELDS = ['minVoters', 'majority', 'requireNonGovernment', 'abstentionsCountAsPresent'] as const;

/** POST /api/users: a team only for a team lead's kind of roles, a partner only for partner accounts. */
export function userCreateBody(values: Record<string, unknown>): Record<string, unknown> {
  return pick(
    {
      ...values,
      teamCode: blankToUndefined(values.teamCode),
      partnerId: values.role === 'partner' ? blankToUndefined(values.partnerId) : undefined,
      active: values.active ?? true,
    },
    [...USER_FIELDS],
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** PATCH bodies carry only what changed; an empty new password keeps the old one. */
export function changedFields(values: Record<string, unknown>, previous: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = key === 'password' ? blankToUndefined(values[key]) : key === 'teamCode' || key === 'partnerId' || key === 'contactEmail' ? blankToNull(values[key]) : values[key];
    if (value === undefined) continue;
    if (!same(value, previous[key])) out[key] = value;
  }
  return out;
}

export function partnerCreateBody(values: Record<string, unknown>): Record<string, unknown> {
  return pick({ ...values, contactEmail: blankToUndefined(values.contactEmail), unitCode: blankToUndefined(values.unitCode), capabilities: values.capabilities ?? [] }, [...PARTNER_FIELDS, 'unitCode']);
}

export function conflictBody(values: Record<string, unknown>): Record<string, unknown> {
  return pick({ userId: blankToUndefined(values.userId), projectId: blankToUndefined(values.projectId), partnerId: blankToUndefined(values.partnerId), reason: values.reason }, ['userId', 'projectId', 'partnerId', 'reason']);
}

/** POST /api/board-members: an empty start day is today (the API's default). */
export function boardMemberBody(values: Record<string, unknown>): Record<string, unknown> {
  return pick({ userId: blankToUndefined(values.userId), seat: blankToUndefined(values.seat), isChair: values.isChair ?? false, since: blankToUndefined(values.since) }, ['userId', 'seat', 'isChair', 'since']);
}

const num = (v: unknown) => (v === '' || v === null || v === undefined ? v : Number(v));

/** A new SLA policy version from the form: numbers as numbers, the ladder's levels in order. */
export function slaPolicyBody(values: Record<string, unknown>): Record<string, unknown> {
  const ladder = Array.isArray(values.escalationLadder) ? values.escalationLadder : [];
  return pick(
    {
      ...values,
      responsibleTeamCode: blankToNull(values.responsibleTeamCode),
      durationValue: num(values.durationValue),
      atRiskRatio: num(values.atRiskRatio),
      escalationLadder: ladder.map((r: Record<string, unknown>) => ({ level: num(r.level), role: r.role, after: num(r.after) })),
    },
    [...SLA_FIELDS],
  );
}

export function quorumRuleBody(values: Record<string, unknown>): Record<string, unknown> {
  return pick({ ...values, minVoters: num(values.minVoters) }, [...QUORUM_FIELDS]);
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Old against new, field by field: the preview before saving and the admin trail both show it. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null, keys?: readonly string[]): FieldChange[] {
  const fields = keys ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.filter((f) => !same(before?.[f], after?.[f])).map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }));
}

/** One value as the trail and the preview print it. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? Object.values(v).join(' · ') : String(v))).join(', ') || '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
