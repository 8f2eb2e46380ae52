import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startDevServer, type RunningDevServer } from '../../scripts/stack/temporal-server';
import { freePort } from '../../scripts/stack/util';
import { scratchDatabase } from '../support/harness';
import {
  decideWithRetries,
  killAllChildren,
  ledgerFacts,
  openScreenings,
  sendDecision,
  spawnWorker,
  startApi,
  track,
  unexpectedAnswers,
  type ApiInstance,
} from '../support/chaos';
import { until } from '../support/until';

/**
 * Chaos (issue 11): the Temporal server (a file-backed dev server of this test's own) is SIGKILLed
 * during a burst and restarted on the same port and file. While it is down the API answers 503 with
 * Retry-After; afterwards the workflows carry on, each decision is in the ledger once, the chain verifies.
 */
jest.setTimeout(300_000);
const BOUND_MS = 3000;
const ANSWER_WITHIN_MS = BOUND_MS + 20_000;

describe('chaos: the Temporal server is killed and restarted', () => {
  let api: ApiInstance | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await killAllChildren();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while it is down, then the workflows continue and nothing is lost or doubled', async () => {
    const cli = process.env.DH_TEST_TEMPORAL_CLI;
    if (!cli) throw new Error('DH_TEST_TEMPORAL_CLI is not set: run through `make test`.');
    dir = mkdtempSync(join(tmpdir(), 'dh-chaos-temporal-'));
    const port = await freePort();
    const serverOptions = { cli, port, dbFile: join(dir, 'temporal.db'), namespace: 'default' };
    let server: RunningDevServer = await startDevServer(serverOptions);
    track(server.process);

    const databaseUrl = await scratchDatabase('chaos_temporal');
    const where = { databaseUrl, temporalAddress: server.address, taskQueue: `chaos-temporal-${randomUUID()}` };
    api = await startApi({ ...where, commandTimeoutMs: BOUND_MS });
    const worker = spawnWorker(where);
    await worker.polling(api.client);

    const steps = await openScreenings(api, 8, 'temporal');
    const [burst, duringOutage] = [steps.slice(0, 5), steps.slice(5)];
    await api.token('auditor');
    let serverBack = false;
    const giveUpAt = Date.now() + 100_000;
    const sent = burst.map((stepId) => decideWithRetries([api!], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => serverBack }));

    await until('a decision of the burst in the ledger', async () => ((await api!.db('decision_ledger').whereIn('step_id', burst).first('seq')) ? true : undefined));
    await new Promise<void>((resolve) => (server.process.once('exit', () => resolve()), server.process.kill('SIGKILL')));

    const ready = await request(api.app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.body.temporal).toMatch(/^unreachable/);
    const keys = duringOutage.map(() => `chaos-${randomUUID()}`);
    const outageAnswers = await Promise.all(duringOutage.map((stepId, i) => sendDecision(api!, stepId, keys[i]!, ANSWER_WITHIN_MS)));
    expect(outageAnswers.map((a) => [a.status, Boolean(a.retryAfter)])).toEqual(duringOutage.map(() => [503, true]));

    server = await startDevServer(serverOptions);
    track(server.process);
    // The same worker process reconnects by itself and polls the restarted server again.
    await worker.polling(api.client);
    serverBack = true;
    const retried = duringOutage.map((stepId, i) => decideWithRetries([api!], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => true, key: keys[i], earlier: [outageAnswers[i]!] }));
    const outcomes = await Promise.all([...sent, ...retried]);

    expect(unexpectedAnswers(outcomes)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.attempts)).toEqual([]);
    const facts = await ledgerFacts(api, steps);
    expect(facts.rows).toHaveLength(steps.length);
    expect(steps.filter((s) => facts.perStep.get(s) !== 1)).toEqual([]);
    expect(facts.verify.body).toMatchObject({ ok: true });
    expect((await request(api.app).get('/readyz')).status).toBe(200);
  });
});
