import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import type { Harness } from './harness';

/** Where console tests keep their screenshots (linked from the README). */
export const SHOTS = join(__dirname, '..', '..', 'test-output', 'console');

export interface ConsoleSession {
  baseUrl: string;
  browser: Browser;
  /** Every console error or uncaught exception any page logged, prefixed by the page's user. */
  consoleErrors: string[];
  /** A new page signed in through the login form as a demo user (by DEMO_USERS key). */
  signedIn(key: string, locale?: 'vi-VN' | 'en-GB' | 'en-US'): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * The built console served by the real API of a harness, in Debian's Chromium (headless). A second
 * harness (a scratch database) can share the first one's browser.
 */
export async function startConsole(h: Harness, opts: { browser?: Browser } = {}): Promise<ConsoleSession> {
  const server = await new Promise<Server>((resolve) => {
    const s = h.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = opts.browser ?? await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // Without the background-networking flags Chromium keeps dialling Google on this closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
  const consoleErrors: string[] = [];

  async function signedIn(key: string, locale: 'vi-VN' | 'en-GB' | 'en-US' = 'vi-VN'): Promise<Page> {
    const page = await browser.newPage({ locale, viewport: { width: 1440, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${key}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${key}: ${err.message}`));
    const user = DEMO_USERS.find((u) => u.key === key);
    if (!user) throw new Error(`no demo user ${key}`);
    await page.goto(`${baseUrl}/`);
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('input[name="password"]').waitFor({ state: 'detached', timeout: 15000 });
    return page;
  }

  return {
    baseUrl,
    browser,
    consoleErrors,
    signedIn,
    async stop() {
      if (!opts.browser) await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
