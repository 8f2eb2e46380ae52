import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';
import { until } from '../support/until';

const BOM = '\uFEFF';

/** A project proposed by a team lead, its screening decided by the coordinator through the API (each decision is a ledger entry). */
async function decidedProject(h: Harness, title: string, decision: { choice: 'accept' | 'return' | 'reject'; rationale: string; evidence?: string[]; conflictOfInterest?: string }) {
  const token = await h.tokenFor('coordinator');
  const created = await h.api().post('/api/projects').set('Authorization', `Bearer ${await h.tokenFor('teamLead')}`).set('Idempotency-Key', randomUUID()).send(sampleProposal({ title }));
  expect(created.status).toBe(201);
  const decided = await h
    .api()
    .post(`/api/steps/${encodeURIComponent(created.body.activeStep.id)}/decisions`)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', randomUUID())
    .send({ evidence: [], ...decision });
  expect(decided.status).toBe(200);
  return { id: created.body.id as string, code: created.body.code as string };
}

/** The auditor's screens (issue 6) in Debian's Chromium against the real API, worker, Temporal and PostgreSQL. */
describe('console: the auditor', () => {
  let h: Harness;
  let c: ConsoleSession;
  let baseUrl: string;
  const consoleErrors: string[] = [];
  let accepted: { id: string; code: string };
  let returned: { id: string; code: string };
  let acceptSeq: number;

  beforeAll(async () => {
    h = await startHarness();
    c = await startConsole(h);
    baseUrl = c.baseUrl;

    accepted = await decidedProject(h, 'Vườn rau cộng đồng tổ 5', {
      choice: 'accept',
      rationale: 'Đủ điều kiện, phù hợp quy hoạch',
      evidence: ['https://example.org/bien-ban-so-01'],
      conflictOfInterest: 'Em gái tôi sống ở tổ 5, không hưởng lợi trực tiếp',
    });
    returned = await decidedProject(h, 'Lớp học bơi mùa hè cho thiếu nhi', { choice: 'return', rationale: 'Bổ sung dự toán chi tiết, "mục 3", và lịch học' });
    // A vote: the board chair approves the accepted project's board review.
    const detail = await h.api().get(`/api/projects/${accepted.id}`).set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`);
    expect(detail.body.activeStep.type).toBe('board_review');
    const vote = await h
      .api()
      .post(`/api/steps/${encodeURIComponent(detail.body.activeStep.id)}/decisions`)
      .set('Authorization', `Bearer ${await h.tokenFor('boardChair')}`)
      .set('Idempotency-Key', randomUUID())
      .send({ choice: 'approve', rationale: 'Tán thành', evidence: [] });
    expect(vote.status).toBe(200);
    const row = await h.db('decision_ledger').where({ project_id: accepted.id, choice: 'accept' }).first('seq');
    acceptSeq = Number(row.seq);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  const signedIn = (key: string) => c.signedIn(key);

  const ledgerRows = (page: Page) => page.locator('[data-testid="ledger-list"] tbody tr');

  async function openLedgerFilteredTo(page: Page, code: string) {
    await page.goto(`${baseUrl}/#/decisions`);
    await page.getByTestId('ledger-list').waitFor({ timeout: 15000 });
    await page.locator('input[name="q"]').fill(code);
    await until(`the ledger filtered to ${code}`, async () => {
      const texts = await ledgerRows(page).allInnerTexts();
      return texts.length === 2 && texts.every((t) => t.includes(code));
    }, Boolean);
  }

  it('shows the chain verified, and filters the ledger by project', async () => {
    const page = await signedIn('auditor');
    await page.goto(`${baseUrl}/#/decisions`);
    const verdict = page.locator('[data-testid="ledger-verdict"][data-ok="true"]');
    await verdict.waitFor({ timeout: 15000 });
    // Other console tests may add entries meanwhile: the chain is verified at least up to ours.
    const verifiedUpTo = /Chuỗi đã được xác minh đến mục (\d+)/.exec(await verdict.innerText());
    const ours = Number((await h.db('decision_ledger').whereIn('project_id', [accepted.id, returned.id]).max('seq as max').first())!.max);
    expect(Number(verifiedUpTo?.[1])).toBeGreaterThanOrEqual(ours);
    await page.getByText(returned.code).first().waitFor();

    await openLedgerFilteredTo(page, accepted.code);
    const rows = await ledgerRows(page).allInnerTexts();
    expect(rows.join('\n')).not.toContain(returned.code);
    expect(rows.join('\n')).toMatch(/Chấp nhận/);
    expect(rows.join('\n')).toMatch(/Tán thành/);
    await page.screenshot({ path: join(SHOTS, 'auditor-ledger.png'), fullPage: true });

    // And by person (a reference to /api/users): only the board chair's vote on that project is left.
    await page.locator('input[name="actorUserId"]').fill('Lê Quốc');
    await page.getByRole('option', { name: 'Lê Quốc Hùng' }).click();
    await until("the board chair's entries on the project", async () => {
      const texts = await ledgerRows(page).allInnerTexts();
      return texts.length === 1 && texts[0]!.includes('Lê Quốc Hùng') && texts[0]!.includes('Tán thành');
    }, Boolean);

    // A date range with nothing in it says so and what to do.
    await page.locator('input[name="from"]').fill('01/01/2099');
    await page.getByTestId('ledger-no-match').waitFor({ timeout: 15000 });
    await page.close();
  });

  it('lets an auditor sign the head now, and shows the newest signed head (issue 11)', async () => {
    const page = await signedIn('auditor');
    await page.goto(`${baseUrl}/#/decisions`);
    await page.locator('[data-testid="ledger-verdict"][data-ok="true"]').waitFor({ timeout: 15000 });
    const count = async () => Number((await h.db('ledger_anchors').count({ n: '*' }).first())!.n);
    const before = await count();
    await page.getByTestId('ledger-publish-head').click();
    await until('a new signed head in the database', async () => (await count()) > before, Boolean);
    await page.getByText(/Đã ký đầu chuỗi tại mục \d+/).waitFor({ timeout: 15000 });
    const head = page.getByTestId('ledger-signed-head');
    // Other tests sign heads in the shared database too (the access matrix calls every route): the banner
    // may first show an older head, then the one just signed once the verdict is read again.
    const ours = Number((await h.db('decision_ledger').whereIn('project_id', [accepted.id, returned.id]).max('seq as max').first())!.max);
    const bannerSeq = async () => ((await head.count()) > 0 ? Number(/Đầu chuỗi ký gần nhất: mục (\d+)/.exec(await head.innerText())?.[1] ?? 0) : 0);
    await until(`the banner to show a signed head at or after entry ${ours}`, async () => (await bannerSeq()) >= ours, Boolean);
    expect(await bannerSeq()).toBeGreaterThanOrEqual(ours);
    await page.screenshot({ path: join(SHOTS, 'auditor-ledger-signed-head.png'), fullPage: true });
    await page.close();
  });

  it('opens an entry with every field, then the person who made it', async () => {
    const page = await signedIn('auditor');
    await openLedgerFilteredTo(page, accepted.code);
    await ledgerRows(page).filter({ hasText: 'Chấp nhận' }).first().click();
    const entry = page.getByTestId('ledger-entry');
    await entry.waitFor({ timeout: 15000 });
    const stored = await h.db('decision_ledger').where({ seq: acceptSeq }).first();
    expect(await entry.getAttribute('data-seq')).toBe(String(acceptSeq));
    expect(await page.getByTestId('entry-hash').innerText()).toBe(stored.hash);
    expect(await page.getByTestId('entry-prev-hash').innerText()).toBe(stored.prev_hash);
    const text = await entry.innerText();
    for (const expected of [accepted.code, 'Đủ điều kiện, phù hợp quy hoạch', 'https://example.org/bien-ban-so-01', 'Em gái tôi sống ở tổ 5', stored.workflow_id, stored.run_id]) {
      expect(text).toContain(expected);
    }
    await page.locator('[data-testid="entry-standing"][data-standing="verified"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'auditor-entry.png'), fullPage: true });

    // A person's trail: every decision and vote they made.
    await page.getByTestId('entry-person').click();
    const trail = page.getByTestId('person-trail');
    await trail.waitFor({ timeout: 15000 });
    await until("the coordinator's trail", async () => {
      const t = await trail.innerText();
      return t.includes(accepted.code) && t.includes(returned.code);
    }, Boolean);
    expect(await page.locator('h1').innerText()).toContain('Nguyễn Thu Hà');
    await page.screenshot({ path: join(SHOTS, 'auditor-trail.png'), fullPage: true });

    // The board chair's trail holds the vote.
    await page.goto(`${baseUrl}/#/users`);
    await page.getByTestId('people-list').waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'auditor-people.png'), fullPage: true });
    await page.getByTestId('people-list').locator('tbody tr').filter({ hasText: 'Lê Quốc Hùng' }).click();
    await until("the board chair's vote in the trail", async () => (await page.getByTestId('person-trail').innerText().catch(() => '')).includes('Tán thành'), Boolean);
    await page.close();
  });

  it('exports the filtered ledger as CSV and JSON through the API', async () => {
    const page = await signedIn('auditor');
    await openLedgerFilteredTo(page, accepted.code);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^ledger-.*\.csv$/);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.startsWith(BOM)).toBe(true);
    const lines = csvText.slice(1).trimEnd().split('\r\n');
    // Headers in the console's language; times on Vietnam's clock with their offset, as on the screen.
    expect(lines[0]).toMatch(/^Mục,Thời điểm theo giờ Việt Nam \(ISO 8601\),Dự án,/);
    expect(lines).toHaveLength(3);
    const stored = await h.db('decision_ledger').where({ seq: acceptSeq }).first('decided_at');
    const onScreen = new Date(new Date(stored.decided_at).getTime() + 7 * 3_600_000).toISOString().slice(0, 23);
    expect(lines[1]!.split(',')[1]).toBe(`${onScreen}+07:00`);
    expect(lines.slice(1).every((line) => line.includes(accepted.code))).toBe(true);
    expect(csvText).not.toContain(returned.code);
    expect(csvText).toContain('Đủ điều kiện, phù hợp quy hoạch');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/^ledger-.*\.json$/);
    const entries = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Array<{ seq: number; projectCode: string; choice: string; hash: string }>;
    expect(entries.map((e) => e.projectCode)).toEqual([accepted.code, accepted.code]);
    expect(entries.map((e) => e.choice)).toEqual(['accept', 'approve']);
    expect(entries[0]!.seq).toBe(acceptSeq);
    await page.close();
  });

  it('says where an entry is missing instead of failing', async () => {
    const page = await signedIn('auditor');
    const before = c.consoleErrors.length;
    await page.goto(`${baseUrl}/#/decisions/99999999/show`);
    const error = page.getByTestId('show-error');
    await error.waitFor({ timeout: 15000 });
    expect(await error.innerText()).toContain('Không có mục nào mang số này trong sổ.');
    await page.close();
    // The one error this visit may log is Chromium's own line for the API's 404; nothing else.
    const logged = c.consoleErrors.splice(before);
    expect(logged.every((line) => /status of 404 \(Not Found\)/.test(line))).toBe(true);
  });

  it('speaks English when asked', async () => {
    const page = await signedIn('auditor');
    await page.goto(`${baseUrl}/#/decisions`);
    await page.locator('[data-testid="ledger-verdict"][data-ok="true"]').waitFor({ timeout: 15000 });
    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await until('English labels', async () => /Chain verified up to entry \d+/.test(await page.locator('body').innerText()), Boolean);
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/Decision ledger/);
    expect(body).toMatch(/Export CSV/i);
    expect(body).toMatch(/Decided by/);
    await page.screenshot({ path: join(SHOTS, 'auditor-ledger-en.png'), fullPage: true });
    await page.close();
  });

  it('shows a coordinator the ledger without the verdict or the export (the API refuses them)', async () => {
    const page = await signedIn('coordinator');
    await openLedgerFilteredTo(page, accepted.code);
    expect(await page.getByTestId('ledger-export-csv').count()).toBe(0);
    expect(await page.getByTestId('ledger-export-json').count()).toBe(0);
    expect(await page.getByTestId('ledger-verdict').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'auditor-coordinator-view.png'), fullPage: true });
    await page.close();
  });

  it('says plainly where a tampered chain breaks', async () => {
    // A database of its own: this breaks the chain on purpose.
    const scratch = await startHarness({ databaseUrl: await scratchDatabase('auditui') });
    const sc = await startConsole(scratch, { browser: c.browser });
    const scratchUrl = sc.baseUrl;
    try {
      await decidedProject(scratch, 'Sửa đèn chiếu sáng ngõ 14', { choice: 'accept', rationale: 'Cần thiết' });
      await decidedProject(scratch, 'Thư viện sách cũ', { choice: 'reject', rationale: 'Trùng với dự án đang chạy' });
      await decidedProject(scratch, 'Góc tái chế chợ', { choice: 'accept', rationale: 'Phù hợp' });
      await scratch.db.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica'); // skips the append-only trigger; superuser only
        await trx('decision_ledger').where({ seq: 2 }).update({ rationale: 'Lý do đã bị sửa' });
      });
      const page = await sc.signedIn('auditor');
      await page.goto(`${scratchUrl}/#/decisions`);
      const verdict = page.locator('[data-testid="ledger-verdict"][data-ok="false"]');
      await verdict.waitFor({ timeout: 15000 });
      expect(await verdict.innerText()).toContain('Chuỗi bị đứt tại mục 2: nội dung của mục không khớp với mã băm');
      await page.screenshot({ path: join(SHOTS, 'auditor-broken-chain.png'), fullPage: true });
      await page.goto(`${scratchUrl}/#/decisions/2/show`);
      await page.locator('[data-testid="entry-standing"][data-standing="broken_here"]').waitFor({ timeout: 15000 });
      await page.goto(`${scratchUrl}/#/decisions/3/show`);
      await page.locator('[data-testid="entry-standing"][data-standing="after_break"]').waitFor({ timeout: 15000 });
      await page.close();
    } finally {
      consoleErrors.push(...sc.consoleErrors);
      await sc.stop();
      await scratch.stop();
    }
  });

  it('logs no errors in the browser console', () => {
    expect([...c.consoleErrors, ...consoleErrors]).toEqual([]);
  });
});
