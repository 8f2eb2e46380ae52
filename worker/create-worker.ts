import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { AppConfig } from '../domain/config';
import { createProjectActivities } from '../activities/project-activities';
import { createLedgerAnchorActivities } from '../activities/ledger-anchors';
import type { LedgerAnchoring } from '../store/ledger-anchors';
import { createNotificationActivities } from '../activities/notification-delivery';
import { temporalConnectionOptions } from '../platform/temporal';
import type { WorkerMetrics } from './metrics';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * A worker for the project lifecycle. `workflowBundle` lets tests and the dev stack reuse one
 * prebuilt bundle instead of bundling on every start.
 */
export async function createWorker(opts: {
  temporal: AppConfig['temporal'];
  db: Knex;
  /** Signs the daily ledger head (workflows/ledger-head.ts); without it that activity fails. */
  anchoring?: LedgerAnchoring;
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** SMTP and retry settings of the outbox dispatcher; without them e-mail is off. */
  notifications?: AppConfig['notifications'];
  /** Activity latency into the worker's Prometheus registry (worker/metrics.ts). */
  metrics?: WorkerMetrics;
  /** Workflows kept in the sticky cache (WORKER_MAX_CACHED_WORKFLOWS); the SDK sizes it from memory when absent. */
  maxCachedWorkflows?: number;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { temporal } = opts;
  const { address, tls, apiKey } = temporalConnectionOptions(temporal);
  const connection = await NativeConnection.connect({ address, tls, apiKey: typeof apiKey === 'string' ? apiKey : undefined });
  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: opts.taskQueue ?? temporal.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: {
      ...createProjectActivities(opts.db),
      ...createLedgerAnchorActivities(opts.db, opts.anchoring),
      ...createNotificationActivities(opts.db, opts.notifications ?? { from: 'Đồng Hành <no-reply@donghanh.local>', maxAttempts: 8, retrySeconds: 60, pollSeconds: 5 }),
    },
    shutdownGraceTime: opts.shutdownGraceTime ?? '10s',
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    ...(opts.metrics ? { interceptors: { activity: [opts.metrics.activityInterceptor] } } : {}),
  });
  return { worker, connection };
}
