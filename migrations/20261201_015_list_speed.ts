import type { Knex } from 'knex';

/**
 * Indexes for lists and dashboards at a province's scale (issue 17, bench/lists.ts): each project's
 * open step (the projects list joins it on every row), closed steps by date (the SLA figures) and
 * projects per unit and stage (the pipeline figures, read from the index alone).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX steps_open_by_project ON steps (project_id, opened_at, id) WHERE status = 'active'`);
  await knex.raw('CREATE INDEX steps_closed_at ON steps (closed_at) WHERE closed_at IS NOT NULL');
  await knex.raw('CREATE INDEX projects_unit_stage ON projects (unit_code, stage)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX projects_unit_stage');
  await knex.raw('DROP INDEX steps_closed_at');
  await knex.raw('DROP INDEX steps_open_by_project');
}
