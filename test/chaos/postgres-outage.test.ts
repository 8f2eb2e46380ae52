import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { scratchDatabase, testEnv } from '../support/harness';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
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
} from '../support/chaos';
import { until } from '../support/until';

/**
 * Chaos (issue 11): PostgreSQL is unreachable for the worker for longer than the activities'
 * startToCloseTimeout. The shared server cannot be stopped here, so the outage is simulated by a
 * network cut: the worker (and a second API instance) reach PostgreSQL through a TCP proxy that resets
 * every connection and refuses new ones, then listens again. The first API instance reaches PostgreSQL
 * directly, so its commands get through to the workflows and their activities fail until the cut ends.
 */
jest.setTimeout(600_000);
const BOUND_MS = 3000;
/** startToCloseTimeout of the workflow's local activities (workflows/project-lifecycle.ts localActs). */
const LOCAL_WRITE_START_TO_CLOSE_MS = 30_000;
const ANSWER_WITHIN_MS = BOUND_MS + 20_000;
// platform/db.ts's acquireConnectionTimeout: how long the API tries to reach PostgreSQL before it answers 503.
const DB_ACQUIRE_MS = 10_000;

describe('chaos: PostgreSQL is cut off for longer than the activity timeout', () => {
  const apis: ApiInstance[] = [];
  let proxy: FaultProxy | undefined;
  afterAll(async () => {
    await killAllChildren();
    await Promise.all(apis.map((a) => a.close()));
    await proxy?.close();
  });

  it('answers 503 while it is cut off, then every decision is recorded once and the chain verifies', async () => {
    const env = testEnv();
    const databaseUrl = await scratchDatabase('chaos_pg');
    const target = new URL(databaseUrl);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const taskQueue = `chaos-pg-${randomUUID()}`;
    const direct = await startApi({ databaseUrl, temporalAddress: env.temporalAddress, taskQueue, commandTimeoutMs: BOUND_MS });
    const viaProxy = await startApi({ databaseUrl: proxied.toString(), temporalAddress: env.temporalAddress, taskQueue, commandTimeoutMs: BOUND_MS });
    apis.push(direct, viaProxy);
    const worker = spawnWorker({ databaseUrl: proxied.toString(), temporalAddress: env.temporalAddress, taskQueue });
    await worker.polling(direct.client);

    const steps = await openScreenings(direct, 6, 'postgres');
    const [burst, duringOutage] = [steps.slice(0, 3), steps.slice(3)];
    await Promise.all([direct.token('auditor'), viaProxy.token('coordinator')]);
    let restored = false;
    const giveUpAt = Date.now() + 130_000;
    const sent = burst.map((stepId) => decideWithRetries([direct], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => restored }));

    await until('a decision of the burst in the ledger', async () => ((await direct.db('decision_ledger').whereIn('step_id', burst).first('seq')) ? true : undefined));
    await proxy.cut();
    const cutAt = Date.now();

    // The API that reaches PostgreSQL through the cut answers 503 with Retry-After.
    const token = await viaProxy.token('coordinator');
    const blocked = await request(viaProxy.app).post(`/api/steps/${encodeURIComponent(duringOutage[0]!)}/decisions`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', `chaos-${randomUUID()}`).timeout(DB_ACQUIRE_MS + 10_000).send({ choice: 'accept' });
    expect([blocked.status, blocked.body.error?.code, blocked.headers['retry-after']]).toEqual([503, 'unavailable', '5']);
    const notReady = await request(viaProxy.app).get('/readyz');
    expect([notReady.status, notReady.body.postgres]).toEqual([503, expect.stringMatching(/^unreachable/)]);

    // The direct API's commands reach the workflows; their activities cannot write: 503 within the bound.
    const keys = duringOutage.map(() => `chaos-${randomUUID()}`);
    const outageAnswers = await Promise.all(duringOutage.map((stepId, i) => sendDecision(direct, stepId, keys[i]!, ANSWER_WITHIN_MS)));
    expect(outageAnswers.map((a) => [a.status, a.code, Boolean(a.retryAfter)])).toEqual(duringOutage.map(() => [503, 'command_not_processed', true]));

    // Keep the cut until an activity has failed more than once and the cut has outlasted its startToCloseTimeout.
    const workflowIds: string[] = await direct.db('steps as s').join('projects as p', 'p.id', 's.project_id').whereIn('s.id', duringOutage).pluck('p.workflow_id');
    await until(
      'an activity to fail repeatedly for longer than its startToCloseTimeout',
      async () => {
        for (const workflowId of workflowIds) {
          const described = await direct.client.workflow.getHandle(workflowId).describe();
          const pending = described.raw.pendingActivities ?? [];
          const history = await direct.client.workflow.getHandle(workflowId).fetchHistory();
          const scheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes).at(-1)?.activityTaskScheduledEventAttributes;
          // A Duration has the same {seconds, nanos} shape as a Timestamp.
          const timeoutMs = optionalTsToMs(scheduled?.startToCloseTimeout as never) ?? 0;
          if (pending.some((p) => (p.attempt ?? 0) >= 3) && timeoutMs > 0 && Date.now() - cutAt > timeoutMs) return true;
        }
        // A decision's writes are local activities (patched local-decision-writes-v1): they retry inside the
        // worker, so their attempts are not in describe() but in the worker's log, one warning per failed attempt.
        const failedLocally = worker.output().match(/\[WARN\] Activity failed[^\n]*\n?[^[]*?isLocal: true/g) ?? [];
        if (failedLocally.length >= 3 && Date.now() - cutAt > LOCAL_WRITE_START_TO_CLOSE_MS) return true;
        return undefined;
      },
      { timeoutMs: 90_000, everyMs: 1000 },
    );
    await proxy.restore();
    restored = true;

    const retried = duringOutage.map((stepId, i) => decideWithRetries([direct], stepId, { answerWithinMs: ANSWER_WITHIN_MS, giveUpAt, canRetry: () => true, key: keys[i], earlier: [outageAnswers[i]!] }));
    const outcomes = await Promise.all([...sent, ...retried]);
    expect(unexpectedAnswers(outcomes)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.attempts)).toEqual([]);
    expect(worker.child.exitCode).toBeNull();
    const facts = await ledgerFacts(direct, steps);
    expect(facts.rows).toHaveLength(steps.length);
    expect(steps.filter((s) => facts.perStep.get(s) !== 1)).toEqual([]);
    expect(facts.verify.body).toMatchObject({ ok: true });
  });
});
