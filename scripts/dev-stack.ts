import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigOrExit } from '../platform/config';
import { createDb } from '../platform/db';
import { connectTemporalClient } from '../platform/temporal';
import { ensureTemporalCli } from './stack/temporal-cli';
import { SEARCH_ATTRIBUTES, startDevServer, type RunningDevServer } from './stack/temporal-server';
import { supervise, type Supervised } from './stack/supervisor';
import { startMailpit, type RunningMailpit } from './stack/mailpit';
import { ensureDatabase, startPostgres, type RunningPostgres } from './stack/postgres';
import { prepareStackDatabase } from './stack/database-roles';
import { buildConsole, consoleBuildIsStale, portInUse } from './stack/util';
import { installationJwtSecret } from './stack/secrets';
import { DEMO_PASSWORD, DEMO_USERS, NEIGHBOUR_UNIT, NEIGHBOUR_USERS, seedNeighbourWard, seedReferenceData } from './reference-data';
import { loadDemoScenario } from './demo-scenario';

/**
 * `make up`: the whole product on embedded defaults — Temporal dev server (SQLite under .data/,
 * Web UI), PostgreSQL (embedded under .data/ unless DATABASE_URL), migrations, demo data, worker,
 * API and console. Ctrl-C stops every process it started.
 */
const root = resolve(__dirname, '..');
const dataDir = join(root, '.data');
const say = (line: string) => process.stdout.write(`[make up] ${line}\n`);

const supervised: Supervised[] = [];
let temporal: RunningDevServer | undefined;
let postgres: RunningPostgres | undefined;
let mailpit: RunningMailpit | undefined;
let stopping: Promise<never> | undefined;

/** Stops everything this command started, once, whoever asks first (Ctrl-C, repeated crashes, a failure). */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    say('stopping…');
    // Each part is stopped even when another fails to: nothing started here is left running.
    await Promise.allSettled(supervised.map((s) => s.stop()));
    await temporal?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    await mailpit?.stop();
    say('stopped');
    process.exit(code);
  })();
  return stopping;
}

