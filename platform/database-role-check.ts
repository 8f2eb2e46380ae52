import type { Knex } from 'knex';
import type { Logger } from './logger';

/**
 * Says so at start when the process connects as a role that could rewrite the ledger: a superuser,
 * or the owner of the ledger (who can disable its triggers). The API and the worker should use the
 * application role (README, Configuration: DATABASE_URL and MIGRATION_DATABASE_URL).
 */
export async function warnIfLedgerOwner(db: Knex, log: Logger): Promise<void> {
  try {
    const { rows } = await db.raw(
      `SELECT current_user AS who, r.rolsuper AS superuser, coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS owns_ledger
         FROM pg_roles r LEFT JOIN pg_class c ON c.relname = 'decision_ledger' AND c.relkind = 'r' WHERE r.rolname = current_user`,
    );
    const me = rows[0] as { who: string; superuser: boolean; owns_ledger: boolean } | undefined;
    if (me && (me.superuser || me.owns_ledger)) {
      log.warn({ role: me.who }, `connected to PostgreSQL as ${me.who}, ${me.superuser ? 'a superuser' : 'the owner of the ledger'}: it could switch off the ledger's triggers. Connect as the application role (see README, Configuration).`);
    }
  } catch (err) {
    log.warn({ err }, 'could not check the database role');
  }
}
