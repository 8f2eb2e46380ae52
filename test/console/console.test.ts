import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startHarness, sampleProposal, type Harness } from '../support/harness';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/** The built console in Debian's Chromium against the real API, worker, Temporal and PostgreSQL. */
describe('console', () => {
  let h: Harness;
  let c: ConsoleSession;

  beforeAll(async () => {
    h = await startHarness();
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  /** Signed in, on the project list (the landing page is the dashboard). */
  async function onProjects(key: string): Promise<Page> {
    const page = await c.signedIn(key);
    await page.goto(`${c.baseUrl}/#/projects`);
    await page.getByTestId('projects-list').waitFor({ timeout: 15000 });
    return page;
  }

  it('shows the login page, then the project list to a coordinator', async () => {
    const token = await h.tokenFor('coordinator');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal({ title: 'Sân chơi an toàn cho trẻ em tổ 12' }));
    expect(created.status).toBe(201);

    const page = await c.browser.newPage({ locale: 'vi-VN' });
    await page.goto(`${c.baseUrl}/`);
    await page.locator('input[name="email"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.close();

    const signed = await onProjects('coordinator');
    await signed.getByText('Sân chơi an toàn cho trẻ em tổ 12').first().waitFor();
    await expect(signed.getByTestId('sla-chip').first().isVisible()).resolves.toBe(true);
    await signed.screenshot({ path: join(SHOTS, 'projects-list.png'), fullPage: true });
    await signed.close();
  });

  it('lets the coordinator accept a screening step from the project page', async () => {
    // Proposed by a team lead: no one screens their own proposal.
    const token = await h.tokenFor('teamLead');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal({ title: 'Chợ phiên sinh kế xanh cuối tuần' }));
    const page = await onProjects('coordinator');
    await page.goto(`${c.baseUrl}/#/projects/${created.body.id}/show`);
    await page.getByTestId('decide-accept').click({ timeout: 15000 });
    await page.getByTestId('decision-submit').click();
    await page.getByText(/board_review|Bỏ phiếu|Ban điều phối/i).first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'project-show.png'), fullPage: true });
    const ledger = await h.db('decision_ledger').where({ project_id: created.body.id });
    expect(ledger).toHaveLength(1);
    expect(ledger[0].choice).toBe('accept');
    await page.close();
  });

  it('signing out ends the session on the server: the token it held is refused at once', async () => {
    const page = await c.signedIn('auditor');
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('dong-hanh.session') ?? '{}').token as string);
    expect((await h.api().get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.locator('input[name="password"]').waitFor({ timeout: 15000 });
    expect((await h.api().get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    await page.close();
  });

  it('does not offer decisions to an auditor', async () => {
    const auditor = await onProjects('auditor');
    expect(await auditor.getByTestId('decide-accept').count()).toBe(0);
    await auditor.close();
  });

  it('switches between Vietnamese and English', async () => {
    const page = await onProjects('coordinator');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    const before = await page.locator('body').innerText();
    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const after = await page.locator('body').innerText();
    expect(after).not.toEqual(before);
    expect(after).toMatch(/Projects/);
    await page.screenshot({ path: join(SHOTS, 'projects-list-en.png'), fullPage: true });
    await page.close();
  });

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors).toEqual([]);
  });
});
