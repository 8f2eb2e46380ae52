import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isGrpcServiceError, type Client, type WorkflowUpdateStage } from '@temporalio/client';
import { encodeWorkflowUpdateStage } from '@temporalio/client/lib/workflow-update-stage';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import request from 'supertest';
import type { Express } from 'express';
import type { ProjectLifecycleInput } from '../../domain/project';
import { parseApiConfig, type ApiConfig } from '../../domain/config';
import { createDb } from '../../platform/db';
import { API_RPC_ATTEMPTS, connectTemporalClient } from '../../platform/temporal';
import { createLogger } from '../../platform/logger';
import { createWorker } from '../../worker/create-worker';
import { ledgerAnchoring } from '../../store/ledger-anchors';
import { dispatcherWorkflowId, startNotificationDispatcher } from '../../worker/notification-dispatcher';
import { reviewerWorkflowId } from '../../platform/eligibility-reviewer';
import { createApp } from '../../api/app';
import { ensureDatabase } from '../../scripts/stack/postgres';
import { appRoleUrl, migrateAndGrant } from '../../scripts/stack/database-roles';
import { DEMO_PASSWORD, DEMO_USERS, seedReferenceData } from '../../scripts/reference-data';

// The SDK's own INFO lines (worker state changes) drown test output.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this test process
}

/** What `make test` (scripts/run-tests.ts) prepared: real servers, never mocks. */
export function testEnv() {
  const databaseUrl = process.env.DH_TEST_DATABASE_URL;
  const adminUrl = process.env.DH_TEST_ADMIN_URL;
  const temporalAddress = process.env.DH_TEST_TEMPORAL_ADDRESS;
  const bundle = process.env.DH_TEST_WORKFLOW_BUNDLE;
  const appRole = process.env.DH_TEST_APP_ROLE;
  const appPassword = process.env.DH_TEST_APP_PASSWORD;
  const ledgerKeyFile = process.env.DH_TEST_LEDGER_KEY_FILE;
  const anchorDir = process.env.DH_TEST_ANCHOR_DIR;
  if (!databaseUrl || !adminUrl || !temporalAddress || !bundle || !appRole || !appPassword || !ledgerKeyFile || !anchorDir) {
    throw new Error('These tests run against real Temporal and PostgreSQL servers: run them with `make test`.');
  }
  return { databaseUrl, adminUrl, temporalAddress, bundle, appRole, appPassword, ledgerKeyFile, anchorDir };
}

/** The URL the API and the worker use on a test database: the application role, never the owner. */
export function appUrlFor(ownerUrl: string): string {
  const env = testEnv();
  return appRoleUrl(ownerUrl, env.appRole, env.appPassword);
}

/** The outside log of signed heads for a test database: one per database, as in an installation. */
export function anchorLogFor(databaseUrl: string): string {
  return join(testEnv().anchorDir, `${new URL(databaseUrl).pathname.slice(1)}.jsonl`);
}

