import { Router } from 'express';
import { verifyLedger } from '../../activities/ledger-store';
import { requireRole } from '../access';
import { applyListQuery, sendList } from '../list-params';
import { toDecision } from '../read-model';
import type { ApiDeps } from '../app';

export function ledgerRoutes({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/', requireRole('ledger.list'), async (req, res) => {
    const { rows, count, start } = applyListQuery(
      req,
      {
        resource: 'decisions',
        sortable: { seq: 'seq', id: 'seq', decidedAt: 'decided_at' },
        defaultSort: ['seq', 'DESC'],
        filters: {
          projectId: (q, v) => void q.where('project_id', String(v)),
          actorUserId: (q, v) => void q.where('actor_user_id', String(v)),
          stepId: (q, v) => void q.where('step_id', String(v)),
        },
      },
      db('decision_ledger').select('*'),
    );
    const [items, [{ count: total } = { count: '0' }]] = await Promise.all([rows, count]);
    sendList(res, 'decisions', items.map(toDecision), start, Number(total));
  });

  /** Walks the hash chain from the first entry; names the first broken link if any. */
  router.get('/verify', requireRole('ledger.verify'), async (_req, res) => {
    res.json(await verifyLedger(db));
  });

  return router;
}
