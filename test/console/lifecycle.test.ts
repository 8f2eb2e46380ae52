import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { lifecycleDriver, inDays } from '../support/lifecycle-driver';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';
import { until } from '../support/until';

/**
 * One new project from proposal to closed, entirely through the built console: each step by the
 * demo user who owns it, in Vietnamese, against the real API, worker, Temporal and PostgreSQL.
 * A scratch database: its feedback window is a few seconds (a policy version of its own), so
 * verification opens during the test; every other policy keeps its working-day duration.
 */
describe('console: a project from proposal to closed', () => {
  let h: Harness;
  let c: ConsoleSession;
  let d: ReturnType<typeof lifecycleDriver>;
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('console_lifecycle') });
    d = lifecycleDriver(h);
    await h.db('sla_policies').insert({ step_type: 'feedback_window', version: 90, duration_value: 4, duration_unit: 'seconds', at_risk_ratio: 0.5, escalation_ladder: '[]' });
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  /** One signed-in page per demo user, kept for the whole test. */
  async function as(key: string, locale: 'vi-VN' | 'en-GB' = 'vi-VN'): Promise<Page> {
    const id = `${key}:${locale}`;
    let page = pages.get(id);
    if (!page) {
      page = await c.signedIn(key, locale);
      pages.set(id, page);
    }
    return page;
  }

  async function openProject(key: string, projectId: string, locale: 'vi-VN' | 'en-GB' = 'vi-VN'): Promise<Page> {
    const page = await as(key, locale);
    await page.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await page.reload();
    await page.getByTestId('project-timeline').waitFor({ timeout: 20000 });
    return page;
  }

  /** Waits until the project page shows an open step of this type (reloading: the workflow moves on its own). */
  async function openStep(page: Page, type: string): Promise<Locator> {
    const step = page.locator(`[data-testid="open-step"][data-step*=":${type}:"]`);
    if ((await step.count()) > 0) return step.first();
    return until(
      `an open ${type} step on ${page.url()}`,
      async () => {
        await page.reload();
        await page.getByTestId('project-timeline').waitFor({ timeout: 20000 });
        // The page renders the timeline before the steps; a missing step means one more reload.
        await step.first().waitFor({ timeout: 3000 }).catch(() => undefined);
        return (await step.count()) > 0 ? step.first() : undefined;
      },
      { everyMs: 0 },
    );
  }

  async function selectOption(page: Page, source: string, option: string | RegExp): Promise<void> {
    await page.locator(`.MuiFormControl-root:has(input[name="${source}"]) [role="combobox"]`).last().click();
    await page.getByRole('option', { name: option }).first().click();
  }

  async function decide(page: Page, type: string, choice: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
    const step = await openStep(page, type);
    await step.getByTestId(`decide-${choice}`).click();
    const dialog = page.getByRole('dialog');
    if (fill) await fill(dialog);
    await page.getByTestId('decision-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 30000 });
  }

  /** The error shown under a field (react-admin marks the input invalid and writes the reason). */
  const fieldError = (page: Page, name: string) => page.locator(`.MuiFormControl-root:has([name="${name}"]) .MuiFormHelperText-root.Mui-error`).first();

  /** Where the walk is, so a failure names the stage (and leaves a screenshot of every open page). */
  let stage = 'start';
  const mark = (label: string) => {
    stage = label;
  };
  afterEach(async () => {
    if (stage === 'done') return;
    process.stderr.write(`lifecycle walk stopped at: ${stage}\n`);
    for (const [id, page] of pages) await page.screenshot({ path: join(SHOTS, `_failure-${id.replace(/[^a-z]/gi, '')}.png`) }).catch(() => undefined);
  }, 120_000);

  const ledgerChoices = async (projectId: string) => (await h.db('decision_ledger').where({ project_id: projectId }).orderBy('seq').select('choice', 'actor_role')).map((r) => r.choice as string);

  it('carries a project through every stage, each step by the role that owns it, in Vietnamese', async () => {
    mark("Proposal by the environment team's le");
    // Proposal by the environment team's lead: capabilities and an indicator from the shared catalogue.
    const lead = await as('teamLead');
    await lead.goto(`${c.baseUrl}/#/projects/create`);
    await lead.locator('input[name="title"]').fill('Trồng cây xanh tuyến phố Đội Cấn');
    await lead.locator('textarea[name="summary"]').fill('Trồng và chăm sóc cây xanh dọc tuyến phố cùng người dân và hợp tác xã.');
    await lead.locator('input[name="requestedBudgetVnd"]').fill('50000000');
    await lead.locator('input[type="checkbox"][value="volunteers"]').check();
    await lead.getByTestId('indicator-catalogue').selectOption('TREES');
    await lead.getByTestId('indicator-catalogue-add').click();
    await lead.locator('input[name="indicators.0.baseline"]').fill('0');
    mark('Refusal at the field: a target is req');
    // Refusal at the field: a target is required (the API's own schema, in Vietnamese).
    await lead.locator('button[type="submit"]').click();
    await fieldError(lead, 'indicators.0.target').waitFor({ timeout: 10000 });
    await lead.locator('input[name="indicators.0.target"]').fill('120');
    await lead.screenshot({ path: join(SHOTS, 'proposal-form.png'), fullPage: true });
    await lead.locator('button[type="submit"]').click();
    await lead.waitForURL(/#\/projects\/[0-9a-f-]{36}\/show/, { timeout: 60000 });
    const projectId = /projects\/([0-9a-f-]{36})\/show/.exec(lead.url())![1]!;
    const row = await h.db('projects').where({ id: projectId }).first('code', 'required_capabilities');
    expect(row.required_capabilities).toEqual(['volunteers']);
    expect(await h.db('indicators').where({ project_id: projectId }).pluck('code')).toEqual(['TREES']);

    mark('Screening by the coordinator, then th');
    // Screening by the coordinator, then the board's vote (quorum 2).
    await decide(await openProject('coordinator', projectId), 'screening', 'accept');
    await decide(await openProject('boardChair', projectId), 'board_review', 'approve', async (dialog) => {
      await dialog.locator('textarea[name="rationale"]').fill('Phù hợp kế hoạch phủ xanh năm 2026');
    });
    await decide(await openProject('boardBusiness', projectId), 'board_review', 'approve');

    mark('Partner matching: the coordinator inv');
    // Partner matching: the coordinator invites from the ranked candidates, with their reasons.
    const coordinator = await openProject('coordinator', projectId);
    await openStep(coordinator, 'partner_matching');
    const candidate = coordinator.locator('[data-testid="candidate"][data-partner="HTX Xanh Ba Đình"][data-capability="volunteers"]');
    await candidate.waitFor({ timeout: 15000 });
    expect(await candidate.getByTestId('candidate-reasons').innerText()).toMatch(/có năng lực Tình nguyện viên|có năng lực/);
    await candidate.getByTestId('invite').click();
    await candidate.getByTestId('invitation-state').waitFor({ timeout: 20000 });
    expect(await candidate.getByTestId('invitation-state').getAttribute('data-status')).toBe('invited');
    await coordinator.screenshot({ path: join(SHOTS, 'project-invite-partners.png'), fullPage: true });

    const partner = await as('partner');
    await partner.goto(`${c.baseUrl}/#/invitations`);
    await partner.reload();
    await partner.getByText(row.code).first().waitFor({ timeout: 15000 });
    await partner.getByTestId('invitation-accept').first().click();
    await partner.locator('textarea[name="resources"]').fill('30 xã viên trồng và chăm cây mỗi cuối tuần');
    await partner.getByTestId('invitation-submit').click();
    await partner.waitForFunction(() => !document.querySelector('[data-testid="invitation-accept"]'), null, { timeout: 20000 });

    mark('Funding: the lead team enters the pla');
    // Funding: the lead team enters the plan and the pledges. Up to 100,000,000 VND its lead approves,
    // but he proposed the project: the separation-of-duties rule hands the approval to the board chair.
    const funding = await openProject('teamLead', projectId);
    await openStep(funding, 'funding_approval');
    await funding.getByTestId('action-plan').click();
    await funding.locator('input[name="lines.0.label"]').fill('Cây giống và vật tư');
    await funding.locator('input[name="milestones.0.dueDate"]').fill(inDays(30));
    mark('Refusal at the field: the milestone n');
    // Refusal at the field: the milestone needs a title.
    await funding.getByTestId('action-plan-submit').click();
    await fieldError(funding, 'milestones.0.title').waitFor({ timeout: 10000 });
    await funding.locator('input[name="milestones.0.title"]').fill('Trồng 120 cây');
    await funding.screenshot({ path: join(SHOTS, 'project-plan.png') });
    await funding.getByTestId('action-plan-submit').click();
    await funding.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });
    await funding.locator('[data-testid="milestone-row"][data-code="M1"]').waitFor({ timeout: 20000 });

    for (const [source, amount, partnerName] of [[/nhà nước/i, '10000000', null], [/Tư nhân/i, '40000000', 'HTX Xanh Ba Đình']] as const) {
      await funding.getByTestId('action-pledge').click();
      await selectOption(funding, 'source', source);
      await funding.locator('input[name="amountVnd"]').fill(amount);
      if (partnerName) await selectOption(funding, 'partnerId', partnerName);
      await funding.getByTestId('action-pledge-submit').click();
      await funding.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });
    }
    const fundingStep = await openStep(funding, 'funding_approval');
    expect(await fundingStep.getByTestId('step-recusals').getAttribute('data-fallback')).toBe('board_chair');
    expect(await fundingStep.getByTestId('recusal-notice').innerText()).toContain('người đề xuất dự án này');
    await decide(await openProject('boardChair', projectId), 'funding_approval', 'approve');

    mark('Execution: the milestone is completed');
    // The partner sees its own pledge and the milestone of the project it committed to.
    await partner.goto(`${c.baseUrl}/#/invitations`);
    await partner.reload();
    await partner.locator(`[data-testid="partner-pledge"][data-project="${row.code}"]`).waitFor({ timeout: 20000 });
    await partner.locator(`[data-testid="partner-milestone"][data-project="${row.code}"]`).waitFor({ timeout: 20000 });
    await partner.screenshot({ path: join(SHOTS, 'partner-pledges-milestones.png'), fullPage: true });
    // Execution: the milestone is completed with evidence and a note.
    const execution = await openProject('teamLead', projectId);
    await execution.getByTestId('action-complete-M1').click({ timeout: 20000 });
    await execution.locator('textarea[name="evidence"]').fill('không phải đường dẫn');
    await execution.getByTestId('action-complete-M1-submit').click();
    await fieldError(execution, 'evidence').waitFor({ timeout: 10000 });
    await execution.locator('textarea[name="evidence"]').fill('https://badinh.hanoi.gov.vn/anh/cay-xanh-doi-can.jpg');
    await execution.locator('textarea[name="note"]').fill('Đã trồng đủ 120 cây, nghiệm thu với tổ dân phố');
    await execution.getByTestId('action-complete-M1-submit').click();
    await execution.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });

    mark('Impact: the actual value with evidenc');
    // Impact: the lead records the actual value with evidence; a coordinator submits the report (not
    // the lead who proposed the project), seeing the indicators in it.
    const impact = await openProject('teamLead', projectId);
    await openStep(impact, 'impact_reporting');
    await impact.getByTestId('action-actual-TREES').click();
    await impact.locator('input[name="actual"]').fill('118');
    await impact.locator('textarea[name="evidence"]').fill('https://badinh.hanoi.gov.vn/bao-cao/cay-xanh.pdf');
    await impact.getByTestId('action-actual-TREES-submit').click();
    await impact.getByRole('dialog').waitFor({ state: 'detached', timeout: 30000 });
    await impact.locator('[data-testid="indicator-row"][data-code="TREES"][data-actual="118"]').waitFor({ timeout: 20000 });
    const reporter = await openProject('coordinator', projectId);
    await decide(reporter, 'impact_reporting', 'submit', async (dialog) => {
      await dialog.getByTestId('impact-report').locator('[data-testid="indicator-row"][data-code="TREES"][data-actual="118"]').waitFor({ timeout: 15000 });
      await reporter.screenshot({ path: join(SHOTS, 'impact-report.png') });
    });

    mark('Verification by the Community Allianc');
    // Verification by the Community Alliance once the feedback window closed.
    await decide(await openProject('allianceLead', projectId), 'impact_verification', 'accept');

    mark('Sign-off by the chair: outcome and re');
    // Sign-off by the chair: outcome and recommendation are required.
    const chair = await openProject('boardChair', projectId);
    await decide(chair, 'board_signoff', 'sign_off', async (dialog) => {
      await chair.getByTestId('decision-submit').click();
      await fieldError(chair, 'outcome').waitFor({ timeout: 10000 });
      await selectOption(chair, 'outcome', 'Đạt');
      await selectOption(chair, 'recommendation', 'Nhân rộng');
      await dialog.locator('textarea[name="rationale"]').fill('Đạt 118/120 cây, người dân hài lòng; đề nghị nhân rộng sang các tuyến phố khác');
      await chair.screenshot({ path: join(SHOTS, 'signoff-dialog.png') });
    });

    mark('The project page shows the outcome at');
    // The project page shows the outcome at the top; the ledger has every act in order.
    const closed = await openProject('boardChair', projectId);
    const outcome = closed.getByTestId('project-outcome');
    await outcome.waitFor({ timeout: 20000 });
    expect(await outcome.getAttribute('data-outcome')).toBe('achieved');
    expect(await outcome.getAttribute('data-recommendation')).toBe('scale_up');
    expect(await outcome.innerText()).toContain('Nhân rộng');
    await closed.screenshot({ path: join(SHOTS, 'project-closed.png'), fullPage: true });
    expect(await ledgerChoices(projectId)).toEqual([
      'accept',
      'approve',
      'approve',
      'invite',
      'accept_invitation',
      'set_plan',
      'pledge',
      'pledge',
      'approve',
      'complete_milestone',
      'record_indicator',
      'submit',
      'accept',
      'sign_off',
    ]);
    const rows = closed.getByTestId('decision-row');
    expect(await rows.count()).toBe(14);
    expect(await closed.locator('[data-testid="decision-row"][data-choice="sign_off"]').count()).toBe(1);
    const signOff = await h.db('decision_ledger').where({ project_id: projectId, choice: 'sign_off' }).first('details');
    expect(signOff.details).toEqual({ outcome: 'achieved', recommendation: 'scale_up' });

    mark('The pipeline shows the card finished ');
    // The pipeline shows the card finished with its outcome; the dashboard counts the closed project.
    await closed.goto(`${c.baseUrl}/#/pipeline`);
    const card = closed.locator(`[data-testid="pipeline-card"][data-code="${row.code}"]`);
    await card.getByTestId('card-outcome').waitFor({ timeout: 20000 });
    expect(await card.getByTestId('card-outcome').getAttribute('data-outcome')).toBe('achieved');
    const dashboard = await as('coordinator');
    await dashboard.goto(`${c.baseUrl}/#/`);
    await dashboard.reload();
    await dashboard.getByTestId('dashboard-cindex-value').waitFor({ timeout: 20000 });
    await dashboard.waitForLoadState('networkidle');
    expect((await dashboard.getByTestId('dashboard-cindex-value').innerText()).trim()).not.toBe('—');
    expect((await dashboard.getByTestId('dashboard-funding-share-value').innerText()).trim()).not.toBe('—');
    await dashboard.screenshot({ path: join(SHOTS, 'dashboard-after-close.png'), fullPage: true });
    mark('done');
  }, 900_000);

  it('returns a proposal, lets the proposer edit and resubmit it, then rejects it, in English', async () => {
    mark('English pass');
    const english = async (key: string) => {
      const page = await as(key, 'en-GB');
      if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') {
        await page.getByTestId('locale-switcher').locator('button[value="en"]').click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      return page;
    };
    const lead = await english('teamLead');
    await lead.goto(`${c.baseUrl}/#/projects/create`);
    await lead.locator('input[name="title"]').fill('Community reading corner in residential group 12');
    await lead.locator('textarea[name="summary"]').fill('A reading corner with donated books, run by volunteers and the school.');
    await lead.locator('input[name="requestedBudgetVnd"]').fill('45000000');
    await lead.locator('input[type="checkbox"][value="venue"]').check();
    await lead.locator('.RaSimpleFormIterator-add button, button.button-add').first().click();
    await lead.locator('input[name="indicators.0.code"]').fill('READERS');
    await lead.locator('input[name="indicators.0.name"]').fill('Children reading each month');
    await lead.locator('input[name="indicators.0.unit"]').fill('children');
    await lead.locator('input[name="indicators.0.baseline"]').fill('0');
    await lead.locator('input[name="indicators.0.target"]').fill('150');
    await lead.locator('button[type="submit"]').click();
    await lead.waitForURL(/#\/projects\/[0-9a-f-]{36}\/show/, { timeout: 60000 });
    const projectId = /projects\/([0-9a-f-]{36})\/show/.exec(lead.url())![1]!;

    const coordinator = await english('coordinator');
    await coordinator.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await decide(coordinator, 'screening', 'return', async (dialog) => {
      await dialog.locator('textarea[name="rationale"]').fill('Lower the budget to 30,000,000 VND and measure satisfaction too.');
    });

    await lead.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await decide(lead, 'resubmission', 'resubmit', async (dialog) => {
      const reason = dialog.getByTestId('return-reason');
      await reason.waitFor({ timeout: 15000 });
      expect(await reason.innerText()).toContain('Lower the budget to 30,000,000 VND');
      await dialog.locator('input[name="proposal.requestedBudgetVnd"]').fill('30000000');
      await dialog.getByTestId('indicator-catalogue').selectOption('SATISFACTION');
      await dialog.getByTestId('indicator-catalogue-add').click();
      // Refusal at the field: the new indicator needs its target.
      await lead.getByTestId('decision-submit').click();
      await fieldError(lead, 'proposal.indicators.1.target').waitFor({ timeout: 10000 });
      await dialog.locator('input[name="proposal.indicators.1.target"]').fill('80');
      await lead.screenshot({ path: join(SHOTS, 'resubmit-dialog-en.png') });
    });
    const changed = await openProject('teamLead', projectId, 'en-GB');
    const changes = changed.getByTestId('proposal-changes');
    await changes.waitFor({ timeout: 20000 });
    expect(await changed.getByTestId('proposal-change').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')).sort())).toEqual(['indicators', 'requestedBudgetVnd']);
    const entry = await h.db('decision_ledger').where({ project_id: projectId, choice: 'resubmit' }).first('details');
    expect(entry.details.changes.requestedBudgetVnd).toEqual({ before: 45_000_000, after: 30_000_000 });
    expect(Number((await h.db('projects').where({ id: projectId }).first('requested_budget_vnd')).requested_budget_vnd)).toBe(30_000_000);

    await coordinator.goto(`${c.baseUrl}/#/projects/${projectId}/show`);
    await decide(coordinator, 'screening', 'reject', async (dialog) => {
      await dialog.locator('textarea[name="rationale"]').fill('The ward library already covers this group.');
    });
    await changed.reload();
    await changed.locator('[data-testid="decision-row"][data-choice="reject"]').waitFor({ timeout: 20000 });
    expect(await ledgerChoices(projectId)).toEqual(['return', 'resubmit', 'reject']);
    expect((await h.db('projects').where({ id: projectId }).first('stage')).stage).toBe('rejected');
    await changed.screenshot({ path: join(SHOTS, 'project-resubmitted-en.png'), fullPage: true });
    mark('done');
  }, 480_000);

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors.filter((e) => !/status of (400|409|422)/.test(e))).toEqual([]);
  });
});
