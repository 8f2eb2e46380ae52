import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../api/auth';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * The accountable person of a step in the console (issue 13): shown on the project page, the
 * coordinator reassigns it with a reason in the dialog (refused first without one, in Vietnamese),
 * then sees the new name and the ledger entry; the pipeline card shows the name too.
 */
describe('console: reassign a step', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;
  const second = { id: randomUUID(), name: 'Lý Minh Châu' };

  beforeAll(async () => {
    // Its own database: the second coordinator must not change who decides in other suites.
    h = await startHarness({ databaseUrl: await scratchDatabase('reassignment') });
    d = lifecycleDriver(h);
    await h.db('users').insert({ id: second.id, email: `dieuphoi2-${second.id.slice(0, 8)}@donghanh.vn`, display_name: second.name, password_hash: await hashPassword('mat-khau-du-dai-1'), role: 'coordinator', unit_code: 'BD', team_code: 'BD-ADM' });
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.db('users').where({ id: second.id }).update({ active: false });
    await h?.stop();
  });

  const assigneeOf = (page: Page, stepId: string) => page.locator(`[data-testid="open-step"][data-step="${stepId}"] [data-testid="step-assignee"]`);

  it('shows the accountable person, reassigns with a reason and shows the new name and the ledger entry', async () => {
    const created = await d.propose({ title: 'Góc thư viện tổ dân phố 14', leadTeamCode: 'BD-ENV' }, 'teamLead');
    const stepId = created.activeStep.id;
    const before = (await d.detail(created.id)).steps.find((s: { id: string }) => s.id === stepId);
    const targetId = before.assigneeUserId === second.id ? await h.userId('coordinator') : second.id;
    const target = (await h.db('users').where({ id: targetId }).first('display_name')).display_name as string;

    const page = await c.signedIn('coordinator');
    await page.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    await page.getByTestId('project-timeline').waitFor({ timeout: 30000 });
    await page.getByText('Người phụ trách').first().waitFor({ timeout: 15000 });
    expect(await assigneeOf(page, stepId).textContent()).toBe(before.assigneeName);

    await page.getByTestId('action-reassign').click({ timeout: 30000 });
    await page.getByRole('dialog').getByText('Giao lại bước').waitFor();
    await page.locator('[role="dialog"] .MuiFormControl-root:has(input[name="assigneeUserId"]) [role="combobox"]').click();
    await page.getByRole('option', { name: new RegExp(target) }).click();
    // Without a reason: refused at the field, nothing sent.
    await page.getByTestId('action-reassign-submit').click();
    await page.locator('[role="dialog"] .MuiFormControl-root:has([name="reason"]) .MuiFormHelperText-root.Mui-error').waitFor({ timeout: 10000 });
    expect(await h.db('decision_ledger').where({ step_id: stepId, choice: 'reassign' })).toHaveLength(0);

    const reason = 'Chị Hà tập huấn ở tỉnh; anh Châu theo dõi hồ sơ này';
    await page.locator('[role="dialog"] textarea[name="reason"]').fill(reason);
    await page.getByTestId('action-reassign-submit').click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });

    await page.waitForFunction(([id, name]) => document.querySelector(`[data-testid="open-step"][data-step="${id}"] [data-testid="step-assignee"]`)?.textContent === name, [stepId, target] as const, { timeout: 30000 });
    const row = page.locator('[data-testid="decision-row"][data-choice="reassign"]');
    await row.waitFor({ timeout: 30000 });
    expect(await row.textContent()).toContain(reason);
    expect(await row.textContent()).toContain('Giao lại người phụ trách');
    expect((await h.db('decision_ledger').where({ step_id: stepId, choice: 'reassign' }).first()).rationale).toBe(reason);
    await page.screenshot({ path: join(SHOTS, 'project-reassigned.png'), fullPage: true });

    // The pipeline card names the new person.
    await page.goto(`${c.baseUrl}/#/pipeline`);
    const card = page.locator(`[data-testid="pipeline-card"][data-code="${created.code}"]`);
    await card.waitFor({ timeout: 30000 });
    expect(await card.getByTestId('step-assignee').textContent()).toBe(target);

    // A board member sees the name but no reassignment button.
    const chair = await c.signedIn('boardChair', 'en-GB');
    await chair.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    await chair.getByTestId('project-timeline').waitFor({ timeout: 30000 });
    await chair.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await chair.getByText('Accountable').first().waitFor({ timeout: 15000 });
    expect(await assigneeOf(chair, stepId).textContent()).toBe(target);
    expect(await chair.getByTestId('action-reassign').count()).toBe(0);

    // Closed on time with the new person accountable: the dashboard counts it for them, in both languages.
    expect((await d.decide('coordinator', stepId, { choice: 'accept' })).status).toBe(200);
    await page.goto(`${c.baseUrl}/#/`);
    await page.reload();
    const person = page.locator(`[data-testid="dashboard-chart-ontime-person"] li[data-key="${targetId}"]`);
    await person.waitFor({ timeout: 30000 });
    expect(await person.textContent()).toContain(target);
    await page.getByText('Tỷ lệ đúng hạn theo người phụ trách').waitFor();
    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.getByText('On-time rate per accountable person').waitFor();
    await page.getByTestId('dashboard-chart-ontime-person').screenshot({ path: join(SHOTS, 'dashboard-on-time-per-person.png') });
  }, 300_000);
});
