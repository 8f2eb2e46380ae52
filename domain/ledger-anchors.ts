import type { ChainVerdict, SignedHeadSummary } from './ledger';

/**
 * Signed heads of the decision ledger (issue 11, defect 6). The hash chain alone is unkeyed: whoever
 * owns the table can rewrite an entry and recompute every hash after it, or delete the newest
 * entries, and the chain still verifies. A head (seq, hash, time) signed with a key kept outside the
 * database, stored in the database and in a log outside it, pins what the chain held at that time.
 */
export type LedgerHead = SignedHeadSummary;

/** One anchor as found in the database or the outside log. */
export interface FoundAnchor {
  jws: string;
  /** The head inside the JWS when its signature holds with our public key, else null. */
  head: LedgerHead | null;
  /** What the row or log line says beside the JWS (seq, hash, key id), for naming a bad one. */
  claimed: { seq: number; hash: string; keyId: string };
}

type OkVerdict = Extract<ChainVerdict, { ok: true }>;

const sameHead = (a: LedgerHead, b: { seq: number; hash: string }) => a.seq === b.seq && a.hash === b.hash;

/**
 * Judges an intact chain (the walk found no break) against every anchor. In order: an anchored entry
 * that is gone or whose hash changed (lowest seq first), then anchors that cannot be trusted, then
 * anchors the log has and the database lost, then the reverse.
 */
export function judgeAnchors(chain: OkVerdict, hashAt: ReadonlyMap<number, string>, inDb: FoundAnchor[], inLog: FoundAnchor[], keyId: string): ChainVerdict {
  // A database row whose columns disagree with its signed payload is as bad as a bad signature.
  const trustworthy = (a: FoundAnchor, fromDb: boolean) => a.head !== null && (!fromDb || sameHead(a.head, a.claimed));
  const trusted = new Map<string, LedgerHead>();
  for (const a of inDb) if (trustworthy(a, true)) trusted.set(a.jws, a.head!);
  for (const a of inLog) if (trustworthy(a, false)) trusted.set(a.jws, a.head!);
  const heads = [...trusted.values()].sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at));
  const base = { ok: false as const, checked: chain.checked };

  for (const head of heads) {
    if (chain.lastSeq === null || head.seq > chain.lastSeq) {
      const last = chain.lastSeq ?? 0;
      return { ...base, brokenAtSeq: last + 1, reason: 'truncated', expected: String(head.seq), found: String(last), anchor: head };
    }
    const current = hashAt.get(head.seq);
    if (current !== head.hash) return { ...base, brokenAtSeq: head.seq, reason: 'anchor_mismatch', expected: head.hash, found: current ?? '', anchor: head };
  }

  const untrusted = [...inDb.filter((a) => !trustworthy(a, true)), ...inLog.filter((a) => !trustworthy(a, false))];
  if (untrusted.length) {
    const bad = untrusted[0]!;
    return { ...base, brokenAtSeq: bad.claimed.seq, reason: 'anchor_signature_invalid', expected: keyId, found: bad.claimed.keyId };
  }
  const dbJws = new Set(inDb.map((a) => a.jws));
  const logJws = new Set(inLog.map((a) => a.jws));
  const lost = inLog.find((a) => !dbJws.has(a.jws));
  if (lost) return { ...base, brokenAtSeq: lost.head!.seq, reason: 'anchor_missing', expected: lost.head!.hash, found: '', anchor: lost.head! };
  const unlogged = inDb.find((a) => !logJws.has(a.jws));
  if (unlogged) return { ...base, brokenAtSeq: unlogged.head!.seq, reason: 'anchor_not_in_log', expected: unlogged.head!.hash, found: '', anchor: unlogged.head! };

  return { ...chain, anchors: { count: heads.length, newest: heads.length ? heads.reduce((a, b) => (b.seq > a.seq || (b.seq === a.seq && b.at > a.at) ? b : a)) : null } };
}
