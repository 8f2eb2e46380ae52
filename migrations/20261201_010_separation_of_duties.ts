import type { Knex } from 'knex';

/**
 * Separation of duties (issue 13; R18, R21): versioned rules like the quorum rules and SLA policies,
 * fixed into each step when it opens; the step records which version left whom out and which
 * authority it fell back to. A unit names its chair, the last rung of the escalation ladder.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('separation_rules', (t) => {
    t.integer('version').primary();
    // Step types no one decides on a project they proposed.
    t.jsonb('proposer_excluded').notNullable();
    // Step types no lead of the project's lead team decides (verifying or signing off their own work).
    t.jsonb('delivering_team_excluded').notNullable();
    // Per step type, the authorities the step goes to, in order, when the rule leaves nobody to decide it.
    t.jsonb('fallback').notNullable();
    t.timestamp('active_from', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('created_by').notNullable().defaultTo('system');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['active_from']);
  });

  await knex.schema.alterTable('steps', (t) => {
    t.integer('separation_rule_version');
    // board_chair | unit_chair | coordinator: who decides because the rule left the usual deciders out.
    t.string('fallback_authority', 20);
  });

  await knex.schema.alterTable('units', (t) => {
    t.uuid('chair_user_id').references('users.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => t.dropColumn('chair_user_id'));
  await knex.schema.alterTable('steps', (t) => t.dropColumns('separation_rule_version', 'fallback_authority'));
  await knex.schema.dropTableIfExists('separation_rules');
}
