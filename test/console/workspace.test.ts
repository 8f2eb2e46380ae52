import { join } from 'node:path';
import { ROLES, type Role } from '../../domain/roles';
import { DEMO_USERS } from '../../scripts/reference-data';
import { canAccess, canHaveDecisions } from '../../admin-ui/src/auth/canAccess';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * The team lead's pipeline and steps, the board member's inbox, and role-aware menus, in the built
 * console against the real API, worker, Temporal and PostgreSQL. A scratch database: the board
 * review policy here runs in seconds, which must not leak into other tests.
 */
describe('console: pipeline, inbox and menus', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('workspace') });
    d = lifecycleDriver(h);
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  it('shows the team lead the pipeline board with each project in its stage column', async () => {
    const waiting = await d.propose({ title: 'Vườn rau sạch khu tập thể Giảng Võ', leadTeamCode: 'BD-ENV' });
    const inReview = await d.propose({ title: 'Thư viện cộng đồng tổ dân phố 7' });
    await d.decide('coordinator2', inReview.activeStep.id, { choice: 'accept' });

    const page = await c.signedIn('teamLead');
    await page.getByTestId('menu-pipeline').click({ timeout: 15000 });
    const board = page.getByTestId('pipeline-board');
    await board.waitFor({ timeout: 15000 });
    const proposalColumn = page.getByTestId('pipeline-column-proposal');
    await proposalColumn.locator(`[data-code="${waiting.code}"]`).waitFor({ timeout: 15000 });
    await proposalColumn.locator(`[data-code="${inReview.code}"]`).waitFor();
    expect(await page.getByTestId('pipeline-column-execution').getByTestId('pipeline-card').count()).toBe(0);
    // Each card carries its deadline state and its working days left (R20).
    const card = proposalColumn.locator(`[data-code="${waiting.code}"]`);
    expect(await card.getByTestId('sla-chip').getAttribute('data-sla')).toBe('on_track');
    expect(Number(await card.getByTestId('deadline-chip').getAttribute('data-days'))).toBeGreaterThan(0);
    // A team lead decides no screening: the card offers no decision.
    expect(await card.locator('[data-testid^="decide-"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'pipeline.png'), fullPage: true });

    await page.goto(`${c.baseUrl}/#/steps`);
    await page.getByTestId('my-steps').waitFor({ timeout: 15000 });
    await page.getByText(waiting.code).first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'my-steps.png'), fullPage: true });
    await page.close();
  });

  it('moves a card to the next stage only by a decision the workflow accepts', async () => {
    const created = await d.propose({ title: 'Chợ phiên nông sản sạch cuối tuần' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    expect((await d.decide('boardBusiness', reviewId, { choice: 'approve' })).status).toBe(200);

    // The business member already voted: their card offers no buttons; the chair's does.
    const voted = await c.signedIn('boardBusiness');
    await voted.goto(`${c.baseUrl}/#/pipeline`);
    const votedCard = voted.getByTestId('pipeline-column-proposal').locator(`[data-code="${created.code}"]`);
    await votedCard.waitFor({ timeout: 15000 });
    await voted.waitForLoadState('networkidle');
    expect(await votedCard.locator('[data-testid^="decide-"]').count()).toBe(0);
    await voted.close();

    const page = await c.signedIn('boardChair');
    await page.goto(`${c.baseUrl}/#/pipeline`);
    const card = page.getByTestId('pipeline-column-proposal').locator(`[data-code="${created.code}"]`);
    await card.getByTestId('decide-approve').click({ timeout: 15000 });
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('pipeline-column-partner_matching').locator(`[data-code="${created.code}"]`).waitFor({ timeout: 15000 });
    expect(await page.getByTestId('pipeline-column-proposal').locator(`[data-code="${created.code}"]`).count()).toBe(0);
    await page.close();
  });

  it('lets a board member approve from the inbox; the ledger entry appears and the SLA chip changes', async () => {
    // Board review in seconds: at risk after 3 s, so the chip has something to change from.
    await h.db('sla_policies').insert({ step_type: 'board_review', version: 50, duration_value: 600, duration_unit: 'seconds', at_risk_ratio: 0.005, escalation_ladder: '[]' });
    const created = await d.propose({ title: 'Ngày hội việc làm cho thanh niên phường' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    await until('the board review to be at risk', async () => (await h.db('steps').where({ id: reviewId }).first('sla_status')).sla_status, (s) => s === 'at_risk');
    // One member already voted: the chair's vote settles it (quorum: 2 present).
    expect((await d.decide('boardBusiness', reviewId, { choice: 'approve' })).status).toBe(200);

    const page = await c.signedIn('boardChair');
    const badge = page.getByTestId('inbox-badge');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="inbox-badge"]')?.getAttribute('data-count')) >= 1, null, { timeout: 15000 });
    const before = Number(await badge.getAttribute('data-count'));
    await page.getByTestId('menu-inbox').click();
    const item = page.locator(`[data-testid="inbox-item"][data-step="${reviewId}"]`);
    await item.waitFor({ timeout: 15000 });
    expect(await item.getByTestId('sla-chip').getAttribute('data-sla')).toBe('at_risk');
    expect(await item.getByTestId('vote-standing').getAttribute('data-still-needed')).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'inbox.png'), fullPage: true });

    await item.getByTestId('decide-approve').click();
    await page.locator('textarea[name="rationale"]').fill('Đáp ứng nhu cầu việc làm của thanh niên (R5)');
    await page.screenshot({ path: join(SHOTS, 'decision-dialog.png') });
    await page.getByTestId('decision-submit').click();
    await item.waitFor({ state: 'detached', timeout: 15000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inbox-badge"]')?.getAttribute('data-count')) === n - 1, before, { timeout: 15000 });

    const entry = await h.db('decision_ledger').where({ step_id: reviewId, actor_user_id: await h.userId('boardChair') }).first();
    expect(entry.choice).toBe('approve');
    await page.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    await page.locator(`[data-testid="decision-row"][data-seq="${entry.seq}"]`).waitFor({ timeout: 15000 });
    // The project moved on: its open step is partner matching, on track.
    await page.getByTestId('open-step').first().waitFor({ timeout: 15000 });
    expect(await page.getByTestId('open-step').first().getAttribute('data-step')).toContain(':partner_matching:');
    expect(await page.getByTestId('open-step').first().getByTestId('sla-chip').getAttribute('data-sla')).toBe('on_track');
    await page.getByTestId('project-timeline').waitFor();
    await page.screenshot({ path: join(SHOTS, 'project-after-vote.png'), fullPage: true });
    await page.close();
  });

  it('tells a recused board member why they cannot vote', async () => {
    const created = await d.propose({ title: 'Sân chơi thiếu nhi khu Đội Cấn' });
    await h.db('conflicts_of_interest').insert({ user_id: await h.userId('boardResidents'), project_id: created.id, reason: 'Người thân là tổ trưởng tổ dân phố đề xuất' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    expect(accepted.body.project.activeStep.type).toBe('board_review');
    const page = await c.signedIn('boardResidents');
    await page.goto(`${c.baseUrl}/#/projects/${created.id}/show`);
    const notice = page.getByTestId('recusal-notice');
    await notice.waitFor({ timeout: 15000 });
    expect(await notice.innerText()).toContain('Người thân');
    expect(await page.getByTestId('decide-approve').count()).toBe(0);
    await page.close();
  });

  it('lets a partner see only its own invitations and accept one with a commitment', async () => {
    const project = await d.approved({ title: 'Không gian sáng tạo cho học sinh THCS' });
    const mine = await d.command('coordinator', project.id, 'invitations', { partnerId: await d.partnerId('HTX Xanh Ba Đình'), capability: 'volunteers' });
    expect(mine.status).toBe(200);
    const other = await d.command('coordinator', project.id, 'invitations', { partnerId: await d.partnerId('Trường THCS Ba Đình'), capability: 'venue' });
    expect(other.status).toBe(200);

    // A partner lands on its invitations, not on the staff's dashboards.
    const page = await c.signedIn('partner');
    await page.getByTestId('invitations-list').waitFor({ timeout: 15000 });
    await page.getByText(project.code).first().waitFor({ timeout: 15000 });
    expect(await page.getByTestId('invitation-accept').count()).toBe(1); // the school's invitation is not there
    await page.screenshot({ path: join(SHOTS, 'partner-invitations.png'), fullPage: true });
    await page.getByTestId('invitation-accept').click();
    await page.locator('textarea[name="resources"]').fill('20 xã viên tình nguyện mỗi cuối tuần trong 3 tháng');
    await page.getByTestId('invitation-submit').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="invitation-accept"]'), null, { timeout: 15000 });
    const row = await h.db('invitations as i').join('partners as p', 'p.id', 'i.partner_id').where({ 'i.project_id': project.id, 'p.name': 'HTX Xanh Ba Đình' }).first('i.status', 'i.resources');
    expect(row).toEqual({ status: 'accepted', resources: '20 xã viên tình nguyện mỗi cuối tuần trong 3 tháng' });
    await page.close();
  });

  const keyOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.key;
  it.each(ROLES.map((r) => [r] as const))('shows %s only the menu entries the role may use', async (role) => {
    const page = await c.signedIn(keyOf(role));
    await page.locator('.RaMenu-open, .RaMenu-closed').first().waitFor({ timeout: 15000 });
    await page.waitForLoadState('networkidle');
    const visible = async (selector: string) => (await page.locator(selector).count()) > 0;
    expect(await visible('[data-testid="menu-inbox"]')).toBe(canHaveDecisions(role));
    expect(await visible('[data-testid="menu-pipeline"]')).toBe(canAccess(role, { resource: 'pipeline', action: 'list' }));
    expect(await visible('a[href="#/projects"]')).toBe(canAccess(role, { resource: 'projects', action: 'list' }));
    expect(await visible('a[href="#/decisions"]')).toBe(canAccess(role, { resource: 'decisions', action: 'list' }));
    expect(await visible('a[href="#/"]')).toBe(canAccess(role, { resource: 'dashboard', action: 'list' }));
    await page.close();
  });

  it('shows a coordinator the dashboards: on-time rate, funding mix and C-Index', async () => {
    const page = await c.signedIn('coordinator');
    await page.getByTestId('dashboard').waitFor({ timeout: 15000 });
    for (const id of ['dashboard-ontime-rate', 'dashboard-funding-share', 'dashboard-cindex']) await page.getByTestId(id).waitFor({ timeout: 15000 });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('switches the pipeline to English and back', async () => {
    const page = await c.signedIn('teamLead');
    await page.goto(`${c.baseUrl}/#/pipeline`);
    await page.getByTestId('pipeline-board').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('pipeline-column-proposal').locator('h2').innerText()).toMatch(/Đề xuất/);
    await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.getByTestId('pipeline-column-proposal').locator('h2').innerText()).toMatch(/Proposal/);
    await page.screenshot({ path: join(SHOTS, 'pipeline-en.png'), fullPage: true });
    await page.getByTestId('locale-switcher').locator('button[value="vi"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await page.close();
  });

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors).toEqual([]);
  });
});
