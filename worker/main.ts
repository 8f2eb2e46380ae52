import { loadConfigOrExit } from '../domain/config';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { connectTemporalClient } from '../platform/temporal';
import { createWorker } from './create-worker';
import { startNotificationDispatcher } from './notification-dispatcher';

/** The worker process: runs workflows and activities until SIGINT/SIGTERM, then drains and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel, 'worker');
  if (!config.databaseUrl) {
    log.fatal('DATABASE_URL is not set. Run `make up` (it starts an embedded PostgreSQL) or point DATABASE_URL at a server.');
    process.exit(78);
  }
  const db = createDb(config.databaseUrl);
  const bundlePath = process.env.DONGHANH_WORKFLOW_BUNDLE;
  const { worker, connection } = await createWorker({
    temporal: config.temporal,
    db,
    workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    notifications: config.notifications,
  });
  // The outbox dispatcher runs as a workflow of its own; starting it again finds the running one.
  const client = await connectTemporalClient(config.temporal);
  await startNotificationDispatcher(client, config.temporal.taskQueue, config.notifications.pollSeconds);
  await client.connection.close();
  log.info({ smtp: config.notifications.smtpUrl ? new URL(config.notifications.smtpUrl).host : 'off' }, 'notification dispatcher running');
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and lets running tasks finish.
  await worker.run();
  await connection.close();
  await db.destroy();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
