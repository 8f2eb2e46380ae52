import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { SHOTS, startConsole, type ConsoleSession } from '../support/console';

/**
 * The admin's reference-data screens in the built console against the real API: for each form one
 * accepted submission and one refusal shown at the field it concerns, the preview of a new policy
 * version, and the admin trail. A scratch database: new policy versions must not leak into other tests.
 */
describe('console: admin screens', () => {
  let h: Harness;
  let c: ConsoleSession;
  jest.setTimeout(180_000);

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('admin_ui') });
    c = await startConsole(h);
  });
  afterAll(async () => {
    await c?.stop();
    await h?.stop();
  });

  // React-admin gives inputs generated ids: a field is found by the name of its input.
  const field = (page: Page, name: string) => page.locator('.MuiFormControl-root').filter({ has: page.locator(`input[name="${name}"]`) }).last();
  const helper = (page: Page, name: string) => field(page, name).locator('.MuiFormHelperText-root');
  async function pick(page: Page, name: string, value: string): Promise<void> {
    await field(page, name).getByRole('combobox').click();
    await page.locator(`li[data-value="${value}"]`).click();
  }
  const save = (page: Page) => page.getByRole('button', { name: /^(Lưu|Save)$/ }).click();

  it('creates a user with an initial password, and shows a taken email at the email field', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/users/create`);
    await page.getByTestId('user-create').waitFor({ timeout: 20000 });
    // Refused by the API (409): the address belongs to another account; shown under the email, in Vietnamese.
    await page.locator('input[name="email"]').fill('dieuphoi@donghanh.vn');
    await page.locator('input[name="displayName"]').fill('Lý Thị Hoa');
    await pick(page, 'teamCode', 'BD-ECO');
    await page.locator('input[name="password"]').fill('MatKhauBanDau@2026');
    await save(page);
    await helper(page, 'email').filter({ hasText: 'Email này đã được tài khoản khác sử dụng' }).waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-user-refused.png'), fullPage: true });

    await page.locator('input[name="email"]').fill('lythihoa@donghanh.vn');
    await save(page);
    await page.getByTestId('user-edit').waitFor({ timeout: 15000 });
    const row = await h.db('users').where({ email: 'lythihoa@donghanh.vn' }).first('role', 'team_code', 'active', 'password_hash');
    expect(row).toMatchObject({ role: 'team_lead', team_code: 'BD-ECO', active: true });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // The record's trail: who, with which role, when, and the values it was created with.
    await page.getByTestId('admin-trail').getByTestId('trail-entry').first().waitFor({ timeout: 15000 });
    // The actor's name is fetched after the entry renders (its id's first characters until then).
    await page.getByTestId('admin-trail').getByText('Quản trị hệ thống').first().waitFor({ timeout: 15000 });
    expect(await page.getByTestId('admin-trail').innerText()).toMatch(/Quản trị hệ thống[\s\S]*Quản trị viên/);
    await page.close();
  });

  it('changes a user, and shows the API refusal of a team lead without a team at the team field', async () => {
    const auditor = await h.db('users').where({ email: 'giamsat@donghanh.vn' }).first('id');
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/users/${auditor.id}`);
    await page.getByTestId('user-edit').waitFor({ timeout: 20000 });
    await page.locator('input[name="displayName"]').waitFor();
    // Refused: a team lead names their team. The form picks no team, so the API answers at teamCode.
    await pick(page, 'role', 'team_lead');
    await pick(page, 'teamCode', '');
    await save(page);
    await helper(page, 'teamCode').filter({ hasText: /Tổ trưởng phải gắn với một tổ|tổ/ }).waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-user-edit-refused.png'), fullPage: true });

    await pick(page, 'role', 'auditor');
    await page.locator('input[name="displayName"]').fill('Vũ Đức Thắng (Giám sát)');
    await save(page);
    await page.getByTestId('admin-trail').locator('[data-action="update"]').first().waitFor({ timeout: 15000 });
    expect(await h.db('users').where({ id: auditor.id }).first('display_name', 'role')).toEqual({ display_name: 'Vũ Đức Thắng (Giám sát)', role: 'auditor' });
    const change = await h.db('admin_changes').where({ entity: 'users', entity_id: auditor.id }).orderBy('id', 'desc').first('action', 'before', 'after');
    expect(change).toMatchObject({ action: 'update', before: expect.objectContaining({ displayName: 'Vũ Đức Thắng' }), after: expect.objectContaining({ displayName: 'Vũ Đức Thắng (Giám sát)' }) });
    await page.screenshot({ path: join(SHOTS, 'admin-user-trail.png'), fullPage: true });
    await page.close();
  });

  it('registers a partner with its capabilities, and refuses a name already registered at the name field', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/partners/create`);
    await page.getByTestId('partner-create').waitFor({ timeout: 20000 });
    await page.locator('input[name="name"]').fill('HTX Xanh Ba Đình');
    await pick(page, 'kind', 'coop');
    await page.getByRole('checkbox', { name: 'Tình nguyện viên' }).check();
    await save(page);
    await helper(page, 'name').filter({ hasText: 'Đơn vị đã có đối tác đăng ký với tên này' }).waitFor({ timeout: 15000 });

    await page.locator('input[name="name"]').fill('Hội Cựu chiến binh phường Ba Đình');
    await pick(page, 'kind', 'mass_org');
    await page.getByRole('checkbox', { name: 'Đào tạo' }).check();
    await page.locator('input[name="contactEmail"]').fill('ccb@badinh.vn');
    await save(page);
    await page.getByTestId('partner-edit').waitFor({ timeout: 15000 });
    expect(await h.db('partners').where({ name: 'Hội Cựu chiến binh phường Ba Đình' }).first('kind', 'capabilities', 'contact_email')).toEqual({ kind: 'mass_org', capabilities: ['volunteers', 'training'], contact_email: 'ccb@badinh.vn' });

    // Edit: a capability more is accepted; the trail shows before → after.
    await page.getByRole('checkbox', { name: 'Chuyên môn' }).check();
    await save(page);
    await page.getByTestId('admin-trail').locator('[data-action="update"] [data-field="capabilities"]').waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-partner.png'), fullPage: true });
    await page.goto(`${c.baseUrl}/#/partners`);
    await page.getByTestId('partner-list').getByText('Hội Cựu chiến binh phường Ba Đình').waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-partners.png'), fullPage: true });
    await page.close();
  });

  it('lets a board member declare their own conflict of interest, and refuses the same one twice at the partner field', async () => {
    const page = await c.signedIn('boardResidents');
    await page.goto(`${c.baseUrl}/#/conflicts-of-interest/create`);
    await page.getByTestId('conflict-create').waitFor({ timeout: 20000 });
    // A board member declares for themselves only: no "for whom" field.
    expect(await page.locator('input[name="userId"]').count()).toBe(0);
    const declare = async () => {
      await field(page, 'partnerId').getByRole('combobox').click();
      await page.getByRole('option', { name: 'HTX Xanh Ba Đình' }).click();
      await page.locator('textarea[name="reason"]').fill('Em gái tôi là xã viên của hợp tác xã');
      await save(page);
    };
    await declare();
    await page.getByTestId('conflict-list').getByText('Em gái tôi là xã viên của hợp tác xã').waitFor({ timeout: 15000 });
    const member = await h.userId('boardResidents');
    expect(await h.db('conflicts_of_interest').where({ user_id: member }).count('* as n').first()).toEqual({ n: 1 });
    await page.screenshot({ path: join(SHOTS, 'admin-conflicts.png'), fullPage: true });

    await page.goto(`${c.baseUrl}/#/conflicts-of-interest/create`);
    await page.getByTestId('conflict-create').waitFor({ timeout: 15000 });
    await declare();
    await helper(page, 'partnerId').filter({ hasText: 'Xung đột lợi ích này đã được khai báo' }).waitFor({ timeout: 15000 });
    // A board member gets no admin screens beyond this one.
    expect(await page.locator('a[href="#/admin-changes"]').count()).toBe(0);
    await page.close();
  });

  it('appends an SLA policy version prefilled from the one in force, with a preview of what changes; refuses an at-risk ratio of 1.5 at its field', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/sla-policies`);
    await page.getByTestId('sla-policy-list').waitFor({ timeout: 20000 });
    const screeningRow = page.locator('tr', { hasText: 'Sàng lọc' }).first();
    await screeningRow.getByTestId('new-version').click();
    await page.getByTestId('sla-policy-create').waitFor({ timeout: 15000 });
    expect(await page.locator('input[name="durationValue"]').inputValue()).toBe('5');
    await page.getByTestId('version-preview').filter({ hasText: 'Chưa có gì thay đổi' }).waitFor({ timeout: 15000 });

    // Refused by the API's own schema, in the user's language, before anything is sent.
    await page.locator('input[name="atRiskRatio"]').fill('1.5');
    await save(page);
    await helper(page, 'atRiskRatio').filter({ hasText: /0[.,]999/ }).waitFor({ timeout: 15000 });
    expect(await h.db('sla_policies').where({ step_type: 'screening' }).count('* as n').first()).toEqual({ n: 1 });

    await page.locator('input[name="atRiskRatio"]').fill('0.6');
    await page.locator('input[name="durationValue"]').fill('7');
    const preview = page.getByTestId('version-preview');
    await preview.locator('[data-field="durationValue"]').waitFor({ timeout: 15000 });
    expect(await preview.getAttribute('data-changes')).toBe('1');
    expect(await preview.locator('[data-field="durationValue"]').innerText()).toMatch(/5\s+7/);
    await page.screenshot({ path: join(SHOTS, 'admin-sla-preview.png'), fullPage: true });
    await save(page);
    await page.getByTestId('sla-policy-list').waitFor({ timeout: 15000 });
    const versions = await h.db('sla_policies').where({ step_type: 'screening' }).orderBy('version').select('version', 'duration_value');
    expect(versions.map((v) => [v.version, Number(v.duration_value)])).toEqual([[1, 5], [2, 7]]);
    await page.close();
  });

  it('appends a quorum rule version with its preview; refuses zero voters at the field', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/quorum-rules`);
    await page.getByTestId('quorum-rule-list').waitFor({ timeout: 20000 });
    await page.getByTestId('new-version').first().click();
    await page.getByTestId('quorum-rule-create').waitFor({ timeout: 15000 });
    await page.locator('input[name="minVoters"]').fill('0');
    await save(page);
    await helper(page, 'minVoters').filter({ hasText: /1/ }).waitFor({ timeout: 15000 });
    await page.locator('input[name="minVoters"]').fill('3');
    await page.getByTestId('version-preview').locator('[data-field="minVoters"]').waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-quorum-preview.png'), fullPage: true });
    await save(page);
    await page.getByTestId('quorum-rule-list').waitFor({ timeout: 15000 });
    expect(await h.db('quorum_rules').orderBy('version', 'desc').first('version', 'min_voters')).toEqual({ version: 2, min_voters: 3 });
    await page.close();
  });

  it('seats a board member, refuses a second chair, and ends a seat with its last day and a reason', async () => {
    const page = await c.signedIn('admin');
    await page.goto(`${c.baseUrl}/#/board-members`);
    const list = page.getByTestId('board-member-list');
    await list.getByText('Đỗ Thị Lan').waitFor({ timeout: 20000 });
    expect(await list.getByTestId('end-seat').count()).toBe(3);

    await page.goto(`${c.baseUrl}/#/board-members/create`);
    await page.getByTestId('board-member-create').waitFor({ timeout: 20000 });
    const newcomer = await h.userId('unitChair');
    await pick(page, 'userId', newcomer);
    await pick(page, 'seat', 'mass_org');
    // Refused by the API (409): the board has a chair; said in Vietnamese, nothing written.
    await page.locator('input[name="isChair"]').check();
    await save(page);
    await page.getByText('Ban điều phối đã có chủ tịch').first().waitFor({ timeout: 15000 });
    expect(await h.db('board_members').where({ user_id: newcomer }).first()).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, 'admin-board-refused.png'), fullPage: true });

    await page.locator('input[name="isChair"]').uncheck();
    await save(page);
    await list.getByText('Trịnh Văn Sơn').waitFor({ timeout: 15000 });
    expect(await h.db('board_members').where({ user_id: newcomer }).first('seat', 'is_chair', 'until')).toEqual({ seat: 'mass_org', is_chair: false, until: null });

    // Ending Đỗ Thị Lan's seat: the last day defaults to yesterday, so it ends now; the reason is required.
    const residents = await h.userId('boardResidents');
    await list.locator('tr').filter({ hasText: 'Đỗ Thị Lan' }).getByTestId('end-seat').click();
    const dialog = page.getByTestId('end-seat-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('end-seat-confirm').isDisabled()).toBe(true);
    await dialog.getByTestId('end-seat-reason').fill('Chuyển công tác sang quận khác');
    await dialog.getByTestId('end-seat-confirm').click();
    await page.getByText('Đã kết thúc ghế').waitFor({ timeout: 15000 });
    await list.getByText('Đỗ Thị Lan').waitFor({ state: 'detached', timeout: 15000 });
    const yesterday = (await h.db.raw(`SELECT to_char((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1, 'YYYY-MM-DD') AS d`)).rows[0].d as string;
    expect((await h.db('board_members').where({ user_id: residents }).first(h.db.raw(`to_char(until, 'YYYY-MM-DD') AS until`))).until).toBe(yesterday);
    const change = await h.db('admin_changes').where({ entity: 'board_members', action: 'update' }).orderBy('id', 'desc').first('actor_role', 'after');
    expect(change).toMatchObject({ actor_role: 'admin', after: expect.objectContaining({ userId: residents, until: yesterday, reason: 'Chuyển công tác sang quận khác' }) });
    await page.screenshot({ path: join(SHOTS, 'admin-board-ended.png'), fullPage: true });

    // Ended seats are still listed, as ended, when the filter asks for them.
    await page.goto(`${c.baseUrl}/#/board-members?filter=${encodeURIComponent(JSON.stringify({ current: false }))}`);
    await list.locator('tr').filter({ hasText: 'Đỗ Thị Lan' }).getByTestId('seat-status').filter({ hasText: 'Đã kết thúc' }).waitFor({ timeout: 15000 });
    await page.close();
  });

  it('shows the admin trail to the auditor, without any form', async () => {
    const page = await c.signedIn('auditor', 'en-GB');
    await page.goto(`${c.baseUrl}/#/admin-changes`);
    await page.getByTestId('admin-trail-list').waitFor({ timeout: 20000 });
    await page.getByTestId('admin-trail-list').locator('tbody tr', { hasText: /User|Người dùng/ }).first().waitFor({ timeout: 15000 });
    await page.getByTestId('admin-trail-list').locator('tbody tr').first().locator('[aria-expanded="false"]').click();
    await page.getByTestId('trail-entry').first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'admin-trail.png'), fullPage: true });
    await page.goto(`${c.baseUrl}/#/sla-policies`);
    await page.getByTestId('sla-policy-list').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('new-version').count()).toBe(0);
    await page.close();
  });

  it('logs no errors in the browser console', () => {
    expect(c.consoleErrors.filter((e) => !/status of 4(09|22)/.test(e))).toEqual([]);
  });
});
