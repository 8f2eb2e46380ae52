import type { Knex } from 'knex';

/**
 * Indexes behind the sorts and filters of every list (api/lists.ts), and what the administration of
 * reference data needs: who last changed a row, and `admin_changes`, the append-only trail of every
 * change to users, partners, conflicts of interest, SLA policies and quorum rules (R18, R21).
 */
export async function up(knex: Knex): Promise<void> {
  // Steps: the inbox (open steps by deadline, by deciding role, by eligible person) and the pipelines.
  await knex.raw(`CREATE INDEX steps_open_eligible ON steps USING gin (eligible_user_ids jsonb_path_ops) WHERE status = 'active'`);
  await knex.raw('CREATE INDEX steps_deciding_role_status_due ON steps (deciding_role, status, due_at)');
  await knex.raw('CREATE INDEX steps_type_status ON steps (type, status)');
  await knex.raw('CREATE INDEX steps_sla_status_due ON steps (sla_status, due_at)');
  await knex.raw('CREATE INDEX steps_opened_at ON steps (opened_at)');
  await knex.raw('CREATE INDEX steps_escalation_level ON steps (escalation_level, due_at)');
  await knex.raw('CREATE INDEX steps_due_at ON steps (due_at)');

  // Ledger: one person's vote on a step (myVote, canDecide), by date, by choice, by step type.
  await knex.raw('CREATE INDEX decision_ledger_step_actor ON decision_ledger (step_id, actor_user_id, seq)');
  await knex.raw('CREATE INDEX decision_ledger_decided_at ON decision_ledger (decided_at)');
  await knex.raw('CREATE INDEX decision_ledger_choice_seq ON decision_ledger (choice, seq)');
  await knex.raw('CREATE INDEX decision_ledger_step_type_seq ON decision_ledger (step_type, seq)');

  await knex.raw('CREATE INDEX invitations_invited_at ON invitations (invited_at)');
  await knex.raw('CREATE INDEX invitations_status_due ON invitations (status, due_at)');
  await knex.raw('CREATE INDEX pledges_pledged_at ON pledges (pledged_at)');
  await knex.raw('CREATE INDEX pledges_status_source ON pledges (status, source)');
  await knex.raw('CREATE INDEX milestones_due_at ON milestones (due_at)');
  await knex.raw('CREATE INDEX milestones_status_due ON milestones (status, due_at)');
  await knex.raw('CREATE INDEX indicators_recorded_at ON indicators (recorded_at)');
  await knex.raw('CREATE INDEX feedback_submitted_at ON feedback (submitted_at)');
  await knex.raw('CREATE INDEX notifications_recipient_user ON notifications_outbox (recipient_user_id, created_at)');
  await knex.raw('CREATE INDEX notifications_recipient_role ON notifications_outbox (recipient_role, created_at)');
  await knex.raw('CREATE INDEX notifications_recipient_team ON notifications_outbox (recipient_team_code, created_at)');
  await knex.raw('CREATE INDEX notifications_project ON notifications_outbox (project_id, created_at)');
  await knex.raw('CREATE INDEX users_team_code ON users (team_code)');
  await knex.raw('CREATE INDEX users_partner_id ON users (partner_id)');
  await knex.raw('CREATE INDEX users_display_name ON users (display_name)');
  await knex.raw('CREATE INDEX partners_name ON partners (name)');
  await knex.raw('CREATE INDEX partners_kind ON partners (kind)');
  // One registration per name in a unit: a second one is a mistake the API reports (409).
  await knex.raw('CREATE UNIQUE INDEX partners_unit_name_unique ON partners (unit_code, lower(name))');
  await knex.raw('CREATE INDEX conflicts_partner ON conflicts_of_interest (partner_id)');
  await knex.raw('CREATE INDEX conflicts_declared_at ON conflicts_of_interest (declared_at)');
  await knex.raw('CREATE INDEX board_members_display ON board_members (board_id, seat)');
  await knex.raw('CREATE INDEX sla_policies_active_from ON sla_policies (step_type, active_from)');
  await knex.raw('CREATE INDEX quorum_rules_active_from ON quorum_rules (active_from)');

  // Who last changed a reference row (the full history is in admin_changes).
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('updated_at', { useTz: true });
    t.uuid('updated_by').references('users.id');
  });
  await knex.schema.alterTable('partners', (t) => {
    t.timestamp('updated_at', { useTz: true });
    t.uuid('updated_by').references('users.id');
  });
  await knex.schema.alterTable('conflicts_of_interest', (t) => {
    t.uuid('declared_by').references('users.id');
  });

  await knex.schema.createTable('admin_changes', (t) => {
    t.bigIncrements('id');
    t.string('entity', 40).notNullable();
    t.string('entity_id', 120).notNullable();
    t.string('action', 10).notNullable();
    t.uuid('actor_user_id').notNullable().references('users.id');
    t.string('actor_role', 20).notNullable();
    // A retried command (same person, same Idempotency-Key) finds its first answer here.
    t.string('idempotency_key', 200);
    t.jsonb('before');
    t.jsonb('after');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['actor_user_id', 'idempotency_key']);
    t.index(['entity', 'entity_id', 'id']);
    t.index(['changed_at']);
  });
  await knex.raw(`ALTER TABLE admin_changes ADD CONSTRAINT admin_changes_action_check CHECK (action IN ('create','update','delete'))`);
  await knex.raw(`
    CREATE FUNCTION admin_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'admin_changes is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await knex.raw('CREATE TRIGGER admin_changes_no_update_delete BEFORE UPDATE OR DELETE ON admin_changes FOR EACH ROW EXECUTE FUNCTION admin_changes_append_only()');
  await knex.raw('CREATE TRIGGER admin_changes_no_truncate BEFORE TRUNCATE ON admin_changes FOR EACH STATEMENT EXECUTE FUNCTION admin_changes_append_only()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('admin_changes');
  await knex.raw('DROP FUNCTION IF EXISTS admin_changes_append_only()');
  await knex.schema.alterTable('conflicts_of_interest', (t) => t.dropColumn('declared_by'));
  await knex.schema.alterTable('partners', (t) => t.dropColumns('updated_at', 'updated_by'));
  await knex.schema.alterTable('users', (t) => t.dropColumns('updated_at', 'updated_by'));
  for (const index of [
    'steps_open_eligible',
    'steps_deciding_role_status_due',
    'steps_type_status',
    'steps_sla_status_due',
    'steps_opened_at',
    'steps_escalation_level',
    'steps_due_at',
    'decision_ledger_step_actor',
    'decision_ledger_decided_at',
    'decision_ledger_choice_seq',
    'decision_ledger_step_type_seq',
    'invitations_invited_at',
    'invitations_status_due',
    'pledges_pledged_at',
    'pledges_status_source',
    'milestones_due_at',
    'milestones_status_due',
    'indicators_recorded_at',
    'feedback_submitted_at',
    'notifications_recipient_user',
    'notifications_recipient_role',
    'notifications_recipient_team',
    'notifications_project',
    'users_team_code',
    'users_partner_id',
    'users_display_name',
    'partners_name',
    'partners_kind',
    'partners_unit_name_unique',
    'conflicts_partner',
    'conflicts_declared_at',
    'board_members_display',
    'sla_policies_active_from',
    'quorum_rules_active_from',
  ]) {
    await knex.raw(`DROP INDEX IF EXISTS ${index}`);
  }
}
