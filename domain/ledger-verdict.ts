/** What `GET /api/ledger/verify` answers: pure data, read by the API and the console alike. */
/** Breaks the chain walk finds by itself. */
export const CHAIN_BREAK_REASONS = ['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap'] as const;
/**
 * Problems only the signed heads reveal (domain/ledger-anchors.ts): an anchored entry whose hash
 * changed (the chain was recomputed), entries missing after an anchor (the newest were deleted), an
 * anchor whose signature fails, an anchor in the outside log but not in the database (anchor rows
 * deleted), and one in the database but not in the log.
 */
export const ANCHOR_BREAK_REASONS = ['anchor_mismatch', 'truncated', 'anchor_signature_invalid', 'anchor_missing', 'anchor_not_in_log'] as const;
export type BreakReason = (typeof CHAIN_BREAK_REASONS)[number] | (typeof ANCHOR_BREAK_REASONS)[number];

/** A published head of the chain: the entry it vouches for and when it was signed. */
export interface SignedHeadSummary {
  seq: number;
  hash: string;
  at: string;
}

export type ChainVerdict =
  | {
      ok: true;
      checked: number;
      lastSeq: number | null;
      lastHash: string;
      /** The signed heads checked, and the newest; absent when no signing key is configured. */
      anchors?: { count: number; newest: SignedHeadSummary | null };
    }
  | {
      ok: false;
      checked: number;
      brokenAtSeq: number;
      reason: BreakReason;
      expected: string;
      found: string;
      /** For the anchor reasons: the signed head that exposed the problem. */
      anchor?: SignedHeadSummary;
    };
