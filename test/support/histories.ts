import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from './harness';

export const HISTORY_FIXTURES = join(__dirname, '..', 'fixtures', 'histories');

/**
 * With DH_RECORD_HISTORIES=1 (README "When you change workflow code"), saves the workflow's history
 * as a replay fixture, in the JSON the Temporal CLI prints; test/workflow/replay.test.ts replays
 * every fixture against the current code.
 */
export async function recordHistory(workflowId: string, name: string): Promise<void> {
  if (process.env.DH_RECORD_HISTORIES !== '1') return;
  const cli = process.env.DH_TEST_TEMPORAL_CLI;
  if (!cli) throw new Error('DH_TEST_TEMPORAL_CLI is not set: record histories through `make test`.');
  const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', testEnv().temporalAddress, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  mkdirSync(HISTORY_FIXTURES, { recursive: true });
  writeFileSync(join(HISTORY_FIXTURES, `${name}.json`), json);
}
