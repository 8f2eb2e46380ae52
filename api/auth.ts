import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { jwtVerify, SignJWT } from 'jose';
import type { Knex } from 'knex';
import { ROLES, type Actor, type Role } from '../domain/roles';
import { loadAccount, type Account } from './account';
import { HttpError } from './http-errors';

/** Lockout policy (README "Sign-in policy"): 5 failed sign-ins lock the account for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;

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

export async function signIn(db: Knex, auth: AuthSettings, email: string, password: string): Promise<SessionTokens> {
  const row = await db('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).andWhere({ active: true }).first();
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(await dummyHash, password);
    throw HttpError.of(401, 'invalid_credentials');
  }
  if (row.locked_until && new Date(row.locked_until) > new Date()) throw HttpError.of(423, 'account_locked');
  const ok = await verifyPassword(row.password_hash, password);
  if (!ok) {
    const failures = row.failed_logins + 1;
    const lock = failures >= LOCKOUT.maxFailures;
    await db('users')
      .where({ id: row.id })
      .update({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(Date.now() + LOCKOUT.lockMinutes * 60_000) : null });
    throw lock ? HttpError.of(423, 'account_locked') : HttpError.of(401, 'invalid_credentials');
  }
  if (row.failed_logins > 0 || row.locked_until) await db('users').where({ id: row.id }).update({ failed_logins: 0, locked_until: null });
  return issueSession(db, auth, row);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function issueSession(db: Knex, auth: AuthSettings, row: Record<string, any>, replacing?: string): Promise<SessionTokens> {
  const user: SessionUser = { id: row.id, email: row.email, displayName: row.display_name, role: row.role, teamCode: row.team_code, unitCode: row.unit_code };
  const token = await new SignJWT({ role: user.role, name: user.displayName })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setIssuer('dong-hanh')
    .setAudience('dong-hanh')
    .setExpirationTime(`${auth.ttlSeconds}s`)
    .sign(auth.secret);
  const refreshToken = randomBytes(32).toString('base64url');
  const [stored] = await db('refresh_tokens')
    .insert({ user_id: user.id, token_hash: sha256(refreshToken), expires_at: new Date(Date.now() + auth.refreshTtlSeconds * 1000) })
    .returning('id');
  if (replacing) await db('refresh_tokens').where({ id: replacing }).update({ replaced_by: stored.id });
  return { token, refreshToken, user };
}

/**
 * Trades a refresh token for a new pair; each refresh token works once. Presenting one that was
 * already used means it leaked: every session of that person is revoked.
 */
export async function refreshSession(db: Knex, auth: AuthSettings, refreshToken: string): Promise<SessionTokens> {
  const hash = sha256(refreshToken);
  const revokedNow = await db('refresh_tokens').where({ token_hash: hash }).whereNull('revoked_at').where('expires_at', '>', db.fn.now()).update({ revoked_at: db.fn.now() }).returning(['id', 'user_id']);
  const current = revokedNow[0];
  if (!current) {
    const reused = await db('refresh_tokens').where({ token_hash: hash }).whereNotNull('revoked_at').first('user_id');
    if (reused) await db('refresh_tokens').where({ user_id: reused.user_id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
    throw HttpError.of(401, 'unauthenticated');
  }
  const row = await db('users').where({ id: current.user_id, active: true }).first();
  if (!row) throw HttpError.of(401, 'unauthenticated');
  return issueSession(db, auth, row, current.id);
}

/** Logout: the refresh token stops working; the short-lived access token expires on its own. */
export async function revokeRefreshToken(db: Knex, refreshToken: string): Promise<void> {
  await db('refresh_tokens').where({ token_hash: sha256(refreshToken) }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every /api route but login passes here: a valid, unexpired token signed by us, naming a known
 * role, for an account that is still active and still holds that role (R18: a demotion or a
 * switch-off takes effect on the next request, not when the token expires; the console signs in again).
 */
export function requireAuth(auth: AuthSettings, db: Knex): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) return next(HttpError.of(401, 'unauthenticated'));
    let userId: string;
    let role: Role;
    try {
      const { payload } = await jwtVerify(match[1]!, auth.secret, { issuer: 'dong-hanh', audience: 'dong-hanh', algorithms: ['HS256'] });
      role = payload.role as Role;
      if (!payload.sub || !UUID.test(payload.sub) || !ROLES.includes(role)) return next(HttpError.of(401, 'unauthenticated'));
      userId = payload.sub;
    } catch {
      return next(HttpError.of(401, 'unauthenticated'));
    }
    let account: Account | undefined;
    try {
      account = await loadAccount(db, userId);
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
