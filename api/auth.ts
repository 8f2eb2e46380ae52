import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { ipKeyGenerator } from 'express-rate-limit';
import { jwtVerify, SignJWT } from 'jose';
import type { Knex } from 'knex';
import { ROLES, type Actor, type Role } from '../domain/roles';
import { loadAccount, type Account } from './account';
import { HttpError } from './http-errors';

/**
 * Sign-in throttling (README "Sign-in policy"), per email and client address, alike for known and
 * unknown emails: the first `freeFailures` wrong passwords cost nothing; from then on each failure
 * makes that address wait 2^failures seconds (32 s, 64 s, …, at most `maxWaitSeconds`) before the
 * next attempt for that email. Someone failing elsewhere never keeps the owner out.
 */
export const SIGN_IN_THROTTLE = { freeFailures: 5, maxWaitSeconds: 15 * 60, forgetAfterHours: 24 } as const;

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** The person's row as it is now (team, partner, unit, chair), loaded once by requireAuth. */
    account?: Account;
  }
}

export interface AuthSettings {
  secret: Uint8Array;
  ttlSeconds: number;
  refreshTtlSeconds: number;
}

export interface SessionTokens {
  token: string;
  refreshToken: string;
  user: SessionUser;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamCode: string | null;
  unitCode: string;
}

// Verifying against a fixed hash when the email is unknown keeps response times alike.
let dummyHash: Promise<string> | undefined;

/** argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, { algorithm: 2 as Algorithm /* Argon2id; a const enum cannot be read under isolatedModules */, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

const verifyPassword = (hash: string, password: string) => argon2Verify(hash, password).catch(() => false);

/**
 * Counts this attempt for (email, client) before the password is checked, so guesses sent at once
 * cannot slip past the count; a sign-in that succeeds clears it. Answers the wait left when that
 * address must still wait, else null.
 */
async function countAttempt(db: Knex, email: string, client: string): Promise<number | null> {
  const { freeFailures, maxWaitSeconds, forgetAfterHours } = SIGN_IN_THROTTLE;
  const blocked = 't.blocked_until > now()';
  const failures = `CASE WHEN t.last_failure_at < now() - make_interval(hours => ${forgetAfterHours}) THEN 1 ELSE t.failures + 1 END`;
  const { rows } = await db.raw(
    `INSERT INTO sign_in_throttle AS t (email, client, failures, blocked_until, last_failure_at) VALUES (?, ?, 1, NULL, now())
     ON CONFLICT (email, client) DO UPDATE SET
       failures = CASE WHEN ${blocked} THEN t.failures ELSE ${failures} END,
       blocked_until = CASE WHEN ${blocked} THEN t.blocked_until
                            WHEN ${failures} >= ${freeFailures} THEN now() + make_interval(secs => least(power(2, least(${failures}, 20)), ${maxWaitSeconds}))
                            ELSE NULL END,
       last_failure_at = CASE WHEN ${blocked} THEN t.last_failure_at ELSE now() END
     RETURNING t.last_failure_at = now() AS counted, ceil(extract(epoch FROM t.blocked_until - now()))::int AS wait_seconds`,
    [email, client],
  );
  const row = rows[0] as { counted: boolean; wait_seconds: number | null };
  return row.counted ? null : Math.max(1, row.wait_seconds ?? 1);
}

/** The answer while an address waits: the same for known and unknown emails. */
export function signInThrottled(waitSeconds: number): HttpError {
  const e = HttpError.of(429, 'sign_in_throttled');
  return new HttpError(429, e.code, e.messages, undefined, waitSeconds);
}

/**
 * Signs in. A wrong password and an unknown email get the same answer after the same work (an
 * argon2 verification against a fixed hash), so neither the answer nor its time tells whether the
 * account exists. `client` is the caller's address (see clientKey).
 */
export async function signIn(db: Knex, auth: AuthSettings, email: string, password: string, client: string): Promise<SessionTokens> {
  const emailKey = email.toLowerCase();
  const wait = await countAttempt(db, emailKey, client);
  if (wait !== null) throw signInThrottled(wait);
  const row = await db('users').whereRaw('lower(email) = ?', [emailKey]).andWhere({ active: true }).first();
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(row ? row.password_hash : await dummyHash, password);
  if (!row || !ok) throw HttpError.of(401, 'invalid_credentials');
  // Clears this count, and prunes counts nobody added to for a day (they would restart at 1 anyway).
  await db('sign_in_throttle')
    .where({ email: emailKey, client })
    .orWhere('last_failure_at', '<', db.raw(`now() - make_interval(hours => ${SIGN_IN_THROTTLE.forgetAfterHours})`))
    .delete();
  return issueSession(db, auth, row);
}

