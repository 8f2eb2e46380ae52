import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';
import { until } from '../support/until';

/** The notification centre (issue 13) in Debian's Chromium: the bell's count, the list, mark read, preferences. */
describe('console: notifications', () => {
  let h: Harness;
  let c: ConsoleSession;
  let code: string;

  beforeAll(async () => {
    // The dispatcher delivers in the console only here (no SMTP_URL): e-mail has its own test.
    h = await startHarness({ databaseUrl: await scratchDatabase('notify_console'), notifications: { pollSeconds: 1 } });
    c = await startConsole(h);
    const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    expect(created.status).toBe(201);
    code = created.body.code;
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  const badge = (page: Page) => page.locator('[data-testid="notification-unread"] .MuiBadge-badge');

  it('shows the unread count on the bell; the list marks one read and the count drops; a preference switch is saved', async () => {
    const page = await c.signedIn('coordinator');
    // "A step awaits a decision" for the screening the coordinator decides.
    await until('the unread badge', async () => (await badge(page).innerText().catch(() => '')) === '1', Boolean);
    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').filter({ hasText: code });
    await item.waitFor({ timeout: 15000 });
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.innerText()).toContain('Bước mới cần quyết định');
    await page.screenshot({ path: join(SHOTS, 'notifications-centre.png') });
    await item.getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
    await until('the item read', async () => (await item.getAttribute('data-unread')) === 'false', Boolean);
    // MUI keeps the old number in a badge it hides: the bell's data-count says what it shows.
    await until('the badge cleared', async () => (await page.getByTestId('notification-bell').getAttribute('data-count')) === '0', Boolean);
    expect(await badge(page).getAttribute('class')).toContain('MuiBadge-invisible');
    expect((await h.api().get('/api/notifications/unread-count').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`)).body.unread).toBe(0);

    await page.locator('tr[data-kind="sla_at_risk"] input[type="checkbox"]').first().click();
    await until('the preference saved', async () => {
      const prefs = await h.api().get('/api/me/notification-preferences').set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`);
      return prefs.body.preferences.some((p: { kind: string; email: boolean }) => p.kind === 'sla_at_risk' && !p.email);
    }, Boolean);
    expect(c.consoleErrors).toEqual([]);
  });
});
