import { createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { IdempotencyKey } from '../domain/schemas';
import { HttpError, parseInput } from './http-errors';

/**
 * Idempotency-Key on every command (IETF draft-ietf-httpapi-idempotency-key-header). A key belongs
 * to its caller (the signed-in person, or the client's address on the public feedback route) and is
 * bound, on first use, to a fingerprint of the request: method, route with its actual parameters and
 * the validated body in canonical JSON (RFC 8785). The same request sent again goes on to the
 * route's own dedupe (the Temporal update id, the admin trail), which answers the first result; any
 * other request under that key is refused with 422 `idempotency_key_reused` and nothing is done.
 */

/** A key stays bound to its first request for at least this long; older rows may be deleted. */
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

export function idempotencyKeyOf(req: Request): string {
  const raw = req.header('idempotency-key');
  if (!raw || !IdempotencyKey.safeParse(raw).success) throw HttpError.of(400, 'idempotency_key_required', { 'Idempotency-Key': 'required: 8–200 characters of A–Z a–z 0–9 . _ : -' });
  return raw;
}

/** Who a key belongs to: two callers never share one. */
function callerOf(req: Request): string {
  return req.actor ? `user:${req.actor.userId}` : `ip:${req.ip ?? 'unknown'}`;
}

/**
 * The request's fingerprint. Keyed (HMAC-SHA-256) because a body may carry a password: a plain hash
 * of it would let whoever reads the table guess the password offline.
 */
export function requestFingerprint(secret: string, req: Request, body: unknown): string {
  const material = canonicalize({
    method: req.method,
    // The route as declared (case and trailing slash normalised) and the decoded values of its parameters.
    route: `${req.baseUrl.toLowerCase()}${req.route?.path ?? req.path}`,
    params: { ...req.params },
    body: body ?? null,
  });
  return createHmac('sha256', secret).update('idempotency-key\n').update(material ?? '').digest('hex');
}

export interface IdempotencyKeys {
  /**
   * Checks the key, validates the body with `schema` (400 naming each field, which binds nothing), then
   * binds the key to this request: the first use records it, a different request under it is a 422.
   */
  command<S extends z.ZodType>(req: Request, schema: S): Promise<{ key: string; body: z.infer<S> }>;
  /** The same, for a command without a body (DELETE). */
  command(req: Request): Promise<{ key: string; body: undefined }>;
}

const KEY_REUSED = { en: 'already used for another request: send a new key', vi: 'đã dùng cho một yêu cầu khác: hãy gửi khóa mới' };

export function idempotencyKeys(db: Knex, secret: string): IdempotencyKeys {
  async function bind(req: Request, key: string, body: unknown): Promise<void> {
    const caller = callerOf(req);
    const fingerprint = requestFingerprint(secret, req, body);
    // Two identical requests at once: the second waits for the first's insert and finds the same fingerprint.
    await db.raw('INSERT INTO idempotency_keys (caller, idempotency_key, fingerprint) VALUES (?, ?, ?) ON CONFLICT (caller, idempotency_key) DO NOTHING', [caller, key, fingerprint]);
    const bound = await db('idempotency_keys').where({ caller, idempotency_key: key }).first('fingerprint');
    if (bound?.fingerprint !== fingerprint) throw HttpError.of(422, 'idempotency_key_reused', { 'Idempotency-Key': KEY_REUSED });
  }
  return {
    async command(req: Request, schema?: z.ZodType) {
      const key = idempotencyKeyOf(req);
      const body = schema ? parseInput(schema, req.body, req) : undefined;
      await bind(req, key, body);
      return { key, body };
    },
  } as IdempotencyKeys;
}
