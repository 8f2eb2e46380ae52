import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * Keeps one child process running for `make up`: a crash (any exit it was not asked for) restarts it
 * after an exponential backoff, and too many crashes in a short window give up instead of looping.
 */
export interface SupervisorOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Appends the child's stdout and stderr here. */
  logFile?: string;
  /** Shown in the give-up message: where to look. */
  logHint?: string;
  say: (line: string) => void;
  /** Each chunk of the child's stderr (make up echoes the error lines to the terminal). */
  onStderr?: (text: string) => void;
  /** Told once the crash limit is reached; the supervisor has stopped restarting. */
  onGiveUp: (reason: string) => void;
  /** Told of each start (pid) and exit, for tests and callers that watch. */
  onEvent?: (event: SupervisorEvent) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long a stopped child has after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
}

export type SupervisorEvent = { type: 'started'; pid: number; attempt: number } | { type: 'exited'; pid: number; how: string } | { type: 'gave_up'; reason: string };

export interface Supervised {
  readonly name: string;
  /** The running child, if any (between a crash and its restart there is none). */
  readonly child: ChildProcess | undefined;
  readonly restarts: number;
  /** Stops the child (SIGTERM, then SIGKILL after the grace) and never restarts it again. */
  stop(): Promise<void>;
}

/** How an exit reads in the log: the signal's name, else the exit code. */
export const describeExit = (code: number | null, signal: NodeJS.Signals | null) => signal ?? `code ${code}`;

export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export function supervise(opts: SupervisorOptions): Supervised {
  const initialDelayMs = opts.initialDelayMs ?? 1000;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  const maxCrashes = opts.maxCrashes ?? 5;
  const crashWindowMs = opts.crashWindowMs ?? 60_000;
  const stopGraceMs = opts.stopGraceMs ?? 10_000;
  const log: WriteStream | undefined = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  log?.on('error', () => undefined);

  let child: ChildProcess | undefined;
  let stopped = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let crashes: number[] = [];

  const start = (attempt: number) => {
    // Its own process group: Ctrl-C reaches only `make up`, which then stops the child itself, so an exit is never ambiguous.
    const proc = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    if (log) {
      proc.stdout?.pipe(log, { end: false });
      proc.stderr?.pipe(log, { end: false });
    } else {
      proc.stdout?.resume();
    }
    proc.stderr?.on('data', (chunk: Buffer) => opts.onStderr?.(chunk.toString()));
    // A spawn failure (missing executable) is reported by 'error' and then, sometimes, 'exit'.
    let handled = false;
    const onEnd = (how: string) => {
      if (handled) return;
      handled = true;
      if (child === proc) child = undefined;
      opts.onEvent?.({ type: 'exited', pid: proc.pid ?? -1, how });
      if (!stopped) crashed(how);
    };
    proc.once('error', (err) => onEnd(`could not start: ${err.message}`));
    proc.once('exit', (code, signal) => onEnd(describeExit(code, signal)));
    if (proc.pid) opts.onEvent?.({ type: 'started', pid: proc.pid, attempt });
  };

  const crashed = (how: string) => {
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < crashWindowMs), now];
    if (crashes.length >= maxCrashes) {
      stopped = true;
      const reason = `${opts.name} crashed ${crashes.length} times in ${Math.round(crashWindowMs / 1000)} s${opts.logHint ? `; see ${opts.logHint}` : ''}`;
      opts.onEvent?.({ type: 'gave_up', reason });
      opts.onGiveUp(reason);
      return;
    }
    const attempt = crashes.length + 1;
    const delay = backoffDelay(crashes.length, initialDelayMs, maxDelayMs);
    opts.say(`${opts.name} exited (${how}); restarting in ${formatDelay(delay)} (attempt ${attempt})`);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopped) return;
      restarts += 1;
      start(attempt);
    }, delay);
  };

  start(1);

  return {
    name: opts.name,
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => proc.kill('SIGKILL'), stopGraceMs);
          proc.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          proc.kill('SIGTERM');
        });
      }
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    },
  };
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
