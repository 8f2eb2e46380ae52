import type { Knex } from 'knex';

/**
 * Read model of the stages after the board's approval (DOMAIN.md "The lifecycle"): partner
 * matching, funding, execution, impact evaluation; conflicts of interest and quorum rules as data.
 * Written only by activities, except reference data (conflicts, quorum rules) written by admins.
 */
export async function up(knex: Knex): Promise<void> {
  // Stage commands carry details (amounts, capabilities, outcomes); NULL keeps old entries' hashes.
  await knex.schema.alterTable('decision_ledger', (t) => {
    t.jsonb('details');
  });

  // Who decides a step, as fixed when it opened, and who was left out and why (R18, R21).
  await knex.schema.alterTable('steps', (t) => {
    t.string('decider', 20);
    t.jsonb('eligible_user_ids');
    t.jsonb('recusals').notNullable().defaultTo('[]');
    t.integer('quorum_rule_version');
  });

  await knex.schema.alterTable('teams', (t) => {
    // R3: the Community Alliance team verifies outcomes (oversight).
    t.boolean('oversight').notNullable().defaultTo(false);
  });

  await knex.schema.alterTable('projects', (t) => {
    t.specificType('required_capabilities', 'text[]').notNullable().defaultTo('{}');
    t.bigInteger('planned_budget_vnd');
    t.bigInteger('pledged_vnd').notNullable().defaultTo(0);
    t.decimal('non_state_share', 6, 4);
    t.timestamp('feedback_closes_at', { useTz: true });
    t.string('outcome', 20);
    t.string('recommendation', 20);
    t.text('close_reason');
  });

  // R4, R18: quorum rules are versioned data; a vote keeps the version it opened with.
  await knex.schema.createTable('quorum_rules', (t) => {
    t.integer('version').primary();
    t.integer('min_voters').notNullable();
    t.string('majority', 20).notNullable();
    t.boolean('require_non_government').notNullable();
    t.boolean('abstentions_count_as_present').notNullable();
    t.timestamp('active_from', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('created_by').notNullable().defaultTo('system');
  });
  await knex.raw(`ALTER TABLE quorum_rules ADD CONSTRAINT quorum_rules_majority_check CHECK (majority IN ('simple','two_thirds') AND min_voters >= 1)`);

  // R21: declared conflicts of interest (on a project, or with a partner), fixed into a step's eligible set.
  await knex.schema.createTable('conflicts_of_interest', (t) => {
    t.increments('id');
    t.uuid('user_id').notNullable().references('users.id');
    t.uuid('project_id').references('projects.id');
    t.uuid('partner_id').references('partners.id');
    t.text('reason').notNullable();
    t.timestamp('declared_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
    t.index(['project_id']);
  });

  await knex.schema.createTable('match_candidates', (t) => {
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('capability', 40).notNullable();
    t.uuid('partner_id').notNullable().references('partners.id');
    t.integer('rank').notNullable();
    t.integer('score').notNullable();
    t.jsonb('reasons').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable();
    t.primary(['project_id', 'capability', 'partner_id']);
  });

  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary();
    t.uuid('project_id').notNullable().references('projects.id');
    t.uuid('partner_id').notNullable().references('partners.id');
    t.string('capability', 40).notNullable();
    t.string('status', 20).notNullable(); // invited | accepted | declined | expired | cancelled
    t.uuid('invited_by').notNullable().references('users.id');
    t.timestamp('invited_at', { useTz: true }).notNullable();
    t.timestamp('remind_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('reminded_at', { useTz: true });
    t.timestamp('responded_at', { useTz: true });
    t.text('resources');
    t.text('reason');
    t.index(['project_id']);
    t.index(['partner_id', 'status']);
  });

  await knex.schema.createTable('commitments', (t) => {
    t.uuid('project_id').notNullable().references('projects.id');
    t.uuid('partner_id').notNullable().references('partners.id');
    t.string('capability', 40).notNullable();
    t.string('status', 20).notNullable(); // committed | withdrawn
    t.text('resources');
    t.timestamp('committed_at', { useTz: true }).notNullable();
    t.timestamp('withdrawn_at', { useTz: true });
    t.primary(['project_id', 'partner_id', 'capability']);
    t.index(['partner_id']);
  });

  await knex.schema.createTable('waivers', (t) => {
    t.increments('id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('gap', 20).notNullable(); // capability | socialization
    t.string('capability', 40);
    t.text('rationale').notNullable();
    t.uuid('decided_by').notNullable().references('users.id');
    t.bigInteger('ledger_seq').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.index(['project_id']);
  });

  await knex.schema.createTable('budget_lines', (t) => {
    t.increments('id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.integer('position').notNullable();
    t.string('label', 200).notNullable();
    t.bigInteger('amount_vnd').notNullable();
    t.unique(['project_id', 'position']);
  });

  await knex.schema.createTable('pledges', (t) => {
    t.uuid('id').primary();
    t.uuid('project_id').notNullable().references('projects.id');
    t.uuid('partner_id').references('partners.id');
    t.string('source', 20).notNullable();
    t.bigInteger('amount_vnd').notNullable();
    t.decimal('hours', 10, 2);
    t.bigInteger('value_vnd').notNullable();
    t.string('status', 20).notNullable(); // pledged | released | cancelled
    t.text('note');
    t.uuid('recorded_by').notNullable().references('users.id');
    t.timestamp('pledged_at', { useTz: true }).notNullable();
    t.timestamp('cancelled_at', { useTz: true });
    t.index(['project_id']);
    t.index(['partner_id']);
  });

  await knex.schema.createTable('milestones', (t) => {
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('code', 40).notNullable();
    t.string('title', 200).notNullable();
    t.string('owner_team_code', 40).notNullable().references('teams.code');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.string('status', 20).notNullable(); // open | completed
    t.jsonb('evidence').notNullable().defaultTo('[]');
    t.uuid('completed_by').references('users.id');
    t.timestamp('completed_at', { useTz: true });
    t.primary(['project_id', 'code']);
    t.index(['owner_team_code', 'status', 'due_at']);
  });

  await knex.schema.createTable('change_requests', (t) => {
    t.string('step_id', 120).primary().references('steps.id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('kind', 20).notNullable();
    t.text('description').notNullable();
    t.bigInteger('budget_delta_vnd').notNullable().defaultTo(0);
    t.integer('schedule_shift_days').notNullable().defaultTo(0);
    t.uuid('requested_by').notNullable().references('users.id');
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.string('status', 20).notNullable().defaultTo('open'); // open | approved | rejected
    t.index(['project_id']);
  });

  await knex.schema.createTable('indicators', (t) => {
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('code', 40).notNullable();
    t.string('name', 200).notNullable();
    t.string('unit', 40).notNullable();
    t.decimal('baseline', 18, 4).notNullable();
    t.decimal('target', 18, 4).notNullable();
    t.decimal('actual', 18, 4);
    t.jsonb('evidence').notNullable().defaultTo('[]');
    t.timestamp('recorded_at', { useTz: true });
    t.primary(['project_id', 'code']);
  });

  await knex.schema.createTable('feedback', (t) => {
    t.bigIncrements('id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('update_id', 300).notNullable().unique();
    t.smallint('rating').notNullable();
    t.text('comment');
    t.string('channel', 20).notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.index(['project_id', 'submitted_at']);
  });

  // R10: early-warning signals (a partner withdrawing, participation falling).
  await knex.schema.createTable('early_warnings', (t) => {
    t.bigIncrements('id');
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('kind', 40).notNullable();
    t.uuid('partner_id').references('partners.id');
    t.text('detail').notNullable();
    t.bigInteger('ledger_seq');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.index(['project_id']);
    t.index(['kind', 'occurred_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['early_warnings', 'feedback', 'indicators', 'change_requests', 'milestones', 'pledges', 'budget_lines', 'waivers', 'commitments', 'invitations', 'match_candidates', 'conflicts_of_interest', 'quorum_rules']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('projects', (t) => {
    t.dropColumns('required_capabilities', 'planned_budget_vnd', 'pledged_vnd', 'non_state_share', 'feedback_closes_at', 'outcome', 'recommendation', 'close_reason');
  });
  await knex.schema.alterTable('teams', (t) => t.dropColumn('oversight'));
  await knex.schema.alterTable('steps', (t) => t.dropColumns('decider', 'eligible_user_ids', 'recusals', 'quorum_rule_version'));
  await knex.schema.alterTable('decision_ledger', (t) => t.dropColumn('details'));
}
