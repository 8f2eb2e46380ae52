import { Router } from 'express';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { HttpError } from '../http-errors';
import { applyListQuery, sendList } from '../list-params';
import type { ApiDeps } from '../app';

export function teamRoutes({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', requireRole('teams.list'), async (req, res) => {
    const { rows, count, start } = applyListQuery(
      req,
      { resource: 'teams', sortable: { code: 'code', id: 'code', name: 'name' }, defaultSort: ['code', 'ASC'], filters: { unitCode: (q, v) => void q.where('unit_code', String(v)) } },
      db('teams').select('code', 'name', 'name_vi', 'unit_code'),
    );
    const [items, [{ count: total } = { count: '0' }]] = await Promise.all([rows, count]);
    sendList(res, 'teams', items.map((t: Record<string, string>) => ({ id: t.code, code: t.code, name: t.name, nameVi: t.name_vi, unitCode: t.unit_code })), start, Number(total));
  });
  return router;
}

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
