import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { delimiter, join } from 'node:path';
import { cacheDir, lockHolder, takeBuildLock } from './temporal-cli';
import { freePort } from './util';
import { stopChild } from './temporal-server';

/** Mailpit catches the development e-mail (issue 13): an SMTP server with a web page and a REST API. */
export const MAILPIT_MODULE = 'github.com/axllent/mailpit@v1.33.1';

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, command))) return join(dir, command);
  return undefined;
}

/** Finds Mailpit (PATH, else the cache), else builds it once into the cache (about a minute, 35 MB). */
export async function ensureMailpit(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  const fromPath = onPath('mailpit');
  if (fromPath) return fromPath;
  const binDir = join(cacheDir(), 'bin');
  const cached = join(binDir, 'mailpit');
  if (existsSync(cached)) return cached;
  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new Error(`Mailpit was not found. Install it (https://mailpit.axllent.org) so \`mailpit\` is on PATH, or install Go: it will be built with \`go install ${MAILPIT_MODULE}\` into ${binDir}.`);
  mkdirSync(binDir, { recursive: true });
  // One build at a time, as for the Temporal CLI: concurrent first runs wait for it.
  const lock = join(binDir, '.building-mailpit.pid');
  while (!takeBuildLock(lock)) {
    log(`Waiting for the Mailpit build of process ${lockHolder(lock) ?? '?'}…`);
    while (existsSync(lock) && !existsSync(cached)) await sleep(2000);
    if (existsSync(cached)) return cached;
  }
  try {
    const staging = join(binDir, `.staging-mailpit-${process.pid}`);
    mkdirSync(staging, { recursive: true });
    log(`Building Mailpit once into ${binDir} (go install ${MAILPIT_MODULE}); about a minute the first time…`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', MAILPIT_MODULE], { env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' }, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${MAILPIT_MODULE} failed with exit code ${code}`))));
    });
    renameSync(join(staging, 'mailpit'), cached);
    rmSync(staging, { recursive: true, force: true });
    log(`Mailpit ready in ${Math.round((Date.now() - started) / 1000)}s: ${cached}`);
    return cached;
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface RunningMailpit {
  /** For SMTP_URL. */
  smtpUrl: string;
  /** The web page and its REST API (GET /api/v1/messages). */
  webUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Mailpit on the given (or free) ports, in memory unless a database file is named, and waits until its API answers. */
export async function startMailpit(opts: { binary?: string; smtpPort?: number; httpPort?: number; dbFile?: string; log?: (line: string) => void } = {}): Promise<RunningMailpit> {
  const binary = opts.binary ?? (await ensureMailpit(opts.log));
  const smtpPort = opts.smtpPort ?? (await freePort());
  const httpPort = opts.httpPort ?? (await freePort());
  const args = ['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`, '--quiet'];
  if (opts.dbFile) args.push('--database', opts.dbFile);
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const webUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`Mailpit exited (code ${exited}) before it was ready:\n${output}`);
    const ok = await fetch(`${webUrl}/api/v1/messages?limit=1`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Mailpit was not ready at ${webUrl} within 30 s:\n${output}`);
    }
    await sleep(150);
  }
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl, process: child, stop: () => stopChild(child) };
}
