import { parseApiConfig } from '../domain/config';
import { loadConfigOrExit } from '../platform/config';
import { createDb } from '../platform/db';
import { warnIfLedgerOwner } from '../platform/database-role-check';
import { createLogger } from '../platform/logger';
import { API_RPC_ATTEMPTS, connectTemporalClient } from '../platform/temporal';
import { createApp } from './app';

/** The API process: HTTP on PORT until SIGINT/SIGTERM, then closes connections and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(parseApiConfig);
  const log = createLogger(config.logLevel, 'api');
  if (!config.databaseUrl) {
    log.fatal('DATABASE_URL is not set. Run `make up` (it starts an embedded PostgreSQL) or point DATABASE_URL at a server.');
    process.exit(78);
  }
  const db = createDb(config.databaseUrl);
  await warnIfLedgerOwner(db, log);
  const temporal = await connectTemporalClient(config.temporal, API_RPC_ATTEMPTS);
  const app = createApp({ config, db, temporal, log });
  const server = app.listen(config.port, () => log.info({ port: config.port }, `API and console on http://localhost:${config.port}`));
  const stop = () => {
    log.info('stopping');
    server.close(async () => {
      await temporal.connection.close();
      await db.destroy();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
