import { randomUUID } from 'node:crypto';
import { verifyLedger } from '../../store/ledger';
import { scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';
import { until } from '../support/until';

/**
 * Issue 11, defect 8: with no worker, a command used to wait for Node's 300 s request timeout while
 * /readyz said ready. Now each Temporal Update is bounded (API_COMMAND_TIMEOUT_MS) and answered with
 * 503 + Retry-After, /readyz names the missing worker, and the retry with the same key decides once.
 */
const BOUND_MS = 5000;
// The test's own failure bound for one request: the configured bound plus a margin, never a timing assertion.
const ANSWERED_WITHIN_MS = BOUND_MS + 30_000;

describe('commands while no worker runs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('noworker'), env: { API_COMMAND_TIMEOUT_MS: String(BOUND_MS), READY_WORKER_POLL_WINDOW_MS: '1000' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 503 with Retry-After within the bound, /readyz names the worker, and the retry with the same key decides once', async () => {
    const token = await h.tokenFor('coordinator');
    // A fresh worker's first workflow task loads the workflow bundle (seconds here): a 503 then is retried with the same key.
    const firstKey = randomUUID();
    const created = await until('the first project to be created', async () => {
      const res = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', firstKey).timeout(ANSWERED_WITHIN_MS).send(sampleProposal());
      return res.status === 503 ? undefined : res;
    }, { timeoutMs: 60_000 });
    expect([created.status, created.body.error]).toEqual([201, undefined]);
    const stepId = created.body.activeStep.id;

    await h.stopWorker();
    const notReady = await until('/readyz to report the missing worker', async () => {
      const res = await h.api().get('/readyz');
      return res.status === 503 ? res : undefined;
    });
    expect(notReady.headers['retry-after']).toBe('5');
    expect(notReady.body).toMatchObject({ status: 'not_ready', postgres: 'ok', temporal: 'ok' });
    expect(notReady.body.worker).toMatch(new RegExp(`^not_polling: no worker has polled task queue "${h.taskQueue}"`));

    const key = randomUUID();
    // The other coordinator screens: no one screens their own proposal.
    const screener = await h.tokenFor('coordinator2');
    const decide = () =>
      h.api().post(`/api/steps/${encodeURIComponent(stepId)}/decisions`).set('Authorization', `Bearer ${screener}`).set('Idempotency-Key', key).set('Accept-Language', 'en').timeout(ANSWERED_WITHIN_MS).send({ choice: 'accept' });
    const refused = await decide();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.error.code).toBe('command_not_processed');
    expect(refused.body.error.message).toMatch(/No worker is processing commands.*same Idempotency-Key/);

    // Project creation is an Update-with-Start: bounded the same way, in the caller's language.
    const projectKey = randomUUID();
    const create = () => h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', projectKey).set('Accept-Language', 'vi').timeout(ANSWERED_WITHIN_MS).send(sampleProposal({ title: 'Dự án gửi khi không có worker' }));
    const refusedProject = await create();
    expect(refusedProject.status).toBe(503);
    expect(refusedProject.headers['retry-after']).toBe('5');
    expect(refusedProject.body.error.message).toMatch(/không có tiến trình xử lý.*cùng Idempotency-Key/);

    await h.startWorker();
    await until('/readyz to be ready again', async () => ((await h.api().get('/readyz')).status === 200 ? true : undefined));

    const retried = await decide();
    expect(retried.status).toBe(200);
    expect(retried.body.project.activeStep.type).toBe('board_review');
    const again = await decide();
    expect(again.status).toBe(200);
    expect(await h.db('decision_ledger').where({ step_id: stepId })).toHaveLength(1);

    const createdLater = await create();
    expect(createdLater.status).toBe(201);
    expect(await h.db('projects').where({ title: 'Dự án gửi khi không có worker' })).toHaveLength(1);
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
  });
});
