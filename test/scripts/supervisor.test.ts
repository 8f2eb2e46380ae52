import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { backoffDelay, supervise, type Supervised, type SupervisorEvent } from '../../scripts/stack/supervisor';
import { until } from '../support/until';

/** Defect 7 (issue 11): `make up` restarts a crashed worker or API instead of stopping the stack. */
const CHILD = resolve(__dirname, '..', 'support', 'crashy-child.js');

/** Collects a supervisor's events and log lines, and waits for the one a test needs (never a fixed sleep). */
function watch() {
  const events: SupervisorEvent[] = [];
  const lines: string[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const poke = () => {
    for (const w of [...waiters]) if (w.test()) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  return {
    events,
    lines,
    onEvent: (e: SupervisorEvent) => (events.push(e), poke()),
    say: (line: string) => (lines.push(line), poke()),
    until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
      if (test()) return Promise.resolve();
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`)), ms);
        waiters.push({ test, resolve: () => (clearTimeout(timer), res()) });
      });
    },
    /** Polls a file until it holds `text` (the child's own output, written asynchronously). */
    async logged(file: string, text: string): Promise<void> {
      await until(`"${text}" in ${file}`, () => existsSync(file) && readFileSync(file, 'utf8').includes(text), Boolean, { everyMs: 20 });
    },
    starts: () => events.filter((e): e is Extract<SupervisorEvent, { type: 'started' }> => e.type === 'started'),
  };
}

describe('process supervisor (make up)', () => {
  const running: Supervised[] = [];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dh-supervisor-'));
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('doubles the delay per crash up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
  });

  it('restarts a SIGKILLed child with backoff, says so, and keeps its output in the log', async () => {
    const w = watch();
    const logFile = join(dir, 'worker.log');
    const gaveUp: string[] = [];
    const s = supervise({ name: 'worker', command: process.execPath, args: [CHILD, 'stay'], logFile, say: w.say, onEvent: w.onEvent, onGiveUp: (r) => gaveUp.push(r), initialDelayMs: 50, maxDelayMs: 1000 });
    running.push(s);
    await w.until(() => w.starts().length === 1, 'the first start');
    await w.logged(logFile, `child ${w.starts()[0]!.pid} stay`);

    process.kill(w.starts()[0]!.pid, 'SIGKILL');
    await w.until(() => w.starts().length === 2, 'a restart');
    await w.logged(logFile, `child ${w.starts()[1]!.pid} stay`);
    expect(w.lines).toEqual(['worker exited (SIGKILL); restarting in 50 ms (attempt 2)']);
    expect(w.starts()[1]!.pid).not.toBe(w.starts()[0]!.pid);

    process.kill(w.starts()[1]!.pid, 'SIGKILL');
    await w.until(() => w.starts().length === 3, 'a second restart');
    await w.logged(logFile, `child ${w.starts()[2]!.pid} stay`);
    expect(w.lines[1]).toBe('worker exited (SIGKILL); restarting in 100 ms (attempt 3)');
    expect(s.restarts).toBe(2);
    expect(gaveUp).toEqual([]);

    await s.stop();
    const log = readFileSync(logFile, 'utf8');
    for (const { pid } of w.starts()) expect(log).toContain(`child ${pid} stay`);
    // Stopped on purpose: SIGTERM, a clean exit, and no restart after it.
    expect(log).toContain(`child ${w.starts()[2]!.pid} stopping`);
    expect(w.starts()).toHaveLength(3);
    expect(w.lines).toHaveLength(2);
  });

  it('gives up after repeated crashes in the window, naming the process and its log', async () => {
    const w = watch();
    let reason: string | undefined;
    const s = supervise({
      name: 'api',
      command: process.execPath,
      args: [CHILD, 'crash'],
      logHint: '.data/logs/api.log',
      say: w.say,
      onEvent: w.onEvent,
      onGiveUp: (r) => (reason = r),
      initialDelayMs: 10,
      maxDelayMs: 40,
      maxCrashes: 4,
      crashWindowMs: 60_000,
    });
    running.push(s);
    await w.until(() => w.events.some((e) => e.type === 'gave_up'), 'the supervisor to give up');
    expect(reason).toBe('api crashed 4 times in 60 s; see .data/logs/api.log');
    expect(w.starts()).toHaveLength(4);
    expect(w.lines).toEqual([
      'api exited (code 3); restarting in 10 ms (attempt 2)',
      'api exited (code 3); restarting in 20 ms (attempt 3)',
      'api exited (code 3); restarting in 40 ms (attempt 4)',
    ]);
    expect(s.child).toBeUndefined();
  });

  it('reports a command that cannot start as a crash, not an exception', async () => {
    const w = watch();
    let reason: string | undefined;
    const s = supervise({ name: 'ghost', command: join(dir, 'no-such-program'), args: [], say: w.say, onEvent: w.onEvent, onGiveUp: (r) => (reason = r), initialDelayMs: 10, maxCrashes: 2 });
    running.push(s);
    await w.until(() => w.events.some((e) => e.type === 'gave_up'), 'the supervisor to give up');
    expect(w.lines[0]).toMatch(/^ghost exited \(could not start: spawn .*ENOENT\); restarting in 10 ms \(attempt 2\)$/);
    expect(reason).toBe('ghost crashed 2 times in 60 s');
  });
});
