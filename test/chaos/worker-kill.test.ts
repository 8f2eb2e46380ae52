import { randomUUID } from 'node:crypto';
import { scratchDatabase, testEnv } from '../support/harness';
import {
  decideWithRetries,
  killAllChildren,
  ledgerFacts,
  openScreenings,
  sendDecision,
  spawnWorker,
  startApi,
  unexpectedAnswers,
  type ApiInstance,
  type DecisionOutcome,
} from '../support/chaos';
import { until } from '../support/until';

/**
 * Chaos (issue 11): the worker process is SIGKILLed during a burst of concurrent decisions, then
 * another worker starts. Every 2xx decision is in the ledger exactly once, the chain verifies, and
 * requests during the outage were answered 503 with Retry-After, never left hanging.
 */
jest.setTimeout(300_000);
const BOUND_MS = 3000;
const ANSWER_WITHIN_MS = BOUND_MS + 20_000;

describe('chaos: the worker is killed during a burst', () => {
  let api: ApiInstance | undefined;
  afterAll(async () => {
    await killAllChildren();
    await api?.close();
  });

  it('loses and doubles nothing, and answers 503 with Retry-After while no worker runs', async () => {
    const env = testEnv();
    const databaseUrl = await scratchDatabase('chaos_worker');
    const taskQueue = `chaos-worker-${randomUUID()}`;
    const where = { databaseUrl, temporalAddress: env.temporalAddress, taskQueue };
    api = await startApi({ ...where, commandTimeoutMs: BOUND_MS });
    const first = spawnWorker(where);
    await first.polling(api.client);

    const steps = await openScreenings(api, 10, 'worker');
    const [burst, duringOutage] = [steps.slice(0, 6), steps.slice(6)];
    let workerBack = false;
    const giveUpAt = Date.now() + 100_000;
    const sent = burst.map((stepId) => decideWithRetries([api!], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => workerBack }));

    // Kill it while the burst is being processed: once the first of its decisions is in the ledger.
    await until('a decision of the burst in the ledger', async () => ((await api!.db('decision_ledger').whereIn('step_id', burst).first('seq')) ? true : undefined));
    await first.kill('SIGKILL');

    // No worker at all now: every new decision must come back 503 with Retry-After within the bound.
    const keys = duringOutage.map(() => `chaos-${randomUUID()}`);
    const outageAnswers = await Promise.all(duringOutage.map((stepId, i) => sendDecision(api!, stepId, keys[i]!, ANSWER_WITHIN_MS)));
    expect(outageAnswers.map((a) => [a.status, a.code, Boolean(a.retryAfter)])).toEqual(duringOutage.map(() => [503, 'command_not_processed', true]));

    const second = spawnWorker(where);
    await second.polling(api.client);
    workerBack = true;
    const retried = duringOutage.map((stepId, i) => decideWithRetries([api!], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => true, key: keys[i], earlier: [outageAnswers[i]!] }));
    const outcomes: DecisionOutcome[] = await Promise.all([...sent, ...retried]);

    expect(unexpectedAnswers(outcomes)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.attempts)).toEqual([]);
    const facts = await ledgerFacts(api, steps);
    expect(facts.rows).toHaveLength(steps.length);
    expect(steps.filter((s) => facts.perStep.get(s) !== 1)).toEqual([]);
    expect(facts.verify.status).toBe(200);
    expect(facts.verify.body).toMatchObject({ ok: true });
  });
});