/** The one way `make up` fails: a single line, then everything it started is stopped. */
function fail(err: unknown): void {
  if (stopping) return;
  process.stderr.write(`[make up] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
}

/** The worker and the API: restarted with backoff when they crash (Temporal keeps their work meanwhile). */
function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): Supervised {
  const s = supervise({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', script],
    cwd: root,
    env,
    logFile: join(dataDir, 'logs', `${name}.log`),
    logHint: `.data/logs/${name}.log`,
    say,
    onStderr: (text) => {
      if (/error|fatal/i.test(text)) process.stderr.write(`[${name}] ${text}`);
    },
    onGiveUp: (reason) => fail(reason),
  });
  supervised.push(s);
  return s;
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s; see .data/logs/`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('unhandledRejection', fail);
  process.on('uncaughtException', fail);

  if (await portInUse(config.port)) throw new Error(`Port ${config.port} is in use (another \`make up\`?). Stop it or set PORT.`);

  // Temporal: the given cluster when TEMPORAL_ADDRESS is set, else a dev server of our own.
  const useOwnTemporal = !process.env.TEMPORAL_ADDRESS;
  const temporalReady = (async () => {
    if (!useOwnTemporal) return config.temporal.address;
    const cli = await ensureTemporalCli(say);
    const [, portText] = config.temporal.address.split(':');
    temporal = await startDevServer({
      cli,
      port: Number(portText),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      dbFile: join(dataDir, 'temporal', 'temporal.db'),
      namespace: config.temporal.namespace,
      logFile: createWriteStream(join(dataDir, 'logs', 'temporal.log'), { flags: 'a' }),
    });
    return temporal.address;
  })();
  const postgresReady = (async () => {
    const ownerUrl = config.database.migrationUrl ?? config.databaseUrl;
    postgres = await startPostgres({ databaseUrl: ownerUrl, dataDir: join(dataDir, 'pg'), port: config.embeddedPgPort, log: say });
    return ownerUrl ?? (await ensureDatabase(postgres.adminUrl, 'donghanh'));
  })();
  const consoleReady = (async () => {
    if (consoleBuildIsStale(root)) {
      say('building the console (vite build)…');
      buildConsole(root);
    }
  })();

  // E-mail: the given SMTP_URL, else a Mailpit of our own that catches every message.
  const mailReady = process.env.SMTP_URL
    ? Promise.resolve(process.env.SMTP_URL)
    : startMailpit({ smtpPort: Number(process.env.MAILPIT_SMTP_PORT ?? 1025), httpPort: Number(process.env.MAILPIT_UI_PORT ?? 8025), dbFile: join(dataDir, 'mailpit.db'), log: say }).then((m) => (mailpit = m).smtpUrl);

  const [temporalAddress, databaseUrl, , smtpUrl] = await Promise.all([temporalReady, postgresReady, consoleReady, mailReady]);
  const db = createDb(databaseUrl, { max: 2 });
  // Migrations as the owner; the worker and the API as the application role (scripts/stack/database-roles.ts).
  const roles = await prepareStackDatabase(db, { ownerUrl: databaseUrl, givenAppUrl: config.database.migrationUrl ? config.databaseUrl : undefined, role: config.database.appRole, dataDir });
  if (roles.migrated.length) say(`migrations applied: ${roles.migrated.join(', ')}`);
  await seedReferenceData(db);
  await seedNeighbourWard(db);

  const client = await connectTemporalClient(config.temporal);
  if (!useOwnTemporal) await registerSearchAttributes(client, config.temporal.namespace);

  const env = { ...process.env, ...roles.env, TEMPORAL_ADDRESS: temporalAddress, PORT: String(config.port), SMTP_URL: smtpUrl };
  startProcess('worker', 'worker/main.ts', env);
  startProcess('api', 'api/main.ts', { ...env, ...installationJwtSecret(dataDir) });
  // Ready means the API answers and the worker polls the task queue (it bundles the workflows first).
  await waitReady(`http://127.0.0.1:${config.port}/readyz`, 120_000);
  say('loading the demo ward through the API…');
  // The product runs without its demo: a scenario that fails is reported, not fatal.
  const demo = await loadDemoScenario({ baseUrl: `http://127.0.0.1:${config.port}`, client, taskQueue: config.temporal.taskQueue }).catch((err: Error) => {
    say(`demo ward not fully loaded: ${err.message}`);
    return { created: [], existing: [], seconds: 0 };
  });
  say(`demo ward: ${demo.created.length} projects loaded, ${demo.existing.length} already there (${demo.seconds.toFixed(1)} s)`);
  await client.connection.close();
  await db.destroy();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    [
      '',
      `Đồng Hành is up (${seconds} s).`,
      `  Console       http://localhost:${config.port}`,
      `  Public portal http://localhost:${config.port}/portal   (no sign-in)`,
      `  API           http://localhost:${config.port}/api   (health: /healthz, /readyz)`,
      temporal?.uiUrl ? `  Temporal UI   ${temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows` : `  Temporal      ${temporalAddress}`,
      mailpit ? `  Mailpit       ${mailpit.webUrl.replace('127.0.0.1', 'localhost')}   (e-mail; SMTP ${mailpit.smtpUrl})` : `  SMTP          ${new URL(smtpUrl).host}`,
      `  PostgreSQL    ${postgres?.embedded ? `embedded, ${databaseUrl}` : 'DATABASE_URL'}`,
      `  Logs          .data/logs/`,
      `  Demo ward     ${demo.created.length + demo.existing.length} projects at every stage (BD-DEMO-01…15, TH-DEMO-01)`,
      '',
      `Demo sign-ins (password ${DEMO_PASSWORD}):`,
      ...DEMO_USERS.map((u) => `  ${pad(u.role, 13)} ${pad(u.email, 34)} ${u.displayName}`),
      `  Neighbouring ward ${NEIGHBOUR_UNIT.name_vi}, which sees only its own projects: ${NEIGHBOUR_USERS.filter((u) => u.role === 'coordinator').map((u) => u.email).join(', ')} (every role: *@tayho.vn)`,
      '',
      'A crashed worker or API is restarted (see .data/logs/). Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

async function registerSearchAttributes(client: Awaited<ReturnType<typeof connectTemporalClient>>, namespace: string): Promise<void> {
  const types = { Keyword: 2, Datetime: 5 } as const;
  const searchAttributes = Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([k, t]) => [k, types[t]]));
  try {
    await client.connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}

main().catch(fail);
