import { loadConfigOrExit } from '../platform/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { seedNeighbourWard, seedReferenceData } from './reference-data';
import { grantAppRole } from './stack/database-roles';

/**
 * `npm run seed`: what `make up` does to its own database before the API starts, for the one in
 * DATABASE_URL — migrations and reference data with the demo accounts. Running it again changes
 * nothing. The demo ward's projects are then loaded through a running API by `make up`
 * (scripts/demo-scenario.ts), since every act of it is a command of the person who owns it.
 */
async function main(): Promise<void> {
  // The demo accounts share a published password; refused before production's own configuration checks.
  if (process.env.NODE_ENV === 'production') throw new Error('The seed adds demo accounts with a published password; it does not run with NODE_ENV=production.');
  const config = loadConfigOrExit();
  const ownerUrl = config.database.migrationUrl ?? config.databaseUrl;
  if (!ownerUrl) throw new Error('Set DATABASE_URL (or MIGRATION_DATABASE_URL) to the database to seed (`make up` seeds its embedded one itself).');
  const db = createDb(ownerUrl, { max: 2 });
  try {
    const [, migrated] = await db.migrate.latest(migrationConfig);
    console.log(migrated.length ? `migrations applied: ${migrated.join(', ')}` : 'migrations: up to date');
    await seedReferenceData(db);
    await seedNeighbourWard(db);
    console.log('reference data and demo accounts: in place');
    // As `npm run migrate`: the application role gets its rights on the tables just created.
    const appRole = config.database.migrationUrl && config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).username) : config.database.appRole;
    if (await db('pg_roles').where({ rolname: appRole }).first()) await grantAppRole(db, appRole);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
