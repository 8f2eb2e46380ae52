import type { Knex } from 'knex';

/**
 * The public portal (issue 16): who a project is for and how many people (R9: "the real number of
 * beneficiaries"), given with the proposal. What of it anyone may read is decided in domain/redaction.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('projects', (t) => {
    t.text('beneficiaries_description');
    t.integer('beneficiaries_count');
  });
  await knex.raw('ALTER TABLE projects ADD CONSTRAINT projects_beneficiaries_count_check CHECK (beneficiaries_count IS NULL OR beneficiaries_count >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE projects DROP CONSTRAINT IF EXISTS projects_beneficiaries_count_check');
  await knex.schema.alterTable('projects', (t) => t.dropColumns('beneficiaries_description', 'beneficiaries_count'));
}
