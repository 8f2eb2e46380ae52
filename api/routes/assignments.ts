import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import { assigneeRefusal, mayReassign, type AssignableStep } from '../../domain/assignment';
import { RULE_ERRORS } from '../../domain/errors';
import type { Role } from '../../domain/roles';
import { ReassignmentBody } from '../../domain/schemas';
import { commandProject } from '../project-commands';
import { requireRole } from '../access';
import { HttpError } from '../http-errors';
import { projectDetail } from '../read-model';
import { idempotencyKeys } from '../idempotency';
import { pathParam, STEP_ID } from '../path-params';
import { commandActor } from './commands';
import type { ApiDeps } from '../deps';

const rule = (code: 'NotAllowed' | 'StepNotActive' | 'AssigneeNotEligible', field?: string) => {
  const { status, en, vi } = RULE_ERRORS[code];
  return new HttpError(status, code, { en, vi }, field ? { [field]: { en, vi } } : undefined);
};

interface StepForAssignment extends AssignableStep {
  id: string;
  projectId: string;
  workflowId: string;
  unitCode: string;
  assigneeName: string | null;
}

async function stepOr404(db: Knex, id: string): Promise<StepForAssignment> {
  const row = await db('steps as s')
    .join('projects as p', 'p.id', 's.project_id')
    .where('s.id', id)
    .first('s.id', 's.status', 's.deciding_role', 's.responsible_team_code', 's.assignee_user_id', 's.assignee_name', 's.recusals', 'p.id as project_id', 'p.workflow_id', 'p.unit_code');
  if (!row) throw HttpError.of(404, 'not_found');
  return {
    id: row.id,
    status: row.status,
    decidingRole: row.deciding_role as Role,
    responsibleTeamCode: row.responsible_team_code ?? null,
    assigneeUserId: row.assignee_user_id ?? null,
    assigneeName: row.assignee_name ?? null,
    recusedUserIds: ((row.recusals ?? []) as { userId: string }[]).map((r) => r.userId),
    projectId: row.project_id,
    workflowId: row.workflow_id,
    unitCode: row.unit_code,
  };
}

/**
 * The accountable person of a step (issue 13, domain/assignment.ts): who may take it, and the
 * reassignment, a Temporal Update recorded in the ledger as `reassign` with its reason.
 */
export function assignmentRoutes({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  router.get('/:id/assignees', requireRole('steps.reassign'), async (req, res) => {
    const step = await stepOr404(db, pathParam(req, 'id', STEP_ID));
    const people: { id: string; display_name: string; role: Role; team_code: string | null }[] = await db('users')
      .where({ unit_code: step.unitCode, active: true, role: step.decidingRole })
      .orderBy(['display_name', 'id'])
      .select('id', 'display_name', 'role', 'team_code');
    res.json({
      stepId: step.id,
      assigneeUserId: step.assigneeUserId,
      mayReassign: step.status === 'active' && mayReassign(commandActor(req), step),
      people: people
        .filter((p) => assigneeRefusal(step, { id: p.id, role: p.role, active: true, unitMatches: true }) === null)
        .map((p) => ({ id: p.id, displayName: p.display_name, teamCode: p.team_code ?? null })),
    });
  });

  router.post('/:id/assignee', requireRole('steps.reassign'), async (req, res) => {
    const stepId = pathParam(req, 'id', STEP_ID);
    const { key, body } = await keys.command(req, ReassignmentBody);
    const step = await stepOr404(db, stepId);
    const actor = commandActor(req);
    // Scoped by step and person, like a decision: one key never stands for another step's reassignment.
    const updateId = `reassign:${encodeURIComponent(step.id)}:${actor.userId}:${key}`;
    // A retry of a reassignment already recorded answers as the first did (the checks below would now refuse it).
    if (await db('decision_ledger').where({ workflow_id: step.workflowId, update_id: updateId }).first('seq')) {
      res.json({ project: await projectDetail(db, step.projectId) });
      return;
    }
    if (!mayReassign(actor, step)) throw rule('NotAllowed');
    if (step.status !== 'active') throw rule('StepNotActive');
    const person = await db('users').where({ id: body.assigneeUserId }).first('id', 'display_name', 'role', 'active', 'unit_code');
    if (!person || assigneeRefusal(step, { id: person.id, role: person.role, active: person.active, unitMatches: person.unit_code === step.unitCode })) {
      throw rule('AssigneeNotEligible', 'assigneeUserId');
    }
    await commandProject(
      temporal,
      step.workflowId,
      updateId,
      {
        kind: 'reassign',
        actor,
        stepId: step.id,
        assigneeUserId: person.id,
        assigneeName: person.display_name,
        previousUserId: step.assigneeUserId,
        previousName: step.assigneeName,
        responsibleTeamCode: step.responsibleTeamCode,
        reason: body.reason,
      },
      config.commandTimeoutMs,
    ).catch((err) => {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'ProjectClosed', RULE_ERRORS.ProjectClosed);
      throw err;
    });
    res.json({ project: await projectDetail(db, step.projectId) });
  });

  return router;
}
