import { loadConfigOrExit } from '../domain/config';
import { migrationConfig } from '../migrations';
import { createDb } from '../platform/db';

/** `npm run migrate [-- down]`: runs migrations forward (default) or rolls the last batch back. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to the database to migrate.');
  const db = createDb(config.databaseUrl, { max: 2 });
  try {
    if (process.argv[2] === 'down') {
      const [batch, names] = await db.migrate.rollback(migrationConfig);
      console.log(`rolled back batch ${batch}: ${names.join(', ') || 'nothing'}`);
    } else {
      const [batch, names] = await db.migrate.latest(migrationConfig);
      console.log(names.length ? `batch ${batch}: ${names.join(', ')}` : 'already up to date');
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
