import type { Knex } from 'knex';

/**
 * A dissenting opinion typed while a board vote closed (issue 14): kept as a note beside the vote,
 * never as a vote. Append-only (scripts/stack/database-roles.ts); one note per member and vote.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dissent_notes', (t) => {
    t.bigIncrements('id');
    t.string('step_id', 120).notNullable().references('steps.id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.uuid('author_user_id').notNullable().references('users.id');
    // The name is kept beside the id, as the ledger keeps actor names.
    t.string('author_name').notNullable();
    t.text('text').notNullable();
    t.timestamp('written_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['step_id', 'author_user_id']);
    t.index(['project_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dissent_notes');
}
