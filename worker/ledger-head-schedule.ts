import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** The Schedule that signs the ledger's head every day (issue 11, defect 6). */
export const LEDGER_HEAD_SCHEDULE_ID = 'ledger-head-daily';

/**
 * Creates the daily Schedule once; a worker that starts when it already exists leaves it as it is.
 * 23:55 Vietnam time, so each day's decisions are pinned by that day's signed head.
 */
export async function ensureLedgerHeadSchedule(client: Client, taskQueue: string, scheduleId = LEDGER_HEAD_SCHEDULE_ID): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 23, minute: 55 }], timezone: 'Asia/Ho_Chi_Minh' },
      action: { type: 'startWorkflow', workflowType: 'publishLedgerHead', taskQueue, workflowId: `${scheduleId}-run`, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { what: 'Signs the head of the decision ledger with the key outside the database' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
