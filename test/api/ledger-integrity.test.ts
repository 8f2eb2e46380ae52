import { randomUUID } from 'node:crypto';
import { scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';

/** Tampering tests run on a database of their own: they break the chain on purpose. */
describe('decision ledger integrity', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('ledger') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function decideOnNewProject(choice: 'accept' | 'reject') {
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

  const verify = async () => (await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await h.tokenFor('auditor')}`)).body;

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await decideOnNewProject('accept');
    await expect(h.db('decision_ledger').update({ rationale: 'sửa' })).rejects.toThrow(/append-only/);
    await expect(h.db('decision_ledger').del()).rejects.toThrow(/append-only/);
    await expect(h.db.raw('TRUNCATE decision_ledger CASCADE')).rejects.toThrow(/append-only/);
  });

  it('detects a row altered behind the application, even by a superuser who bypasses the trigger', async () => {
    await decideOnNewProject('reject');
    await decideOnNewProject('accept');
    expect(await verify()).toMatchObject({ ok: true, checked: 3 });
    await h.db.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica'); // skips triggers; superuser only
      await trx('decision_ledger').where({ seq: 2 }).update({ rationale: 'Đã sửa lý do sau khi quyết định' });
    });
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'hash_mismatch', checked: 1 });
  });

  it('is for auditors: a team lead may not run the verification', async () => {
    const res = await h.api().get('/api/ledger/verify').set('Authorization', `Bearer ${await h.tokenFor('teamLead')}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});
