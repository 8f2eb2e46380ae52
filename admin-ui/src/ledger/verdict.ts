// GET /api/ledger/verify's answer (activities/ledger-store.ts verifyLedger) → what the auditor reads.
import type { ChainVerdict } from '../../../domain/ledger';

export type { ChainVerdict } from '../../../domain/ledger';

export const BREAK_REASONS = ['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The verdict if the answer is one, else null (an unexpected answer is an error, never "verified"). */
export function parseVerdict(json: unknown): ChainVerdict | null {
  if (typeof json !== 'object' || json === null) return null;
  const v = json as Record<string, unknown>;
  if (v.ok === true) {
    if (!isCount(v.checked) || !(v.lastSeq === null || isCount(v.lastSeq)) || typeof v.lastHash !== 'string') return null;
    return { ok: true, checked: v.checked, lastSeq: v.lastSeq, lastHash: v.lastHash };
  }
  if (v.ok === false) {
    if (!isCount(v.checked) || !isCount(v.brokenAtSeq) || !(BREAK_REASONS as readonly unknown[]).includes(v.reason)) return null;
    return {
      ok: false,
      checked: v.checked,
      brokenAtSeq: v.brokenAtSeq,
      reason: v.reason as BreakReason,
      expected: String(v.expected ?? ''),
      found: String(v.found ?? ''),
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
}

export function verdictMessage(verdict: ChainVerdict): VerdictMessage {
  if (verdict.ok) {
    if (verdict.lastSeq === null) {
      return { ok: true, headline: { key: 'app.audit.verdict.empty', params: {} }, detail: { key: 'app.audit.verdict.empty_detail', params: {} }, reasonKey: null };
    }
    return {
      ok: true,
      headline: { key: 'app.audit.verdict.ok', params: { seq: verdict.lastSeq } },
      detail: { key: 'app.audit.verdict.ok_detail', params: { checked: verdict.checked, smart_count: verdict.checked } },
      reasonKey: null,
    };
  }
  return {
    ok: false,
    headline: { key: 'app.audit.verdict.broken', params: { seq: verdict.brokenAtSeq } },
    detail: { key: 'app.audit.verdict.broken_detail', params: { seq: verdict.brokenAtSeq } },
    reasonKey: `app.audit.reason.${verdict.reason}`,
    mismatch: { expected: verdict.expected, found: verdict.found },
  };
}

/** Where one entry stands in the verified chain. */
export type EntryStanding = 'verified' | 'broken_here' | 'after_break' | 'not_yet_checked';

export function entryStanding(verdict: ChainVerdict, seq: number): EntryStanding {
  if (verdict.ok) return verdict.lastSeq !== null && seq <= verdict.lastSeq ? 'verified' : 'not_yet_checked';
  if (seq < verdict.brokenAtSeq) return 'verified';
  return seq === verdict.brokenAtSeq ? 'broken_here' : 'after_break';
}
