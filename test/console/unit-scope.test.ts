import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, NEIGHBOUR_USERS, seedNeighbourWard } from '../../scripts/reference-data';
import { sampleProposal, scratchDatabase, startHarness, type Harness } from '../support/harness';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * Unit scope in the built console (R18): Ba Đình's and Tây Hồ's coordinators each see their own
 * ward's projects in the list, and a link to the other ward's project opens nothing, in Vietnamese.
 */
describe('console: each ward sees its own projects', () => {
  let h: Harness;
  let c: ConsoleSession;
  jest.setTimeout(180_000);
  const titles = { ours: 'Thư viện sân chung tổ 3 Ba Đình', theirs: 'Đường hoa ven hồ Tây' };
  const ids = { ours: '', theirs: '' };

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('scope_ui') });
    await seedNeighbourWard(h.db);
    const propose = async (token: string, body: object) => {
      const res = await h.api().post('/api/projects').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(body);
      if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    ids.ours = await propose(await h.tokenFor('coordinator'), sampleProposal({ title: titles.ours }));
    const lead = await h.api().post('/api/auth/login').send({ email: NEIGHBOUR_USERS.find((u) => u.key === 'teamLead')!.email, password: DEMO_PASSWORD });
    ids.theirs = await propose(lead.body.token, sampleProposal({ title: titles.theirs, leadTeamCode: 'TH-ENV' }));
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  /** Signs in as Tây Hồ's coordinator through the console's own sign-in form. */
  async function neighbourCoordinator(): Promise<Page> {
    const page = await c.browser.newPage({ locale: 'vi-VN', viewport: { width: 1440, height: 900 } });
    await page.goto(`${c.baseUrl}/`);
    await page.locator('input[name="email"]').fill(NEIGHBOUR_USERS.find((u) => u.key === 'coordinator')!.email);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('input[name="password"]').waitFor({ state: 'detached', timeout: 15000 });
    return page;
  }

  it("Tây Hồ's coordinator sees Tây Hồ's proposal and not Ba Đình's, whose link opens nothing", async () => {
    const page = await neighbourCoordinator();
    await page.goto(`${c.baseUrl}/#/projects`);
    await page.getByText(titles.theirs).first().waitFor({ timeout: 20000 });
    expect(await page.getByText(titles.ours).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'unit-scope-neighbour-list.png'), fullPage: true });

    await page.goto(`${c.baseUrl}/#/projects/${ids.ours}/show`);
    await page.getByText('Mục không tồn tại').first().waitFor({ timeout: 20000 });
    expect(await page.getByText(titles.ours).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'unit-scope-other-ward.png'), fullPage: true });
    await page.close();
  });

  it("Ba Đình's coordinator sees Ba Đình's proposal and not Tây Hồ's, whose link opens nothing", async () => {
    const page = await c.signedIn('coordinator');
    await page.goto(`${c.baseUrl}/#/projects`);
    await page.getByText(titles.ours).first().waitFor({ timeout: 20000 });
    expect(await page.getByText(titles.theirs).count()).toBe(0);

    await page.goto(`${c.baseUrl}/#/projects/${ids.theirs}/show`);
    await page.getByText('Mục không tồn tại').first().waitFor({ timeout: 20000 });
    expect(await page.getByText(titles.theirs).count()).toBe(0);
    // Its own project opens as before.
    await page.goto(`${c.baseUrl}/#/projects/${ids.ours}/show`);
    await page.getByText(titles.ours).first().waitFor({ timeout: 20000 });
    await page.close();
  });
});
