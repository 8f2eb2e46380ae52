import { randomUUID } from 'node:crypto';
import { scratchDatabase, testEnv } from '../support/harness';
import { killAllChildren, ledgerFacts, openScreenings, sendDecision, spawnWorker, startApi, type ApiInstance } from '../support/chaos';
import { until } from '../support/until';

/**
 * Chaos (issue 11): two worker processes and two API instances share one burst. Each decision is sent
 * through both APIs at once with the same Idempotency-Key (a client retrying through the other
 * instance): both answer 2xx, the ledger holds each decision exactly once, and the chain verifies.
 */
jest.setTimeout(300_000);
const BOUND_MS = 15_000;

describe('chaos: two workers and two APIs share a burst', () => {
  const apis: ApiInstance[] = [];
  afterAll(async () => {
    await killAllChildren();
    await Promise.all(apis.map((a) => a.close()));
  });

  it('records each decision once, whichever API and worker took it', async () => {
    const env = testEnv();
    const databaseUrl = await scratchDatabase('chaos_shared');
    const taskQueue = `chaos-shared-${randomUUID()}`;
    const where = { databaseUrl, temporalAddress: env.temporalAddress, taskQueue };
    apis.push(await startApi({ ...where, commandTimeoutMs: BOUND_MS }), await startApi({ ...where, commandTimeoutMs: BOUND_MS }));
    const [a, b] = apis as [ApiInstance, ApiInstance];
    const workers = [spawnWorker(where), spawnWorker(where)];
    await Promise.all(workers.map((w) => w.polling(a.client)));

    const steps = await openScreenings(a, 12, 'shared');
    await Promise.all(apis.map((api) => api.token('coordinator')));
    const answers = await Promise.all(
      steps.map(async (stepId) => {
        const key = `chaos-${randomUUID()}`;
        return { stepId, answers: await Promise.all([sendDecision(a, stepId, key, BOUND_MS + 10_000), sendDecision(b, stepId, key, BOUND_MS + 10_000)]) };
      }),
    );
    expect(answers.filter((x) => x.answers.some((r) => r.status !== 200))).toEqual([]);

    // Neither worker process exited under the burst.
    await Promise.all(workers.map((w) => w.polling(a.client)));
    const facts = await until('the ledger to hold the burst', async () => {
      const f = await ledgerFacts(b, steps);
      return f.rows.length >= steps.length ? f : undefined;
    });
    expect(facts.rows).toHaveLength(steps.length);
    expect(steps.filter((s) => facts.perStep.get(s) !== 1)).toEqual([]);
    expect(facts.verify.body).toMatchObject({ ok: true });
  });
});
