import type { Writable } from 'node:stream';
import { Router } from 'express';
import { z } from 'zod';
import { verifyLedger } from '../../activities/ledger-store';
import { PublishHeadBody } from '../../domain/schemas';
import { ledgerAnchoring, publishLedgerHead } from '../../activities/ledger-anchors';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { idempotencyKeys } from '../idempotency';
import { HttpError, parseInput } from '../http-errors';
import { listContext, scopedQuery, type ListDef } from '../list-params';
import { LISTS } from '../lists';
import type { ApiDeps } from '../app';

/** The columns of the CSV export, in order; each is a field of a ledger list row. */
export const LEDGER_EXPORT_COLUMNS = [
  'seq',
  'decidedAt',
  'projectCode',
  'projectId',
  'stepId',
  'stepType',
  'choice',
  'actorUserId',
  'actorName',
  'actorRole',
  'rationale',
  'evidence',
  'conflictOfInterest',
  'details',
  'policyVersion',
  'workflowId',
  'runId',
  'updateId',
  'prevHash',
  'hash',
] as const;

export const LedgerExportQuery = z.object({ format: z.enum(['csv', 'json']).default('csv'), filter: z.string().optional() });

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"): it gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; lists and objects as
 * JSON. Text that starts like a formula is neutralised, so a rationale cannot run in an auditor's sheet.
 */
export function csvField(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;

/**
 * Writes and waits when the client reads slowly, so a large ledger never sits whole in memory.
 * Answers false once the client has gone: waiting for a 'drain' that never comes would leak the request.
 */
export async function writeOrStop(res: Writable, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve(!res.destroyed);
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const EXPORT_BATCH = 500;

const SIGNING_UNAVAILABLE = {
  en: 'No ledger signing key is configured (LEDGER_SIGNING_KEY), so the head cannot be signed. Ask the operator to set one.',
  vi: 'Chưa cấu hình khóa ký sổ cái (LEDGER_SIGNING_KEY) nên không thể ký đầu chuỗi. Hãy đề nghị bộ phận vận hành cấu hình khóa.',
};

export function ledgerRoutes({ db, config }: ApiDeps): Router {
  const keys = idempotencyKeys(db, config.jwt.secret);
  const router = Router();
  // The key stays outside the database: a database owner who rewrites the chain cannot re-sign its head.
  const anchoring = ledgerAnchoring(config);

  /**
   * Walks the hash chain from the first entry, then holds it against every signed head; names the
   * first problem if any.
   */
  router.get('/verify', requireRole('ledger.verify'), async (_req, res) => {
    res.json(await verifyLedger(db, { anchoring }));
  });

  /** Signs the chain's head now (besides the daily run), so what is recorded up to here is pinned. */
  router.post('/anchors', requireRole('ledger.anchor'), async (req, res) => {
    req.body ??= {};
    const { key: idempotencyKey } = await keys.command(req, PublishHeadBody);
    if (!anchoring) throw new HttpError(503, 'ledger_signing_unavailable', SIGNING_UNAVAILABLE);
    const result = await publishLedgerHead(db, anchoring, { trigger: 'on_demand', publishedBy: actorOf(req).userId, idempotencyKey });
    res.status(result.published ? 201 : 200).json(result);
  });

  /**
   * Every entry the filter matches, in chain order, as a download for auditors (R9, R21). CSV is
   * UTF-8 with a byte-order mark so spreadsheet programs show Vietnamese as it is.
   */
  router.get('/export', requireRole('ledger.export'), async (req, res) => {
    const { format } = parseInput(LedgerExportQuery, req.query, req);
    const ctx = await listContext(db, req);
    const def: ListDef = LISTS.decisions;
    // Validate the filter before the headers go out, so a bad one is still a plain 400.
    scopedQuery(req, def, ctx);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="ledger-${stamp}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');

    if (!(await writeOrStop(res, format === 'csv' ? `\uFEFF${csvLine([...LEDGER_EXPORT_COLUMNS])}` : '['))) return;
    let after = 0;
    let first = true;
    try {
      for (;;) {
        const rows = await scopedQuery(req, def, ctx).where('l.seq', '>', after).orderBy('l.seq', 'asc').limit(EXPORT_BATCH);
        const entries = (await def.toRows(rows, ctx)) as Record<string, unknown>[];
        for (const entry of entries) {
          // The client went away mid-download: stop reading the ledger for nobody.
          if (!(await writeOrStop(res, format === 'csv' ? csvLine(LEDGER_EXPORT_COLUMNS.map((c) => entry[c])) : `${first ? '' : ','}\n${JSON.stringify(entry)}`))) return;
          first = false;
        }
        if (rows.length < EXPORT_BATCH) break;
        after = Number(rows[rows.length - 1]!.seq);
      }
    } catch (err) {
      // The headers are gone: cut the download short rather than let it look complete.
      req.log?.error({ err }, 'ledger export failed');
      res.destroy(err as Error);
      return;
    }
    res.end(format === 'csv' ? '' : '\n]\n');
  });

  return router;
}
