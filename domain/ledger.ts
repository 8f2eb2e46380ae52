import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The decision ledger's hash chain (DESIGN.md "The decision ledger"):
 * hash = sha256(prev_hash || canonical_json(entry)), canonical JSON per RFC 8785.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface LedgerEntry {
  seq: number;
  projectId: string;
  stepId: string;
  stepType: string;
  workflowId: string;
  runId: string;
  updateId: string;
  actorUserId: string;
  actorName: string;
  actorRole: string;
  choice: string;
  rationale: string | null;
  evidence: string[];
  conflictOfInterest: string | null;
  policyVersion: number;
  decidedAt: string; // ISO 8601 with milliseconds, UTC
  /** What a stage command carried (amounts, capability, outcome); absent on plain decisions. */
  details?: Record<string, unknown> | null;
}

export interface ChainedLedgerEntry extends LedgerEntry {
  prevHash: string;
  hash: string;
}

/** The exact text an entry's hash covers: its predecessor's hash, then its canonical JSON. */
export function ledgerHashInput(prevHash: string, entry: LedgerEntry): string {
  const body: Omit<LedgerEntry, 'details'> & { details?: Record<string, unknown> } = {
    seq: entry.seq,
    projectId: entry.projectId,
    stepId: entry.stepId,
    stepType: entry.stepType,
    workflowId: entry.workflowId,
    runId: entry.runId,
    updateId: entry.updateId,
    actorUserId: entry.actorUserId,
    actorName: entry.actorName,
    actorRole: entry.actorRole,
    choice: entry.choice,
    rationale: entry.rationale,
    evidence: entry.evidence,
    conflictOfInterest: entry.conflictOfInterest,
    policyVersion: entry.policyVersion,
    decidedAt: entry.decidedAt,
  };
  // Hashed only when present, so entries written before details existed keep their hashes.
  if (entry.details != null) body.details = entry.details;
  return prevHash + (canonicalize(body) ?? '');
}

export function ledgerHash(prevHash: string, entry: LedgerEntry): string {
  return createHash('sha256').update(ledgerHashInput(prevHash, entry)).digest('hex');
}

// The verdict's shape has no hashing in it, so the console reads it without node:crypto.
export { ANCHOR_BREAK_REASONS, CHAIN_BREAK_REASONS, type BreakReason, type ChainVerdict, type SignedHeadSummary } from './ledger-verdict';
import type { ChainVerdict } from './ledger-verdict';

/** Walks entries in sequence order; the state lets a caller feed the chain in pages. */
export class LedgerChainVerifier {
  private prevHash = GENESIS_HASH;
  private expectedSeq = 1;
  private checked = 0;
  private lastSeq: number | null = null;
  private broken: ChainVerdict | null = null;

  /** Returns false once the chain is broken (stop feeding). */
  feed(entry: ChainedLedgerEntry): boolean {
    if (this.broken) return false;
    if (entry.seq !== this.expectedSeq) {
      this.broken = { ok: false, checked: this.checked, brokenAtSeq: this.expectedSeq, reason: 'sequence_gap', expected: String(this.expectedSeq), found: String(entry.seq) };
      return false;
    }
    if (entry.prevHash !== this.prevHash) {
      this.broken = { ok: false, checked: this.checked, brokenAtSeq: entry.seq, reason: 'prev_hash_mismatch', expected: this.prevHash, found: entry.prevHash };
      return false;
    }
    const recomputed = ledgerHash(entry.prevHash, entry);
    if (recomputed !== entry.hash) {
      this.broken = { ok: false, checked: this.checked, brokenAtSeq: entry.seq, reason: 'hash_mismatch', expected: recomputed, found: entry.hash };
      return false;
    }
    this.prevHash = entry.hash;
    this.expectedSeq += 1;
    this.checked += 1;
    this.lastSeq = entry.seq;
    return true;
  }

  verdict(): ChainVerdict {
    return this.broken ?? { ok: true, checked: this.checked, lastSeq: this.lastSeq, lastHash: this.prevHash };
  }
}
