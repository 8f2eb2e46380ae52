import { Router } from 'express';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { HttpError } from '../http-errors';
import type { ApiDeps } from '../app';

export function meRoutes({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', requireRole('me.read'), async (req, res) => {
    const actor = actorOf(req);
    const row = await db('users').where({ id: actor.userId, active: true }).first('id', 'email', 'display_name', 'role', 'team_code', 'unit_code');
    if (!row) throw HttpError.of(401, 'unauthenticated');
    res.json({ id: row.id, email: row.email, displayName: row.display_name, role: row.role, teamCode: row.team_code, unitCode: row.unit_code });
  });
  return router;
}
