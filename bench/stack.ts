import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import type { Knex } from 'knex';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { ensureDatabase } from '../scripts/stack/postgres';
import { ensureTemporalCli } from '../scripts/stack/temporal-cli';
import { startDevServer, stopChild, type RunningDevServer } from '../scripts/stack/temporal-server';
import { freePort } from '../scripts/stack/util';
import { seedReferenceData } from '../scripts/reference-data';

export const ROOT = resolve(__dirname, '..');
export const WORK = join(ROOT, '.data', 'bench');

export const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Runs `n` calls with `concurrency` callers; each call is timed. */
export async function drive(n: number, concurrency: number, call: (i: number) => Promise<void>, log?: (line: string) => void) {
  const ms: number[] = [];
  let failed = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = process.hrtime.bigint();
        try {
          await call(i);
          ms.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch (err) {
          failed += 1;
          if (failed <= 3) log?.(`  call ${i} failed: ${(err as Error).message}`);
        }
      }
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { perSec: (ms.length / wallMs) * 1000, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), failed, wallMs };
}

/** Starts `node <args>` in the repository and resolves once its output matches `ready`. */
export function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveChild, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} not ready within 300 s:\n${out.slice(-2000)}`)), 300_000);
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-8000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
      if (ready.test(out)) {
        clearTimeout(timer);
        resolveChild(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${out.slice(-2000)}`));
    });
  });
}

export interface BenchStack {
  temporal: RunningDevServer;
  url: string;
  owner: Knex;
  bundlePath: string;
  /** The environment of the product's worker and API on this stack. */
  env: Record<string, string>;
  children: ChildProcess[];
  stop(): Promise<void>;
}

/** A Temporal dev server of its own, a fresh scratch database (migrated, seeded) and the workflow bundle. */
export async function startBenchStack(dbName: string, taskQueue: string, log: (line: string) => void): Promise<BenchStack> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error(`Set DATABASE_URL to a PostgreSQL server (a scratch database ${dbName} is created on it).`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(WORK, { recursive: true });
  log('Temporal CLI (waits for a build in progress)…');
  const cli = await ensureTemporalCli(log);
  const temporal = await startDevServer({ cli, port: await freePort(), namespace: 'default' });
  const url = await ensureDatabase(adminUrl, dbName, { recreate: true });
  const owner = createDb(url, { max: 4 });
  await owner.migrate.latest(migrationConfig);
  await seedReferenceData(owner);
  const bundlePath = join(WORK, `${dbName}-workflow-bundle.js`);
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') })).code);
  log(`Temporal dev server ${temporal.address}; database ${dbName}`);
  const children: ChildProcess[] = [];
  return {
    temporal,
    url,
    owner,
    bundlePath,
    env: { NODE_ENV: 'development', DATABASE_URL: url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'info', DONGHANH_WORKFLOW_BUNDLE: bundlePath },
    children,
    async stop() {
      for (const child of children) await stopChild(child, 15_000);
      await owner.destroy();
      await temporal.stop();
    },
  };
}

/** Reads one Prometheus text answer into name{labels} → value. */
export async function scrape(address: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** Sums the series whose name (before the labels) is `name`, optionally filtered by a label substring. */
export const sumOf = (m: Map<string, number>, name: string, labels = '') =>
  [...m.entries()].filter(([k]) => (k === name || k.startsWith(`${name}{`)) && k.includes(labels)).reduce((a, [, v]) => a + v, 0);
