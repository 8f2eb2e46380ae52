import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { verifyLedger, rowToEntry } from '../../store/ledger';
import { ledgerHash } from '../../domain/ledger';
import { ledgerSignerFromPem, newLedgerSigningKeyPem } from '../../platform/ledger-signing';
import { ensureLedgerHeadSchedule } from '../../worker/ledger-head-schedule';
import { anchorLogFor, sampleProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';
import { until } from '../support/until';

/**
 * Issue 11, defect 6: the application cannot touch the ledger beyond appending, and the database's
 * OWNER, who can, is caught by the signed heads. Each attack gets a database of its own.
 */
describe('ledger anchors against the database owner', () => {
  const running: Harness[] = [];
  afterAll(async () => {
    await Promise.all(running.map((h) => h.stop()));
  });

  async function harness(label: string): Promise<Harness> {
    const h = await startHarness({ databaseUrl: await scratchDatabase(label) });
    running.push(h);
    return h;
  }

  async function decideOnNewProject(h: Harness, choice: 'accept' | 'reject' = 'accept') {
    const token = await h.tokenFor('coordinator');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    expect(created.status).toBe(201);
    const res = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(created.body.activeStep.id)}/decisions`)
      // The other coordinator screens: no one screens their own proposal.
      .set('Authorization', `Bearer ${await h.tokenFor('coordinator2')}`)
      .set('Idempotency-Key', randomUUID())
      .send({ choice, rationale: 'Lý do ghi rõ' });
    expect(res.status).toBe(200);
  }

  const verify = async (h: Harness) => {
    const res = await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await h.tokenFor('auditor')}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const publish = async (h: Harness, who = 'auditor', key = randomUUID()) =>
    h.api().post('/api/ledger/anchors').set('Authorization', `Bearer ${await h.tokenFor(who)}`).set('Idempotency-Key', key).send({});

  /** As the owner: triggers off for this transaction only (superuser or owner, never the app role). */
  const asOwnerWithoutTriggers = (h: Harness, work: (trx: Knex.Transaction) => Promise<void>) =>
    h.db.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await work(trx);
    });

  it('the application role owns nothing and can neither rewrite, delete, truncate nor switch off the triggers', async () => {
    const h = await harness('approle');
    await decideOnNewProject(h);
    expect(await publish(h)).toMatchObject({ status: 201 });
    const role = h.config.database.appRole;
    expect((await h.appDb.raw('SELECT current_user AS who')).rows[0].who).toBe(role);
    const owned = await h.db.raw(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ?`, [role]);
    expect(owned.rows[0].n).toBe(0);

    const keyOf = { decision_ledger: 'seq', admin_changes: 'id', ledger_anchors: 'id' } as const;
    for (const [table, key] of Object.entries(keyOf)) {
      await expect(h.appDb.raw(`UPDATE ${table} SET ${key} = ${key}`)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(`permission denied for table ${table}`) });
      await expect(h.appDb(table).del()).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(`permission denied for table ${table}`) });
      await expect(h.appDb.raw(`TRUNCATE ${table}`)).rejects.toMatchObject({ code: '42501' });
      await expect(h.appDb.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/must be owner/) });
    }
    await expect(h.appDb.raw('SET session_replication_role = replica')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied to set parameter "session_replication_role"/) });
    await expect(
      h.appDb.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica');
      }),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(h.appDb.raw('CREATE TRIGGER sneak BEFORE INSERT ON decision_ledger FOR EACH ROW EXECUTE FUNCTION decision_ledger_append_only()')).rejects.toMatchObject({ code: '42501' });
    // What it needs still works: reading and appending happened above through the API and worker.
    expect(await h.appDb('decision_ledger').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  }, 180_000);

  it('names the anchored entry whose hash changed when the owner rewrites an entry and recomputes the chain', async () => {
    const h = await harness('recompute');
    for (let i = 0; i < 4; i += 1) await decideOnNewProject(h);
    const published = await publish(h);
    expect(published.status).toBe(201);
    expect(published.body.anchor).toMatchObject({ seq: 4, trigger: 'on_demand' });
    await decideOnNewProject(h); // entry 5, after the anchor
    expect(await verify(h)).toMatchObject({ ok: true, checked: 5, anchors: { count: 1, newest: { seq: 4 } } });

    // The owner rewrites entry 2 and recomputes every hash after it: the chain alone re-verifies.
    await asOwnerWithoutTriggers(h, async (trx) => {
      const rows = await trx('decision_ledger').where('seq', '>=', 2).orderBy('seq');
      let prevHash = (await trx('decision_ledger').where({ seq: 1 }).first('hash')).hash as string;
      for (const row of rows) {
        const entry = { ...rowToEntry(row), rationale: row.seq === 2 ? 'Lý do đã bị sửa sau khi quyết định' : row.rationale };
        const hash = ledgerHash(prevHash, { ...entry });
        await trx('decision_ledger').where({ seq: row.seq }).update({ rationale: entry.rationale, prev_hash: prevHash, hash });
        prevHash = hash;
      }
    });
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true, checked: 5 });

    const verdict = await verify(h);
    expect(verdict).toMatchObject({ ok: false, reason: 'anchor_mismatch', brokenAtSeq: 4, expected: published.body.anchor.hash, anchor: { seq: 4 } });
    expect(verdict.found).not.toBe(published.body.anchor.hash);
  }, 180_000);

  it('names the truncation when the owner deletes the newest entries after an anchor', async () => {
    const h = await harness('truncate');
    for (let i = 0; i < 3; i += 1) await decideOnNewProject(h);
    const key = randomUUID();
    const first = await publish(h, 'auditor', key);
    expect(first).toMatchObject({ status: 201, body: { anchor: { seq: 3 } } });
    // A retried request signs nothing new: same answer, one anchor.
    expect((await publish(h, 'auditor', key)).body.anchor.jws).toBe(first.body.anchor.jws);
    expect(await h.db('ledger_anchors').count({ n: '*' }).first()).toMatchObject({ n: 1 });
    await decideOnNewProject(h);
    await asOwnerWithoutTriggers(h, async (trx) => {
      await trx('decision_ledger').where('seq', '>=', 2).del();
    });
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true, checked: 1 });
    expect(await verify(h)).toMatchObject({ ok: false, reason: 'truncated', brokenAtSeq: 2, expected: '3', found: '1', anchor: { seq: 3 } });
  }, 180_000);

  it('catches deleted anchor rows through the log outside the database, and unsigned ones', async () => {
    const h = await harness('anchors');
    await decideOnNewProject(h);
    expect(await publish(h)).toMatchObject({ status: 201 });
    await decideOnNewProject(h);
    const second = await publish(h, 'admin');
    expect(second.status).toBe(201);
    expect(await verify(h)).toMatchObject({ ok: true, anchors: { count: 2, newest: { seq: 2 } } });
    const logLines = readFileSync(anchorLogFor(h.config.database.migrationUrl!), 'utf8').trim().split('\n');
    expect(logLines.map((l) => JSON.parse(l).jws)).toContain(second.body.anchor.jws);

    // Both newest entries and their anchor go: only the log still knows the head was at 2.
    await asOwnerWithoutTriggers(h, async (trx) => {
      await trx('ledger_anchors').where({ seq: 2 }).del();
      await trx('decision_ledger').where({ seq: 2 }).del();
    });
    expect(await verify(h)).toMatchObject({ ok: false, reason: 'truncated', brokenAtSeq: 2, expected: '2', found: '1' });

    // With the ledger intact again, the missing anchor row itself is named.
    await asOwnerWithoutTriggers(h, async (trx) => {
      await trx('ledger_anchors').del();
    });
    const restored = readFileSync(anchorLogFor(h.config.database.migrationUrl!), 'utf8');
    const firstAnchor = JSON.parse(restored.split('\n')[0]!);
    await h.db('ledger_anchors').insert({ seq: firstAnchor.seq, hash: firstAnchor.hash, signed_at: firstAnchor.at, key_id: firstAnchor.keyId, jws: firstAnchor.jws, trigger: 'on_demand' });
    writeFileSync(anchorLogFor(h.config.database.migrationUrl!), `${restored.split('\n')[0]}\n`);
    expect(await verify(h)).toMatchObject({ ok: true, anchors: { count: 1 } });
    await decideOnNewProject(h);
    const third = await publish(h);
    await asOwnerWithoutTriggers(h, async (trx) => {
      await trx('ledger_anchors').where({ jws: third.body.anchor.jws }).del();
    });
    expect(await verify(h)).toMatchObject({ ok: false, reason: 'anchor_missing', brokenAtSeq: third.body.anchor.seq, expected: third.body.anchor.hash });
  }, 180_000);

  it('names an anchor whose signature fails', async () => {
    const h = await harness('forged');
    await decideOnNewProject(h);
    await decideOnNewProject(h);
    expect(await publish(h)).toMatchObject({ status: 201 });
    const ours = h.config.ledger.signingKey && 'file' in h.config.ledger.signingKey ? ledgerSignerFromPem(readFileSync(h.config.ledger.signingKey.file, 'utf8')) : undefined;
    expect(ours).toBeDefined();

    // The owner signs a head of their own with a key that is not ours.
    const forger = ledgerSignerFromPem(newLedgerSigningKeyPem());
    const tip = await h.db('decision_ledger').orderBy('seq', 'desc').first('seq', 'hash');
    const head = { seq: Number(tip.seq), hash: tip.hash, at: new Date().toISOString() };
    await h.db('ledger_anchors').insert({ seq: head.seq, hash: head.hash, signed_at: head.at, key_id: forger.keyId, jws: await forger.sign(head), trigger: 'on_demand' });
    expect(await verify(h)).toMatchObject({ ok: false, reason: 'anchor_signature_invalid', brokenAtSeq: 2, expected: ours!.keyId, found: forger.keyId });
  }, 180_000);

  it('a daily Schedule signs the head through the worker, and is created once', async () => {
    const h = await harness('schedule');
    await decideOnNewProject(h);
    const scheduleId = `ledger-head-test-${randomUUID()}`;
    expect(await ensureLedgerHeadSchedule(h.client, h.taskQueue, scheduleId)).toBe('created');
    expect(await ensureLedgerHeadSchedule(h.client, h.taskQueue, scheduleId)).toBe('exists');
    const handle = h.client.schedule.getHandle(scheduleId);
    try {
      await handle.trigger();
      await until('a daily anchor', () => h.db('ledger_anchors').where({ trigger: 'daily' }).first());
    } finally {
      await handle.delete();
    }
    expect(await verify(h)).toMatchObject({ ok: true, anchors: { count: 1, newest: { seq: 1 } } });
  }, 180_000);
});
