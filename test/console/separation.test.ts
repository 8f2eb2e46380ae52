import { join } from 'node:path';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * Separation of duties in the console (issue 13): an open step says who was left out and why, in
 * Vietnamese and English; the person left out is told so; a step the rule handed to the board chair
 * says so in the chair's inbox. A scratch database: a coordinator is switched off here.
 */
describe('console: separation of duties on a step', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('sod_console') });
    d = lifecycleDriver(h);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  it("shows on a coordinator's own proposal that she is left out as its proposer, and lets the other coordinator screen it", async () => {
    const created = await d.propose({ title: 'Góc đọc sách ngõ 5 Đội Cấn' }, 'coordinator');

    const own = await c.signedIn('coordinator');
    await own.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    const notice = own.getByTestId('recusal-notice');
    await notice.waitFor({ timeout: 15000 });
    expect(await notice.getAttribute('data-code')).toBe('proposer');
    expect(await notice.innerText()).toContain('người đề xuất dự án này');
    expect(await own.getByTestId('decide-accept').count()).toBe(0);
    await own.close();

    const other = await c.signedIn('coordinator2');
    await other.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    const recusal = other.getByTestId('step-recusal');
    await recusal.waitFor({ timeout: 15000 });
    expect(await recusal.getAttribute('data-code')).toBe('proposer');
    expect(await recusal.innerText()).toBe('Nguyễn Thu Hà: người đề xuất dự án này (quy tắc phân tách nhiệm vụ, phiên bản 1)');
    // The same in English, once the reader switches language.
    await other.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await other.waitForFunction(() => document.querySelector('[data-testid="step-recusal"]')?.textContent?.includes('proposer of this project'), null, { timeout: 15000 });
    expect(await recusal.innerText()).toBe('Nguyễn Thu Hà: proposer of this project (separation-of-duties rule, version 1)');
    await other.screenshot({ path: join(SHOTS, 'step-recusal.png'), fullPage: true });
    await other.getByTestId('decide-accept').click({ timeout: 15000 });
    await other.getByTestId('decision-submit').click();
    await other.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="open-step"]')).some((e) => e.getAttribute('data-step')?.includes(':board_review:')), null, { timeout: 15000 });
    const ledger = await h.db('decision_ledger').where({ project_id: created.id });
    expect(ledger.map((e) => [e.choice, e.actor_user_id])).toEqual([['accept', await h.userId('coordinator2')]]);
    await other.close();
  });

  it("puts the step the rule handed to the board chair in the chair's inbox, saying why", async () => {
    const coordinator2 = await h.userId('coordinator2');
    await h.db('users').where({ id: coordinator2 }).update({ active: false });
    try {
      const created = await d.propose({ title: 'Sân bóng mini khu tập thể Thành Công' }, 'coordinator');
      const page = await c.signedIn('boardChair');
      await page.getByTestId('menu-inbox').click({ timeout: 15000 });
      const item = page.locator(`[data-testid="inbox-item"][data-step="${created.activeStep.id}"]`);
      await item.waitFor({ timeout: 15000 });
      const recusals = item.getByTestId('step-recusals');
      expect(await recusals.getAttribute('data-fallback')).toBe('board_chair');
      expect(await item.getByTestId('step-fallback').innerText()).toContain('Trưởng Ban điều phối');
      expect(await item.getByTestId('step-recusal').innerText()).toContain('Nguyễn Thu Hà: người đề xuất dự án này');
      await page.screenshot({ path: join(SHOTS, 'inbox-fallback.png'), fullPage: true });
      await page.close();
    } finally {
      await h.db('users').where({ id: coordinator2 }).update({ active: true });
    }
    expect(c.consoleErrors).toEqual([]);
  });

  it('shows the admin who chairs the ward and lets them name another chair, recorded in the trail', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/units`);
    const chair = page.getByTestId('unit-chair').first();
    await chair.waitFor({ timeout: 15000 });
    expect(await chair.innerText()).toBe('Trịnh Văn Sơn');
    await chair.click();
    await page.getByTestId('unit-edit').waitFor({ timeout: 15000 });
    await page.locator('.MuiFormControl-root:has(input[name="chairUserId"]) [role="combobox"]').click();
    await page.getByRole('option', { name: /Lý Minh Khoa/ }).click();
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('admin-trail').getByText(/Lý Minh Khoa|chairUserId|Chủ tịch/).first().waitFor({ timeout: 15000 });
    expect(await h.db('units').where({ code: 'BD' }).first('chair_user_id')).toEqual({ chair_user_id: await h.userId('coordinator2') });
    expect(await h.db('admin_changes').where({ entity: 'units', entity_id: 'BD', actor_user_id: await h.userId('admin') }).count('* as n').first()).toEqual({ n: 1 });
    await page.screenshot({ path: join(SHOTS, 'unit-chair.png'), fullPage: true });
    await page.close();
    // A coordinator sees the chair but may not change it.
    const coordinator = await c.signedIn('coordinator');
    await coordinator.goto(`${c.baseUrl}/#/units`);
    await coordinator.getByTestId('unit-chair').first().waitFor({ timeout: 15000 });
    expect(await coordinator.getByTestId('unit-chair').first().innerText()).toBe('Lý Minh Khoa');
    await coordinator.goto(`${c.baseUrl}/#/units/BD`);
    expect(await coordinator.getByTestId('unit-edit').count()).toBe(0);
    await coordinator.close();
    await h.db('units').where({ code: 'BD' }).update({ chair_user_id: await h.userId('unitChair') });
  });
});
