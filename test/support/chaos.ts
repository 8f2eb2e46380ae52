import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { parseApiConfig, type ApiConfig } from '../../domain/config';
import { createDb } from '../../platform/db';
import { API_RPC_ATTEMPTS, connectTemporalClient } from '../../platform/temporal';
import { createLogger } from '../../platform/logger';
import { createApp } from '../../api/app';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import { appUrlFor, sampleProposal, testEnv } from './harness';
import { until } from './until';

const SHARED_JWT_SECRET = randomBytes(32).toString('base64url');

/**
 * Chaos tests' tools: real worker processes (worker/main.ts) that can be SIGKILLed, in-process API
 * apps with their own connections, a burst of decisions that a client retries on 503 with the same
 * Idempotency-Key, and the checks every chaos test ends with. Waits poll for events, never sleep blindly.
 */
const ROOT = resolve(__dirname, '..', '..');

/** Every child a chaos test starts, so afterAll can kill them all even when a test failed half-way. */
const started = new Set<ChildProcess>();

export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...started].map(
      (child) =>
        new Promise<void>((res) => {
          if (child.exitCode !== null || child.signalCode !== null) return res();
          child.once('exit', () => res());
          child.kill('SIGKILL');
        }),
    ),
  );
  started.clear();
}

export function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves once this process polls the task queue (its identity is `pid@host`). */
  polling(client: Client): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The real worker process (`node --import tsx worker/main.ts`), as `make up` runs it. */
