import type { Knex } from 'knex';

/**
 * Signed heads of the decision ledger (issue 11, defect 6). Each row is a head (seq, hash) signed
 * with an Ed25519 key kept outside the database; the same signed head is also appended to a log
 * outside the database, so neither a recomputed chain, nor deleted newest entries, nor deleted
 * anchors go unnoticed by GET /api/ledger/verify. Append-only like the ledger. The application
 * role's rights are granted after every migration (scripts/stack/database-roles.ts grantAppRole).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ledger_anchors', (t) => {
    t.bigIncrements('id');
    t.bigInteger('seq').notNullable();
    t.string('hash', 64).notNullable();
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.string('key_id', 64).notNullable();
    t.text('jws').notNullable().unique();
    t.string('trigger', 20).notNullable();
    t.uuid('published_by').references('users.id');
    // POST /api/ledger/anchors is a command: a retry with the same key answers with the same head.
    t.string('idempotency_key', 200);
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['seq']);
    t.unique(['published_by', 'idempotency_key']);
  });
  await knex.raw(`ALTER TABLE ledger_anchors ADD CONSTRAINT ledger_anchors_trigger_check CHECK ("trigger" IN ('daily', 'on_demand'))`);
  await knex.raw(`
    CREATE FUNCTION ledger_anchors_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger_anchors is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await knex.raw('CREATE TRIGGER ledger_anchors_no_update_delete BEFORE UPDATE OR DELETE ON ledger_anchors FOR EACH ROW EXECUTE FUNCTION ledger_anchors_append_only()');
  await knex.raw('CREATE TRIGGER ledger_anchors_no_truncate BEFORE TRUNCATE ON ledger_anchors FOR EACH STATEMENT EXECUTE FUNCTION ledger_anchors_append_only()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ledger_anchors');
  await knex.raw('DROP FUNCTION IF EXISTS ledger_anchors_append_only()');
}
