import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { migrationConfig } from '../../migrations';
import { newLedgerSigningKeyPem } from '../../platform/ledger-signing';

/**
 * The application's own PostgreSQL role (issue 11, defect 6). Migrations run as the owner of the
 * tables; the API and the worker log in as a role that owns nothing, may read and write the read
 * model, and may only read and append to the append-only tables. Neither can it disable a trigger,
 * truncate or set session_replication_role (those need ownership or superuser).
 */
export const DEFAULT_APP_ROLE = 'donghanh_app';

/** Tables the application may only SELECT from and INSERT into. */
export const APPEND_ONLY_TABLES = ['decision_ledger', 'admin_changes', 'ledger_anchors', 'decider_events', 'dissent_notes'] as const;

/** The migration bookkeeping is the owner's alone. */
const OWNER_ONLY_TABLES = ['knex_migrations', 'knex_migrations_lock'];

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkRoleName(role: string): void {
  if (!ROLE_NAME.test(role)) throw new Error(`Bad role name ${role}: lower-case letters, digits and _ only`);
}

/** SQLSTATEs of a CREATE ROLE that lost a race with another process creating the same role. */
const ROLE_RACE = new Set(['42710', '23505', 'XX000']);

/**
 * Creates the login role once per cluster (roles are cluster-wide and the server may be shared, so a
 * concurrent creation is not an error). A password is set only when the role cannot log in with it yet.
 */
