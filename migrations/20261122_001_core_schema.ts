import type { Knex } from 'knex';

/** Core schema: organisation, people, partners, projects, steps, SLA policies, calendars, outbox. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pgcrypto');

  await knex.schema.createTable('units', (t) => {
    t.string('code', 40).primary();
    t.string('name').notNullable();
    t.string('name_vi').notNullable();
    t.string('kind', 20).notNullable().defaultTo('ward'); // ward | commune | special_zone
    t.string('province').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // R3: five multi-task teams replace vertical departments.
  await knex.schema.createTable('teams', (t) => {
    t.string('code', 40).primary();
    t.string('unit_code', 40).notNullable().references('units.code');
    t.string('name').notNullable();
    t.string('name_vi').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['unit_code']);
  });

  await knex.schema.createTable('partners', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('unit_code', 40).notNullable().references('units.code');
    t.string('name').notNullable();
    t.string('kind', 30).notNullable(); // business | coop | mass_org | school | resident_group | scientist | province
    t.specificType('capabilities', 'text[]').notNullable().defaultTo('{}');
    t.string('contact_email');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['unit_code']);
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('email').notNullable();
    t.string('display_name').notNullable();
    t.string('password_hash').notNullable();
    t.string('role', 20).notNullable();
    t.string('unit_code', 40).notNullable().references('units.code');
    t.string('team_code', 40).references('teams.code');
    t.uuid('partner_id').references('partners.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['role']);
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin','coordinator','team_lead','board_member','auditor','partner'))`);

  // R4: the multi-stakeholder coordination board.
  await knex.schema.createTable('boards', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('unit_code', 40).notNullable().references('units.code').unique();
    t.string('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('board_members', (t) => {
    t.uuid('board_id').notNullable().references('boards.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.string('seat', 20).notNullable(); // government | business | residents | mass_org
    t.boolean('is_chair').notNullable().defaultTo(false);
    t.date('since').notNullable().defaultTo(knex.raw('CURRENT_DATE'));
    t.date('until');
    t.primary(['board_id', 'user_id']);
    t.index(['user_id']);
  });

  // SLA policies are versioned data; a step keeps the version it started with.
  await knex.schema.createTable('sla_policies', (t) => {
    t.string('step_type', 40).notNullable();
    t.integer('version').notNullable();
    t.string('responsible_team_code', 40).references('teams.code');
    t.decimal('duration_value', 12, 3).notNullable();
    t.string('duration_unit', 20).notNullable(); // working_days | working_hours | seconds (tests, demos)
    t.decimal('at_risk_ratio', 4, 3).notNullable().defaultTo(0.8);
    t.jsonb('escalation_ladder').notNullable().defaultTo('[]'); // [{ level, role, after }]
    t.jsonb('pause_conditions').notNullable().defaultTo('[]');
    t.timestamp('active_from', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('created_by').notNullable().defaultTo('system');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['step_type', 'version']);
  });
  await knex.raw(`ALTER TABLE sla_policies ADD CONSTRAINT sla_policies_unit_check CHECK (duration_unit IN ('working_days','working_hours','seconds'))`);
  await knex.raw('ALTER TABLE sla_policies ADD CONSTRAINT sla_policies_positive CHECK (duration_value > 0 AND at_risk_ratio > 0 AND at_risk_ratio < 1)');

  // Official schedules (national, unit_code NULL) and per-unit days off.
  await knex.schema.createTable('calendar_overrides', (t) => {
    t.increments('id');
    t.string('unit_code', 40).references('units.code');
    t.date('day').notNullable();
    t.string('kind', 20).notNullable(); // day_off | working_day
    t.string('note').notNullable().defaultTo('');
    t.string('created_by').notNullable().defaultTo('system');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE calendar_overrides ADD CONSTRAINT calendar_overrides_kind_check CHECK (kind IN ('day_off','working_day'))`);
  await knex.raw(`CREATE UNIQUE INDEX calendar_overrides_unique ON calendar_overrides (COALESCE(unit_code, ''), day)`);

  // Human project codes are reserved per (user, Idempotency-Key) so a retried create gets the same code.
  await knex.raw('CREATE SEQUENCE project_code_seq');
  await knex.schema.createTable('project_code_reservations', (t) => {
    t.uuid('user_id').notNullable().references('users.id');
    t.string('idempotency_key', 200).notNullable();
    t.string('code', 60).notNullable().unique();
    t.uuid('project_id').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'idempotency_key']);
  });

  // Read model of projects and steps: written by activities only.
  await knex.schema.createTable('projects', (t) => {
    t.uuid('id').primary();
    t.string('code', 60).notNullable().unique();
    t.string('workflow_id').notNullable().unique();
    t.string('unit_code', 40).notNullable().references('units.code');
    t.string('lead_team_code', 40).notNullable().references('teams.code');
    t.string('title', 200).notNullable();
    t.text('summary').notNullable();
    t.string('category', 30).notNullable();
    t.bigInteger('requested_budget_vnd').notNullable();
    t.string('stage', 30).notNullable();
    t.uuid('proposer_user_id').notNullable().references('users.id');
    t.string('proposer_name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.index(['stage']);
    t.index(['unit_code']);
    t.index(['lead_team_code']);
    t.index(['created_at']);
    t.index(['updated_at']);
  });

  await knex.schema.createTable('steps', (t) => {
    t.string('id', 120).primary(); // <workflowId>:<type>:<round>, stable across retries
    t.uuid('project_id').notNullable().references('projects.id');
    t.string('type', 40).notNullable();
    t.integer('round').notNullable().defaultTo(1);
    t.string('status', 20).notNullable(); // active | decided | closed
    t.string('deciding_role', 20).notNullable();
    t.string('responsible_team_code', 40).references('teams.code');
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('at_risk_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.string('sla_status', 20).notNullable().defaultTo('on_track');
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.string('policy_step_type', 40);
    t.integer('policy_version');
    t.string('outcome', 30);
    t.timestamp('closed_at', { useTz: true });
    t.index(['project_id']);
    t.index(['status', 'due_at']);
    t.index(['responsible_team_code', 'status']);
  });

  // Every SLA transition, for timelines and on-time figures (R17).
  await knex.schema.createTable('sla_events', (t) => {
    t.bigIncrements('id');
    t.string('step_id', 120).notNullable().references('steps.id');
    t.string('kind', 30).notNullable(); // at_risk | breached | escalated | paused | resumed
    t.integer('level');
    t.string('target_role', 20);
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.unique(['step_id', 'kind', 'level']);
  });

  await knex.schema.createTable('notifications_outbox', (t) => {
    t.bigIncrements('id');
    t.string('dedupe_key', 200).notNullable().unique();
    t.uuid('project_id').references('projects.id');
    t.string('step_id', 120);
    t.string('kind', 40).notNullable();
    t.string('recipient_role', 20);
    t.uuid('recipient_user_id').references('users.id');
    t.string('recipient_team_code', 40);
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['sent_at', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['notifications_outbox', 'sla_events', 'steps', 'projects', 'project_code_reservations', 'calendar_overrides', 'sla_policies', 'board_members', 'boards', 'users', 'partners', 'teams', 'units']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP SEQUENCE IF EXISTS project_code_seq');
}
