import type { Knex } from 'knex';

/**
 * Delivery of the outbox (issue 13): each row's state (attempts, last error, next try, dead letter),
 * one delivery per person it reaches (read in the console, e-mailed), and each person's choice of
 * which kinds they receive by e-mail and in the console.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications_outbox', (t) => {
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    // Not before this time: the retry backoff, and the lease of the dispatcher that claimed the row.
    t.timestamp('next_attempt_at', { useTz: true });
    t.timestamp('dead_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX notifications_pending ON notifications_outbox (next_attempt_at, id) WHERE sent_at IS NULL AND dead_at IS NULL');

  await knex.schema.createTable('notification_deliveries', (t) => {
    t.bigIncrements('id');
    t.bigInteger('outbox_id').notNullable().references('notifications_outbox.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.boolean('in_console').notNullable();
    t.boolean('email_wanted').notNullable();
    t.string('email_to');
    t.timestamp('emailed_at', { useTz: true });
    t.timestamp('read_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['outbox_id', 'user_id']);
    t.index(['user_id', 'created_at']);
  });
  await knex.raw('CREATE INDEX notification_deliveries_unread ON notification_deliveries (user_id) WHERE in_console AND read_at IS NULL');

  // No row for a kind means both channels on.
  await knex.schema.createTable('notification_preferences', (t) => {
    t.uuid('user_id').notNullable().references('users.id');
    t.string('kind', 40).notNullable();
    t.boolean('email').notNullable();
    t.boolean('in_console').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notification_preferences');
  await knex.schema.dropTableIfExists('notification_deliveries');
  await knex.raw('DROP INDEX IF EXISTS notifications_pending');
  await knex.schema.alterTable('notifications_outbox', (t) => {
    t.dropColumns('attempts', 'last_error', 'next_attempt_at', 'dead_at');
  });
}
