import { createDb } from '../../platform/db';
import { migrationConfig } from '../../migrations';
import { ensureDatabase } from '../../scripts/stack/postgres';
import { testEnv } from '../support/harness';

const CORE_TABLES = ['boards', 'board_members', 'calendar_overrides', 'decision_ledger', 'notifications_outbox', 'partners', 'projects', 'sla_events', 'sla_policies', 'steps', 'teams', 'units', 'users'];

describe('migrations', () => {
  it('run forward on an empty database, roll back to empty, and forward again', async () => {
    const url = await ensureDatabase(testEnv().adminUrl, 'dh_migrations_check', { recreate: true });
    const db = createDb(url, { max: 1 });
    const tables = async () =>
      (await db('information_schema.tables').where({ table_schema: 'public' }).whereNot('table_name', 'like', 'knex_%').pluck('table_name')).sort();
    try {
      expect(await tables()).toEqual([]);
      await db.migrate.latest(migrationConfig);
      expect(await tables()).toEqual(expect.arrayContaining(CORE_TABLES));
      await db.migrate.rollback(migrationConfig, true);
      expect(await tables()).toEqual([]);
      await db.migrate.latest(migrationConfig);
      expect(await tables()).toEqual(expect.arrayContaining(CORE_TABLES));
      const [, pending] = await db.migrate.list(migrationConfig);
      expect(pending).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
