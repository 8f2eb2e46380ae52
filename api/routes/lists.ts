import { Router } from 'express';
import { requireRole } from '../access';
import { listContext, readList, readOne, scopedQuery, sendList, type ListDef } from '../list-params';
import { LISTS, whereCanDecide } from '../lists';
import type { ApiDeps } from '../deps';

/** Every list of api/lists.ts at its path, and `/:id` for those that read single rows. */
export function listRoutes({ db }: ApiDeps): Router {
  const router = Router();

  /** The menu badge: open steps the caller can decide now (the same test as the awaitingMe filter). */
  router.get('/steps/inbox-count', requireRole(LISTS.steps.permission), async (req, res) => {
    const ctx = await listContext(db, req);
    const q = whereCanDecide(scopedQuery(req, LISTS.steps, ctx, {}), ctx);
    const [row] = await q.clearSelect().count<{ count: string }[]>({ count: '*' });
    res.json({ count: Number(row?.count ?? 0) });
  });

  for (const def of Object.values(LISTS) as ListDef[]) {
    router.get(def.path, requireRole(def.permission), async (req, res) => {
      const ctx = await listContext(db, req);
      const { items, start, total } = await readList(req, def, ctx);
      sendList(res, def.resource, items, start, total);
    });
    if (def.single) {
      router.get(`${def.path}/:id`, requireRole(def.permission), async (req, res) => {
        res.json(await readOne(def, await listContext(db, req), String(req.params.id)));
      });
    }
  }
  return router;
}
