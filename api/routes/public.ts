import { Router, type Response } from 'express';
import { z } from 'zod';
import { parseInput, HttpError } from '../http-errors';
import { CODE, pathParam } from '../path-params';
import { publicLedgerHead, publicProjectDetail, publicProjects } from '../public-read';
import { iatiActivityXml, openDataCsv, reportingOrgRef } from '../open-data';
import type { ApiDeps } from '../deps';
import { publicRow, publishedColumns } from '../../domain/redaction';

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
    const teams = await db('teams').modify((q) => void (unit ? q.where({ unit_code: unit }) : q)).orderBy('code').select(publishedColumns('teams'));
    const units = await db('units').orderBy('code').select(publishedColumns('units'));
    res.json({
      projects: projects.map((p) => p.project),
      teams: teams.map((t: Record<string, unknown>) => publicRow('teams', t, [])),
      units: units.map((u: Record<string, unknown>) => publicRow('units', u, [])),
      ledgerHead: await publicLedgerHead(db),
    });
  });

  router.get('/projects/:code', async (req, res) => {
    const detail = await publicProjectDetail(db, pathParam(req, 'code', CODE));
    if (!detail) throw HttpError.of(404, 'not_found');
    cachePublic(res);
    res.json({ ...detail, ledgerHead: await publicLedgerHead(db) });
  });

  /** Open data (R9, R14): the same public answer as a download, as CSV, and as an IATI 2.03 activity file. */
  const download = async (code: string) => {
    const detail = await publicProjectDetail(db, code);
    if (!detail) throw HttpError.of(404, 'not_found');
    return { ...detail, ledgerHead: await publicLedgerHead(db) };
  };
  const attachment = (res: Response, name: string, type: string) => {
    cachePublic(res);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  };
  router.get('/projects/:code/open-data.json', async (req, res) => {
    const code = pathParam(req, 'code', CODE);
    const body = await download(code);
    attachment(res, `${code}.json`, 'application/json; charset=utf-8');
    res.send(JSON.stringify(body, null, 2));
  });
  router.get('/projects/:code/open-data.csv', async (req, res) => {
    const code = pathParam(req, 'code', CODE);
    const body = await download(code);
    attachment(res, `${code}.csv`, 'text/csv; charset=utf-8');
    res.send(openDataCsv(body));
  });
  router.get('/projects/:code/iati.xml', async (req, res) => {
    const code = pathParam(req, 'code', CODE);
    const detail = await publicProjectDetail(db, code);
    if (!detail) throw HttpError.of(404, 'not_found');
    const unit = await db('units').where({ code: detail.project.unitCode }).first('code', 'name_vi', 'iati_org_id');
    attachment(res, `${code}-iati.xml`, 'application/xml; charset=utf-8');
    res.send(iatiActivityXml(detail, { reportingOrg: { ref: reportingOrgRef(unit.code, unit.iati_org_id), name: unit.name_vi }, generatedAt: new Date() }));
  });

  router.get('/ledger/head', async (_req, res) => {
    cachePublic(res, 10);
    res.json(await publicLedgerHead(db));
  });

  return router;
}
