import type { Knex } from 'knex';

/**
 * The append-only decision ledger (DESIGN.md). The database itself refuses UPDATE, DELETE and
 * TRUNCATE, whoever asks; a superuser who disables the trigger is caught by the hash chain.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decision_ledger', (t) => {
    t.bigInteger('seq').primary();
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('step_id', 120).notNullable().references('steps.id');
    t.string('step_type', 40).notNullable();
    t.string('workflow_id').notNullable();
    t.string('run_id').notNullable();
    t.string('update_id', 300).notNullable();
    t.uuid('actor_user_id').notNullable().references('users.id');
    t.string('actor_name').notNullable();
    t.string('actor_role', 20).notNullable();
    t.string('choice', 20).notNullable();
    t.text('rationale');
    t.jsonb('evidence').notNullable().defaultTo('[]');
    t.text('conflict_of_interest');
    t.integer('policy_version').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workflow_id', 'update_id']); // an activity retry never appends twice
    t.index(['project_id', 'seq']);
    t.index(['actor_user_id', 'seq']);
    t.index(['step_id']);
  });
  await knex.raw(`
    CREATE FUNCTION decision_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'decision_ledger is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await knex.raw(`CREATE TRIGGER decision_ledger_no_update_delete BEFORE UPDATE OR DELETE ON decision_ledger FOR EACH ROW EXECUTE FUNCTION decision_ledger_append_only()`);
  await knex.raw(`CREATE TRIGGER decision_ledger_no_truncate BEFORE TRUNCATE ON decision_ledger FOR EACH STATEMENT EXECUTE FUNCTION decision_ledger_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('decision_ledger');
  await knex.raw('DROP FUNCTION IF EXISTS decision_ledger_append_only()');
}
