import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Knex } from 'knex';
import type { FoundAnchor, LedgerHead } from '../domain/ledger-anchors';
import type { AppConfig } from '../domain/config';
import { claimedKeyId, loadLedgerSigner, type LedgerSigner } from '../platform/ledger-signing';

/** Where signed heads go besides the database: the key and the outside log. */
export interface LedgerAnchoring {
  signer: LedgerSigner;
  /** A JSON-lines file outside the database; deleting anchor rows is caught against it. */
  logPath: string;
}

/** The anchoring the configuration sets up; undefined without LEDGER_SIGNING_KEY. */
export function ledgerAnchoring(config: Pick<AppConfig, 'ledger'>): LedgerAnchoring | undefined {
  const signer = loadLedgerSigner(config.ledger);
  return signer ? { signer, logPath: config.ledger.anchorLog } : undefined;
}

export type AnchorTrigger = 'daily' | 'on_demand';

export interface SignedHead extends LedgerHead {
  keyId: string;
  jws: string;
  trigger: AnchorTrigger;
}

export type PublishResult = { published: true; anchor: SignedHead } | { published: false; reason: 'empty' | 'unchanged'; anchor: SignedHead | null };

type Row = Record<string, any>;

const rowToSignedHead = (row: Row): SignedHead => ({
  seq: Number(row.seq),
  hash: row.hash,
  at: new Date(row.signed_at).toISOString(),
  keyId: row.key_id,
  jws: row.jws,
  trigger: row.trigger,
});

/** The newest anchor recorded in the database, if any. */
export async function newestAnchor(db: Knex): Promise<SignedHead | null> {
  const row = await db('ledger_anchors').orderBy([{ column: 'seq', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
  return row ? rowToSignedHead(row) : null;
}

/**
 * Signs the chain's current head and records it in the database and in the outside log. The log
 * line is written (and synced) before the row commits, so a failure leaves neither or, at worst, a
 * line without a row, which verify names rather than hides. `onlyIfMoved` (the daily run) skips a
 * head that is already anchored.
 */
export async function publishLedgerHead(db: Knex, anchoring: LedgerAnchoring, opts: { trigger: AnchorTrigger; publishedBy?: string; idempotencyKey?: string; onlyIfMoved?: boolean }): Promise<PublishResult> {
  return db.transaction(async (trx) => {
    if (opts.publishedBy && opts.idempotencyKey) {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [`ledger_anchors:${opts.publishedBy}`, opts.idempotencyKey]);
      const first = await trx('ledger_anchors').where({ published_by: opts.publishedBy, idempotency_key: opts.idempotencyKey }).first();
      if (first) return { published: true, anchor: rowToSignedHead(first) };
    }
    const tail = await trx('decision_ledger').orderBy('seq', 'desc').first('seq', 'hash');
    const newest = await newestAnchor(trx);
    if (!tail) return { published: false, reason: 'empty', anchor: newest };
    if (opts.onlyIfMoved && newest && newest.seq === Number(tail.seq) && newest.hash === tail.hash) return { published: false, reason: 'unchanged', anchor: newest };
    const head: LedgerHead = { seq: Number(tail.seq), hash: tail.hash, at: new Date().toISOString() };
    const jws = await anchoring.signer.sign(head);
    const anchor: SignedHead = { ...head, keyId: anchoring.signer.keyId, jws, trigger: opts.trigger };
    await trx('ledger_anchors').insert({ seq: head.seq, hash: head.hash, signed_at: head.at, key_id: anchor.keyId, jws, trigger: opts.trigger, published_by: opts.publishedBy ?? null, idempotency_key: opts.idempotencyKey ?? null });
    await appendToAnchorLog(anchoring.logPath, anchor);
    return { published: true, anchor };
  });
}

async function appendToAnchorLog(path: string, anchor: SignedHead): Promise<void> {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${JSON.stringify(anchor)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** The outside log, line by line; a line that is not an anchor stays in as an untrusted one. */
export function readAnchorLog(path: string): { jws: string; claimed: FoundAnchor['claimed'] }[] {
  const file = resolve(path);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const parsed = JSON.parse(line) as Partial<SignedHead>;
        return { jws: String(parsed.jws ?? ''), claimed: { seq: Number(parsed.seq ?? 0), hash: String(parsed.hash ?? ''), keyId: String(parsed.keyId ?? claimedKeyId(String(parsed.jws ?? ''))) } };
      } catch {
        return { jws: line, claimed: { seq: 0, hash: '', keyId: '' } };
      }
    });
}

/** Every anchor of the database and of the log, each with its head when its signature holds. */
export async function loadAnchors(db: Knex, anchoring: LedgerAnchoring): Promise<{ inDb: FoundAnchor[]; inLog: FoundAnchor[] }> {
  const rows: Row[] = await db('ledger_anchors').orderBy('id');
  const check = async (a: { jws: string; claimed: FoundAnchor['claimed'] }): Promise<FoundAnchor> => ({ ...a, head: await anchoring.signer.verify(a.jws) });
  const inDb = await Promise.all(rows.map((r) => check({ jws: r.jws, claimed: { seq: Number(r.seq), hash: r.hash, keyId: r.key_id } })));
  const inLog = await Promise.all(readAnchorLog(anchoring.logPath).map(check));
  return { inDb, inLog };
}
