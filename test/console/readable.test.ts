import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { CHOICES, COMMAND_KINDS, SLA_STATUSES, STAGES, STEP_OUTCOMES } from '../../domain/lifecycle';
import { createLogger } from '../../platform/logger';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * Issue 14, part B: what happened, told in sentences; typed text that survives an expired token;
 * the return loop; phones. The built console against the real API, worker, Temporal and PostgreSQL.
 */
describe('console: readable history, kept drafts, the return loop, phones', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;
  let matched: { id: string; code: string };

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('readable') });
    d = lifecycleDriver(h);
    c = await startConsole(h);
    // A project at partner matching with an invitation sent and accepted: stage commands in the ledger.
    const project = await d.approved({ title: 'Không gian đọc sách tổ dân phố 9' });
    await d.commit(project.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    matched = { id: project.id, code: project.code };
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  /** Raw keys a screen must never show as they are: every choice, command, outcome, stage and SLA status. */
  const RAW_KEYS = [...new Set([...CHOICES, ...COMMAND_KINDS, ...STEP_OUTCOMES, ...STAGES, ...SLA_STATUSES])];
  const rawKeysIn = (text: string) => RAW_KEYS.filter((key) => new RegExp(`(^|[^\\p{L}_])${key}([^\\p{L}_]|$)`, 'u').test(text));

  it('tells each ledger entry as a sentence with names, in Vietnamese and English, with the JSON behind "details"', async () => {
    const page = await c.signedIn('auditor');
    await page.goto(`${c.baseUrl}/#/decisions?filter=${encodeURIComponent(JSON.stringify({ q: matched.code }))}`);
    const sentences = page.getByTestId('entry-sentence');
    await page.locator('[data-testid="entry-sentence"][data-choice="accept_invitation"]').waitFor({ timeout: 20000 });
    const invite = page.locator('[data-testid="entry-sentence"][data-choice="invite"]');
    expect(await invite.innerText()).toBe('Nguyễn Thu Hà mời HTX Xanh Ba Đình đóng góp Tình nguyện viên');
    expect(await page.locator('[data-testid="entry-sentence"][data-choice="accept_invitation"]').innerText()).toBe('HTX Xanh Ba Đình nhận lời mời đóng góp Tình nguyện viên');
    // The project was proposed by the coordinator: the other coordinator screened it.
    expect(await page.locator('[data-testid="entry-sentence"][data-choice="accept"]').innerText()).toContain('Lý Minh Khoa chấp nhận ở bước');
    // No sentence shows an id, a placeholder or a raw key.
    for (const text of await sentences.allInnerTexts()) {
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|%\{|app\.|undefined/);
      expect(rawKeysIn(text)).toEqual([]);
    }
    await page.screenshot({ path: join(SHOTS, 'ledger-sentences.png'), fullPage: true });

    // The entry itself: the sentence on top, the recorded JSON only when asked for.
    await invite.click();
    const entry = page.getByTestId('ledger-entry');
    await entry.waitFor({ timeout: 15000 });
    expect(await entry.getByTestId('entry-sentence').innerText()).toBe('Nguyễn Thu Hà mời HTX Xanh Ba Đình đóng góp Tình nguyện viên');
    expect(await page.getByTestId('entry-details').count()).toBe(0);
    await page.getByTestId('entry-details-toggle').click();
    const partnerId = await d.partnerId('HTX Xanh Ba Đình');
    expect(JSON.parse(await page.getByTestId('entry-details').innerText())).toEqual({ partnerId, capability: 'volunteers' });
    await page.screenshot({ path: join(SHOTS, 'ledger-entry-sentence.png'), fullPage: true });

    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await entry.getByTestId('entry-sentence').innerText()).toBe('Nguyễn Thu Hà invited HTX Xanh Ba Đình to contribute Volunteers');
    await page.close();
  });

  it('shows no raw key in the timeline and the steps table, in either language', async () => {
    for (const locale of ['vi-VN', 'en-GB'] as const) {
      const page = await c.signedIn('coordinator', locale);
      await page.goto(`${c.baseUrl}/#/projects/${matched.id}/show`);
      const timeline = page.getByTestId('project-timeline');
      await timeline.waitFor({ timeout: 20000 });
      await page.getByTestId('timeline-sentence').first().waitFor({ timeout: 15000 });
      const text = (await timeline.innerText()) + (await page.locator('table').allInnerTexts()).join('\n');
      expect(rawKeysIn(text)).toEqual([]);
      await page.close();
    }
  });

  it('keeps a decision dialog and its text through an access-token expiry, and the text through a reload', async () => {
    // The same API with 10-second access tokens: the console must trade its refresh token.
    const shortLived = createApp({ config: { ...h.config, jwt: { ...h.config.jwt, ttlSeconds: 10 } }, db: h.appDb, temporal: h.client, log: createLogger('silent', 'api-test') });
    const server = await new Promise<Server>((resolve) => {
      const s = shortLived.listen(0, '127.0.0.1', () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const page = await c.browser.newPage({ locale: 'vi-VN', viewport: { width: 1440, height: 900 } });
    try {
      // A team lead's proposal: the coordinator may screen it (no one screens their own).
      const created = await d.propose({ title: 'Sửa sân chơi tổ dân phố 12' }, 'teamLead');
      const user = DEMO_USERS.find((u) => u.key === 'coordinator')!;
      await page.goto(`${baseUrl}/`);
      await page.locator('input[name="email"]').fill(user.email);
      await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.locator('input[name="password"]').waitFor({ state: 'detached', timeout: 15000 });
      await page.goto(`${baseUrl}/#/projects/${created.id}/show`);
      await page.getByTestId('decide-return').click({ timeout: 20000 });
      const rationale = 'Cần bổ sung dự toán chi tiết và ý kiến của tổ dân phố 12';
      await page.locator('textarea[name="rationale"]').fill(rationale);

      // The console renews the token before it ends, with nothing sent meanwhile: wait for the new one.
      const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('dong-hanh.session') ?? 'null') as { token: string } | null);
      const first = (await stored())!.token;
      const exp = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString()).exp as number;
      await page.waitForFunction((old) => JSON.parse(localStorage.getItem('dong-hanh.session') ?? 'null')?.token !== old, first, { timeout: 20000, polling: 250 });
      expect(Date.now()).toBeLessThan(exp * 1000);
      // Then past the first token's end: the API refuses it, the dialog stays.
      await page.waitForFunction((at) => Date.now() > at * 1000 + 1000, exp, { timeout: 30000, polling: 500 });
      expect((await h.api().get('/api/steps').set('Authorization', `Bearer ${first}`)).status).toBe(401);
      // The dialog is still there with the text; sending it works with the renewed token.
      expect(await page.locator('textarea[name="rationale"]').inputValue()).toBe(rationale);
      await page.getByTestId('decision-submit').click();
      await page.locator('textarea[name="rationale"]').waitFor({ state: 'detached', timeout: 20000 });
      const entry = await h.db('decision_ledger').where({ step_id: created.activeStep.id }).first('choice', 'rationale');
      expect(entry).toEqual({ choice: 'return', rationale });
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dong-hanh.draft')))).toEqual([]);

      // Text typed and not sent survives a reload (and a sign-out): it is kept per step until sent.
      const other = await d.propose({ title: 'Lớp học bơi hè cho thiếu nhi' }, 'teamLead');
      await page.goto(`${baseUrl}/#/projects/${other.id}/show`);
      await page.getByTestId('decide-reject').click({ timeout: 20000 });
      await page.locator('textarea[name="rationale"]').fill('Trùng với chương trình của phường năm nay');
      await page.reload();
      await page.getByTestId('decide-reject').click({ timeout: 20000 });
      expect(await page.locator('textarea[name="rationale"]').inputValue()).toBe('Trùng với chương trình của phường năm nay');
      await page.screenshot({ path: join(SHOTS, 'decision-draft-kept.png') });
    } finally {
      await page.close();
      await new Promise((r) => server.close(r));
    }
  });

  it("closes the return loop: the proposer sees the reason, the running deadline and that they must act", async () => {
    const created = await d.propose({ title: 'Tủ sách dùng chung khu tập thể Thành Công' }, 'cultureLead');
    const reason = 'Chưa có cam kết địa điểm của nhà văn hóa';
    expect((await d.decide('coordinator', created.activeStep.id, { choice: 'return', rationale: reason })).status).toBe(200);
    const resubmission = await until(`the resubmission of ${created.code} to open`, async () => (await h.db('steps').where({ project_id: created.id, type: 'resubmission', status: 'active' }).first('id')) as { id: string } | undefined);
    expect(resubmission).toBeDefined();

    const page = await c.signedIn('cultureLead');
    await page.goto(`${c.baseUrl}/#/inbox`);
    const card = page.locator(`[data-testid="inbox-item"][data-step="${resubmission.id}"]`);
    await card.waitFor({ timeout: 20000 });
    await card.getByTestId('inbox-return-reason').waitFor({ timeout: 15000 });
    expect(await card.getByTestId('inbox-return-reason').innerText()).toContain(reason);
    expect(await card.getByTestId('sla-chip').getAttribute('data-sla')).toBe('awaiting_proposer');
    expect(await card.getByTestId('sla-chip').innerText()).not.toContain('Tạm dừng');
    expect(Number(await card.getByTestId('deadline-chip').getAttribute('data-days'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'inbox-returned.png'), fullPage: true });
    await card.getByTestId('decide-resubmit').click();
    const title = await page.locator('#decision-dialog-title').innerText();
    expect(title).not.toMatch(/Nộp lại\s*—\s*Nộp lại/);
    await page.keyboard.press('Escape');

    await page.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    const step = page.locator(`[data-testid="open-step"][data-step="${resubmission.id}"]`);
    await step.waitFor({ timeout: 20000 });
    expect(await step.getByTestId('step-actor').innerText()).toContain('Bùi Thanh Tâm');
    expect(await step.getByTestId('sla-chip').getAttribute('data-sla')).toBe('awaiting_proposer');
    await page.close();
  });

  it('fits a 390 px phone on every screen: no page-wide horizontal scroll, the top bar in view', async () => {
    const screens: [string, string, string][] = [
      ['coordinator', '#/', 'dashboard'],
      ['teamLead', '#/pipeline', 'pipeline-board'],
      ['teamLead', '#/steps', 'my-steps'],
      ['coordinator', '#/projects', 'projects-list'],
      ['coordinator', `#/projects/${matched.id}/show`, 'project-timeline'],
      ['auditor', '#/decisions', 'ledger-list'],
      ['boardChair', '#/inbox', 'inbox'],
    ];
    const pages = new Map<string, Page>();
    const overflowing: string[] = [];
    for (const [key, path, testId] of screens) {
      let page = pages.get(key);
      if (!page) {
        page = await c.signedIn(key);
        await page.setViewportSize({ width: 390, height: 844 });
        pages.set(key, page);
      }
      await page.goto(`${c.baseUrl}/${path}`);
      await page.locator(`[data-testid="${testId}"]`).first().waitFor({ timeout: 20000 });
      await page.waitForLoadState('networkidle');
      const fit = await page.evaluate(() => {
        const switcher = document.querySelector('[data-testid="locale-switcher"]')?.getBoundingClientRect();
        // What sticks out, to say which box widens the page when one does.
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 6)
          .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}`);
        return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, switcherRight: switcher ? switcher.right : null, wide };
      });
      if (fit.scrollWidth > fit.width || fit.switcherRight === null || fit.switcherRight > fit.width) overflowing.push(`${path}: ${JSON.stringify(fit)}`);
      await page.screenshot({ path: join(SHOTS, `phone-${testId}.png`) });
    }
    expect(overflowing).toEqual([]);

    // The monthly chart opens on the current month.
    const dashboard = pages.get('coordinator')!;
    await dashboard.goto(`${c.baseUrl}/#/`);
    const chart = dashboard.getByTestId('dashboard-chart-ontime-month');
    await chart.waitFor({ timeout: 20000 });
    const month = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
    const current = chart.locator(`[data-key="${month}"]`);
    await current.waitFor({ timeout: 15000 });
    const inView = await current.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const scroller = el.parentElement!.getBoundingClientRect();
      return box.left >= scroller.left - 1 && box.right <= scroller.right + 1 && box.right <= window.innerWidth;
    });
    expect(inView).toBe(true);
    for (const page of pages.values()) await page.close();
  });

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors).toEqual([]);
  });
});