/** A fresh, migrated and seeded database of its own, for tests that break things on purpose. */
export async function scratchDatabase(label: string): Promise<string> {
  const env = testEnv();
  const name = `dh_${label}_${randomUUID().slice(0, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = await ensureDatabase(env.adminUrl, name, { recreate: true });
  const db = createDb(url, { max: 1 });
  try {
    await migrateAndGrant(db, env.appRole);
    await seedReferenceData(db);
    // Project codes name workflows on the shared Temporal server: keep each database's apart.
    await db.raw(`ALTER SEQUENCE project_code_seq RESTART WITH ${10_000 + Math.floor(Math.random() * 89_000_000)}`);
  } finally {
    await db.destroy();
  }
  return url;
}

export interface Harness {
  config: ApiConfig;
  /** The owner's connection, for tests that set up or tamper (the API and worker never use it). */
  db: Knex;
  /** The application role's connection, which the API and the worker use. */
  appDb: Knex;
  client: Client;
  app: Express;
  taskQueue: string;
  worker: Worker;
  /** A signed-in supertest caller for a demo user (by DEMO_USERS key). */
  tokenFor(key: string): Promise<string>;
  userId(key: string): Promise<string>;
  api(): ReturnType<typeof request>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Real API app + real worker on its own task queue, against the test database (or another). Both
 * connect as the application role; `db` is the owner's connection for the test itself. Commands
 * wait up to 60 s (a loaded machine's first workflow task is slow) unless a test sets API_COMMAND_TIMEOUT_MS.
 */
const LOADED_CONNECT_TIMEOUT_MS = 30_000;

/** The API's client (few RPC attempts, as in production), connected with a few tries when the machine is loaded. */
async function connectWithPatience(temporal: Parameters<typeof connectTemporalClient>[0]): ReturnType<typeof connectTemporalClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectTemporalClient(temporal, API_RPC_ATTEMPTS);
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

export async function startHarness(opts: { databaseUrl?: string; env?: Record<string, string>; notifications?: Partial<ApiConfig['notifications']> } = {}): Promise<Harness> {
  const env = testEnv();
  const taskQueue = `test-${randomUUID()}`;
  const databaseUrl = opts.databaseUrl ?? env.databaseUrl;
  // A random secret per harness, as no secret in the repository may sign tokens.
  const parsed = parseApiConfig({
    NODE_ENV: 'test',
    DATABASE_URL: appUrlFor(databaseUrl),
    MIGRATION_DATABASE_URL: databaseUrl,
    DATABASE_APP_ROLE: env.appRole,
    LEDGER_SIGNING_KEY: env.ledgerKeyFile,
    LEDGER_ANCHOR_LOG: anchorLogFor(databaseUrl),
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    API_COMMAND_TIMEOUT_MS: '60000',
    ...opts.env,
  });
  // Only harnesses that ask for it run the outbox dispatcher.
  const config = { ...parsed, notifications: { ...parsed.notifications, ...opts.notifications } };
  // Tests share two cores with other suites: a slow connect is load here, not an outage.
  const db = createDb(databaseUrl, { max: 3, connectTimeoutMs: LOADED_CONNECT_TIMEOUT_MS });
  const appDb = createDb(config.databaseUrl!, { max: 5, connectTimeoutMs: LOADED_CONNECT_TIMEOUT_MS });
  const client = await connectWithPatience(config.temporal);
  const connection = client.connection;
  const app = createApp({ config, db: appDb, temporal: client, log: createLogger('silent', 'api-test') });

  let worker!: Worker;
  let running: Promise<void> | undefined;
  let workerConnection: { close(): Promise<void> } | undefined;
  const startWorker = async () => {
    const created = await createWorker({ temporal: config.temporal, db: appDb, anchoring: ledgerAnchoring(config), workflowBundle: { codePath: env.bundle }, shutdownGraceTime: '2s', notifications: config.notifications });
    worker = created.worker;
    workerConnection = created.connection;
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    // Stopping twice (a test that failed with the worker stopped, then stop()) closes the connection once.
    const connectionToClose = workerConnection;
    workerConnection = undefined;
    await connectionToClose?.close();
    running = undefined;
  };
  await startWorker();
  if (opts.notifications) await startNotificationDispatcher(client, taskQueue, config.notifications.pollSeconds);

  const tokens = new Map<string, string>();
  const harness: Harness = {
    config,
    db,
    appDb,
    client,
    app,
    taskQueue,
    get worker() {
      return worker;
    },
    async tokenFor(key) {
      const cached = tokens.get(key);
      if (cached) return cached;
      const user = DEMO_USERS.find((u) => u.key === key);
      if (!user) throw new Error(`No demo user ${key}`);
      const res = await request(app).post('/api/auth/login').send({ email: user.email, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login as ${key} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(key, res.body.token);
      return res.body.token;
    },
    async userId(key) {
      const user = DEMO_USERS.find((u) => u.key === key)!;
      return (await db('users').whereRaw('lower(email) = ?', [user.email]).first('id')).id;
    },
    api: () => request(app),
    startWorker,
    stopWorker,
    async stop() {
      if (opts.notifications) await client.workflow.getHandle(dispatcherWorkflowId(taskQueue)).terminate('test over').catch(() => undefined);
      // The API starts the eligibility reviewer when a reference-data change queues a review.
      await client.workflow.getHandle(reviewerWorkflowId(taskQueue)).terminate('test over').catch(() => undefined);
      await stopWorker();
      await connection.close();
      await Promise.all([db.destroy(), appDb.destroy()]);
    },
  };
  return harness;
}

/** A workflow input for tests that start a project directly (inputs the API does not expose). */
export async function directProposal(h: Harness, proposerKey: string, overrides: Partial<ProjectLifecycleInput> = {}): Promise<ProjectLifecycleInput> {
  const user = DEMO_USERS.find((u) => u.key === proposerKey)!;
  return {
    ...(sampleProposal() as Omit<ProjectLifecycleInput, 'projectId' | 'code' | 'unitCode' | 'proposer' | 'submittedAt'>),
    category: 'culture',
    projectId: randomUUID(),
    code: `BD-T-${randomUUID().slice(0, 8)}`,
    unitCode: 'BD',
    proposer: { userId: await h.userId(proposerKey), role: user.role, displayName: user.displayName },
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

const GRPC_NOT_FOUND = 5;
const UPDATE_STAGES = ['ADMITTED', 'ACCEPTED', 'COMPLETED'] as const;

/**
 * How far Temporal has taken an Update: ADMITTED while no worker has taken it (the command is in
 * flight), then ACCEPTED and COMPLETED; undefined while Temporal holds no Update with this id.
 */
export async function updateStage(client: Client, workflowId: string, updateId: string): Promise<WorkflowUpdateStage | undefined> {
  const res = await client.workflowService
    .pollWorkflowExecutionUpdate({
      namespace: client.options.namespace,
      updateRef: { workflowExecution: { workflowId }, updateId },
      identity: 'test',
      // The lowest stage: answers at once with the stage reached, never waits for a worker.
      waitPolicy: { lifecycleStage: encodeWorkflowUpdateStage('ADMITTED') },
    })
    .catch((err: unknown) => {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return undefined;
      throw err;
    });
  return UPDATE_STAGES.find((stage) => res?.stage === encodeWorkflowUpdateStage(stage));
}

export const sampleProposal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Không gian đọc sách cho thiếu nhi tổ dân phố 7',
  summary: 'Cải tạo nhà văn hóa tổ 7 thành không gian đọc mở cho thiếu nhi vào buổi tối và cuối tuần.',
  category: 'culture',
  leadTeamCode: 'BD-CUL',
  requestedBudgetVnd: 85_000_000,
  ...overrides,
});
