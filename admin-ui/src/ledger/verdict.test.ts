import { entryStanding, parseVerdict, verdictMessage, type ChainVerdict } from './verdict';

const HASH = 'a'.repeat(64);
const verified: ChainVerdict = { ok: true, checked: 12, lastSeq: 12, lastHash: HASH };
const broken: ChainVerdict = { ok: false, checked: 6, brokenAtSeq: 7, reason: 'hash_mismatch', expected: 'b'.repeat(64), found: 'c'.repeat(64) };

describe('parseVerdict', () => {
  it('accepts both shapes verifyLedger answers with', () => {
    expect(parseVerdict(verified)).toEqual(verified);
    expect(parseVerdict(broken)).toEqual(broken);
    expect(parseVerdict({ ok: true, checked: 0, lastSeq: null, lastHash: '0'.repeat(64) })).toEqual({ ok: true, checked: 0, lastSeq: null, lastHash: '0'.repeat(64) });
  });

  it('never reads an unexpected answer as "verified"', () => {
    for (const answer of [null, 'ok', [], {}, { ok: 'true', checked: 1, lastSeq: 1, lastHash: HASH }, { ok: true, checked: -1, lastSeq: 1, lastHash: HASH }, { ok: true, checked: 1 }, { ok: false, checked: 1, brokenAtSeq: 2, reason: 'cosmic_ray' }]) {
      expect(parseVerdict(answer)).toBeNull();
    }
  });
});

describe('verdictMessage', () => {
  it('says up to which entry the chain is verified', () => {
    expect(verdictMessage(verified)).toEqual({
      ok: true,
      headline: { key: 'app.audit.verdict.ok', params: { seq: 12 } },
      detail: { key: 'app.audit.verdict.ok_detail', params: { checked: 12, smart_count: 12 } },
      reasonKey: null,
    });
  });

  it('says where the chain breaks and why', () => {
    const message = verdictMessage(broken);
    expect(message.ok).toBe(false);
    expect(message.headline).toEqual({ key: 'app.audit.verdict.broken', params: { seq: 7 } });
    expect(message.reasonKey).toBe('app.audit.reason.hash_mismatch');
    expect(message.detail).toEqual({ key: 'app.audit.verdict.broken_detail', params: { seq: 7 } });
    expect(message.mismatch).toEqual({ expected: 'b'.repeat(64), found: 'c'.repeat(64) });
    expect(verdictMessage({ ...broken, reason: 'sequence_gap', brokenAtSeq: 3 }).reasonKey).toBe('app.audit.reason.sequence_gap');
  });

  it('says an empty ledger is empty rather than "verified up to entry null"', () => {
    expect(verdictMessage({ ok: true, checked: 0, lastSeq: null, lastHash: '0'.repeat(64) }).headline.key).toBe('app.audit.verdict.empty');
  });
});

describe('entryStanding', () => {
  it('places an entry before, at or after the break', () => {
    expect(entryStanding(broken, 6)).toBe('verified');
    expect(entryStanding(broken, 7)).toBe('broken_here');
    expect(entryStanding(broken, 8)).toBe('after_break');
  });

  it('marks an entry written after the last check as not yet checked', () => {
    expect(entryStanding(verified, 12)).toBe('verified');
    expect(entryStanding(verified, 13)).toBe('not_yet_checked');
    expect(entryStanding({ ok: true, checked: 0, lastSeq: null, lastHash: HASH }, 1)).toBe('not_yet_checked');
  });
});

describe('signed heads (issue 11)', () => {
  const head = { seq: 10, hash: 'd'.repeat(64), at: '2026-12-01T16:55:00.000Z' };
  const anchored: ChainVerdict = { ...verified, anchors: { count: 3, newest: head } };
  const recomputed: ChainVerdict = { ok: false, checked: 12, brokenAtSeq: 10, reason: 'anchor_mismatch', expected: head.hash, found: 'e'.repeat(64), anchor: head };
  const lostAnchor: ChainVerdict = { ok: false, checked: 12, brokenAtSeq: 10, reason: 'anchor_missing', expected: head.hash, found: '', anchor: head };

  it('reads the anchors and the new reasons, and still refuses what is not a verdict', () => {
    expect(parseVerdict(anchored)).toEqual(anchored);
    expect(parseVerdict(recomputed)).toEqual(recomputed);
    expect(parseVerdict({ ...recomputed, reason: 'truncated' })).toMatchObject({ reason: 'truncated' });
    expect(parseVerdict({ ...recomputed, reason: 'anchor_forgotten' })).toBeNull();
  });

  it('shows the newest signed head beside a verified chain, and says when there is none', () => {
    expect(verdictMessage(anchored).signedHead).toEqual({ key: 'app.audit.verdict.signed_head', params: { seq: 10, at: head.at, hash: 'd'.repeat(16) } });
    expect(verdictMessage({ ...verified, anchors: { count: 0, newest: null } }).signedHead?.key).toBe('app.audit.verdict.no_signed_head');
    expect(verdictMessage(verified).signedHead).toBeUndefined();
  });

  it('names a recomputed chain at the anchored entry, and an anchor problem as such', () => {
    expect(verdictMessage(recomputed)).toMatchObject({ headline: { key: 'app.audit.verdict.broken', params: { seq: 10 } }, reasonKey: 'app.audit.reason.anchor_mismatch' });
    expect(entryStanding(recomputed, 10)).toBe('broken_here');
    expect(verdictMessage(lostAnchor)).toMatchObject({ headline: { key: 'app.audit.verdict.anchor_problem' }, reasonKey: 'app.audit.reason.anchor_missing' });
    expect(entryStanding(lostAnchor, 3)).toBe('not_yet_checked');
  });
});