/** The address a sign-in is counted against: IPv4 as is, IPv6 by its /56 (one customer's network). */
export function clientKey(ip: string | undefined): string {
  return ip ? ipKeyGenerator(ip, 56) : 'unknown';
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Opens a session (sign-in) or continues one (refresh, with the id its spent token names as successor). */
async function issueSession(db: Knex, auth: AuthSettings, row: Record<string, any>, continuing?: { sessionId: string; refreshTokenId: string }): Promise<SessionTokens> {
  const user: SessionUser = { id: row.id, email: row.email, displayName: row.display_name, role: row.role, teamCode: row.team_code, unitCode: row.unit_code };
  const sessionId = continuing?.sessionId ?? (await db('sessions').insert({ user_id: user.id }).returning('id'))[0].id;
  const token = await new SignJWT({ role: user.role, name: user.displayName, sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setIssuer('dong-hanh')
    .setAudience('dong-hanh')
    .setExpirationTime(`${auth.ttlSeconds}s`)
    .sign(auth.secret);
  const refreshToken = randomBytes(32).toString('base64url');
  await db('refresh_tokens').insert({
    id: continuing?.refreshTokenId ?? randomUUID(),
    user_id: user.id,
    session_id: sessionId,
    token_hash: sha256(refreshToken),
    expires_at: new Date(Date.now() + auth.refreshTtlSeconds * 1000),
  });
  return { token, refreshToken, user };
}

/** Ends sessions: their refresh tokens stop working and requireAuth refuses their access tokens. */
export async function revokeSessions(db: Knex, where: { id: string } | { user_id: string }): Promise<void> {
  const ids = await db('sessions').where(where).whereNull('revoked_at').update({ revoked_at: db.fn.now() }).returning('id');
  if (ids.length) await db('refresh_tokens').whereIn('session_id', ids.map((r: { id: string }) => r.id)).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

/**
 * Trades a refresh token for a new pair in the same session; each refresh token works once.
 * Presenting one that was already traded means it leaked: every session of that person ends.
 * One ended by logout or by an administrator is merely refused.
 */
export async function refreshSession(db: Knex, auth: AuthSettings, refreshToken: string): Promise<SessionTokens> {
  const hash = sha256(refreshToken);
  // The successor's id is written as the token is spent, so a replay racing this call is already seen as one.
  const successor = randomUUID();
  const revokedNow = await db('refresh_tokens')
    .where({ token_hash: hash })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .whereIn('session_id', db('sessions').select('id').whereNull('revoked_at'))
    .update({ revoked_at: db.fn.now(), replaced_by: successor })
    .returning(['user_id', 'session_id']);
  const current = revokedNow[0];
  if (!current) {
    const reused = await db('refresh_tokens').where({ token_hash: hash }).whereNotNull('replaced_by').first('user_id');
    if (reused) await revokeSessions(db, { user_id: reused.user_id });
    throw HttpError.of(401, 'unauthenticated');
  }
  const row = await db('users').where({ id: current.user_id, active: true }).first();
  if (!row) throw HttpError.of(401, 'unauthenticated');
  return issueSession(db, auth, row, { sessionId: current.session_id, refreshTokenId: successor });
}

/**
 * Logout ends the session the refresh token or the access token belongs to, at once: its access
 * tokens are refused from the next request on.
 */
export async function logout(db: Knex, auth: AuthSettings, given: { refreshToken?: string; authorization?: string }): Promise<void> {
  if (given.refreshToken) {
    const row = await db('refresh_tokens').where({ token_hash: sha256(given.refreshToken) }).first('session_id');
    if (row) await revokeSessions(db, { id: row.session_id });
  }
  const claims = given.authorization ? await verifiedClaims(auth, given.authorization) : undefined;
  if (claims) await revokeSessions(db, { id: claims.sessionId });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims of a valid, unexpired `Bearer` token signed by us, or undefined. */
async function verifiedClaims(auth: AuthSettings, header: string): Promise<{ userId: string; role: Role; sessionId: string } | undefined> {
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return undefined;
  try {
    const { payload } = await jwtVerify(match[1]!, auth.secret, { issuer: 'dong-hanh', audience: 'dong-hanh', algorithms: ['HS256'] });
    const role = payload.role as Role;
    const sid = payload.sid;
    if (!payload.sub || !UUID.test(payload.sub) || !ROLES.includes(role) || typeof sid !== 'string' || !UUID.test(sid)) return undefined;
    return { userId: payload.sub, role, sessionId: sid };
  } catch {
    return undefined;
  }
}

/**
 * Every /api route but login passes here: a valid, unexpired token signed by us, naming a known
 * role and a session that was not ended (logout), for an account that is still active and still
 * holds that role (R18: a demotion or a switch-off takes effect on the next request, not when the
 * token expires; the console signs in again).
 */
export function requireAuth(auth: AuthSettings, db: Knex): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const claims = await verifiedClaims(auth, req.headers.authorization ?? '');
    if (!claims) return next(HttpError.of(401, 'unauthenticated'));
    const { userId, role, sessionId } = claims;
    let account: Account | undefined;
    try {
      account = await loadAccount(db, userId, sessionId);
    } catch (err) {
      return next(err);
    }
    if (!account?.active || account.role !== role) return next(HttpError.of(401, 'unauthenticated'));
    req.account = account;
    req.actor = { userId, role, displayName: account.displayName };
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw HttpError.of(401, 'unauthenticated');
  return req.actor;
}

export function accountOf(req: Request): Account {
  if (!req.account) throw HttpError.of(401, 'unauthenticated');
  return req.account;
}
