import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigOrExit } from '../domain/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { connectTemporalClient } from '../platform/temporal';
import { ensureTemporalCli } from './stack/temporal-cli';
import { SEARCH_ATTRIBUTES, startDevServer, stopChild, type RunningDevServer } from './stack/temporal-server';
import { ensureDatabase, startPostgres, type RunningPostgres } from './stack/postgres';
import { buildConsole, consoleBuildIsStale, portInUse } from './stack/util';
import { DEMO_PASSWORD, DEMO_USERS, seedReferenceData } from './reference-data';
import { loadDemoScenario } from './demo-scenario';

/**
 * `make up`: the whole product on embedded defaults — Temporal dev server (SQLite under .data/,
 * Web UI), PostgreSQL (embedded under .data/ unless DATABASE_URL), migrations, demo data, worker,
 * API and console. Ctrl-C stops every process it started.
 */
const root = resolve(__dirname, '..');
const dataDir = join(root, '.data');
const say = (line: string) => process.stdout.write(`[make up] ${line}\n`);

const children: ChildProcess[] = [];
let temporal: RunningDevServer | undefined;
let postgres: RunningPostgres | undefined;
let stopping: Promise<never> | undefined;

/** Stops everything this command started, once, whoever asks first (Ctrl-C, a crashed child). */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    say('stopping…');
    await Promise.all(children.map((c) => stopChild(c, 10_000)));
    await temporal?.stop();
    await postgres?.stop().catch(() => undefined);
    say('stopped');
    process.exit(code);
  })();
  return stopping;
}

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (/error|fatal/i.test(text)) process.stderr.write(`[${name}] ${text}`);
  });
  child.on('exit', (code, signal) => {
    // Ctrl-C reaches the whole process group: a child stopping on it is not a crash.
    if (!stopping && signal !== 'SIGINT' && signal !== 'SIGTERM' && code !== 0 && code !== 130) {
      say(`${name} exited (${signal ?? code}); see .data/logs/${name}.log. Stopping the stack.`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
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
    postgres = await startPostgres({ databaseUrl: config.databaseUrl, dataDir: join(dataDir, 'pg'), port: config.embeddedPgPort, log: say });
    return config.databaseUrl ?? (await ensureDatabase(postgres.adminUrl, 'donghanh'));
  })();
  const consoleReady = (async () => {
    if (consoleBuildIsStale(root)) {
      say('building the console (vite build)…');
      buildConsole(root);
    }
  })();

  const [temporalAddress, databaseUrl] = await Promise.all([temporalReady, postgresReady, consoleReady]);
  const db = createDb(databaseUrl, { max: 2 });
  const [, migrated] = await db.migrate.latest(migrationConfig);
  if (migrated.length) say(`migrations applied: ${migrated.join(', ')}`);
  await seedReferenceData(db);

  const client = await connectTemporalClient(config.temporal);
  if (!useOwnTemporal) await registerSearchAttributes(client, config.temporal.namespace);

  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PORT: String(config.port) };
  startProcess('worker', 'worker/main.ts', env);
  startProcess('api', 'api/main.ts', env);
  await waitReady(`http://127.0.0.1:${config.port}/readyz`, 60_000);
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
      `  API           http://localhost:${config.port}/api   (health: /healthz, /readyz)`,
      temporal?.uiUrl ? `  Temporal UI   ${temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows` : `  Temporal      ${temporalAddress}`,
      `  PostgreSQL    ${postgres?.embedded ? `embedded, ${databaseUrl}` : 'DATABASE_URL'}`,
      `  Logs          .data/logs/`,
      `  Demo ward     ${demo.created.length + demo.existing.length} projects at every stage (BD-DEMO-01…12)`,
      '',
      `Demo sign-ins (password ${DEMO_PASSWORD}):`,
      ...DEMO_USERS.map((u) => `  ${pad(u.role, 13)} ${pad(u.email, 34)} ${u.displayName}`),
      '',
      'Ctrl-C stops everything.',
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

main().catch((err) => {
  process.stderr.write(`[make up] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