export function spawnWorker(opts: { databaseUrl: string; temporalAddress: string; taskQueue: string }): WorkerProcess {
  const env = testEnv();
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        // As in production: the worker is the application role, which owns nothing.
        DATABASE_URL: appUrlFor(opts.databaseUrl),
        MIGRATION_DATABASE_URL: opts.databaseUrl,
        DATABASE_APP_ROLE: env.appRole,
        TEMPORAL_ADDRESS: opts.temporalAddress,
        TEMPORAL_TASK_QUEUE: opts.taskQueue,
        DONGHANH_WORKFLOW_BUNDLE: env.bundle,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const pid = child.pid!;
  return {
    child,
    pid,
    output: () => output,
    polling: (client) =>
      until(
        `worker ${pid} to poll ${opts.taskQueue} (output: ${output.slice(-500)})`,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker ${pid} exited (${child.signalCode ?? child.exitCode}): ${output.slice(-2000)}`);
          // Right after a Temporal server restart the client's channel reconnects with backoff:
          // UNAVAILABLE then means "not yet", not a failure.
          const pollers = await pollersOf(client, opts.taskQueue).catch((err: unknown) => {
            if (isUnavailable(err)) return [];
            throw err;
          });
          return pollers.some((p) => p.identity === `${pid}@${hostname()}`) ? true : undefined;
        },
        // Starting tsx and the worker takes seconds, and much longer on a loaded machine.
        { timeoutMs: 180_000, everyMs: 250 },
      ).then(() => undefined),
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill(signal);
      }),
  };
}

/** gRPC status 14: the server is not reachable (yet). */
export function isUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 14;
}

export async function pollersOf(client: Client, taskQueue: string): Promise<{ identity: string; lastAccessMs: number }[]> {
  const { pollers } = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, taskQueueType: 1 });
  return (pollers ?? []).map((p) => ({ identity: p.identity ?? '', lastAccessMs: optionalTsToMs(p.lastAccessTime) ?? 0 }));
}

export interface ApiInstance {
  config: ApiConfig;
  app: Express;
  db: Knex;
  client: Client;
  token(key: string): Promise<string>;
  close(): Promise<void>;
}

/** An API app in this process with its own PostgreSQL pool and Temporal connection (as a separate API process would have). */
export async function startApi(opts: { databaseUrl: string; temporalAddress: string; taskQueue: string; commandTimeoutMs: number }): Promise<ApiInstance> {
  const config = parseApiConfig({
    NODE_ENV: 'test',
    // One secret for every API of a test, as several API processes of one installation share it.
    JWT_SECRET: SHARED_JWT_SECRET,
    // As in production: the API is the application role, which owns nothing.
    DATABASE_URL: appUrlFor(opts.databaseUrl),
    MIGRATION_DATABASE_URL: opts.databaseUrl,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    LOG_LEVEL: 'silent',
    API_COMMAND_TIMEOUT_MS: String(opts.commandTimeoutMs),
  });
  const db = createDb(config.databaseUrl!, { max: 5 });
  const client = await connectTemporalClient(config.temporal, API_RPC_ATTEMPTS);
  const app = createApp({ config, db, temporal: client, log: createLogger('silent', 'api-chaos') });
  const tokens = new Map<string, string>();
  return {
    config,
    app,
    db,
    client,
    async token(key) {
      const cached = tokens.get(key);
      if (cached) return cached;
      const user = DEMO_USERS.find((u) => u.key === key)!;
      const res = await request(app).post('/api/auth/login').send({ email: user.email, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login as ${key} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(key, res.body.token);
      return res.body.token;
    },
    async close() {
      await client.connection.close().catch(() => undefined);
      await db.destroy().catch(() => undefined);
    },
  };
}

/** Creates `n` projects through the API; each waits for its screening decision. Returns the screening step ids. */
export async function openScreenings(api: ApiInstance, n: number, label: string): Promise<string[]> {
  // Proposed by a team lead: the coordinator screens them (no one screens their own proposal). The
  // coordinator signs in once now, so a burst of her decisions does not sign in many times at once.
  const token = await api.token('teamLead');
  await api.token('coordinator');
  const steps: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = randomUUID();
    // A fresh worker's first workflow task loads the workflow bundle: a 503 then is retried with the same key.
    const res = await until(`project ${i + 1} to be created`, async () => {
      const r = await request(api.app).post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(sampleProposal({ title: `Chaos ${label} ${i + 1}: không gian đọc sách` }));
      return r.status === 503 ? undefined : r;
    }, { timeoutMs: 60_000 });
    if (res.status !== 201) throw new Error(`creating project ${i + 1} failed: ${res.status} ${JSON.stringify(res.body)}`);
    steps.push(res.body.activeStep.id);
  }
  return steps;
}

export interface Attempt {
  status: number;
  retryAfter?: string;
  code?: string;
}

export interface DecisionOutcome {
  stepId: string;
  key: string;
  attempts: Attempt[];
  /** The first 2xx, if any. */
  ok: boolean;
}

/** Sends one screening decision; a request not answered within `answerWithinMs` counts as hung (status -1). */
export async function sendDecision(api: ApiInstance, stepId: string, key: string, answerWithinMs: number): Promise<Attempt> {
  const token = await api.token('coordinator');
  try {
    const res = await request(api.app)
      .post(`/api/steps/${encodeURIComponent(stepId)}/decisions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .timeout(answerWithinMs)
      .send({ choice: 'accept', rationale: 'Hồ sơ đầy đủ' });
    return { status: res.status, retryAfter: res.headers['retry-after'], code: res.body?.error?.code };
  } catch (err) {
    return { status: (err as { timeout?: number }).timeout ? -1 : -2, code: (err as Error).message };
  }
}

/**
 * One screening decision as a careful client sends it: on 503 it waits until `canRetry` (the test's
 * "the part is back" event) and sends the same body with the same Idempotency-Key, until a 2xx or
 * `giveUpAt`. Every answer is kept, including `earlier` ones sent by the test itself.
 */
export async function decideWithRetries(
  apis: ApiInstance[],
  stepId: string,
  opts: { answerWithinMs: number; giveUpAt: number; canRetry: () => boolean; key?: string; earlier?: Attempt[] },
): Promise<DecisionOutcome> {
  const key = opts.key ?? `chaos-${randomUUID()}`;
  const attempts: Attempt[] = [...(opts.earlier ?? [])];
  const last = attempts.at(-1);
  if (last && last.status >= 200 && last.status < 300) return { stepId, key, attempts, ok: true };
  for (let i = 0; ; i++) {
    if (attempts.length) {
      // Past giveUpAt the client still sends once more, so that its last answer is recorded.
      await until('the outage to end', () => (opts.canRetry() ? true : undefined), { timeoutMs: Math.max(1, opts.giveUpAt - Date.now()), everyMs: 50 }).catch(() => undefined);
    }
    const attempt = await sendDecision(apis[i % apis.length]!, stepId, key, opts.answerWithinMs);
    attempts.push(attempt);
    if (attempt.status >= 200 && attempt.status < 300) return { stepId, key, attempts, ok: true };
    if (attempt.status !== 503 || Date.now() > opts.giveUpAt) return { stepId, key, attempts, ok: false };
  }
}

/** Every answer that was not a 2xx must have been a 503 with Retry-After: never a hang, a 500 or a 409. */
export function unexpectedAnswers(outcomes: DecisionOutcome[]): (Attempt & { stepId: string })[] {
  return outcomes.flatMap((o) => o.attempts.filter((a) => !(a.status >= 200 && a.status < 300) && !(a.status === 503 && a.retryAfter)).map((a) => ({ ...a, stepId: o.stepId })));
}

/** The assertions every chaos test ends with, computed from the ledger and GET /api/ledger/verify. */
export async function ledgerFacts(api: ApiInstance, stepIds: string[]) {
  const rows: { step_id: string; update_id: string }[] = await api.db('decision_ledger').whereIn('step_id', stepIds).select('step_id', 'update_id');
  const perStep = new Map<string, number>();
  for (const r of rows) perStep.set(r.step_id, (perStep.get(r.step_id) ?? 0) + 1);
  const auditor = await api.token('auditor');
  const verify = await request(api.app).get('/api/ledger/verify').set('Authorization', `Bearer ${auditor}`);
  return { rows, perStep, verify };
}
