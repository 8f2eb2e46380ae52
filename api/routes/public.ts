import { Router, type Response } from 'express';
import { z } from 'zod';
import { parseInput, HttpError } from '../http-errors';
import { CODE, pathParam } from '../path-params';
import { publicLedgerHead, publicProjectDetail, publicProjects } from '../public-read';
import type { ApiDeps } from '../app';

/** Shared caches may keep a public answer a minute; browsers revalidate with the ETag Express sets. */
const cachePublic = (res: Response, seconds = 60) => res.setHeader('Cache-Control', `public, max-age=${seconds}, stale-while-revalidate=${seconds}`);

export const PublicProjectsQuery = z.strictObject({ unit: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional() });

/**
 * The public portal's reads (R9, R19): no sign-in, every answer built from the columns
 * domain/redaction.ts publishes. Mounted before authentication, rate-limited per address (api/app.ts).
 */
export function publicReadRoutes({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/projects', async (req, res) => {
    const { unit } = parseInput(PublicProjectsQuery, req.query, req);
    const { projects } = await publicProjects(db, unit ? { unitCode: unit } : {});
    cachePublic(res);
    res.json({ projects: projects.map((p) => p.project), ledgerHead: await publicLedgerHead(db) });
  });

  router.get('/projects/:code', async (req, res) => {
    const detail = await publicProjectDetail(db, pathParam(req, 'code', CODE));
    if (!detail) throw HttpError.of(404, 'not_found');
    cachePublic(res);
    res.json({ ...detail, ledgerHead: await publicLedgerHead(db) });
  });

  router.get('/ledger/head', async (_req, res) => {
    cachePublic(res, 10);
    res.json(await publicLedgerHead(db));
  });

  return router;
}
