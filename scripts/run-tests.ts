import { mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createDb } from '../platform/db';
import { ensureTemporalCli } from './stack/temporal-cli';
import { startMailpit, type RunningMailpit } from './stack/mailpit';
import { startDevServer, type RunningDevServer } from './stack/temporal-server';
import { ensureDatabase, startPostgres, type RunningPostgres } from './stack/postgres';
import { buildConsole, consoleBuildIsStale, ensureChromium, freePort } from './stack/util';
import { seedReferenceData } from './reference-data';
import { prepareTestRoles } from './stack/database-roles';

/**
 * `make test`: sets up a real Temporal dev server and a real PostgreSQL (DATABASE_URL's server when
 * set, as in CI; otherwise the embedded one), runs every jest test against them, and ends with the
 * plain line `N passed, N failed` taken from jest's JSON result.
 */
const root = resolve(__dirname, '..');
// DH_TEST_INSTANCE keeps concurrent runs (several people or agents on one machine) apart: own folder, own database.
const instance = (process.env.DH_TEST_INSTANCE ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '_');
const work = join(root, '.data', instance ? `test-${instance}` : 'test');
const log = (line: string) => process.stdout.write(`[make test] ${line}\n`);

async function main(): Promise<number> {
  mkdirSync(work, { recursive: true });
  const resultsFile = join(work, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  let temporal: RunningDevServer | undefined;
  let postgres: RunningPostgres | undefined;
  let mailpit: RunningMailpit | undefined;
  try {
    const started = Date.now();
    const cli = await ensureTemporalCli(log);
    const [temporalServer, pg, mail] = await Promise.all([
      freePort().then((port) => startDevServer({ cli, port, namespace: 'default' })),
      freePort().then((port) => startPostgres({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: join(root, '.data', 'pg-test'), port, log })),
      startMailpit({ log }),
    ]);
    mailpit = mail;
    temporal = temporalServer;
    postgres = pg;
    log(`Temporal dev server at ${temporal.address}; PostgreSQL ${postgres.embedded ? 'embedded' : 'from DATABASE_URL'}`);

    const databaseUrl = await ensureDatabase(postgres.adminUrl, instance ? `donghanh_test_${instance}` : 'donghanh_test', { recreate: true });
    const db = createDb(databaseUrl, { max: 2 });
    // The API and worker of each test run as the application role (issue 11, defect 6); tests tamper as the owner.
    const roles = await prepareTestRoles(db, { ownerUrl: databaseUrl, dataDir: join(root, '.data'), work });
    await seedReferenceData(db);
    await db.destroy();

    const bundlePath = join(work, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
    writeFileSync(bundlePath, code);
    // DH_TEST_NO_CONSOLE=1 skips the console build and browser, for quick runs of backend tests.
    const withConsole = process.env.DH_TEST_NO_CONSOLE !== '1';
    if (withConsole && consoleBuildIsStale(root)) {
      log('Building the console…');
      buildConsole(root);
    }
    const chromium = withConsole ? ensureChromium(log) : '';
    log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s; running jest`);

    const exitCode = await new Promise<number>((resolveExit) => {
      const jest = spawn(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DH_TEST_DATABASE_URL: databaseUrl,
          DH_TEST_ADMIN_URL: postgres!.adminUrl,
          DH_TEST_TEMPORAL_ADDRESS: temporal!.address,
          DH_TEST_TEMPORAL_CLI: cli,
          DH_TEST_WORKFLOW_BUNDLE: bundlePath,
          DH_TEST_SMTP_URL: mailpit!.smtpUrl,
          DH_TEST_MAILPIT_URL: mailpit!.webUrl,
          CHROMIUM_PATH: chromium,
          ...roles.env,
        },
      });
      jest.on('exit', (c) => resolveExit(c ?? 1));
    });
    return exitCode;
  } catch (err) {
    log(`setup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await temporal?.stop();
    await postgres?.stop();
    await mailpit?.stop();
    printSummary(resultsFile);
  }
}

function printSummary(resultsFile: string): void {
  let passed = 0;
  let failed = 1; // no result file means the run itself failed
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
    passed = results.numPassedTests;
    failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

main().then((code) => process.exit(code));
