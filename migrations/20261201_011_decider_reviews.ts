import type { Knex } from 'knex';

/**
 * No step without a decider (issue 13): an open step nobody can decide is flagged on its row; every
 * change of who decides is an event (append-only); and each reference-data change that may change
 * who decides is queued with the change itself, so its re-evaluation survives an API that dies after
 * the commit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('steps', (t) => {
    // Set while the step has nobody who may decide it (domain/deciders.ts NO_DECIDER_REASONS).
    t.string('no_decider_reason', 40);
    t.timestamp('no_decider_since', { useTz: true });
  });
  await knex.raw("CREATE INDEX steps_without_decider ON steps (no_decider_since) WHERE status = 'active' AND no_decider_reason IS NOT NULL");

  await knex.schema.createTable('eligibility_reviews', (t) => {
    t.bigIncrements('id');
    t.string('unit_code', 40).notNullable().references('units.code');
    t.string('entity', 40).notNullable();
    t.string('entity_id', 120).notNullable();
    t.bigInteger('admin_change_id').references('admin_changes.id');
    t.uuid('actor_user_id').notNullable().references('users.id');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('done_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX eligibility_reviews_pending ON eligibility_reviews (id) WHERE done_at IS NULL');

  await knex.schema.createTable('decider_events', (t) => {
    t.bigIncrements('id');
    t.string('step_id', 120).notNullable().references('steps.id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('kind', 20).notNullable(); // no_decider | decider_found | reevaluated
    t.string('reason', 40);
    t.jsonb('eligible_user_ids');
    t.jsonb('recusals').notNullable().defaultTo('[]');
    // The change that caused it (null: the step opened so); who made it is on the review and its admin change.
    t.bigInteger('review_id').references('eligibility_reviews.id');
    t.string('dedupe_key', 200).notNullable().unique();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.index(['step_id', 'id']);
  });
  await knex.raw(`ALTER TABLE decider_events ADD CONSTRAINT decider_events_kind_check CHECK (kind IN ('no_decider','decider_found','reevaluated'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('decider_events');
  await knex.schema.dropTableIfExists('eligibility_reviews');
  await knex.raw('DROP INDEX IF EXISTS steps_without_decider');
  await knex.schema.alterTable('steps', (t) => t.dropColumns('no_decider_reason', 'no_decider_since'));
}
