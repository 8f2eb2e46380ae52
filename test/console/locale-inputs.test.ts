import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * Inputs that follow the console's language, not the browser's (issue 14): the ledger's dates are
 * typed day/month/year in an en-US browser showing the Vietnamese interface, and the proposal
 * form writes its budget in words in both languages. Real API, PostgreSQL and Chromium.
 */
describe('console: inputs in the chosen language', () => {
  let h: Harness;
  let c: ConsoleSession;

  beforeAll(async () => {
    h = await startHarness();
    c = await startConsole(h);
    // The ledger shows its filters once it has an entry.
    const d = lifecycleDriver(h);
    const created = await d.propose({ title: 'Ghế đá công viên Thủ Lệ' });
    await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  const speak = async (page: Page, locale: 'vi' | 'en') => {
    await page.getByTestId('locale-switcher').locator(`button[value="${locale}"]`).click({ timeout: 15000 });
    await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached', timeout: 15000 }).catch(() => undefined);
  };

  it('shows the ledger date filters as dd/mm/yyyy in an en-US browser with the Vietnamese interface', async () => {
    const page = await c.signedIn('auditor', 'en-US');
    await page.goto(`${c.baseUrl}/#/decisions`);
    await speak(page, 'vi');
    const from = page.locator('input[name="from"]');
    await from.waitFor({ timeout: 15000 });
    expect(await from.getAttribute('type')).toBe('text');
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(await page.locator('input[name="to"]').getAttribute('placeholder')).toBe('dd/mm/yyyy');

    // Typed day first: 25 December cannot be a month, so it is read as a day and the list narrows.
    await from.fill('25/12/2099');
    await page.getByTestId('ledger-no-match').waitFor({ timeout: 15000 });
    expect(new URL(page.url().replace('/#/', '/')).searchParams.get('filter')).toContain('25/12/2099');
    await page.screenshot({ path: join(SHOTS, 'ledger-date-filter-vi.png'), fullPage: false });

    // A month first (the browser's own order) is refused: the field turns red, its reason in Vietnamese
    // is the field's description (the filter bar keeps no room for helper lines).
    await from.fill('12/25/2099');
    await page.locator('input[name="from"][aria-invalid="true"]').waitFor({ timeout: 15000 });
    const describedBy = await from.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026.');
    await page.close();
  });

  it('writes the budget in words under its figure, in Vietnamese and in English', async () => {
    const page = await c.signedIn('teamLead');
    await page.goto(`${c.baseUrl}/#/projects/create`);
    await page.locator('input[name="requestedBudgetVnd"]').fill('85000000');
    const words = page.getByTestId('budget-in-words');
    await page.waitForFunction(() => document.querySelector('[data-testid="budget-in-words"]')?.textContent === 'Bằng chữ: Tám mươi lăm triệu đồng', null, { timeout: 15000 });
    // The form starts afresh in the other language: the amount is typed again.
    await speak(page, 'en');
    await page.locator('input[name="requestedBudgetVnd"]').fill('85000000');
    await page.waitForFunction(() => document.querySelector('[data-testid="budget-in-words"]')?.textContent === 'In words: Eighty-five million dong', null, { timeout: 15000 });
    await page.locator('input[name="requestedBudgetVnd"]').fill('105000000');
    await page.waitForFunction(() => document.querySelector('[data-testid="budget-in-words"]')?.textContent === 'In words: One hundred five million dong', null, { timeout: 15000 });
    expect(await words.count()).toBe(1);
    await page.close();
    expect(c.consoleErrors).toEqual([]);
  });
});
