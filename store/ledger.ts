import type { Knex } from 'knex';
import { judgeAnchors } from '../domain/ledger-anchors';
import { loadAnchors, type LedgerAnchoring } from './ledger-anchors';
import { GENESIS_HASH, LedgerChainVerifier, ledgerHash, type ChainVerdict, type ChainedLedgerEntry, type LedgerEntry } from '../domain/ledger';

// One constant advisory lock serialises appends, so the chain has exactly one tail.
const LEDGER_LOCK_KEY = 0x44484c47; // "DHLG"

type Row = Record<string, any>;

export function rowToEntry(row: Row): ChainedLedgerEntry {
  return {
    seq: Number(row.seq),
    projectId: row.project_id,
    stepId: row.step_id,
    stepType: row.step_type,
    workflowId: row.workflow_id,
    runId: row.run_id,
    updateId: row.update_id,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    choice: row.choice,
    rationale: row.rationale,
    evidence: row.evidence,
    conflictOfInterest: row.conflict_of_interest,
    policyVersion: row.policy_version,
    decidedAt: new Date(row.decided_at).toISOString(),
    details: row.details ?? null,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Appends one decision; a retry with the same (workflow, update) returns the entry already written. */
export async function appendDecision(trx: Knex.Transaction, entry: Omit<LedgerEntry, 'seq'>): Promise<ChainedLedgerEntry> {
  // The lock in a statement of its own: a statement's snapshot is taken when it starts, so the tail
  // must be read by a later one. Then the retry check and the tail in one round trip (issue 17):
  // every round trip while the lock is held is time no other decision can append.
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [LEDGER_LOCK_KEY]);
  const { rows } = await trx.raw(
    `SELECT (SELECT seq FROM decision_ledger WHERE workflow_id = ? AND update_id = ?) AS existing_seq, t.seq AS tail_seq, t.hash AS tail_hash
       FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, hash FROM decision_ledger ORDER BY seq DESC LIMIT 1) t ON true`,
    [entry.workflowId, entry.updateId],
  );
  const head = rows[0] as { existing_seq: string | null; tail_seq: string | null; tail_hash: string | null };
  if (head.existing_seq !== null) return rowToEntry(await trx('decision_ledger').where({ seq: head.existing_seq }).first());
  const tail = head.tail_seq !== null ? { seq: head.tail_seq, hash: head.tail_hash! } : undefined;
  const seq = tail ? Number(tail.seq) + 1 : 1;
  const prevHash = tail ? tail.hash : GENESIS_HASH;
  const full: LedgerEntry = { ...entry, seq };
  const hash = ledgerHash(prevHash, full);
  await trx('decision_ledger').insert({
    seq,
    project_id: entry.projectId,
    step_id: entry.stepId,
    step_type: entry.stepType,
    workflow_id: entry.workflowId,
    run_id: entry.runId,
    update_id: entry.updateId,
    actor_user_id: entry.actorUserId,
    actor_name: entry.actorName,
    actor_role: entry.actorRole,
    choice: entry.choice,
    rationale: entry.rationale,
    evidence: JSON.stringify(entry.evidence),
    conflict_of_interest: entry.conflictOfInterest,
    policy_version: entry.policyVersion,
    decided_at: entry.decidedAt,
    details: entry.details != null ? JSON.stringify(entry.details) : null,
    prev_hash: prevHash,
    hash,
  });
  return { ...full, prevHash, hash };
}

/**
 * Walks the whole chain in pages; reports the first broken link (R9, R21: the record can be trusted).
 * With `anchoring`, an intact chain is then held against every signed head (domain/ledger-anchors.ts),
 * which catches what the chain alone cannot: a recomputed chain and deleted newest entries.
 */
export async function verifyLedger(db: Knex, opts: { pageSize?: number; anchoring?: LedgerAnchoring } = {}): Promise<ChainVerdict> {
  const pageSize = opts.pageSize ?? 5000;
  const verifier = new LedgerChainVerifier();
  const page = (after: number) => db('decision_ledger').where('seq', '>', after).orderBy('seq').limit(pageSize);
  // The next page is read while this one is hashed (issue 17): PostgreSQL and the hashing overlap.
  let next = page(0).then((rows) => rows);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    next = rows.length < pageSize ? Promise.resolve([]) : page(Number(rows[rows.length - 1]!.seq)).then((r) => r);
    for (const row of rows) {
      if (!verifier.feed(rowToEntry(row))) {
        await next.catch(() => undefined);
        return verifier.verdict();
      }
    }
  }
  const chain = verifier.verdict();
  if (!chain.ok || !opts.anchoring) return chain;
  const { inDb, inLog } = await loadAnchors(db, opts.anchoring);
  const seqs = [...new Set([...inDb, ...inLog].flatMap((a) => (a.head ? [a.head.seq] : [])))];
  const hashAt = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const rows = await db('decision_ledger').whereIn('seq', seqs.slice(i, i + 1000)).select('seq', 'hash');
    for (const row of rows) hashAt.set(Number(row.seq), row.hash);
  }
  return judgeAnchors(chain, hashAt, inDb, inLog, opts.anchoring.signer.keyId);
}
