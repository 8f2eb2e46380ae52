import { randomUUID } from 'node:crypto';
import { verifyLedger } from '../../store/ledger';
import { scratchDatabase, startHarness, sampleProposal, updateStage, type Harness } from '../support/harness';
import { until } from '../support/until';

/** R24: when the worker dies mid-step, another one carries on and nothing is lost or doubled. */
describe('worker restart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('restart') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a decision sent while no worker runs is taken by the next worker, once', async () => {
    const token = await h.tokenFor('coordinator');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    expect(created.status).toBe(201);
    const stepId = created.body.activeStep.id;

    await h.stopWorker();
    const key = randomUUID();
    // The other coordinator screens: no one screens their own proposal.
    const screener = await h.tokenFor('coordinator2');
    let answered = false;
    const pending = h.api().post(`/api/steps/${encodeURIComponent(stepId)}/decisions`).set('Authorization', `Bearer ${screener}`).set('Idempotency-Key', key).send({ choice: 'accept' }).then((r) => ((answered = true), r));
    // The decision is in flight: Temporal holds its Update (named as api/routes/steps.ts names it), no worker runs to take it, and the client still waits.
    const updateId = `decide:${stepId}:${await h.userId('coordinator2')}:${key}`;
    const stage = await until('Temporal to hold the decision', () => updateStage(h.client, created.body.workflowId, updateId));
    expect([stage, h.worker.getState(), answered]).toEqual(['ADMITTED', 'STOPPED', false]);
    await h.startWorker();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.project.activeStep.type).toBe('board_review');

    // The client retries the same command after the outage: still one decision.
    const retry = await h.api().post(`/api/steps/${encodeURIComponent(stepId)}/decisions`).set('Authorization', `Bearer ${screener}`).set('Idempotency-Key', key).send({ choice: 'accept' });
    expect(retry.status).toBe(200);
    const rows = await h.db('decision_ledger').where({ step_id: stepId });
    expect(rows).toHaveLength(1);
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true, checked: 1 });
  });
});
