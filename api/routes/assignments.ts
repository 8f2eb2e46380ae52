import { Router } from 'express';
import { assigneeRefusal, mayReassign } from '../../domain/assignment';
import type { Role } from '../../domain/roles';
import { requireRole } from '../access';
import { pathParam, STEP_ID } from '../path-params';
import { commandActor, stepOr404 } from './commands';
import type { ApiDeps } from '../deps';

/**
 * The accountable person of a step (issue 13, domain/assignment.ts): who may take it. The
 * reassignment itself is the stage command `reassign` (domain/commands, api/routes/commands.ts).
 */
export function assignmentRoutes({ db }: ApiDeps): Router {
  const router = Router();

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

  return router;
}
