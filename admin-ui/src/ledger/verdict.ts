// GET /api/ledger/verify's answer (store/ledger.ts verifyLedger) → what the auditor reads.
import { ANCHOR_BREAK_REASONS, CHAIN_BREAK_REASONS, type BreakReason, type ChainVerdict, type SignedHeadSummary } from '../../../domain/ledger-verdict';

export type { BreakReason, ChainVerdict, SignedHeadSummary } from '../../../domain/ledger-verdict';

export const BREAK_REASONS = [...CHAIN_BREAK_REASONS, ...ANCHOR_BREAK_REASONS] as const;

/** Reasons about the anchor records themselves, not about an entry of the chain. */
const ANCHOR_RECORD_REASONS: readonly BreakReason[] = ['anchor_signature_invalid', 'anchor_missing', 'anchor_not_in_log'];

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function parseHead(value: unknown): SignedHeadSummary | null {
  if (typeof value !== 'object' || value === null) return null;
  const h = value as Record<string, unknown>;
  return isCount(h.seq) && typeof h.hash === 'string' && typeof h.at === 'string' ? { seq: h.seq, hash: h.hash, at: h.at } : null;
}

/** The verdict if the answer is one, else null (an unexpected answer is an error, never "verified"). */
export function parseVerdict(json: unknown): ChainVerdict | null {
  if (typeof json !== 'object' || json === null) return null;
  const v = json as Record<string, unknown>;
  if (v.ok === true) {
    if (!isCount(v.checked) || !(v.lastSeq === null || isCount(v.lastSeq)) || typeof v.lastHash !== 'string') return null;
    const verdict: ChainVerdict = { ok: true, checked: v.checked, lastSeq: v.lastSeq, lastHash: v.lastHash };
    const anchors = v.anchors as { count?: unknown; newest?: unknown } | undefined;
    if (anchors && isCount(anchors.count)) verdict.anchors = { count: anchors.count, newest: parseHead(anchors.newest) };
    return verdict;
  }
  if (v.ok === false) {
    if (!isCount(v.checked) || !isCount(v.brokenAtSeq) || !(BREAK_REASONS as readonly unknown[]).includes(v.reason)) return null;
    const anchor = parseHead(v.anchor);
    return {
      ok: false,
      checked: v.checked,
      brokenAtSeq: v.brokenAtSeq,
      reason: v.reason as BreakReason,
      expected: String(v.expected ?? ''),
      found: String(v.found ?? ''),
      ...(anchor ? { anchor } : {}),
    };
  }
  return null;
}

/** A sentence from the catalogue: its key and the values it needs. */
export interface Message {
  key: string;
  params: Record<string, string | number>;
}

export interface VerdictMessage {
  ok: boolean;
  /** The headline: "Chain verified up to entry N" / "Chain broken at entry N: <reason>". */
  headline: Message;
  /** What was checked, or what to do about a break. */
  detail: Message;
  /** Key of the reason, to translate first and pass as %{reason} to the headline. */
  reasonKey: string | null;
  /** What the chain should have held at the break and what it holds (hashes, or seqs for a gap). */
  mismatch?: { expected: string; found: string };
  /** The newest signed head (verified) or the one that exposed the problem. */
  signedHead?: { key: string; params: Record<string, string | number> };
}

export function verdictMessage(verdict: ChainVerdict): VerdictMessage {
  if (verdict.ok) {
    const newest = verdict.anchors?.newest;
    const signedHead: VerdictMessage['signedHead'] = verdict.anchors
      ? newest
        ? { key: 'app.audit.verdict.signed_head', params: { seq: newest.seq, at: newest.at, hash: newest.hash.slice(0, 16) } }
        : { key: 'app.audit.verdict.no_signed_head', params: {} }
      : undefined;
    if (verdict.lastSeq === null) {
      return { ok: true, headline: { key: 'app.audit.verdict.empty', params: {} }, detail: { key: 'app.audit.verdict.empty_detail', params: {} }, reasonKey: null, signedHead };
    }
    return {
      ok: true,
      headline: { key: 'app.audit.verdict.ok', params: { seq: verdict.lastSeq } },
      detail: { key: 'app.audit.verdict.ok_detail', params: { checked: verdict.checked, smart_count: verdict.checked } },
      reasonKey: null,
      signedHead,
    };
  }
  const aboutAnchors = ANCHOR_RECORD_REASONS.includes(verdict.reason);
  return {
    ok: false,
    headline: { key: aboutAnchors ? 'app.audit.verdict.anchor_problem' : 'app.audit.verdict.broken', params: { seq: verdict.brokenAtSeq } },
    detail: { key: aboutAnchors ? 'app.audit.verdict.anchor_problem_detail' : 'app.audit.verdict.broken_detail', params: { seq: verdict.brokenAtSeq } },
    reasonKey: `app.audit.reason.${verdict.reason}`,
    mismatch: { expected: verdict.expected, found: verdict.found },
    signedHead: verdict.anchor ? { key: 'app.audit.verdict.signed_head', params: { seq: verdict.anchor.seq, at: verdict.anchor.at, hash: verdict.anchor.hash.slice(0, 16) } } : undefined,
  };
}

/** Where one entry stands in the verified chain. */
export type EntryStanding = 'verified' | 'broken_here' | 'after_break' | 'not_yet_checked';

export function entryStanding(verdict: ChainVerdict, seq: number): EntryStanding {
  if (verdict.ok) return verdict.lastSeq !== null && seq <= verdict.lastSeq ? 'verified' : 'not_yet_checked';
  // A problem with an anchor record says nothing about one entry in particular.
  if (ANCHOR_RECORD_REASONS.includes(verdict.reason)) return 'not_yet_checked';
  if (seq < verdict.brokenAtSeq) return 'verified';
  return seq === verdict.brokenAtSeq ? 'broken_here' : 'after_break';
}
