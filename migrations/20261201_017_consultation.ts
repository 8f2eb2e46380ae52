import type { Knex } from 'knex';

/**
 * Consultation (issue 16, R22): large projects consult the Fatherland Front, organisations,
 * businesses and residents before the board votes.
 * - `consultation_policies`: the budget threshold and the window in working days, versioned like the
 *   SLA policies (active_from, who recorded it and why); version 1 is 100,000,000 VND, 10 working days.
 * - `consultations`: one row per consultation step: the policy it opened under, its window, the
 *   Fatherland Front's opinion (recorded by a coordinator on the Front's behalf) and the proposer's summary.
 * - `units.iati_org_id`: the unit's IATI organisation identifier (open data); a placeholder when unset.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('consultation_policies', (t) => {
    t.integer('version').primary();
    t.bigInteger('threshold_vnd').notNullable();
    t.integer('window_working_days').notNullable();
    t.timestamp('active_from', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Null only for the first version, which the migration writes.
    t.uuid('recorded_by').references('users.id');
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['active_from']);
  });
  await knex.raw('ALTER TABLE consultation_policies ADD CONSTRAINT consultation_policies_positive CHECK (threshold_vnd >= 0 AND window_working_days BETWEEN 1 AND 60)');
  await knex('consultation_policies').insert({ version: 1, threshold_vnd: 100_000_000, window_working_days: 10, active_from: '2025-07-01T00:00:00+07:00', reason: 'Mức ban đầu / initial policy (R22)' });

  await knex.schema.createTable('consultations', (t) => {
    t.string('step_id', 120).primary().references('steps.id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.integer('policy_version').notNullable().references('consultation_policies.version');
    t.bigInteger('threshold_vnd').notNullable();
    t.timestamp('window_opens_at', { useTz: true }).notNullable();
    t.timestamp('window_closes_at', { useTz: true }).notNullable();
    t.text('front_opinion');
    t.date('front_letter_date');
    t.string('front_document_ref', 200);
    t.uuid('front_recorded_by').references('users.id');
    t.timestamp('front_recorded_at', { useTz: true });
    t.text('summary');
    t.timestamp('submitted_at', { useTz: true });
    t.index(['project_id']);
  });
  await knex.raw(`ALTER TABLE consultations ADD CONSTRAINT consultations_front_check CHECK ((front_opinion IS NULL) = (front_recorded_at IS NULL) AND (front_opinion IS NULL) = (front_letter_date IS NULL))`);

  await knex.schema.alterTable('units', (t) => {
    t.string('iati_org_id', 60);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => t.dropColumn('iati_org_id'));
  await knex.schema.dropTableIfExists('consultations');
  await knex.schema.dropTableIfExists('consultation_policies');
}
