import { loadConfigOrExit } from '../platform/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';
import { grantAppRole } from './stack/database-roles';

/**
 * `npm run migrate [-- down]`: runs migrations forward (default) or rolls the last batch back, as the
 * owner (MIGRATION_DATABASE_URL, else DATABASE_URL). Then grants the application role its rights on
 * every table: the user of DATABASE_URL when MIGRATION_DATABASE_URL is set, else DATABASE_APP_ROLE.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ownerUrl = config.database.migrationUrl ?? config.databaseUrl;
  if (!ownerUrl) throw new Error('Set MIGRATION_DATABASE_URL (or DATABASE_URL) to the database to migrate, as the owner of its tables.');
  const appRole = config.database.migrationUrl && config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).username) : config.database.appRole;
  const db = createDb(ownerUrl, { max: 2 });
  try {
    if (process.argv[2] === 'down') {
      const [batch, names] = await db.migrate.rollback(migrationConfig);
      console.log(`rolled back batch ${batch}: ${names.join(', ') || 'nothing'}`);
    } else {
      const [batch, names] = await db.migrate.latest(migrationConfig);
      console.log(names.length ? `batch ${batch}: ${names.join(', ')}` : 'already up to date');
    }
    if (await db('pg_roles').where({ rolname: appRole }).first()) {
      await grantAppRole(db, appRole);
      console.log(`granted ${appRole}: read and write on the read model, read and append only on the ledger, the admin trail and the anchors`);
    } else {
      console.log(`the application role ${appRole} does not exist yet: create it (CREATE ROLE ${appRole} LOGIN PASSWORD '…') and run this again`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
