import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { ProposalBody } from '../../domain/schemas';
import type { ProjectLifecycleInput } from '../../domain/project';
import { startProject } from '../project-commands';
import { accountOf, actorOf } from '../auth';
import { requireRole } from '../access';
import { HttpError } from '../http-errors';
import { idempotencyKeys } from '../idempotency';
import { projectDetail } from '../read-model';
import { pathParam, UUID } from '../path-params';
import type { ApiDeps } from '../deps';
import type { Knex } from 'knex';

/** A retried create (same person, same Idempotency-Key) gets the same code and project id. */
export async function reserveProjectCode(db: Knex, userId: string, unitCode: string, key: string): Promise<{ code: string; projectId: string }> {
  const year = new Date().getUTCFullYear();
  await db.raw(
    `INSERT INTO project_code_reservations (user_id, idempotency_key, code, project_id)
     VALUES (?, ?, ? || '-' || ? || '-' || (SELECT lpad(n::text, greatest(4, length(n::text)), '0') FROM nextval('project_code_seq') AS n), ?)
     ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
    [userId, key, unitCode, year, randomUUID()],
  );
  const row = await db('project_code_reservations').where({ user_id: userId, idempotency_key: key }).first('code', 'project_id');
  return { code: row.code, projectId: row.project_id };
}

export function projectRoutes({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  // The list is served from the table in api/lists.ts (api/routes/lists.ts).

  router.get('/:id', requireRole('projects.read'), async (req, res) => {
    const detail = await projectDetail(db, pathParam(req, 'id', UUID));
    if (!detail) throw HttpError.of(404, 'not_found');
    res.json(detail);
  });

  /** Starts the project's workflow with its first Update, so the answer already shows the screening step. */
  router.post('/', requireRole('projects.create'), async (req, res) => {
    const actor = actorOf(req);
    const { key, body } = await keys.command(req, ProposalBody);
    const { unitCode, displayName } = accountOf(req);
    const team = await db('teams').where({ code: body.leadTeamCode, unit_code: unitCode }).first('code');
    if (!team) throw new HttpError(422, 'unknown_team', { en: 'The lead team does not exist in your unit.', vi: 'Tổ phụ trách không có trong đơn vị của bạn.' }, { leadTeamCode: { en: 'unknown team', vi: 'tổ không tồn tại' } });

    const { code, projectId } = await reserveProjectCode(db, actor.userId, unitCode, key);
    const input: ProjectLifecycleInput = {
      projectId,
      code,
      unitCode: unitCode,
      leadTeamCode: body.leadTeamCode,
      title: body.title,
      summary: body.summary,
      category: body.category,
      requestedBudgetVnd: body.requestedBudgetVnd,
      ...(body.requiredCapabilities ? { requiredCapabilities: body.requiredCapabilities } : {}),
      ...(body.indicators ? { indicators: body.indicators } : {}),
      ...(body.beneficiaries ? { beneficiaries: body.beneficiaries } : {}),
      proposer: { ...actor, displayName },
      submittedAt: new Date().toISOString(),
    };
    const started = await startProject(temporal, config.temporal.taskQueue, input, config.commandTimeoutMs);
    // A workflow id already used by another project (its database was reset, Temporal's was not).
    if (started.projectId !== projectId) throw HttpError.of(409, 'conflict');
    const detail = await projectDetail(db, projectId);
    res.status(201).location(`/api/projects/${projectId}`).json(detail);
  });

  return router;
}
