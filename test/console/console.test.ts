import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import { startHarness, sampleProposal, type Harness } from '../support/harness';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'console');

/** The built console in Debian's Chromium against the real API, worker, Temporal and PostgreSQL. */
describe('console', () => {
  let h: Harness;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    server = await new Promise<Server>((resolve) => {
      const s = h.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await h?.stop();
  });

  async function signedIn(key: string): Promise<Page> {
    const page = await browser.newPage({ locale: 'vi-VN' });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${key}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${key}: ${err.message}`));
    const user = DEMO_USERS.find((u) => u.key === key)!;
    await page.goto(`${baseUrl}/`);
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('input[name="password"]').waitFor({ state: 'detached', timeout: 15000 });
    return page;
  }

  it('shows the login page, then the project list to a coordinator', async () => {
    const token = await h.tokenFor('coordinator');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal({ title: 'Sân chơi an toàn cho trẻ em tổ 12' }));
    expect(created.status).toBe(201);

    const page = await browser.newPage({ locale: 'vi-VN' });
    await page.goto(`${baseUrl}/`);
    await page.locator('input[name="email"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.close();

    const signed = await signedIn('coordinator');
    const list = signed.getByTestId('projects-list');
    await list.waitFor({ timeout: 15000 });
    await signed.getByText('Sân chơi an toàn cho trẻ em tổ 12').first().waitFor();
    await expect(signed.getByTestId('sla-chip').first().isVisible()).resolves.toBe(true);
    await signed.screenshot({ path: join(SHOTS, 'projects-list.png'), fullPage: true });
    await signed.close();
  });

  it('lets the coordinator accept a screening step from the project page', async () => {
    const token = await h.tokenFor('coordinator');
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(sampleProposal({ title: 'Chợ phiên sinh kế xanh cuối tuần' }));
    const page = await signedIn('coordinator');
    await page.getByTestId('projects-list').waitFor({ timeout: 15000 });
    await page.goto(`${baseUrl}/#/projects/${created.body.id}/show`);
    await page.getByTestId('decide-accept').click({ timeout: 15000 });
    await page.getByTestId('decision-submit').click();
    await page.getByText(/board_review|Bỏ phiếu|Ban điều phối/i).first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'project-show.png'), fullPage: true });
    const ledger = await h.db('decision_ledger').where({ project_id: created.body.id });
    expect(ledger).toHaveLength(1);
    expect(ledger[0].choice).toBe('accept');
    await page.close();
  });

  it('does not offer decisions to an auditor', async () => {
    const auditor = await signedIn('auditor');
    await auditor.getByTestId('projects-list').waitFor({ timeout: 15000 });
    expect(await auditor.getByTestId('decide-accept').count()).toBe(0);
    await auditor.close();
  });

  it('switches between Vietnamese and English', async () => {
    const page = await signedIn('coordinator');
    await page.getByTestId('projects-list').waitFor({ timeout: 15000 });
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
    expect(consoleErrors).toEqual([]);
  });
});
