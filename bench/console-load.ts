import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../scripts/reference-data';
import { FIRST_LOAD_BUDGET_GZIP, allJs, firstLoadJs } from '../scripts/stack/console-size';

/**
 * The console's first load: gzipped JavaScript fetched before the first screen (against the 400 kB
 * budget), and in headless Chromium the time until the login form is interactive and until a
 * signed-in coordinator sees the dashboard's figures, cold cache and warm cache side by side in one run.
 *   (make up running)  npx tsx bench/console-load.ts [runs] [baseUrl]
 */
const runs = Number(process.argv[2] ?? 5);
const baseUrl = process.argv[3] ?? 'http://localhost:8080';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function measure(browser: Browser, warm: boolean): Promise<{ loginInteractive: number; dashboardVisible: number }> {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  if (warm) {
    // Fill the HTTP cache first, as a returning user has it.
    await page.goto(baseUrl);
    await page.locator('input[name="email"]').waitFor();
    await page.evaluate(() => window.localStorage.clear());
  }
  const started = Date.now();
  await page.goto(baseUrl);
  await page.locator('input[name="email"]').waitFor();
  const loginInteractive = Date.now() - started;
  const coordinator = DEMO_USERS.find((u) => u.key === 'coordinator')!;
  await page.locator('input[name="email"]').fill(coordinator.email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  const submitted = Date.now();
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('dashboard-ontime-rate').waitFor({ timeout: 30_000 });
  const dashboardVisible = Date.now() - submitted;
  await context.close();
  return { loginInteractive, dashboardVisible };
}

async function main(): Promise<void> {
  const dist = join(__dirname, '..', 'admin-ui', 'dist');
  const first = firstLoadJs(dist);
  const lazy = allJs(dist).filter((a) => !first.assets.some((f) => f.file === a.file));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`first-load JavaScript: ${kb(first.gzipBytes)} gzipped (${first.assets.map((a) => `${a.file} ${kb(a.gzipBytes)}`).join(', ')})`);
  console.log(`budget ${kb(FIRST_LOAD_BUDGET_GZIP)}: ${((first.gzipBytes / FIRST_LOAD_BUDGET_GZIP) * 100).toFixed(1)}% used; ${lazy.length} lazy chunks, ${kb(lazy.reduce((s, a) => s + a.gzipBytes, 0))} gzipped in all`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const cold: { loginInteractive: number; dashboardVisible: number }[] = [];
    const warm: typeof cold = [];
    for (let i = 0; i < runs; i++) {
      cold.push(await measure(browser, false));
      warm.push(await measure(browser, true));
    }
    const row = (name: string, xs: typeof cold) =>
      console.log(`${name}: login form interactive ${median(xs.map((x) => x.loginInteractive))} ms, dashboard figures after sign-in ${median(xs.map((x) => x.dashboardVisible))} ms (median of ${runs})`);
    row('cold cache', cold);
    row('warm cache', warm);
    console.log(`warm / cold, login form: ${(median(warm.map((x) => x.loginInteractive)) / median(cold.map((x) => x.loginInteractive))).toFixed(2)}×`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
