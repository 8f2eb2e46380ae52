import { join } from 'node:path';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * A dissenting opinion typed while the vote closes (issue 14): the dialog keeps the text, offers to
 * keep it as a note, and the note shows on the project page, for the auditor too. Real API, worker,
 * PostgreSQL and Chromium.
 */
describe('console: a dissenting opinion typed while the vote closes', () => {
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

  it('keeps the typed text when the vote closes and records it as a dissenting note on the project page', async () => {
    const created = await d.propose({ title: 'Mái che chợ dân sinh ngõ 12' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    const text = 'Tôi phản đối: dự toán chưa có chi phí bảo trì và chưa hỏi ý kiến các hộ kinh doanh.';

    const page = await c.signedIn('boardResidents');
    await page.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    await page.getByTestId('decide-reject').click({ timeout: 15000 });
    await page.locator('textarea[name="rationale"]').fill(text);

    // Meanwhile the two other members approve: the vote closes with the dialog open.
    expect((await d.decide('boardChair', reviewId, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' })).status).toBe(200);
    expect((await d.decide('boardBusiness', reviewId, { choice: 'approve' })).body.project.stage).toBe('partner_matching');

    await page.getByTestId('decision-submit').click();
    const closed = page.getByTestId('vote-closed');
    await closed.waitFor({ timeout: 15000 });
    expect(await closed.innerText()).toContain('lưu thành ý kiến bảo lưu');
    // Nothing typed is lost, and nothing was recorded as a vote.
    expect(await page.locator('textarea[name="rationale"]').inputValue()).toBe(text);
    expect(await h.db('decision_ledger').where({ step_id: reviewId, actor_user_id: await h.userId('boardResidents') })).toHaveLength(0);
    await page.screenshot({ path: join(SHOTS, 'vote-closed-dissent.png'), fullPage: false });

    const keep = page.getByTestId('keep-dissent');
    expect(await keep.innerText()).toMatch(/Lưu thành ý kiến bảo lưu/i);
    await keep.click();
    const note = page.getByTestId('dissent-note');
    await note.waitFor({ timeout: 15000 });
    expect(await note.innerText()).toContain(text);
    expect(await note.innerText()).toContain('ý kiến bảo lưu về bước Ban điều phối xét duyệt');
    const rows = await h.db('dissent_notes').where({ step_id: reviewId });
    expect(rows.map((r) => [r.author_user_id, r.text])).toEqual([[await h.userId('boardResidents'), text]]);
    await page.close();

    // The auditor reads it on the project page, in English too.
    const auditor = await c.signedIn('auditor', 'en-GB');
    await auditor.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    await auditor.getByTestId('locale-switcher').locator('button[value="en"]').click({ timeout: 15000 });
    const seen = auditor.getByTestId('dissent-note');
    await auditor.waitForFunction(() => document.querySelector('[data-testid="dissent-note"]')?.textContent?.includes('dissenting note on Board review'), null, { timeout: 15000 });
    expect(await seen.innerText()).toContain(text);
    await auditor.close();
    expect(c.consoleErrors.filter((e) => !e.includes('409'))).toEqual([]);
  });
});
