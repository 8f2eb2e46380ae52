import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * The public portal on a phone (390×844) without signing in, in Vietnamese and then English, in
 * the built console against the real API, worker, Temporal and PostgreSQL. Screenshots for the README.
 */
describe('public portal on a phone, without signing in', () => {
  let h: Harness;
  let c: ConsoleSession;
  let code: string;
  let newestSeq: number;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('portal_ui') });
    d = lifecycleDriver(h);
    const created = await d.propose({
      title: 'Không gian đọc sách tổ dân phố 7',
      beneficiaries: { who: 'Thiếu nhi tổ dân phố 7 và gia đình', count: 240 },
    });
    code = created.code;
    const screened = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept', rationale: 'Đã gặp Nguyễn Thu Hà tại nhà văn hóa; hồ sơ đầy đủ.' });
    const review = screened.body.project.activeStep.id;
    await d.decide('boardChair', review, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' });
    const approved = await d.decide('boardBusiness', review, { choice: 'approve' });
    expect(approved.body.project?.stage).toBe('partner_matching');
    newestSeq = Number((await h.db('decision_ledger').max('seq as seq').first())!.seq);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  async function phonePage(locale: 'vi-VN' | 'en-GB'): Promise<Page> {
    const page = await c.browser.newPage({ locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page.on('console', (msg) => {
      if (msg.type() === 'error') c.consoleErrors.push(`portal: ${msg.text()}`);
    });
    page.on('pageerror', (err) => c.consoleErrors.push(`portal: ${err.message}`));
    return page;
  }
  const fitsThePhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('lists the projects by stage in Vietnamese with the ledger head, then the project, then English', async () => {
    // Even a browser that asks for English gets Vietnamese first.
    const page = await phonePage('en-GB');
    await page.goto(`${c.baseUrl}/portal`);
    await page.getByRole('heading', { name: 'Phường minh bạch' }).waitFor({ timeout: 20000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    const card = page.getByTestId('portal-project-card').filter({ hasText: code });
    await card.waitFor({ timeout: 15000 });
    await page.getByRole('heading', { name: /Kết nối đối tác/ }).waitFor();
    expect(await card.innerText()).toContain('240 người');
    const head = page.getByTestId('portal-ledger-head');
    expect(await head.innerText()).toContain(`Mục mới nhất số ${newestSeq}`);
    // Nobody signed in: the console's session is not there.
    expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => /token|session/i.test(k)))).toEqual([]);
    expect(await fitsThePhone(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'portal-vi.png'), fullPage: true });

    await card.click();
    await page.waitForURL(`**/portal/projects/${code}`);
    await page.getByTestId('portal-beneficiaries').getByText('Thiếu nhi tổ dân phố 7 và gia đình').waitFor({ timeout: 15000 });
    const decisions = page.getByTestId('portal-decisions');
    await decisions.getByText('Đã gặp […] tại nhà văn hóa; hồ sơ đầy đủ.').waitFor();
    expect(await decisions.innerText()).not.toContain('Nguyễn Thu Hà');
    expect(await decisions.innerText()).toContain('Cán bộ đồng hành');
    expect(await page.getByTestId('portal-indicators').innerText()).toContain('Trẻ em đến đọc mỗi tháng');
    // The open-data links download what the API serves.
    const iati = await page.getByTestId('portal-open-data').getByRole('link', { name: /IATI/ }).getAttribute('href');
    const xml = await page.request.get(`${c.baseUrl}${iati}`);
    expect(xml.status()).toBe(200);
    expect(await xml.text()).toContain(`<iati-identifier>VN-DONGHANH-BD-${code}</iati-identifier>`);
    expect(await page.getByTestId('portal-ledger-head').innerText()).toContain(`Mục mới nhất số ${newestSeq}`);
    expect(await fitsThePhone(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'portal-project-vi.png'), fullPage: true });

    // A resident rates the project and comments; the lead team answers; the answer shows with its delay.
    const form = page.getByTestId('portal-voice-form');
    for (const factor of ['access', 'procedure', 'officers', 'result', 'handling']) {
      await form.getByTestId(`portal-rate-${factor}`).locator('label').nth(3).click();
    }
    await form.getByTestId('portal-comment').fill('Mong có thêm giờ mở cửa buổi sáng cuối tuần.');
    await form.getByTestId('portal-voice-send').click();
    await form.getByText('Cảm ơn bạn: điểm đánh giá đã được ghi nhận.').waitFor({ timeout: 15000 });
    const mine = page.getByTestId('portal-comment-card').filter({ hasText: 'Mong có thêm giờ mở cửa buổi sáng cuối tuần.' });
    await mine.getByText('Đang chờ trả lời').waitFor({ timeout: 15000 });
    const stored = await h.db('public_comments').where({ comment: 'Mong có thêm giờ mở cửa buổi sáng cuối tuần.' }).first();
    expect([stored.access, stored.procedure, stored.officers, stored.result, stored.handling]).toEqual([4, 4, 4, 4, 4]);
    // The culture team's lead sees it waiting in the team's figures, then answers in the console, in Vietnamese.
    const lead = await c.signedIn('cultureLead');
    await lead.goto(`${c.baseUrl}/#/`);
    const waiting = lead.locator('[data-testid="dashboard-chart-comments"] tr[data-key="BD-CUL"]');
    await waiting.getByTestId('comments-unanswered').filter({ hasText: /^1$/ }).waitFor({ timeout: 20000 });
    expect(await waiting.getByTestId('comments-median').innerText()).toBe('—');
    await lead.getByTestId('dashboard-chart-comments').screenshot({ path: join(SHOTS, 'dashboard-comments-waiting.png') });
    await lead.getByTestId('menu-public-comments').click({ timeout: 15000 });
    const staffCard = lead.locator(`[data-testid="staff-comment"][data-id="${stored.id}"]`);
    await staffCard.waitFor({ timeout: 15000 });
    expect(await staffCard.getByTestId('hide-send').count()).toBe(0);
    await staffCard.getByTestId('answer-text').fill('Tổ Văn hóa tiếp thu: từ tháng sau mở cửa thêm sáng thứ Bảy và Chủ nhật.');
    await staffCard.getByTestId('answer-send').click();
    await staffCard.getByText(/^Đã trả lời/).waitFor({ timeout: 15000 });
    await lead.screenshot({ path: join(SHOTS, 'public-comments-answer.png'), fullPage: true });
    // Answered: nothing waits, and the time it took counts in the median (in hours).
    await lead.goto(`${c.baseUrl}/#/`);
    await waiting.getByTestId('comments-unanswered').filter({ hasText: /^0$/ }).waitFor({ timeout: 20000 });
    expect(await waiting.getByTestId('comments-median').innerText()).toMatch(/^\d+(,\d)? giờ$/);
    await lead.close();
    await page.reload();
    await mine.getByText('Tổ Văn hóa tiếp thu: từ tháng sau mở cửa thêm sáng thứ Bảy và Chủ nhật.').waitFor({ timeout: 15000 });
    expect(await mine.getByTestId('portal-answer-delay').innerText()).toMatch(/^Tổ phụ trách trả lời sau \d+ phút$/);
    await page.screenshot({ path: join(SHOTS, 'portal-voice-vi.png'), fullPage: true });
    expect((await h.db('public_comments').where({ id: stored.id }).first()).answered_by).toBe(await h.userId('cultureLead'));

    await page.getByTestId('portal-lang-en').click();
    await page.getByRole('heading', { name: 'Beneficiaries' }).waitFor({ timeout: 15000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('portal-stage').innerText()).toBe('Partner matching');
    expect(await decisions.innerText()).toContain('Screening · Coordinator · Accept');
    expect(await page.getByTestId('portal-ledger-head').innerText()).toContain(`Newest entry #${newestSeq}`);
    expect(await fitsThePhone(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'portal-project-en.png'), fullPage: true });

    // The choice is kept: the list in English, and back to Vietnamese by the switch.
    await page.getByText('← Back to all projects').click();
    await page.getByRole('heading', { name: 'Open ward' }).waitFor({ timeout: 15000 });
    await page.getByTestId('portal-project-card').filter({ hasText: code }).waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'portal-en.png'), fullPage: true });
    await page.getByTestId('portal-lang-vi').click();
    await page.getByRole('heading', { name: 'Phường minh bạch' }).waitFor({ timeout: 15000 });
    await page.close();
    expect(c.consoleErrors).toEqual([]);
  });

  it('lets a coordinator hide a comment with a reason in the console; the portal no longer shows it', async () => {
    const sent = await h.api().post(`/api/public/projects/${code}/comments`).set('Idempotency-Key', `hide-${Date.now()}`).send({ ratings: { access: 1, procedure: 1, officers: 1, result: 1, handling: 1 }, comment: 'Quảng cáo dịch vụ cho vay nhanh, liên hệ ngay.' });
    expect(sent.status).toBe(201);
    // The other coordinator: the first one proposed the project, and a proposer answers its comments (R22).
    const coordinator = await c.signedIn('coordinator2');
    await coordinator.getByTestId('menu-public-comments').click({ timeout: 15000 });
    const card = coordinator.locator(`[data-testid="staff-comment"][data-id="${sent.body.id}"]`);
    await card.waitFor({ timeout: 15000 });
    expect(await card.getByTestId('answer-send').count()).toBe(0);
    await card.getByTestId('hide-reason').fill('Nội dung quảng cáo, không liên quan dự án');
    await card.getByTestId('hide-send').click();
    await card.getByText(/Nội dung quảng cáo, không liên quan dự án/).waitFor({ timeout: 15000 });
    await coordinator.close();
    const row = await h.db('public_comments').where({ id: sent.body.id }).first();
    expect([row.hidden_by, row.hidden_reason]).toEqual([await h.userId('coordinator2'), 'Nội dung quảng cáo, không liên quan dự án']);
    const page = await phonePage('vi-VN');
    await page.goto(`${c.baseUrl}/portal/projects/${code}`);
    await page.getByTestId('portal-voice').waitFor({ timeout: 20000 });
    expect(await page.getByTestId('portal-voice').innerText()).not.toContain('cho vay nhanh');
    await page.close();
  });

  it("takes a residents' proposal from a phone, without an account, into screening", async () => {
    const page = await phonePage('vi-VN');
    await page.goto(`${c.baseUrl}/portal`);
    await page.getByTestId('portal-propose').click({ timeout: 20000 });
    const form = page.getByTestId('portal-propose-form');
    await form.locator('input[name="name"]').fill('Nhóm cư dân tổ 12');
    await form.locator('input[name="phone"]').fill('0987 654 321');
    await form.locator('input[name="title"]').fill('Đèn chiếu sáng ngõ 45');
    await form.locator('textarea[name="summary"]').fill('Lắp đèn năng lượng mặt trời cho ngõ 45, buổi tối rất tối và mất an toàn.');
    await form.getByTestId('portal-propose-team').locator('[role="combobox"]').click();
    await page.getByRole('option', { name: 'Không gian sống & Môi trường' }).click();
    await form.locator('input[name="budget"]').fill('25000000');
    await form.locator('input[name="who"]').fill('Các hộ trong ngõ 45');
    await form.locator('input[name="count"]').fill('60');
    expect(await fitsThePhone(page)).toBe(true);
    await form.getByTestId('portal-propose-send').click();
    const done = form.getByText(/^Cảm ơn bạn: đề xuất .+ đang chờ thẩm định\.$/);
    await done.waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(SHOTS, 'portal-propose-vi.png'), fullPage: true });
    const row = await h.db('projects').where({ title: 'Đèn chiếu sáng ngõ 45' }).first();
    expect(row).toMatchObject({ origin: 'residents', stage: 'proposal', lead_team_code: 'BD-ENV', beneficiaries_count: 60 });
    expect(await h.db('steps').where({ project_id: row.id, type: 'screening', status: 'active' }).first('id')).toBeDefined();
    expect(await done.innerText()).toContain(row.code);
    await page.close();
  });

  it('says so when a project code does not exist', async () => {
    const page = await phonePage('vi-VN');
    await page.goto(`${c.baseUrl}/portal/projects/BD-KHONG-CO`);
    await page.getByText('Không có dự án nào mang mã này.').waitFor({ timeout: 20000 });
    await page.close();
    // The 404 of the missing project is logged by Chromium as a failed resource load; nothing else.
    expect(c.consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
