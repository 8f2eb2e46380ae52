import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The one Temporal CLI tag that `go install` accepts (later tags carry a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export function cacheDir(): string {
  return process.env.DONGHANH_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'donghanh');
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds the Temporal CLI: `temporal` on PATH, else the cached build, else builds it from the Go
 * module proxy into the cache (about 5 minutes cold), showing go's progress.
 */
export async function ensureTemporalCli(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const binDir = join(cacheDir(), 'bin');
  const cached = join(binDir, 'temporal');
  if (existsSync(cached)) return cached;

  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new Error(
      'The Temporal CLI was not found. Install it (https://docs.temporal.io/cli) so `temporal` is on PATH, ' +
        `or install Go and run again: it will be built with \`go install ${TEMPORAL_CLI_MODULE}\` into ${binDir}.`,
    );
  }
  // One build at a time: concurrent first runs (several test instances) wait for it instead of each building.
  mkdirSync(binDir, { recursive: true });
  const lock = join(binDir, '.building.pid');
  while (!takeBuildLock(lock)) {
    log(`Waiting for the Temporal CLI build of process ${lockHolder(lock) ?? '?'}…`);
    while (existsSync(lock) && !existsSync(cached)) await sleep(2000);
    if (existsSync(cached)) return cached;
  }
  try {
    return await buildCli(go, binDir, cached, log);
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Creates the lock file unless a live process holds it (a stale lock of a dead process is taken over). */
export function takeBuildLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const holder = lockHolder(lock);
    if (holder && holder !== process.pid && processAlive(holder)) return false;
    rmSync(lock, { force: true });
    return takeBuildLock(lock);
  }
}

export function lockHolder(lock: string): number | undefined {
  try {
    return Number(readFileSync(lock, 'utf8').trim()) || undefined;
  } catch {
    return undefined; // released meanwhile
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function buildCli(go: string, binDir: string, cached: string, log: (line: string) => void): Promise<string> {
  // Build into a private folder, then move: a reader never sees a half-written binary.
  const staging = join(binDir, `.staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  log(`Building the Temporal CLI once into ${binDir} (go install ${TEMPORAL_CLI_MODULE}); about 5 minutes the first time…`);
  const started = Date.now();
  // A module download can hang on a dead connection with no output; retry once after 5 silent minutes.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await goInstall(go, staging, started, log);
      break;
    } catch (err) {
      if (attempt >= 2) throw err;
      log(`  ${(err as Error).message}; retrying once (downloaded modules are kept)…`);
    }
  }
  renameSync(join(staging, 'temporal'), cached);
  rmSync(staging, { recursive: true, force: true });
  log(`Temporal CLI ready in ${Math.round((Date.now() - started) / 1000)}s: ${cached}`);
  return cached;
}

const SILENCE_LIMIT_MS = 5 * 60_000;

function goInstall(go: string, gobin: string, started: number, log: (line: string) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let lastOutput = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastOutput > SILENCE_LIMIT_MS) child.kill('SIGKILL');
    }, 10_000);
    const progress = (chunk: Buffer) => {
      lastOutput = Date.now();
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        lines += 1;
        if (line.startsWith('go: downloading') || lines % 25 === 0) log(`  [temporal cli ${Math.round((Date.now() - started) / 1000)}s] ${line.trim()}`);
      }
    };
    child.stdout.on('data', progress);
    child.stderr.on('data', progress);
    child.on('error', (err) => {
      clearInterval(watchdog);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (code === 0) resolve();
      else reject(new Error(signal ? `go install made no progress for ${SILENCE_LIMIT_MS / 60_000} minutes` : `go install ${TEMPORAL_CLI_MODULE} failed with exit code ${code}`));
    });
  });
}

export function temporalCliVersion(cli: string): string {
  return spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim();
}
