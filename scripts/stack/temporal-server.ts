import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Search attributes of DESIGN.md, registered on every server the product uses. */
export const SEARCH_ATTRIBUTES = {
  ProjectStage: 'Keyword',
  SlaStatus: 'Keyword',
  UnitCode: 'Keyword',
  LeadTeam: 'Keyword',
  NextDueAt: 'Datetime',
} as const;

export interface DevServerOptions {
  cli: string;
  port: number;
  uiPort?: number; // undefined: no Web UI (tests)
  dbFile?: string; // undefined: in memory (tests)
  namespace: string;
  logFile?: NodeJS.WritableStream;
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function isServing(cli: string, address: string): boolean {
  const res = spawnSync(cli, ['operator', 'cluster', 'health', '--address', address, '--command-timeout', '2s'], { encoding: 'utf8' });
  return res.status === 0 && /SERVING/.test(res.stdout);
}

/** Starts `temporal server start-dev` and waits for readiness with `temporal operator cluster health`. */
export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(opts.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    opts.logFile?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const deadline = Date.now() + 60_000;
  while (!isServing(opts.cli, address)) {
    if (exited !== null) throw new Error(`The Temporal dev server exited (code ${exited}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server was not ready at ${address} within 60 s:\n${output}`);
    }
    await sleep(150);
  }
  return {
    address,
    uiUrl: opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
