import { join } from 'node:path';
import { DEMO_USERS } from '../../scripts/reference-data';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

const nameOf = (key: string) => DEMO_USERS.find((u) => u.key === key)!.displayName;

/**
 * Who must act and what is late (issue 14), in the built console against the real API, worker,
 * Temporal and PostgreSQL: the people a step waits for, the queues, the figures that open their
 * steps, and the board member's inbox card. A scratch database: the screening policy here runs out
 * in seconds, which must not leak into other tests.
 */
describe('console: who must act, and what is late', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;
  /** A proposal whose screening ran past its deadline (seconds long here), and one in board review. */
  let late: { id: string; code: string; stepId: string };
  let review: { id: string; code: string; stepId: string };

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('who-acts') });
    d = lifecycleDriver(h);
    c = await startConsole(h);

    // Board review: the business member voted with a reason, the residents' member declared a conflict.
    const proposed = await d.propose({ title: 'Hàng cây bóng mát phố Đội Cấn', category: 'environment', leadTeamCode: 'BD-ENV', requestedBudgetVnd: 85_000_000 }, 'teamLead');
    await d.post('boardResidents', '/api/conflicts-of-interest', { projectId: proposed.id, reason: 'Nhà tôi ở ngay đầu phố Đội Cấn' });
    const accepted = await d.decide('coordinator', proposed.activeStep.id, { choice: 'accept', rationale: 'Đủ hồ sơ; tổ dân phố đã họp và đồng thuận' });
    review = { id: proposed.id, code: proposed.code, stepId: accepted.body.project.activeStep.id };
    expect((await d.decide('boardBusiness', review.stepId, { choice: 'approve', rationale: 'Doanh nghiệp trên phố sẵn sàng góp cây giống' })).status).toBe(200);

    // A screening of a few seconds (from here on, in this scratch database): it runs out while the test waits.
    await h.db('sla_policies').insert({ step_type: 'screening', version: 60, duration_value: 4, duration_unit: 'seconds', at_risk_ratio: 0.5, escalation_ladder: '[]' });
    // Proposed by a team lead: the coordinator screens (no one screens their own proposal).
    const overdue = await d.propose({ title: 'Sửa mái che nhà văn hoá tổ 12', leadTeamCode: 'BD-ENV' }, 'teamLead');
    late = { id: overdue.id, code: overdue.code, stepId: overdue.activeStep.id };
    await until(`the late step ${late.stepId} to breach`, async () => (await h.db('steps').where({ id: late.stepId }).first('sla_status'))?.sla_status as string | undefined, (s) => s === 'breached');
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  it('names on the pipeline card the people a step waits for, with the votes cast so far', async () => {
    const page = await c.signedIn('teamLead');
    await page.goto(`${c.baseUrl}/#/pipeline`);
    const card = page.getByTestId('pipeline-column-proposal').locator(`[data-code="${review.code}"]`);
    const waiting = card.getByTestId('waiting-for');
    await waiting.waitFor({ timeout: 15000 });
    // Two eligible (the residents' member is recused), one voted: the chair is left, one vote of two cast.
    await page.waitForFunction((code) => /\(1\/2 phiếu\)/.test(document.querySelector(`[data-code="${code}"] [data-testid="waiting-for"]`)?.textContent ?? ''), review.code, { timeout: 15000 });
    expect(await waiting.innerText()).toBe(`Chờ ${nameOf('boardChair')} (1/2 phiếu)`);
    expect(await waiting.getAttribute('data-people')).toBe(await h.userId('boardChair'));
    // A screening waits for the coordinator.
    expect(await page.getByTestId('pipeline-column-proposal').locator(`[data-code="${late.code}"]`).getByTestId('waiting-for').innerText()).toContain(nameOf('coordinator'));
    // The columns scroll inside the board rather than growing the page.
    expect(await page.getByTestId('pipeline-column-proposal').evaluate((el) => getComputedStyle(el).overflowY)).toBe('auto');
    await page.screenshot({ path: join(SHOTS, 'pipeline-waiting-for.png'), fullPage: true });

    // In English too.
    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await waiting.innerText()).toBe(`Waiting for ${nameOf('boardChair')} (1/2 votes)`);
    await page.getByTestId('locale-switcher').locator('button[value="vi"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');

    // The project page names them on the open step.
    await page.goto(`${c.baseUrl}/#/projects/${review.id}/show`);
    const open = page.locator(`[data-testid="open-step"][data-step="${review.stepId}"]`);
    await open.getByTestId('waiting-for').waitFor({ timeout: 15000 });
    expect(await open.getByTestId('waiting-for').innerText()).toContain(nameOf('boardChair'));
    await page.close();
  });

  it('narrows the pipeline and the steps list to a queue, and searches by code or title', async () => {
    const page = await c.signedIn('teamLead');
    await page.goto(`${c.baseUrl}/#/pipeline`);
    const proposal = page.getByTestId('pipeline-column-proposal');
    await proposal.locator(`[data-code="${review.code}"]`).waitFor({ timeout: 15000 });
    await proposal.locator(`[data-code="${late.code}"]`).waitFor();

    await page.getByTestId('queue-late').first().click();
    await proposal.locator(`[data-code="${review.code}"]`).waitFor({ state: 'detached', timeout: 15000 });
    await proposal.locator(`[data-code="${late.code}"]`).waitFor();
    expect(await page.getByTestId('queue-late').first().getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'pipeline-late.png'), fullPage: true });
    await page.getByTestId('queue-late').first().click();
    await page.getByTestId('pipeline-queues-search').fill('bóng mát');
    await proposal.locator(`[data-code="${late.code}"]`).waitFor({ state: 'detached', timeout: 15000 });
    await proposal.locator(`[data-code="${review.code}"]`).waitFor();

    // The steps list: the team's open steps, then only the late ones, each with who it waits for.
    await page.goto(`${c.baseUrl}/#/steps`);
    const list = page.getByTestId('my-steps');
    await list.getByText(review.code).first().waitFor({ timeout: 15000 });
    await list.getByTestId('queue-late').click();
    await list.getByText(review.code).first().waitFor({ state: 'detached', timeout: 15000 });
    const row = list.locator('tr', { hasText: late.code });
    await row.waitFor();
    expect(await row.getByTestId('waiting-for').innerText()).toContain(nameOf('coordinator'));
    await list.getByTestId('steps-queues-search').fill(review.code);
    await row.waitFor({ state: 'detached', timeout: 15000 });
    await page.getByTestId('my-steps-empty').waitFor({ timeout: 15000 });
    await page.close();
  });

  it('opens the steps behind a dashboard figure, with the people they wait for', async () => {
    const page = await c.signedIn('coordinator');
    await page.getByTestId('dashboard').waitFor({ timeout: 15000 });
    const breached = page.getByTestId('dashboard-breached-value');
    await breached.waitFor({ timeout: 15000 });
    const count = Number(await breached.innerText());
    expect(count).toBeGreaterThanOrEqual(1);
    await page.getByTestId('dashboard-breached-link').click();
    await page.getByTestId('steps-from-figure').waitFor({ timeout: 15000 });
    const list = page.getByTestId('my-steps');
    const row = list.locator('tr', { hasText: late.code });
    await row.waitFor({ timeout: 15000 });
    expect(await row.getByTestId('waiting-for').innerText()).toContain(nameOf('coordinator'));
    // Exactly the steps the figure counted.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="my-steps"] tbody tr').length === n, count, { timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'steps-behind-figure.png'), fullPage: true });

    // An ageing bucket opens its steps too.
    await page.goto(`${c.baseUrl}/#/`);
    const bucket = page.getByTestId('dashboard-chart-ageing').getByTestId('figure-link').first();
    await bucket.waitFor({ timeout: 15000 });
    await bucket.click();
    await page.getByTestId('steps-from-figure').waitFor({ timeout: 15000 });
    await list.locator('tr', { hasText: late.code }).waitFor({ timeout: 15000 });
    await page.close();
  });

  it("gives the board member's inbox card what they need to decide", async () => {
    const page = await c.signedIn('boardChair');
    await page.getByTestId('menu-inbox').click({ timeout: 15000 });
    const item = page.locator(`[data-testid="inbox-item"][data-step="${review.stepId}"]`);
    const context = item.getByTestId('decision-context');
    await context.waitFor({ timeout: 15000 });
    expect(await context.getByTestId('context-screening-note').innerText()).toContain('tổ dân phố đã họp và đồng thuận');
    expect(await context.getByTestId('context-screening-note').innerText()).toContain(nameOf('coordinator'));
    expect(await context.getByTestId('context-category').innerText()).toBe('Môi trường');
    expect(await context.getByTestId('context-budget').innerText()).toMatch(/85\.000\.000/);
    expect(await context.getByTestId('context-funding-mix').innerText()).toBe('Chưa có cam kết nào.');
    const vote = context.getByTestId('context-vote');
    expect(await vote.count()).toBe(1);
    expect(await vote.getAttribute('data-choice')).toBe('approve');
    expect(await vote.innerText()).toContain(nameOf('boardBusiness'));
    expect(await vote.innerText()).toContain('sẵn sàng góp cây giống');
    const recused = await context.getByTestId('context-recused').innerText();
    expect(recused).toContain(nameOf('boardResidents'));
    expect(recused).toContain('Đã khai báo xung đột lợi ích: Nhà tôi ở ngay đầu phố Đội Cấn');
    expect(await item.getByTestId('waiting-for').innerText()).toContain(nameOf('boardChair'));
    await page.screenshot({ path: join(SHOTS, 'inbox-context.png'), fullPage: true });
    await page.close();
  });

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors).toEqual([]);
  });
});
