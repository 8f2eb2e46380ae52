import type { Knex } from 'knex';

/**
 * What each Idempotency-Key was first used for (issue 11, defect 4): per caller (a user id, or the
 * client's address on the public feedback route) and key, a keyed SHA-256 of the method, the route
 * with its actual parameters and the canonical body. A key sent again for anything else is refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('caller', 200).notNullable();
    t.string('idempotency_key', 200).notNullable();
    t.string('fingerprint', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['caller', 'idempotency_key']);
    // Kept at least 24 hours (api/idempotency.ts); this index serves a cleanup of older keys.
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
