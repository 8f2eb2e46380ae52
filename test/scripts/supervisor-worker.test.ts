import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { supervise, type Supervised, type SupervisorEvent } from '../../scripts/stack/supervisor';
import { parseConfig } from '../../domain/config';
import { API_RPC_ATTEMPTS, connectTemporalClient } from '../../platform/temporal';
import { testEnv } from '../support/harness';
import { pollersOf } from '../support/chaos';
import { until } from '../support/until';

/**
 * Defect 7 with the real worker: `make up`'s supervisor runs worker/main.ts; after a SIGKILL the
 * restarted process polls the task queue again (its identity `pid@host` shows in DescribeTaskQueue).
 */
jest.setTimeout(300_000);

describe('the supervisor restarts the real worker', () => {
  let s: Supervised | undefined;
  const close: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await s?.stop();
    for (const c of close) await c();
  });

  it('a SIGKILLed worker comes back and polls its task queue again', async () => {
    const env = testEnv();
    const taskQueue = `supervised-${randomUUID()}`;
    const config = parseConfig({ TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue });
    const client = await connectTemporalClient(config.temporal, API_RPC_ATTEMPTS);
    close.push(() => client.connection.close());
    const events: SupervisorEvent[] = [];
    const lines: string[] = [];
    s = supervise({
      name: 'worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'worker/main.ts'],
      cwd: resolve(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: env.databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, DONGHANH_WORKFLOW_BUNDLE: env.bundle, LOG_LEVEL: 'warn' },
      say: (line) => lines.push(line),
      onEvent: (e) => events.push(e),
      onGiveUp: (reason) => lines.push(`gave up: ${reason}`),
      initialDelayMs: 100,
    });
    const pids = () => events.flatMap((e) => (e.type === 'started' ? [e.pid] : []));
    const polls = (pid: number) => until(`worker ${pid} to poll ${taskQueue}`, async () => ((await pollersOf(client, taskQueue)).some((p) => p.identity === `${pid}@${hostname()}`) ? true : undefined), { timeoutMs: 180_000, everyMs: 250 });

    const first = pids()[0]!;
    await polls(first);
    process.kill(first, 'SIGKILL');
    await until('the restart', () => (pids().length === 2 ? true : undefined));
    expect(lines).toEqual(['worker exited (SIGKILL); restarting in 100 ms (attempt 2)']);
    await polls(pids()[1]!);
  });
});
