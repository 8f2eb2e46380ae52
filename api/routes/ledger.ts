import type { Writable } from 'node:stream';
import { Router } from 'express';
import { z } from 'zod';
import { verifyLedger } from '../../store/ledger';
import { PublishHeadBody } from '../../domain/schemas';
import { ledgerAnchoring, publishLedgerHead } from '../../store/ledger-anchors';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { idempotencyKeys } from '../idempotency';
import { HttpError, parseInput, requestLang, type Lang } from '../http-errors';
import { toVietnamIso } from '../../domain/calendar';
import { listContext, scopedQuery, type ListDef } from '../list-params';
import { LISTS } from '../lists';
import type { ApiDeps } from '../deps';

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

/** The CSV's header row in the reader's language (Accept-Language), as the console labels these fields. */
export const LEDGER_EXPORT_HEADERS: Record<Lang, Record<(typeof LEDGER_EXPORT_COLUMNS)[number], string>> = {
  en: {
    seq: 'Entry',
    decidedAt: 'Time in Vietnam (ISO 8601)',
    projectCode: 'Project',
    projectId: 'Project id',
    stepId: 'Step id',
    stepType: 'Step',
    choice: 'Decision',
    actorUserId: 'Person id',
    actorName: 'Decided by',
    actorRole: 'Role',
    rationale: 'Rationale',
    evidence: 'Evidence',
    conflictOfInterest: 'Conflict of interest',
    details: 'Details',
    policyVersion: 'Policy version',
    workflowId: 'Workflow id',
    runId: 'Run id',
    updateId: 'Update id',
    prevHash: 'Previous hash',
    hash: 'Hash',
  },
  vi: {
    seq: 'Mục',
    decidedAt: 'Thời điểm theo giờ Việt Nam (ISO 8601)',
    projectCode: 'Dự án',
    projectId: 'Mã định danh dự án',
    stepId: 'Mã bước',
    stepType: 'Bước',
    choice: 'Quyết định',
    actorUserId: 'Mã người quyết định',
    actorName: 'Người quyết định',
    actorRole: 'Vai trò',
    rationale: 'Lý do',
    evidence: 'Minh chứng',
    conflictOfInterest: 'Xung đột lợi ích',
    details: 'Chi tiết',
    policyVersion: 'Phiên bản quy định',
    workflowId: 'Mã quy trình',
    runId: 'Mã lần chạy',
    updateId: 'Mã cập nhật',
    prevHash: 'Mã băm trước',
    hash: 'Mã băm',
  },
};

/** A CSV cell of an entry: times on Vietnam's clock with their offset (the screen's time, unambiguous). */
function exportCell(entry: Record<string, unknown>, column: (typeof LEDGER_EXPORT_COLUMNS)[number]): unknown {
  const value = entry[column];
  return column === 'decidedAt' && typeof value === 'string' ? toVietnamIso(new Date(value)) : value;
}

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

    const headers = LEDGER_EXPORT_HEADERS[requestLang(req)];
    if (!(await writeOrStop(res, format === 'csv' ? `\uFEFF${csvLine(LEDGER_EXPORT_COLUMNS.map((c) => headers[c]))}` : '['))) return;
    let after = 0;
    let first = true;
    try {
      for (;;) {
        const rows = await scopedQuery(req, def, ctx).where('l.seq', '>', after).orderBy('l.seq', 'asc').limit(EXPORT_BATCH);
        const entries = (await def.toRows(rows, ctx)) as Record<string, unknown>[];
        for (const entry of entries) {
          // The client went away mid-download: stop reading the ledger for nobody.
          // The JSON is the entry as recorded; the names read beside it are for the screen.
          const { names: _names, ...recorded } = entry;
          if (!(await writeOrStop(res, format === 'csv' ? csvLine(LEDGER_EXPORT_COLUMNS.map((c) => exportCell(entry, c))) : `${first ? '' : ','}\n${JSON.stringify(recorded)}`))) return;
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
