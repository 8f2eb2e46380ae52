import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * A step nobody can decide, as the console shows it (issue 13): the alert on the project page and the
 * dashboard's list, in Vietnamese and English; gone once an admin gives the team a lead again.
 */
describe('console: a step with no one to decide it', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    // A scratch database: the culture team loses its lead here.
    h = await startHarness({ databaseUrl: await scratchDatabase('console_no_decider') });
    d = lifecycleDriver(h);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  const setActive = async (key: string, active: boolean) =>
    h.api().patch(`/api/users/${await h.userId(key)}`).set('Authorization', `Bearer ${await h.tokenFor('admin')}`).set('Idempotency-Key', randomUUID()).send({ active });

  async function projectPage(page: Page, projectId: string): Promise<void> {
    await page.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await page.reload();
    await page.getByTestId('project-timeline').waitFor({ timeout: 20000 });
  }

  it('shows the alert on the step and the dashboard, and clears it when the team has a lead again', async () => {
    expect((await setActive('cultureLead', false)).status).toBe(200);
    const approved = await d.approved({ leadTeamCode: 'BD-CUL', title: 'Thư viện sách nói cho người khiếm thị' });
    await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    const funded = await d.commit(approved.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    const funding = d.openStep(funded, 'funding_approval')!;

    const vi = await c.signedIn('coordinator', 'vi-VN');
    await projectPage(vi, approved.id);
    const step = vi.locator(`[data-testid="open-step"][data-step="${funding.id}"]`);
    const alert = step.getByTestId('no-decider');
    await alert.waitFor({ timeout: 20000 });
    expect(await alert.getAttribute('data-reason')).toBe('no_team_lead');
    const text = await alert.innerText();
    expect(text).toContain('Chưa có người quyết định');
    expect(text).toContain('Tổ phụ trách chưa có tổ trưởng đang hoạt động.');
    expect(text).toContain('Cán bộ đồng hành');
    await vi.screenshot({ path: join(SHOTS, 'no-decider.png'), fullPage: true });

    // The dashboard lists it, linked to its project.
    await vi.goto(`${c.baseUrl}/#/`);
    const listed = vi.locator(`[data-testid="step-without-decider"][data-step="${funding.id}"]`);
    await listed.waitFor({ timeout: 20000 });
    expect(await listed.innerText()).toContain(approved.code);
    await listed.getByRole('link').click();
    await vi.getByTestId('project-timeline').waitFor({ timeout: 20000 });
    expect(vi.url()).toContain(`/projects/${approved.id}/show`);

    const en = await c.signedIn('admin', 'en-GB');
    if ((await en.evaluate(() => document.documentElement.lang)) !== 'en') {
      await en.getByTestId('locale-switcher').locator('button[value="en"]').click();
      await en.waitForFunction(() => document.documentElement.lang === 'en');
    }
    await projectPage(en, approved.id);
    const alertEn = en.locator(`[data-testid="open-step"][data-step="${funding.id}"]`).getByTestId('no-decider');
    await alertEn.waitFor({ timeout: 20000 });
    expect(await alertEn.innerText()).toContain('No one can decide this step');
    expect(await alertEn.innerText()).toContain('The responsible team has no active team lead.');
    await en.screenshot({ path: join(SHOTS, 'no-decider-en.png'), fullPage: true });

    // An admin switches the lead back on: the step is re-evaluated and the alert goes.
    expect((await setActive('cultureLead', true)).status).toBe(200);
    const deadline = Date.now() + 40000;
    for (;;) {
      await projectPage(vi, approved.id);
      await step.waitFor({ timeout: 20000 });
      if ((await step.getByTestId('no-decider').count()) === 0) break;
      if (Date.now() > deadline) throw new Error('the alert stayed after the lead was switched back on');
    }
    expect((await h.db('steps').where({ id: funding.id }).first('no_decider_reason')).no_decider_reason).toBeNull();
    expect(c.consoleErrors).toEqual([]);
  }, 240_000);
});
