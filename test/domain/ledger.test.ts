import { GENESIS_HASH, LedgerChainVerifier, ledgerHash, type ChainedLedgerEntry, type LedgerEntry } from '../../domain/ledger';

function chain(n: number): ChainedLedgerEntry[] {
  const out: ChainedLedgerEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const entry: LedgerEntry = {
      seq,
      projectId: '00000000-0000-0000-0000-000000000001',
      stepId: `project-X:screening:${seq}`,
      stepType: 'screening',
      workflowId: 'project-X',
      runId: 'run',
      updateId: `u${seq}`,
      actorUserId: '00000000-0000-0000-0000-00000000000a',
      actorName: 'Nguyễn Thu Hà',
      actorRole: 'coordinator',
      choice: 'accept',
      rationale: seq % 2 ? 'Đủ hồ sơ' : null,
      evidence: [],
      conflictOfInterest: null,
      policyVersion: 1,
      decidedAt: new Date(Date.UTC(2026, 10, 20, 3, seq)).toISOString(),
    };
    const hash = ledgerHash(prev, entry);
    out.push({ ...entry, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(entries: ChainedLedgerEntry[]) {
  const v = new LedgerChainVerifier();
  for (const e of entries) if (!v.feed(e)) break;
  return v.verdict();
}

describe('decision ledger hash chain', () => {
  it('does not depend on the order of keys (canonical JSON)', () => {
    const [e] = chain(1);
    const reordered = Object.fromEntries(Object.entries(e!).reverse()) as unknown as LedgerEntry;
    expect(ledgerHash(GENESIS_HASH, reordered)).toBe(e!.hash);
  });

  it('verifies an intact chain', () => {
    expect(verify(chain(5))).toMatchObject({ ok: true, checked: 5, lastSeq: 5 });
  });

  it('finds an altered field', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, rationale: 'sửa lại sau' };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'hash_mismatch', checked: 2 });
  });

  it('finds a rewritten hash by the next link', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, choice: 'reject' };
    entries[1] = { ...forged, hash: ledgerHash(forged.prevHash, forged) };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'prev_hash_mismatch' });
  });

  it('hashes an entry without details as before details existed; null details are the same entry', () => {
    const [e] = chain(1);
    expect(ledgerHash(GENESIS_HASH, { ...e!, details: null })).toBe(e!.hash);
    expect(ledgerHash(GENESIS_HASH, { ...e!, details: undefined })).toBe(e!.hash);
  });

  it('covers a stage command\'s details: a changed amount breaks the chain', () => {
    const entries = chain(3).map((e) => ({ ...e, choice: 'pledge', details: { source: 'private', amountVnd: 30_000_000 } }));
    let prev = GENESIS_HASH;
    for (const e of entries) {
      e.prevHash = prev;
      e.hash = ledgerHash(prev, e);
      prev = e.hash;
    }
    expect(verify(entries)).toMatchObject({ ok: true, checked: 3 });
    entries[1] = { ...entries[1]!, details: { source: 'private', amountVnd: 300_000_000 } };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'hash_mismatch' });
  });

  it('finds a deleted entry as a gap in the sequence', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verify(entries)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'sequence_gap' });
  });
});
