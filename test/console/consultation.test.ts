import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startProject } from '../../api/project-commands';
import { directProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';
import { until } from '../support/until';

jest.setTimeout(240_000);

/**
 * The consultation on the project page (issue 16, R22): the coordinator records the Fatherland
 * Front's opinion in its dialog, the proposer submits the summary with the step's own Submit once
 * the window has ended and the comment is answered; the board's vote opens. Real API, worker,
 * PostgreSQL and Chromium.
 */
describe('console: the consultation before the board vote', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('consultui') });
    d = lifecycleDriver(h);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  it("shows the window, takes the Front's opinion from the coordinator and the summary from the proposer", async () => {
    const input = await directProposal(h, 'teamLead', { requestedBudgetVnd: 150_000_000, slaOverrides: { consultation_window: { durationValue: 6, durationUnit: 'seconds' } } });
    const started = await startProject(h.client, h.taskQueue, input);
    const accepted = await d.decide('coordinator', started.activeStep!.stepId, { choice: 'accept' });
    expect(accepted.body.project.activeStep.type).toBe('consultation');
    const windowEnd = Date.parse(accepted.body.project.consultation.windowClosesAt);

    // The coordinator records the Front's opinion on its behalf.
    const page = await c.signedIn('coordinator');
    await page.goto(`${c.baseUrl}/#/projects/${input.projectId}/show`);
    const section = page.getByTestId('consultation');
    await section.waitFor({ timeout: 20000 });
    expect(await section.innerText()).toContain('Nhận góp ý đến');
    expect(await page.getByTestId('check-front').getAttribute('data-done')).toBe('no');
    await page.getByTestId('action-front-opinion').click();
    await page.locator('textarea[name="opinion"]').fill('Ủy ban MTTQ phường nhất trí chủ trương, đề nghị công khai dự toán.');
    await page.locator('input[name="letterDate"]').fill('2026-11-20');
    await page.locator('input[name="documentRef"]').fill('Số 45/MTTQ-BTT');
    await page.getByTestId('action-front-opinion-submit').click();
    await page.getByTestId('front-opinion').waitFor({ timeout: 20000 });
    expect(await page.getByTestId('front-opinion').innerText()).toContain('Số 45/MTTQ-BTT');
    await page.screenshot({ path: join(SHOTS, 'consultation-front-opinion.png'), fullPage: false });
    await page.close();

    // A resident comments on the portal; the proposer answers.
    const sent = await h.api().post(`/api/public/projects/${input.code}/comments`).set('Idempotency-Key', randomUUID()).send({ ratings: { access: 4, procedure: 4, officers: 4, result: 4, handling: 4 }, comment: 'Đề nghị làm vào cuối tuần để đỡ ảnh hưởng đi lại.' });
    expect(sent.status).toBe(201);
    const answered = await h.api().post(`/api/public-comments/${sent.body.id}/answer`).set('Authorization', `Bearer ${await h.tokenFor('teamLead')}`).set('Idempotency-Key', randomUUID()).send({ answer: 'Tiếp thu: thi công vào thứ Bảy và Chủ nhật.' });
    expect(answered.status).toBe(200);
    await until('the consultation window to end', () => Date.now(), (now) => now > windowEnd + 500, { timeoutMs: 60_000 });

    // The proposer submits the summary, in English.
    const proposer = await c.signedIn('teamLead', 'en-GB');
    await proposer.goto(`${c.baseUrl}/#/projects/${input.projectId}/show`);
    await proposer.getByTestId('locale-switcher').locator('button[value="en"]').click({ timeout: 20000 });
    await proposer.waitForFunction(() => document.querySelector('[data-testid="consultation"]')?.textContent?.includes('Open for comments until'), null, { timeout: 20000 });
    expect(await proposer.getByTestId('consultation-comments').innerText()).toBe('1 of 1 answered');
    for (const check of ['check-window', 'check-comments', 'check-front']) expect(await proposer.getByTestId(check).getAttribute('data-done')).toBe('yes');
    await proposer.screenshot({ path: join(SHOTS, 'consultation-ready-en.png'), fullPage: false });
    await proposer.getByTestId('decide-submit').click({ timeout: 20000 });
    await proposer.locator('textarea[name="rationale"]').fill('One comment taken in (weekend works); the Front agrees.');
    await proposer.getByTestId('decision-submit').click();
    await until('the board vote to open', async () => (await d.detail(input.projectId)).activeStep?.type, (t) => t === 'board_review', { timeoutMs: 30_000 });
    await proposer.getByTestId('consultation-summary').waitFor({ timeout: 20000 });
    expect(await proposer.getByTestId('consultation').getAttribute('data-status')).toBe('submitted');
    await proposer.close();
    expect(c.consoleErrors).toEqual([]);
  });
});