export async function ensureAppRole(owner: Knex, opts: { role: string; password?: string; appUrl?: string }): Promise<void> {
  checkRoleName(opts.role);
  if (opts.password !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(opts.password)) throw new Error('The application role password must be 16+ characters of [A-Za-z0-9_-]');
  const existing = await owner('pg_roles').where({ rolname: opts.role }).first('rolsuper', 'rolbypassrls', 'rolcreaterole', 'rolcreatedb');
  if (existing && (existing.rolsuper || existing.rolbypassrls || existing.rolcreaterole || existing.rolcreatedb)) {
    throw new Error(`The role ${opts.role} exists with SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB: the application must run as a role without them. Choose another DATABASE_APP_ROLE.`);
  }
  const passwordSql = opts.password ? ` PASSWORD '${opts.password}'` : '';
  if (!existing) {
    try {
      await owner.raw(`CREATE ROLE ${opts.role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${passwordSql}`);
      return;
    } catch (err) {
      if (!ROLE_RACE.has((err as { code?: string }).code ?? '')) throw err;
    }
  }
  if (opts.password && opts.appUrl && (await canLogIn(opts.appUrl))) return;
  if (opts.password) await owner.raw(`ALTER ROLE ${opts.role} WITH LOGIN PASSWORD '${opts.password}'`);
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Grants, in the current database, exactly what the application needs. Run after every migration
 * (migrateAndGrant), so tables added by later migrations are covered: it resets the role's table
 * rights and grants them again from these rules, in one transaction.
 */
export async function grantAppRole(owner: Knex, role: string): Promise<void> {
  checkRoleName(role);
  await owner.transaction(async (trx) => {
    const tables: string[] = await trx('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
    const readWrite = tables.filter((t) => !OWNER_ONLY_TABLES.includes(t) && !(APPEND_ONLY_TABLES as readonly string[]).includes(t));
    const appendOnly = tables.filter((t) => (APPEND_ONLY_TABLES as readonly string[]).includes(t));
    const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
    await trx.raw(`GRANT USAGE ON SCHEMA public TO ${role}`);
    // PostgreSQL before 15 lets every role create objects in public; the application needs none.
    await trx.raw('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await trx.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    if (readWrite.length) await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${list(readWrite)} TO ${role}`);
    if (appendOnly.length) await trx.raw(`GRANT SELECT, INSERT ON ${list(appendOnly)} TO ${role}`);
    await trx.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await trx.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  });
}

/** Migrates as the owner, then grants the application role its rights on whatever now exists. */
export async function migrateAndGrant(owner: Knex, role: string): Promise<string[]> {
  const [, migrated] = await owner.migrate.latest(migrationConfig);
  await grantAppRole(owner, role);
  return migrated;
}

/** The owner's URL with the application role as the user (and its password when there is one). */
export function appRoleUrl(ownerUrl: string, role: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
}

/** A secret generated once per installation and kept in a file only its owner may read. */
export function installationSecret(file: string, make: () => string = () => randomBytes(24).toString('base64url')): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = make();
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process made it first: theirs is the installation's.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
  chmodSync(file, 0o600);
  return secret;
}

/**
 * Everything a stack (make up, make test) does for the application role: creates it if need be,
 * migrates, grants, and returns the URL the API and the worker use.
 */
export async function prepareAppDatabase(owner: Knex, opts: { ownerUrl: string; role: string; passwordFile: string }): Promise<{ appUrl: string; migrated: string[] }> {
  const password = installationSecret(opts.passwordFile);
  const appUrl = appRoleUrl(opts.ownerUrl, opts.role, password);
  try {
    await ensureAppRole(owner, { role: opts.role, password, appUrl });
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err;
    throw new Error(
      `The database user of ${new URL(opts.ownerUrl).username || 'DATABASE_URL'} may not create the role ${opts.role}. Create it once as a superuser (CREATE ROLE ${opts.role} LOGIN PASSWORD '…'), then set DATABASE_URL to its URL and MIGRATION_DATABASE_URL to the owner's.`,
    );
  }
  const migrated = await migrateAndGrant(owner, opts.role);
  return { appUrl, migrated };
}

/**
 * make test's part: the application role (its password kept once per installation), the main test
 * database migrated and granted, and a signing key and a folder of anchor logs for this run. The
 * harness (test/support/harness.ts) reads the variables returned.
 */
export async function prepareTestRoles(owner: Knex, opts: { ownerUrl: string; dataDir: string; work: string }): Promise<{ env: Record<string, string> }> {
  const role = process.env.DATABASE_APP_ROLE || DEFAULT_APP_ROLE;
  const passwordFile = join(opts.dataDir, 'app-role-password');
  await prepareAppDatabase(owner, { ownerUrl: opts.ownerUrl, role, passwordFile });
  const keyFile = join(opts.work, 'ledger-signing-key.pem');
  writeFileSync(keyFile, newLedgerSigningKeyPem(), { mode: 0o600 });
  const anchorDir = join(opts.work, 'anchors');
  rmSync(anchorDir, { recursive: true, force: true });
  mkdirSync(anchorDir, { recursive: true });
  return {
    env: { DH_TEST_APP_ROLE: role, DH_TEST_APP_PASSWORD: installationSecret(passwordFile), DH_TEST_LEDGER_KEY_FILE: keyFile, DH_TEST_ANCHOR_DIR: anchorDir },
  };
}

/**
 * make up's part. The owner is MIGRATION_DATABASE_URL when set (then DATABASE_URL is the
 * application's, as in production), else DATABASE_URL or the embedded server, and the application's
 * URL is derived from it. The ledger signing key and the anchor log default to files under .data/.
 * Returns the variables the worker and the API are started with.
 */
export async function prepareStackDatabase(owner: Knex, opts: { ownerUrl: string; givenAppUrl?: string; role: string; dataDir: string }): Promise<{ migrated: string[]; env: Record<string, string> }> {
  let appUrl: string;
  let migrated: string[];
  if (opts.givenAppUrl) {
    const role = decodeURIComponent(new URL(opts.givenAppUrl).username);
    migrated = await migrateAndGrant(owner, role);
    appUrl = opts.givenAppUrl;
  } else {
    ({ appUrl, migrated } = await prepareAppDatabase(owner, { ownerUrl: opts.ownerUrl, role: opts.role, passwordFile: join(opts.dataDir, 'app-role-password') }));
  }
  const env: Record<string, string> = { DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: '' };
  if (!process.env.LEDGER_SIGNING_KEY) {
    const keyFile = join(opts.dataDir, 'ledger-signing-key.pem');
    installationSecret(keyFile, newLedgerSigningKeyPem);
    env.LEDGER_SIGNING_KEY = keyFile;
  }
  if (!process.env.LEDGER_ANCHOR_LOG) env.LEDGER_ANCHOR_LOG = join(opts.dataDir, 'ledger-anchors.jsonl');
  return { migrated, env };
}
