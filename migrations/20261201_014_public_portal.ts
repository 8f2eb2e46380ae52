import type { Knex } from 'knex';

/**
 * The public portal (issue 16): who a project is for and how many people (R9: "the real number of
 * beneficiaries"), given with the proposal; and residents' comments on five factors (R8, R19), which
 * a team lead answers in public and a coordinator may hide with a reason. What of it anyone may read
 * is decided in domain/redaction.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('projects', (t) => {
    t.text('beneficiaries_description');
    t.integer('beneficiaries_count');
  });
  await knex.raw('ALTER TABLE projects ADD CONSTRAINT projects_beneficiaries_count_check CHECK (beneficiaries_count IS NULL OR beneficiaries_count >= 0)');

  // Where a proposal came from: the staff, or residents through the portal (without an account).
  await knex.schema.alterTable('projects', (t) => {
    t.string('origin', 20).notNullable().defaultTo('staff');
  });
  await knex.raw(`ALTER TABLE projects ADD CONSTRAINT projects_origin_check CHECK (origin IN ('staff','residents'))`);
  // A residents' proposal's contact: for the staff only, never published.
  await knex.schema.createTable('resident_proposals', (t) => {
    t.uuid('project_id').primary().references('projects.id');
    t.string('contact_name', 120).notNullable();
    t.string('contact_phone', 20).notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('public_comments', (t) => {
    t.bigIncrements('id');
    t.uuid('project_id').notNullable().references('projects.id');
    // Five factors of a public service, 1–5 each (after the SIPAS satisfaction index).
    t.smallint('access').notNullable();
    t.smallint('procedure').notNullable();
    t.smallint('officers').notNullable();
    t.smallint('result').notNullable();
    t.smallint('handling').notNullable();
    t.text('comment');
    // Keyed hashes: the sender's address is never stored, only enough to refuse the same text twice.
    t.string('sender_hash', 64).notNullable();
    t.string('submission_hash', 64).notNullable().unique();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('answer');
    t.uuid('answered_by').references('users.id');
    t.timestamp('answered_at', { useTz: true });
    t.text('hidden_reason');
    t.uuid('hidden_by').references('users.id');
    t.timestamp('hidden_at', { useTz: true });
    t.index(['project_id', 'submitted_at']);
    t.index(['sender_hash', 'submitted_at']);
  });
  await knex.raw(`ALTER TABLE public_comments ADD CONSTRAINT public_comments_factors_check CHECK (
    access BETWEEN 1 AND 5 AND procedure BETWEEN 1 AND 5 AND officers BETWEEN 1 AND 5 AND result BETWEEN 1 AND 5 AND handling BETWEEN 1 AND 5)`);
  // An answer and a hiding each say who, when and why, all at once or not at all.
  await knex.raw(`ALTER TABLE public_comments ADD CONSTRAINT public_comments_answer_check CHECK ((answer IS NULL) = (answered_by IS NULL) AND (answer IS NULL) = (answered_at IS NULL))`);
  await knex.raw(`ALTER TABLE public_comments ADD CONSTRAINT public_comments_hidden_check CHECK ((hidden_reason IS NULL) = (hidden_by IS NULL) AND (hidden_reason IS NULL) = (hidden_at IS NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('public_comments');
  await knex.schema.dropTableIfExists('resident_proposals');
  await knex.raw('ALTER TABLE projects DROP CONSTRAINT IF EXISTS projects_origin_check');
  await knex.schema.alterTable('projects', (t) => t.dropColumn('origin'));
  await knex.raw('ALTER TABLE projects DROP CONSTRAINT IF EXISTS projects_beneficiaries_count_check');
  await knex.schema.alterTable('projects', (t) => t.dropColumns('beneficiaries_description', 'beneficiaries_count'));
}
