import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORY_FIXTURES } from '../support/histories';
import { testEnv } from '../support/harness';

/** Every recorded lifecycle path must replay on the current workflow code without nondeterminism. */
describe('replay of recorded histories', () => {
  const files = readdirSync(HISTORY_FIXTURES).filter((f) => f.endsWith('.json')).sort();

  it('has fixtures for the lifecycle paths', () => {
    expect(files).toEqual(expect.arrayContaining(['screening-reject.json', 'screening-accept-board-approve.json', 'board-reject.json', 'return-resubmit.json', 'return-withdrawn.json', 'sla-breach-escalation.json']));
    // The later stages (recorded by test/workflow/lifecycle.test.ts).
    expect(files).toEqual(expect.arrayContaining(['full-lifecycle.json', 'withdrawal-rematching.json', 'change-request-cancel.json', 'funding-waiver-return-reject.json', 'recusal-no-quorum.json']));
    // A step reassigned with a reason, then decided (recorded by test/api/reassignment.test.ts).
    expect(files).toContain('reassign-then-accept.json');
    // Deciders re-evaluated after a change of reference data (recorded by test/workflow/decider-review.test.ts).
    expect(files).toEqual(expect.arrayContaining(['decider-review-team-lead.json', 'decider-review-conflict.json']));
    // A consultation before the board vote, behind consultation-v1 (recorded by test/workflow/consultation.test.ts).
    expect(files).toContain('consultation-front-summary.json');
    // The same with a decision's writes as local activities (local-decision-writes-v1).
    expect(files).toContain('consultation-local-writes.json');
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORY_FIXTURES, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().bundle } }, history, file.replace(/\.json$/, ''))).resolves.toBeUndefined();
  });
});
