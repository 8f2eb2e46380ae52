import { Router } from 'express';
import { requireRole } from '../access';
import { accountOf } from '../auth';
import type { ApiDeps } from '../deps';

/** Who am I: the account as requireAuth read it for this request. */
export function meRoutes(_deps: ApiDeps): Router {
  const router = Router();
  router.get('/', requireRole('me.read'), (req, res) => {
    const a = accountOf(req);
    res.json({ id: a.userId, email: a.email, displayName: a.displayName, role: a.role, teamCode: a.teamCode, unitCode: a.unitCode });
  });
  return router;
}
