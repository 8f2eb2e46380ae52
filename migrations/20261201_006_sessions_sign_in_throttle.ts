import type { Knex } from 'knex';

/**
 * Sessions and sign-in throttling (issue 11, defect 9). A session is what one sign-in opens: its
 * refresh tokens rotate inside it and its access tokens carry its id (`sid`), so logging out ends
 * them all at once. Failed sign-ins are counted per email and client address, shared by every API
 * process, in place of the per-account lock that let anyone lock anyone out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.uuid('session_id').references('sessions.id');
    t.index(['session_id']);
  });
  // Each refresh token issued before sessions existed becomes a session of its own.
  await knex.raw('INSERT INTO sessions (id, user_id, created_at, revoked_at) SELECT id, user_id, created_at, revoked_at FROM refresh_tokens');
  await knex.raw('UPDATE refresh_tokens SET session_id = id');
  await knex.raw('ALTER TABLE refresh_tokens ALTER COLUMN session_id SET NOT NULL');

  await knex.schema.createTable('sign_in_throttle', (t) => {
    t.text('email').notNullable(); // lower-cased, known or not: unknown emails are throttled alike
    t.text('client').notNullable(); // the IPv4 address, or the IPv6 /56 the address is in
    t.integer('failures').notNullable();
    t.timestamp('blocked_until', { useTz: true });
    t.timestamp('last_failure_at', { useTz: true }).notNullable();
    t.primary(['email', 'client']);
    t.index(['last_failure_at']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('failed_logins');
    t.dropColumn('locked_until');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
  });
  await knex.schema.dropTableIfExists('sign_in_throttle');
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.dropColumn('session_id');
  });
  await knex.schema.dropTableIfExists('sessions');
}
