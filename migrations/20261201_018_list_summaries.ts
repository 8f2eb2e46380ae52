import type { Knex } from 'knex';

/**
 * Lists and dashboards at a province's scale, second part (issue 17, bench/lists.ts):
 *
 * - Each project's open main step (the first-opened active step, as api/read-model.ts projectsQuery
 *   joins it) is copied onto the project row: `open_step_id`, `open_step_due_at`,
 *   `open_step_sla_status`. The pipeline sorts by `open_step_due_at` through an index instead of
 *   joining every project's open step and sorting them all.
 * - Summary tables hold what the dashboards (api/routes/stats.ts) used to aggregate over every step
 *   on every call: open steps per unit, team, opening day, SLA state and escalation level; closed
 *   steps that count towards the on-time figures per unit, team, type, opening and closing day; the
 *   same per accountable person and month; projects per unit, lead team and stage.
 *
 * Both are kept by row triggers on `steps` and `projects`, deferred to the commit: they run inside
 * the transaction of whichever activity writes a step (openStep, recordDecision, recordSlaEvent, closeStep,
 * closeProject, reassignments, decider reviews), so no write path can forget them and a rolled-back
 * write rolls them back too. test/db/list-summaries.test.ts compares them with the aggregates over
 * `steps` after real workflow runs. The on-time rules below are domain/stats.ts's
 * (STEP_TYPES_OUTSIDE_SLA_FIGURES, STEP_OUTCOMES_OUTSIDE_SLA_FIGURES, STATS_TIME_ZONE) as of this
 * migration; a change there needs a migration that replaces `step_summaries_apply` and rebuilds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE projects
      ADD COLUMN open_step_id text,
      ADD COLUMN open_step_due_at timestamptz,
      ADD COLUMN open_step_sla_status varchar(20)`);

  await knex.raw(`
    CREATE TABLE open_step_counts (
      unit_code varchar(40) NOT NULL,
      team_code varchar(40) NOT NULL,
      opened_day date NOT NULL,
      sla_status varchar(20) NOT NULL,
      escalation_level integer NOT NULL,
      steps integer NOT NULL,
      PRIMARY KEY (unit_code, team_code, opened_day, sla_status, escalation_level)
    )`);
  await knex.raw(`
    CREATE TABLE closed_step_counts (
      unit_code varchar(40) NOT NULL,
      team_code varchar(40) NOT NULL,
      closed_day date NOT NULL,
      type varchar(40) NOT NULL,
      opened_day date NOT NULL,
      closed integer NOT NULL,
      on_time integer NOT NULL,
      PRIMARY KEY (unit_code, team_code, closed_day, type, opened_day)
    )`);
  await knex.raw(`
    CREATE TABLE closed_step_people (
      unit_code varchar(40) NOT NULL,
      team_code varchar(40) NOT NULL,
      closed_month date NOT NULL,
      user_id uuid NOT NULL,
      name text,
      closed integer NOT NULL,
      on_time integer NOT NULL,
      PRIMARY KEY (unit_code, team_code, closed_month, user_id)
    )`);
  await knex.raw(`
    CREATE TABLE project_stage_counts (
      unit_code varchar(40) NOT NULL,
      lead_team_code varchar(40) NOT NULL,
      stage varchar(40) NOT NULL,
      projects integer NOT NULL,
      PRIMARY KEY (unit_code, lead_team_code, stage)
    )`);

  // One step's share of the summaries, added (sign 1) or taken away (sign -1). Team '' = no team.
  await knex.raw(`
    CREATE FUNCTION step_summaries_apply(s steps, sign integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      unit varchar(40);
      team varchar(40) := coalesce(s.responsible_team_code, '');
      on_time integer;
    BEGIN
      SELECT p.unit_code INTO unit FROM projects p WHERE p.id = s.project_id;
      IF unit IS NULL THEN RETURN; END IF;
      IF s.status = 'active' THEN
        INSERT INTO open_step_counts AS c (unit_code, team_code, opened_day, sla_status, escalation_level, steps)
        VALUES (unit, team, (s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.sla_status, s.escalation_level, sign)
        ON CONFLICT (unit_code, team_code, opened_day, sla_status, escalation_level) DO UPDATE SET steps = c.steps + EXCLUDED.steps;
      END IF;
      IF s.closed_at IS NOT NULL AND s.due_at IS NOT NULL AND s.type <> 'resubmission'
         AND (s.outcome IS NULL OR s.outcome NOT IN ('cancelled', 'withdrawn')) THEN
        on_time := CASE WHEN s.closed_at <= s.due_at THEN sign ELSE 0 END;
        INSERT INTO closed_step_counts AS c (unit_code, team_code, closed_day, type, opened_day, closed, on_time)
        VALUES (unit, team, (s.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.type, (s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, sign, on_time)
        ON CONFLICT (unit_code, team_code, closed_day, type, opened_day) DO UPDATE SET closed = c.closed + EXCLUDED.closed, on_time = c.on_time + EXCLUDED.on_time;
        IF s.assignee_user_id IS NOT NULL THEN
          INSERT INTO closed_step_people AS c (unit_code, team_code, closed_month, user_id, name, closed, on_time)
          VALUES (unit, team, date_trunc('month', s.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.assignee_user_id, s.assignee_name, sign, on_time)
          ON CONFLICT (unit_code, team_code, closed_month, user_id) DO UPDATE
            SET closed = c.closed + EXCLUDED.closed, on_time = c.on_time + EXCLUDED.on_time, name = GREATEST(c.name, EXCLUDED.name);
        END IF;
      END IF;
    END $$`);

  // The project's open main step, as projectsQuery joins it: the first opened that is still active.
  await knex.raw(`
    CREATE FUNCTION project_open_step_refresh(project uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      step record;
    BEGIN
      SELECT s.id, s.due_at, s.sla_status INTO step FROM steps s
       WHERE s.project_id = project AND s.status = 'active' ORDER BY s.opened_at, s.id LIMIT 1;
      UPDATE projects p SET open_step_id = step.id, open_step_due_at = step.due_at, open_step_sla_status = step.sla_status
       WHERE p.id = project
         AND (p.open_step_id, p.open_step_due_at, p.open_step_sla_status) IS DISTINCT FROM (step.id, step.due_at, step.sla_status);
    END $$`);

  await knex.raw(`
    CREATE FUNCTION steps_read_model() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM step_summaries_apply(OLD, -1); END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM step_summaries_apply(NEW, 1); END IF;
      IF TG_OP = 'DELETE' THEN
        -- Not when the project itself is going (projects_delete_steps): its row may not change any more.
        IF pg_trigger_depth() = 1 THEN PERFORM project_open_step_refresh(OLD.project_id); END IF;
      ELSE
        PERFORM project_open_step_refresh(NEW.project_id);
        IF TG_OP = 'UPDATE' AND OLD.project_id <> NEW.project_id THEN PERFORM project_open_step_refresh(OLD.project_id); END IF;
      END IF;
      RETURN NULL;
    END $$`);
  // Deferred to the commit of the writing transaction: the summary rows are shared by every step of a
  // team and day, and an upsert there locks its row until commit. At commit the lock is held for the
  // commit alone, not for the rest of the activity's transaction (concurrent decisions, issue 17).
  // A delete stays immediate: it must still find the project (projects_delete_steps below).
  await knex.raw('CREATE CONSTRAINT TRIGGER steps_read_model_insert AFTER INSERT ON steps DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION steps_read_model()');
  await knex.raw('CREATE TRIGGER steps_read_model_delete AFTER DELETE ON steps FOR EACH ROW EXECUTE FUNCTION steps_read_model()');
  await knex.raw(`
    CREATE CONSTRAINT TRIGGER steps_read_model_update AFTER UPDATE ON steps DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.project_id, OLD.status, OLD.type, OLD.responsible_team_code, OLD.opened_at, OLD.due_at, OLD.closed_at, OLD.outcome, OLD.sla_status, OLD.escalation_level, OLD.assignee_user_id, OLD.assignee_name)
          IS DISTINCT FROM (NEW.project_id, NEW.status, NEW.type, NEW.responsible_team_code, NEW.opened_at, NEW.due_at, NEW.closed_at, NEW.outcome, NEW.sla_status, NEW.escalation_level, NEW.assignee_user_id, NEW.assignee_name))
    EXECUTE FUNCTION steps_read_model()`);
  // A project's steps go before it does, while it can still say which unit they count in.
  await knex.raw(`
    CREATE FUNCTION projects_delete_steps() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM steps WHERE project_id = OLD.id;
      RETURN OLD;
    END $$`);
  await knex.raw('CREATE TRIGGER projects_delete_steps BEFORE DELETE ON projects FOR EACH ROW EXECUTE FUNCTION projects_delete_steps()');

  await knex.raw(`
    CREATE FUNCTION projects_stage_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE project_stage_counts SET projects = projects - 1
         WHERE unit_code = OLD.unit_code AND lead_team_code = coalesce(OLD.lead_team_code, '') AND stage = OLD.stage;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO project_stage_counts AS c (unit_code, lead_team_code, stage, projects)
        VALUES (NEW.unit_code, coalesce(NEW.lead_team_code, ''), NEW.stage, 1)
        ON CONFLICT (unit_code, lead_team_code, stage) DO UPDATE SET projects = c.projects + 1;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw('CREATE CONSTRAINT TRIGGER projects_stage_counts_insert AFTER INSERT ON projects DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION projects_stage_counts()');
  await knex.raw('CREATE CONSTRAINT TRIGGER projects_stage_counts_delete AFTER DELETE ON projects DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION projects_stage_counts()');
  await knex.raw(`
    CREATE CONSTRAINT TRIGGER projects_stage_counts_update AFTER UPDATE ON projects DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.unit_code, OLD.lead_team_code, OLD.stage) IS DISTINCT FROM (NEW.unit_code, NEW.lead_team_code, NEW.stage))
    EXECUTE FUNCTION projects_stage_counts()`);

  await rebuildListSummaries(knex);

  // The pipeline (by due date) and the default page (by last change), each an index of the unit's projects.
  await knex.raw('CREATE INDEX projects_unit_open_step_due ON projects (unit_code, open_step_due_at, id)');
  await knex.raw('CREATE INDEX projects_unit_updated ON projects (unit_code, updated_at DESC, id)');
}

/** Fills the summaries and the projects' open steps from `steps` and `projects` (the migration's backfill; tests and benchmarks reuse it). */
export async function rebuildListSummaries(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM open_step_counts');
  await knex.raw('DELETE FROM closed_step_counts');
  await knex.raw('DELETE FROM closed_step_people');
  await knex.raw('DELETE FROM project_stage_counts');
  await knex.raw(`
    INSERT INTO open_step_counts (unit_code, team_code, opened_day, sla_status, escalation_level, steps)
    SELECT p.unit_code, coalesce(s.responsible_team_code, ''), (s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.sla_status, s.escalation_level, count(*)
      FROM steps s JOIN projects p ON p.id = s.project_id WHERE s.status = 'active' GROUP BY 1, 2, 3, 4, 5`);
  const counted = `s.closed_at IS NOT NULL AND s.due_at IS NOT NULL AND s.type <> 'resubmission' AND (s.outcome IS NULL OR s.outcome NOT IN ('cancelled', 'withdrawn'))`;
  await knex.raw(`
    INSERT INTO closed_step_counts (unit_code, team_code, closed_day, type, opened_day, closed, on_time)
    SELECT p.unit_code, coalesce(s.responsible_team_code, ''), (s.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.type, (s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
           count(*), count(*) FILTER (WHERE s.closed_at <= s.due_at)
      FROM steps s JOIN projects p ON p.id = s.project_id WHERE ${counted} GROUP BY 1, 2, 3, 4, 5`);
  await knex.raw(`
    INSERT INTO closed_step_people (unit_code, team_code, closed_month, user_id, name, closed, on_time)
    SELECT p.unit_code, coalesce(s.responsible_team_code, ''), date_trunc('month', s.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.assignee_user_id, max(s.assignee_name),
           count(*), count(*) FILTER (WHERE s.closed_at <= s.due_at)
      FROM steps s JOIN projects p ON p.id = s.project_id WHERE ${counted} AND s.assignee_user_id IS NOT NULL GROUP BY 1, 2, 3, 4`);
  await knex.raw(`
    INSERT INTO project_stage_counts (unit_code, lead_team_code, stage, projects)
    SELECT unit_code, coalesce(lead_team_code, ''), stage, count(*) FROM projects GROUP BY 1, 2, 3`);
  await knex.raw(`
    UPDATE projects p SET open_step_id = o.id, open_step_due_at = o.due_at, open_step_sla_status = o.sla_status
      FROM (SELECT p2.id AS project_id, s.id, s.due_at, s.sla_status
              FROM projects p2 LEFT JOIN LATERAL (
                SELECT s.id, s.due_at, s.sla_status FROM steps s WHERE s.project_id = p2.id AND s.status = 'active' ORDER BY s.opened_at, s.id LIMIT 1) s ON true) o
     WHERE p.id = o.project_id
       AND (p.open_step_id, p.open_step_due_at, p.open_step_sla_status) IS DISTINCT FROM (o.id, o.due_at, o.sla_status)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER projects_stage_counts_update ON projects');
  await knex.raw('DROP TRIGGER projects_stage_counts_delete ON projects');
  await knex.raw('DROP TRIGGER projects_stage_counts_insert ON projects');
  await knex.raw('DROP FUNCTION projects_stage_counts()');
  await knex.raw('DROP TRIGGER projects_delete_steps ON projects');
  await knex.raw('DROP FUNCTION projects_delete_steps()');
  await knex.raw('DROP TRIGGER steps_read_model_update ON steps');
  await knex.raw('DROP TRIGGER steps_read_model_delete ON steps');
  await knex.raw('DROP TRIGGER steps_read_model_insert ON steps');
  await knex.raw('DROP FUNCTION steps_read_model()');
  await knex.raw('DROP FUNCTION project_open_step_refresh(uuid)');
  await knex.raw('DROP FUNCTION step_summaries_apply(steps, integer)');
  await knex.raw('DROP TABLE project_stage_counts');
  await knex.raw('DROP TABLE closed_step_people');
  await knex.raw('DROP TABLE closed_step_counts');
  await knex.raw('DROP TABLE open_step_counts');
  await knex.raw('DROP INDEX projects_unit_updated');
  await knex.raw('DROP INDEX projects_unit_open_step_due');
  await knex.raw('ALTER TABLE projects DROP COLUMN open_step_sla_status, DROP COLUMN open_step_due_at, DROP COLUMN open_step_id');
}
