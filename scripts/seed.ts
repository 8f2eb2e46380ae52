import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../domain/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { connectTemporalClient } from '../platform/temporal';
import { createWorker } from '../worker/create-worker';
import { seedReferenceData } from './reference-data';
import { seedDemoProjects } from './demo-projects';

/**
 * `npm run seed`: what `make up` does to its own database, for the one in DATABASE_URL — migrations,
 * reference data with the demo accounts, and the three demo projects started through the real
 * workflow on TEMPORAL_ADDRESS (with a worker of its own while they start). Running it again changes nothing.
 */
async function main(): Promise<void> {
  // The demo accounts share a published password; refused before production's own configuration checks.
  if (process.env.NODE_ENV === 'production') throw new Error('The seed adds demo accounts with a published password; it does not run with NODE_ENV=production.');
  const config = loadConfigOrExit();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to the database to seed (`make up` seeds its embedded one itself).');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = createDb(config.databaseUrl, { max: 4 });
  try {
    const [, migrated] = await db.migrate.latest(migrationConfig);
    console.log(migrated.length ? `migrations applied: ${migrated.join(', ')}` : 'migrations: up to date');
    await seedReferenceData(db);
    console.log('reference data and demo accounts: in place');
    const client = await connectTemporalClient(config.temporal);
    const bundlePath = process.env.DONGHANH_WORKFLOW_BUNDLE; // as worker/main.ts: a prebuilt bundle skips bundling
    const { worker, connection } = await createWorker({ temporal: config.temporal, db, workflowBundle: bundlePath ? { codePath: bundlePath } : undefined });
    try {
      const created = await worker.runUntil(seedDemoProjects({ db, client, taskQueue: config.temporal.taskQueue }));
      console.log(`demo projects: ${created.join(', ') || 'already there'}`);
    } finally {
      await client.connection.close();
      await connection.close();
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
