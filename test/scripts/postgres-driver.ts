import { Client } from 'pg';
import { startPostgres } from '../../scripts/stack/postgres';

/**
 * Starts the embedded PostgreSQL the way `make up` and `make test` do (a tsx process of its own, so
 * an unhandled 'error' event really ends it), asks it `SELECT 1`, stops it, and prints one JSON line.
 * Usage: postgres-driver.ts <dataDir> <port> <moduleRoot> [relocationBase]
 */
async function main(): Promise<void> {
  const [dataDir, port, moduleRoot, relocationBase] = process.argv.slice(2);
  const log: string[] = [];
  let pg;
  try {
    pg = await startPostgres({ dataDir: dataDir!, port: Number(port), moduleRoot, relocationBase, log: (line) => log.push(line) });
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: (err as Error).message, log })}\n`);
    process.exitCode = 2;
    return;
  }
  const client = new Client({ connectionString: pg.adminUrl });
  await client.connect();
  const { rows } = await client.query<{ one: number; dir: string }>("SELECT 1 AS one, current_setting('data_directory') AS dir");
  await client.end();
  await pg.stop();
  process.stdout.write(`${JSON.stringify({ ...rows[0], log })}\n`);
}

void main();
