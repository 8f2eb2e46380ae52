import type { Request } from 'express';
import { HttpError } from './http-errors';

/**
 * The forms of the ids and codes that come in a path. Each is checked before any query, so a value
 * PostgreSQL would refuse (a uuid cast, a NUL byte) is a 404, never a 500.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A step: <workflowId>:<type>:<round>, e.g. project-BD-2026-0001:screening:1. */
export const STEP_ID = /^[A-Za-z0-9_.-]{1,80}:[a-z_]{1,40}:[0-9]{1,6}$/;
/** Project, milestone and indicator codes (domain/schemas.ts allows the same characters). */
export const CODE = /^[A-Za-z0-9_-]{1,40}$/;
/** Ledger sequence numbers: they fit PostgreSQL's bigint. */
export const SERIAL = /^[1-9][0-9]{0,17}$/;
/** Serial ids of integer columns (declarations of conflicts of interest). */
export const INT_ID = /^\d{1,9}$/;
/** A board seat: <boardId>:<userId>. */
export const BOARD_MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A path parameter of the given form; anything else names nothing that exists (404). */
export function pathParam(req: Request, name: string, form: RegExp): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !form.test(value)) throw HttpError.of(404, 'not_found');
  return value;
}
