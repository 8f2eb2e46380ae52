import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * The stage forms the walk in lifecycle.test.ts does not use: the chair's waiver and cancellation,
 * the lead team's change request, the coordinator's withdrawal and deadline extension. For each,
 * one refusal shown at its field (the API's own schema, in Vietnamese) and one accepted command
 * that reaches the ledger. The set-up before each form goes through the API as the demo users.
 */
describe('console: stage forms, one refusal and one accepted submission each', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  const fieldError = (page: Page, name: string) => page.locator(`[role="dialog"] .MuiFormControl-root:has([name="${name}"]) .MuiFormHelperText-root.Mui-error`).first();
  const ledger = async (projectId: string, choice: string) => h.db('decision_ledger').where({ project_id: projectId, choice }).first();

  async function open(page: Page, projectId: string) {
    await page.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await page.reload();
    await page.getByTestId('project-timeline').waitFor({ timeout: 30000 });
  }

  /** Opens a form, sends it once wrong (the reason shows at `field`), fixes it, and sends it again. */
  async function refuseThenSend(page: Page, testId: string, field: string, wrong: () => Promise<void>, right: () => Promise<void>) {
    await page.getByTestId(testId).first().click({ timeout: 30000 });
    await wrong();
    await page.getByTestId(`${testId}-submit`).click();
    await fieldError(page, field).waitFor({ timeout: 10000 });
    await right();
    await page.getByTestId(`${testId}-submit`).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });
  }

  it('waiver, change request, withdrawal, extension and cancellation', async () => {
    // At matching: the school covers the venue; the chair waives the missing volunteers.
    const project = await d.approved({ title: 'Góc đọc sách tổ dân phố 9', leadTeamCode: 'BD-ENV', requestedBudgetVnd: 10_000_000 });
    await d.commit(project.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    const chair = await c.signedIn('boardChair');
    await open(chair, project.id);
    await refuseThenSend(
      chair,
      'action-waive-capability',
      'rationale',
      () => chair.locator('textarea[name="rationale"]').fill('ok'),
      () => chair.locator('textarea[name="rationale"]').fill('Tổ dân phố tự huy động tình nguyện viên, không cần đối tác'),
    );
    expect((await ledger(project.id, 'waive')).rationale).toContain('Tổ dân phố');

    // Funding and its approval through the API; execution opens.
    await until('the project to reach funding', async () => (await d.detail(project.id)).stage, (s) => s === 'funding');
    expect((await d.command('teamLead', project.id, 'plan', { lines: [{ label: 'Sách và kệ', amountVnd: 10_000_000 }], milestones: [{ code: 'M1', title: 'Khai trương góc đọc', ownerTeamCode: 'BD-ENV', dueDate: inDays(20) }] })).status).toBe(200);
    expect((await d.command('teamLead', project.id, 'pledges', { source: 'state', amountVnd: 2_000_000 })).status).toBe(200);
    expect((await d.command('teamLead', project.id, 'pledges', { source: 'community', amountVnd: 8_000_000 })).status).toBe(200);
    const fundingStep = d.openStep(await d.detail(project.id), 'funding_approval')!;
    expect((await d.decide('teamLead', fundingStep.id, { choice: 'approve' })).status).toBe(200);
    await until('the project to reach execution', async () => (await d.detail(project.id)).stage, (s) => s === 'execution');

    // The lead team asks to move the schedule; the request shows with its state.
    const lead = await c.signedIn('teamLead');
    await open(lead, project.id);
    await refuseThenSend(
      lead,
      'action-change',
      'description',
      () => lead.locator('textarea[name="description"]').fill('x'),
      async () => {
        await lead.locator('textarea[name="description"]').fill('Dời khai trương một tuần vì trùng lịch họp tổ dân phố');
        await lead.locator('input[name="scheduleShiftDays"]').fill('7');
      },
    );
    await lead.locator('[data-testid="change-request-row"][data-status="open"]').waitFor({ timeout: 30000 });
    expect((await ledger(project.id, 'request_change')).details.change).toMatchObject({ kind: 'schedule', scheduleShiftDays: 7 });
    await lead.screenshot({ path: join(SHOTS, 'project-change-request.png'), fullPage: true });

    // The coordinator records the school's withdrawal and extends the execution deadline.
    const coordinator = await c.signedIn('coordinator');
    await open(coordinator, project.id);
    await refuseThenSend(
      coordinator,
      'action-withdraw',
      'reason',
      () => coordinator.locator('textarea[name="reason"]').fill(''),
      () => coordinator.locator('textarea[name="reason"]').fill('Trường sửa chữa phòng học, không còn chỗ'),
    );
    expect((await ledger(project.id, 'withdraw_partner')).rationale).toContain('sửa chữa');
    await open(coordinator, project.id);
    await refuseThenSend(
      coordinator,
      'action-extend',
      'workingDays',
      () => coordinator.locator('input[name="workingDays"]').fill('0'),
      async () => {
        await coordinator.locator('input[name="workingDays"]').fill('3');
        await coordinator.locator('textarea[name="reason"]').fill('Chờ đối tác mới thay trường THCS');
      },
    );
    expect((await ledger(project.id, 'extend_sla')).details).toMatchObject({ workingDays: 3 });

    // The chair cancels, with a rationale.
    await open(chair, project.id);
    await refuseThenSend(
      chair,
      'action-cancel',
      'rationale',
      () => chair.locator('textarea[name="rationale"]').fill(' '),
      () => chair.locator('textarea[name="rationale"]').fill('Không còn địa điểm phù hợp trong năm nay'),
    );
    await until('the project to be cancelled', async () => (await d.detail(project.id)).stage, (s) => s === 'cancelled');
    expect((await d.detail(project.id)).stage).toBe('cancelled');
    await open(chair, project.id);
    expect(await chair.getByTestId('project-actions').count()).toBe(0);
    await chair.screenshot({ path: join(SHOTS, 'project-cancelled.png'), fullPage: true });
  }, 600_000);
});
