import { judgeAnchors, type FoundAnchor } from '../../domain/ledger-anchors';
import { ConfigError, parseConfig } from '../../domain/config';

const h = (c: string) => c.repeat(64);
const chain = { ok: true as const, checked: 5, lastSeq: 5, lastHash: h('5') };
const hashes = new Map([1, 2, 3, 4, 5].map((s) => [s, h(String(s))]));
const KEY = 'abcdef0123456789';
const anchor = (seq: number, hash = h(String(seq)), at = `2026-12-01T0${seq}:00:00.000Z`): FoundAnchor => ({ jws: `jws-${seq}-${hash.slice(0, 4)}-${at}`, head: { seq, hash, at }, claimed: { seq, hash, keyId: KEY } });

/** The pure judgement of an intact chain against the signed heads (issue 11, defect 6). */
describe('judgeAnchors', () => {
  it('passes a chain that holds every signed head, and reports the newest', () => {
    const a = [anchor(2), anchor(4)];
    expect(judgeAnchors(chain, hashes, a, a, KEY)).toEqual({ ...chain, anchors: { count: 2, newest: a[1]!.head } });
    expect(judgeAnchors(chain, hashes, [], [], KEY)).toEqual({ ...chain, anchors: { count: 0, newest: null } });
  });

  it.each([
    ['a recomputed chain: the anchored hash changed', [anchor(4, h('x'))], { reason: 'anchor_mismatch', brokenAtSeq: 4, expected: h('x'), found: h('4') }],
    ['deleted newest entries: the anchor is past the end', [anchor(7, h('7'))], { reason: 'truncated', brokenAtSeq: 6, expected: '7', found: '5' }],
  ])('names %s', (_what, anchors, expected) => {
    expect(judgeAnchors(chain, hashes, anchors, anchors, KEY)).toMatchObject({ ok: false, checked: 5, ...expected });
  });

  it('names the lowest problem first, and only trusts signed heads', () => {
    const lowMismatch = anchor(2, h('y'));
    expect(judgeAnchors(chain, hashes, [anchor(7), lowMismatch], [anchor(7), lowMismatch], KEY)).toMatchObject({ reason: 'anchor_mismatch', brokenAtSeq: 2 });
    // A forged head is not used to accuse the chain: it is named as forged.
    const forged: FoundAnchor = { jws: 'forged', head: null, claimed: { seq: 3, hash: h('z'), keyId: 'ffff' } };
    expect(judgeAnchors(chain, hashes, [forged], [], KEY)).toMatchObject({ reason: 'anchor_signature_invalid', brokenAtSeq: 3, expected: KEY, found: 'ffff' });
    // A row whose columns disagree with what was signed is not trusted either.
    const relabelled = { ...anchor(3), claimed: { seq: 3, hash: h('q'), keyId: KEY } };
    expect(judgeAnchors(chain, hashes, [relabelled], [anchor(3)], KEY)).toMatchObject({ reason: 'anchor_signature_invalid', brokenAtSeq: 3 });
  });

  it('catches anchors deleted from the database through the outside log, and the reverse', () => {
    expect(judgeAnchors(chain, hashes, [anchor(2)], [anchor(2), anchor(4)], KEY)).toMatchObject({ reason: 'anchor_missing', brokenAtSeq: 4, expected: h('4') });
    expect(judgeAnchors(chain, hashes, [anchor(2), anchor(4)], [anchor(2)], KEY)).toMatchObject({ reason: 'anchor_not_in_log', brokenAtSeq: 4 });
    // Deleted entries AND their anchor row: the log still says the head was at 7.
    expect(judgeAnchors(chain, hashes, [], [anchor(7)], KEY)).toMatchObject({ reason: 'truncated', brokenAtSeq: 6 });
  });
});

describe('configuration of the database role and the ledger key', () => {
  it('defaults the role and the log, and tells a PEM from a path', () => {
    const config = parseConfig({});
    expect(config.database).toEqual({ migrationUrl: undefined, appRole: 'donghanh_app' });
    expect(config.ledger).toEqual({ signingKey: undefined, anchorLog: '.data/ledger-anchors.jsonl' });
    expect(parseConfig({ LEDGER_SIGNING_KEY: '/etc/donghanh/ledger.pem' }).ledger.signingKey).toEqual({ file: '/etc/donghanh/ledger.pem' });
    expect(parseConfig({ LEDGER_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nMC4=\\n-----END PRIVATE KEY-----' }).ledger.signingKey).toEqual({ pem: '-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----' });
  });

  it('names bad values and what production needs', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) return Object.fromEntries(err.problems.map((p) => [p.variable, p.reason]));
      }
      return {};
    };
    expect(problems({ DATABASE_APP_ROLE: 'App-Role; DROP' }).DATABASE_APP_ROLE).toMatch(/role name/);
    expect(problems({ LEDGER_SIGNING_KEY: '-----BEGIN RSA PRIVATE KEY-----' }).LEDGER_SIGNING_KEY).toMatch(/PKCS8/);
    expect(problems({ MIGRATION_DATABASE_URL: 'mysql://x@y/z' }).MIGRATION_DATABASE_URL).toMatch(/postgres:\/\//);
    const production = problems({ NODE_ENV: 'production' });
    expect(production.LEDGER_SIGNING_KEY).toMatch(/required in production/);
    expect(production.LEDGER_ANCHOR_LOG).toMatch(/required in production/);
  });
});
