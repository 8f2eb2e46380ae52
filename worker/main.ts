import { loadConfigOrExit } from '../platform/config';
import { createDb } from '../platform/db';
import { warnIfLedgerOwner } from '../platform/database-role-check';
import { createLogger } from '../platform/logger';
import { ledgerAnchoring } from '../store/ledger-anchors';
import { connectTemporalClient } from '../platform/temporal';
import { createWorker } from './create-worker';
import { ensureLedgerHeadSchedule, LEDGER_HEAD_SCHEDULE_ID } from './ledger-head-schedule';
import { startNotificationDispatcher } from './notification-dispatcher';
import { startEligibilityReviewer } from '../platform/eligibility-reviewer';
import { Runtime } from '@temporalio/worker';
import { createWorkerMetrics, loopbackPort, serveWorkerMetrics } from './metrics';

/** The worker process: runs workflows and activities until SIGINT/SIGTERM, then drains and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel, 'worker');
  if (!config.databaseUrl) {
    log.fatal('DATABASE_URL is not set. Run `make up` (it starts an embedded PostgreSQL) or point DATABASE_URL at a server.');
    process.exit(78);
  }
  const db = createDb(config.databaseUrl);
  await warnIfLedgerOwner(db, log);
  const bundlePath = process.env.DONGHANH_WORKFLOW_BUNDLE;
  const anchoring = ledgerAnchoring(config);
  // Metrics (README, "Metrics"): the SDK's exporter on a loopback port, served with ours at WORKER_METRICS_ADDRESS.
  const metricsAddress = config.metrics.workerAddress;
  const metrics = metricsAddress ? createWorkerMetrics(db) : undefined;
  const sdkMetrics = metrics ? `127.0.0.1:${await loopbackPort()}` : undefined;
  if (sdkMetrics) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetrics } } } });
  const { worker, connection } = await createWorker({
    metrics,
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
    temporal: config.temporal,
    db,
    anchoring,
    workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    notifications: config.notifications,
  });
  // The outbox dispatcher runs as a workflow of its own; starting it again finds the running one.
  const client = await connectTemporalClient(config.temporal);
  await startNotificationDispatcher(client, config.temporal.taskQueue, config.notifications.pollSeconds);
  // So is the re-evaluation of who decides after reference-data changes (issue 13).
  await startEligibilityReviewer(client, config.temporal.taskQueue);
  await client.connection.close();
  log.info({ smtp: config.notifications.smtpUrl ? new URL(config.notifications.smtpUrl).host : 'off' }, 'notification dispatcher running');
  const metricsServer = metrics && metricsAddress ? await serveWorkerMetrics(metrics, metricsAddress, sdkMetrics) : undefined;
  if (metricsServer) log.info({ metrics: `http://${metricsAddress}/metrics` }, 'worker metrics served');
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  await scheduleLedgerHead(config, Boolean(anchoring), log);
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and lets running tasks finish.
  await worker.run();
  metricsServer?.close();
  await connection.close();
  await db.destroy();
  log.info('worker stopped');
}

/** The daily signed head of the ledger; without a key there is nothing to sign with, and the log says so. */
async function scheduleLedgerHead(config: ReturnType<typeof loadConfigOrExit>, canSign: boolean, log: ReturnType<typeof createLogger>): Promise<void> {
  if (!canSign) {
    log.warn('LEDGER_SIGNING_KEY is not set: the ledger head is not signed, so a recomputed chain or deleted newest entries would go unnoticed.');
    return;
  }
  // The worker's own work does not depend on the Schedule: a failure here is logged, not fatal.
  try {
    const client = await connectTemporalClient(config.temporal);
    try {
      const outcome = await ensureLedgerHeadSchedule(client, config.temporal.taskQueue);
      log.info({ outcome }, 'daily signed ledger head scheduled');
    } finally {
      await client.connection.close();
    }
  } catch (err) {
    log.error({ err }, `could not create the daily Schedule ${LEDGER_HEAD_SCHEDULE_ID}; the head is signed only on demand until a worker starts that can`);
  }
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
