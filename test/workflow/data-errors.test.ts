import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { commandProject, decideStep } from '../../api/project-commands';
import type { Actor } from '../../domain/roles';
import { DEMO_USERS } from '../../scripts/reference-data';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';

/**
 * Issue 11, defect 1 at the workflow's end: a value PostgreSQL refuses (a NUL byte, SQLSTATE 22021)
 * that reaches an Update's activity must come back to the caller as a refusal, record nothing and
 * leave the step open for the next caller. The API refuses such text at the edge, so these Updates
 * are sent straight through the Temporal client, as a client that skips the API would.
 */
describe('a data error in an Update is a refusal, and the project stays usable', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const actorOf = async (key: string): Promise<Actor> => {
    const u = DEMO_USERS.find((x) => x.key === key)!;
    return { userId: await h.userId(key), role: u.role, displayName: u.displayName, teamCode: u.teamCode ?? null, partnerId: null, boardChair: Boolean((u as { isChair?: boolean }).isChair) };
  };

  /** The Update's failure, or a test failure when it has not answered in time (the defect was a hang). */
  async function refusal(update: Promise<unknown>, ms = 30_000): Promise<ApplicationFailure> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the Update did not answer within ${ms} ms`)), ms)));
    try {
      await Promise.race([update.then(() => Promise.reject(new Error('the Update was accepted'))), timeout]);
      throw new Error('unreachable');
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      expect(err.cause).toBeInstanceOf(ApplicationFailure);
      return err.cause as ApplicationFailure;
    } finally {
      clearTimeout(timer);
    }
  }
  const ledgerRows = (workflowId: string, updateId: string) => h.db('decision_ledger').where({ workflow_id: workflowId, update_id: updateId }).count<{ count: string }[]>({ count: '*' });

  it('a NUL in a single decider\'s rationale: refused as InvalidData, nothing recorded, the step open for the same and other callers', async () => {
    const created = await d.propose();
    const project = await d.detail(created.id);
    const workflowId: string = project.workflowId;
    const screening = created.activeStep.id;
    const updateId = `decide:test:${randomUUID()}`;

    const failure = await refusal(decideStep(h.client, workflowId, updateId, { stepId: screening, actor: await actorOf('coordinator2'), choice: 'accept', rationale: 'a\u0000b', evidence: [] }));
    expect(failure.type).toBe('InvalidData');
    expect(failure.message).toMatch(/22021|0x00/);
    expect(Number((await ledgerRows(workflowId, updateId))[0]!.count)).toBe(0);
    expect((await h.db('steps').where({ id: screening }).first('status')).status).toBe('active');

    // The step was released: the next decision through the API goes through and the project moves on.
    const accepted = await d.decide('coordinator2', screening, { choice: 'accept', rationale: 'Đủ hồ sơ' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.project.activeStep.type).toBe('board_review');
  });

  it('a NUL in a board member\'s vote: refused, and the same member can still vote', async () => {
    const created = await d.propose();
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const review: string = accepted.body.project.activeStep.id;
    const workflowId: string = accepted.body.project.workflowId;

    const failure = await refusal(decideStep(h.client, workflowId, `decide:test:${randomUUID()}`, { stepId: review, actor: await actorOf('boardChair'), choice: 'approve', rationale: 'ok', evidence: [], conflictOfInterest: 'x\u0000' }));
    expect(failure.type).toBe('InvalidData');

    // Not "AlreadyDecided": the failed vote was taken back.
    const chair = await d.decide('boardChair', review, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' });
    expect(chair.status).toBe(200);
    const second = await d.decide('boardBusiness', review, { choice: 'approve' });
    expect(second.body.project.stage).toBe('partner_matching');
  });

  it('a NUL in a stage command: refused as InvalidData, and the project can still be cancelled properly', async () => {
    const created = await d.propose();
    const workflowId: string = (await d.detail(created.id)).workflowId;
    const chair = await actorOf('boardChair');

    const failure = await refusal(commandProject(h.client, workflowId, `cancel:test:${randomUUID()}`, { kind: 'cancel', actor: chair, rationale: 'dừng\u0000lại' }));
    expect(failure.type).toBe('InvalidData');

    const cancelled = await d.command('boardChair', created.id, 'cancellation', { rationale: 'Không còn phù hợp' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.project.stage).toBe('cancelled');
    // The workflow completed: no handler was left running (allHandlersFinished held).
    const described = await until('the workflow to close', () => h.client.workflow.getHandle(workflowId).describe(), (x) => x.status.name !== 'RUNNING');
    expect(described.status.name).toBe('COMPLETED');
  });
});
