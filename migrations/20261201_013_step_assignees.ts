import type { Knex } from 'knex';

/**
 * An accountable person per step (issue 13, R16, R20): named when the step opens, changed only by a
 * reassignment recorded in the decision ledger. The name is kept beside the id, as the ledger keeps
 * actor names, so lists and figures read it without a join.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('steps', (t) => {
    t.uuid('assignee_user_id').references('users.id');
    t.string('assignee_name');
    t.timestamp('assigned_at', { useTz: true });
    t.index(['assignee_user_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('steps', (t) => {
    t.dropIndex(['assignee_user_id', 'status']);
    t.dropColumns('assignee_user_id', 'assignee_name', 'assigned_at');
  });
}
