import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ACCESS } from '../../api/access';
import { LISTS } from '../../api/lists';
import type { ListDef } from '../../api/list-params';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { csvField, LEDGER_EXPORT_COLUMNS, LEDGER_EXPORT_HEADERS, writeOrStop } from '../../api/routes/ledger';
import { toVietnamIso } from '../../domain/calendar';
import { workingDaysCounter } from '../../api/read-model';
import { DEMO_USERS } from '../../scripts/reference-data';
import { hashPassword } from '../../api/auth';
import { enqueueNotification } from '../../activities/notifications';
import { createDb } from '../../platform/db';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';
import { until } from '../support/until';

type Row = Record<string, any>;

/** The lists react-admin reads, through the real app, real Temporal and real PostgreSQL. */
describe('lists: sort, range, filter, scope by data', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  /** A culture project driven to funding approval: invitations and pledges of both demo partners. */
  let funded: Row;
  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
    const approved = await d.approved({ requiredCapabilities: ['venue', 'volunteers'], requestedBudgetVnd: 60_000_000 });
    await d.commit(approved.id, 'partner', 'HTX Xanh Ba Đình', 'volunteers');
    await d.commit(approved.id, 'partnerSchool', 'Trường THCS Ba Đình', 'venue');
    await d.command('coordinator', approved.id, 'plan', {
      lines: [{ label: 'Cải tạo và sách', amountVnd: 60_000_000 }],
      milestones: [{ code: 'M1', title: 'Mở cửa không gian đọc', ownerTeamCode: 'BD-CUL', dueDate: inDays(30) }],
    });
    await d.command('partner', approved.id, 'pledges', { source: 'private', amountVnd: 30_000_000 });
    await d.command('partnerSchool', approved.id, 'pledges', { source: 'in_kind', amountVnd: 12_000_000 });
    const last = await d.command('coordinator', approved.id, 'pledges', { source: 'state', amountVnd: 18_000_000 });
    expect([last.status, last.body.project?.stage]).toEqual([200, 'funding']);
    funded = last.body.project;
    await d.propose({ title: 'Lớp học bơi hè cho thiếu nhi' });
    // What this lifecycle has not produced yet, so that no list is read empty: a citizen's feedback (the
    // window opens only at impact evaluation), a notification to the admin, and a conflict of interest
    // an admin records (with its entry among the admin changes).
    await h.db('feedback').insert({ project_id: funded.id, update_id: `lists-test:${randomUUID()}`, rating: 4, comment: 'Mong có thêm sách tranh', channel: 'meeting', submitted_at: new Date() });
    await enqueueNotification(h.db, { dedupeKey: `lists-test:${randomUUID()}`, projectId: funded.id, kind: 'step_opened', recipientUserId: await h.userId('admin'), payload: {} });
    const declared = await d.post('admin', '/api/conflicts-of-interest', { userId: await h.userId('auditor'), projectId: funded.id, reason: 'Vợ là kế toán của hợp tác xã' });
    expect(declared.status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const as = async (key: string) => ({ Authorization: `Bearer ${await h.tokenFor(key)}` });
  const list = async (key: string, path: string, query: { sort?: unknown; range?: unknown; filter?: unknown } = {}) =>
    h
      .api()
      .get(path)
      .query(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])))
      .set(await as(key));
  const keyOf = (role: string) => DEMO_USERS.find((u) => u.role === role)!.key;

  it('answers every list in its documented row shape, with Content-Range', async () => {
    // An empty list would pass every check of its rows: the set-up above gives each list a row its reader sees.
    const empty: string[] = [];
    for (const [name, def] of Object.entries(LISTS) as [string, ListDef][]) {
      const res = await list(keyOf(ACCESS[def.permission][0]), `/api${def.path}`, { range: [0, 49] });
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.headers['content-range']).toMatch(new RegExp(`^${def.resource} \\d+-\\d+/\\d+$`));
      if (res.body.length === 0) empty.push(name);
      z.array(def.item).parse(res.body);
      for (const row of res.body) expect([name, row.id !== undefined && row.id !== null]).toEqual([name, true]);
    }
    expect(empty).toEqual([]);
  });

  it('sorts, pages and filters from the allow-list, and names what it refuses', async () => {
    const asc = await list('auditor', '/api/projects', { sort: ['code', 'ASC'], range: [0, 2] });
    const desc = await list('auditor', '/api/projects', { sort: ['code', 'DESC'], range: [0, 2] });
    const total = Number(/\/(\d+)$/.exec(asc.headers['content-range']!)![1]!);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(asc.body).toHaveLength(Math.min(3, total));
    expect(asc.headers['content-range']).toBe(`projects 0-${asc.body.length - 1}/${total}`);
    const codes = asc.body.map((p: Row) => p.code);
    expect(codes).toEqual([...codes].sort());
    expect(desc.body[0].code >= asc.body.at(-1).code).toBe(true);

    const second = await list('auditor', '/api/projects', { sort: ['code', 'ASC'], range: [1, 1] });
    expect(second.body.map((p: Row) => p.code)).toEqual([codes[1]]);
    expect(second.headers['content-range']).toBe(`projects 1-1/${total}`);

    const leads = await list('admin', '/api/users', { filter: { role: 'team_lead' }, sort: ['email', 'DESC'], range: [0, 49] });
    expect(leads.body.length).toBeGreaterThanOrEqual(3);
    expect(leads.body.every((u: Row) => u.role === 'team_lead')).toBe(true);
    const emails = leads.body.map((u: Row) => u.email);
    expect(emails).toEqual([...emails].sort().reverse());

    const bad = [
      [{ sort: ['password_hash', 'ASC'] }, 'sort'],
      [{ sort: ['email', 'SIDEWAYS'] }, 'sort'],
      [{ range: [0, 500] }, 'range'],
      [{ filter: { passwordHash: 'x' } }, 'filter.passwordHash'],
      // A name every object inherits is still no filter (was a 500).
      [{ filter: { constructor: 1 } }, 'filter.constructor'],
      [{ filter: { hasOwnProperty: 'x' } }, 'filter.hasOwnProperty'],
      [{ filter: { role: 'king' } }, 'filter.role'],
    ] as const;
    for (const [query, field] of bad) {
      const res = await list('admin', '/api/users', query);
      expect([field, res.status, res.body.error.code]).toEqual([field, 400, 'invalid_input']);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    const badDate = await h.api().get('/api/ledger').query({ filter: JSON.stringify({ from: 'yesterday' }) }).set('Accept-Language', 'vi').set(await as('auditor'));
    expect(badDate.status).toBe(400);
    expect(Object.keys(badDate.body.error.fields)).toEqual(['filter.from']);
    expect(badDate.body.error.message).toMatch(/không hợp lệ/);
  });

  it('orders a team lead\'s own team first, then by deadline; an explicit sort is only the sort', async () => {
    await d.propose({ leadTeamCode: 'BD-ENV', category: 'environment', title: 'Thu gom rác thải nhựa ven hồ' });
    const res = await list('teamLead', '/api/steps', { filter: { status: 'active' }, range: [0, 199] });
    expect(res.status).toBe(200);
    const own = (s: Row) => s.responsibleTeamCode === 'BD-ENV' || s.leadTeamCode === 'BD-ENV';
    const flags = res.body.map(own);
    expect(flags[0]).toBe(true);
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
    const dues = res.body.filter(own).map((s: Row) => s.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());

    const sorted = await list('teamLead', '/api/steps', { filter: { status: 'active' }, sort: ['dueAt', 'ASC'], range: [0, 199] });
    const plain = sorted.body.map((s: Row) => s.dueAt ?? '9999');
    expect(plain).toEqual([...plain].sort());

    const mine = await list('teamLead', '/api/steps', { filter: { mine: true }, range: [0, 199] });
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every(own)).toBe(true);
  });

  it('lets only the lead team decide its funding step, with working days left by the unit calendar', async () => {
    const funding = d.openStep(funded as any, 'funding_approval')!;
    const read = async (key: string) => (await list(key, '/api/steps', { filter: { projectId: funded.id, type: 'funding_approval' } })).body[0];
    const culture = await read('cultureLead');
    expect(culture).toMatchObject({ id: funding.id, projectCode: funded.code, leadTeamCode: 'BD-CUL', status: 'active', canDecide: true, myVote: null, recusal: null, vote: null });
    // Funding approval: 10 working days from today, so between 9 and 10 whole working days are left.
    expect(culture.workingDaysLeft).toBeGreaterThanOrEqual(9);
    expect(culture.workingDaysLeft).toBeLessThanOrEqual(10);
    expect((await read('teamLead')).canDecide).toBe(false);
    expect((await read('auditor')).canDecide).toBe(false);

    const inbox = async (key: string) => (await list(key, '/api/steps', { filter: { awaitingMe: true }, range: [0, 199] })).body.map((s: Row) => s.id);
    expect(await inbox('cultureLead')).toContain(funding.id);
    expect(await inbox('teamLead')).not.toContain(funding.id);
    // A team lead of another team cannot decide it: the workflow refuses what the list said.
    expect((await d.decide('teamLead', funding.id, { choice: 'approve' })).status).toBe(403);
    expect((await list('partner', '/api/steps')).status).toBe(403);
  });

  it('shows a board vote as it goes: canDecide, myVote, the count and a recusal; the inbox badge follows', async () => {
    const created = await d.propose({ title: 'Sân chơi cho trẻ em khu tập thể Giảng Võ' });
    // A member who declared a conflict before the vote opened is left out of it, and told why (R21).
    const declared = await d.post('boardResidents', '/api/conflicts-of-interest', { projectId: created.id, reason: 'Con tôi học ở trường đối tác của dự án' });
    expect(declared.status).toBe(201);
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    const step = async (key: string) => (await list(key, '/api/steps', { filter: { projectId: created.id, type: 'board_review' } })).body[0];

    const chair = await step('boardChair');
    expect(chair).toMatchObject({ id: reviewId, canDecide: true, myVote: null, recusal: null });
    expect(chair.vote).toEqual({ eligible: 2, approve: 0, reject: 0, abstain: 0, outstanding: 2, minVoters: 2, majority: 'simple', stillNeeded: 2, quorumMet: false });
    const recused = await step('boardResidents');
    expect(recused.canDecide).toBe(false);
    expect(recused.recusal.reason).toMatch(/conflict of interest: Con tôi học/);
    // Who the vote waits for, and who was left out of it, by name.
    const nameOf = (key: string) => DEMO_USERS.find((u) => u.key === key)!.displayName;
    const names = (people: { displayName: string }[]) => people.map((p) => p.displayName).sort();
    expect(names(chair.waitingFor)).toEqual([nameOf('boardChair'), nameOf('boardBusiness')].sort());
    expect(chair.recused).toContainEqual({ userId: await h.userId('boardResidents'), displayName: nameOf('boardResidents'), reason: expect.stringMatching(/Con tôi học/) });
    // Who declared a conflict is for the roles that read the conflicts of interest, not for a team lead.
    expect((await step('auditor')).recused.map((r: Row) => r.displayName)).toContain(nameOf('boardResidents'));
    const lead = await step('teamLead');
    expect([lead.recused, names(lead.waitingFor)]).toEqual([[], names(chair.waitingFor)]);
    const onCard = (await list('teamLead', '/api/projects', { filter: { q: created.code } })).body[0];
    expect(names(onCard.activeStep.waitingFor)).toEqual(names(chair.waitingFor));

    const badge = async (key: string) => {
      const res = await h.api().get('/api/steps/inbox-count').set(await as(key));
      expect(res.status).toBe(200);
      return res.body.count as number;
    };
    const awaiting = async (key: string) => Number(/\/(\d+)$/.exec((await list(key, '/api/steps', { filter: { awaitingMe: true }, range: [0, 0] })).headers['content-range']!)![1]!);
    // The badge counts what the awaitingMe filter lists (read until no other test moved it in between).
    const agree = await until(
      'the badge and the awaitingMe list to be read with no change in between',
      async () => {
        const before = await badge('boardChair');
        const listed = await awaiting('boardChair');
        return { before, listed, after: await badge('boardChair') };
      },
      (v) => v.before === v.after,
    );
    expect(agree.listed).toBe(agree.before);
    expect(agree.before).toBeGreaterThanOrEqual(1);

    expect((await d.decide('boardChair', reviewId, { choice: 'approve', rationale: 'Khu tập thể thiếu chỗ chơi' })).status).toBe(200);
    const voted = await step('boardChair');
    expect(voted).toMatchObject({ canDecide: false, myVote: 'approve', status: 'active' });
    expect(names(voted.waitingFor)).toEqual([nameOf('boardBusiness')]);
    // The chair voted: the step now waits on someone else, and leaves the chair's "waiting for others" queue only when it closes.
    const othersQueue = async (key: string, path: string) => (await list(key, path, { filter: { queue: 'waiting_on_others' }, range: [0, 199] })).body.map((r: Row) => r.id);
    expect(await othersQueue('boardChair', '/api/steps')).toContain(reviewId);
    expect(await othersQueue('boardBusiness', '/api/steps')).not.toContain(reviewId);
    expect(await othersQueue('boardChair', '/api/projects')).toContain(created.id);
    expect(voted.vote).toMatchObject({ approve: 1, outstanding: 1, stillNeeded: 1, quorumMet: false });
    expect(await list('boardChair', '/api/steps', { filter: { awaitingMe: true }, range: [0, 199] }).then((r) => r.body.map((s: Row) => s.id))).not.toContain(reviewId);
    const business = await step('boardBusiness');
    expect(business).toMatchObject({ canDecide: true, myVote: null });

    expect((await d.decide('boardBusiness', reviewId, { choice: 'approve' })).status).toBe(200);
    const settled = await step('boardBusiness');
    expect(settled.status).not.toBe('active');
    expect(settled).toMatchObject({ canDecide: false, myVote: 'approve', workingDaysLeft: null });
    expect(settled.vote).toMatchObject({ approve: 2, outstanding: 0, stillNeeded: 0, quorumMet: true });
    expect(settled.waitingFor).toEqual([]);
  });

  it('lists the queues a team lead works from: mine, late, due this week, and a search by code or title', async () => {
    // Proposed by the lead team's own lead, so every coordinator may screen it.
    const created = await d.propose({ title: 'Hàng cây bóng mát phố Đội Cấn', leadTeamCode: 'BD-ENV' }, 'teamLead');
    const screeningId: string = created.activeStep.id;
    const ids = async (key: string, path: string, filter: Record<string, unknown>) => (await list(key, path, { filter, range: [0, 199] })).body.map((r: Row) => r.id);
    // A screening waits for a coordinator, never the team lead: in the lead team's queues, named on the card.
    expect(await ids('teamLead', '/api/steps', { queue: 'mine', q: 'bóng mát phố đội' })).toEqual([screeningId]);
    expect(await ids('teamLead', '/api/projects', { queue: ['mine', 'waiting_on_others'], q: created.code })).toEqual([created.id]);
    expect(await ids('cultureLead', '/api/projects', { queue: 'mine', q: created.code })).toEqual([]);
    const card = (await list('teamLead', '/api/projects', { filter: { q: created.code } })).body[0];
    expect(card.activeStep.waitingFor.map((p: Row) => p.displayName)).toContain(DEMO_USERS.find((u) => u.key === 'coordinator')!.displayName);
    expect(await ids('coordinator', '/api/steps', { queue: 'waiting_on_others', q: created.code })).toEqual([]);

    // Late and due this week follow the deadline (Monday-to-Sunday weeks, Vietnam time).
    const endOfWeek = (() => {
      const local = new Date(Date.now() + 7 * 3_600_000);
      const daysToMonday = ((8 - local.getUTCDay()) % 7) || 7;
      return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + daysToMonday) - 7 * 3_600_000;
    })();
    const setDue = (at: Date) => h.db('steps').where({ id: screeningId }).update({ due_at: at });
    const queuesOf = async () => ({
      late: (await ids('teamLead', '/api/steps', { queue: 'late', q: created.code })).includes(screeningId),
      week: (await ids('teamLead', '/api/steps', { queue: 'due_this_week', q: created.code })).includes(screeningId),
    });
    await setDue(new Date(Date.now() - 60_000));
    expect(await queuesOf()).toEqual({ late: true, week: false });
    await setDue(new Date(Math.min(Date.now() + 3_600_000, endOfWeek - 60_000)));
    expect(await queuesOf()).toEqual({ late: false, week: true });
    await setDue(new Date(endOfWeek + 60_000));
    expect(await queuesOf()).toEqual({ late: false, week: false });

    const refused = await list('teamLead', '/api/steps', { filter: { queue: 'someday' } });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(['filter.queue']);
  });

  it('shows a partner only its own invitations and pledges; other rows do not exist for it', async () => {
    const partnerId = await d.partnerId('HTX Xanh Ba Đình');
    const schoolId = await d.partnerId('Trường THCS Ba Đình');
    const staff = await list('coordinator', '/api/invitations', { filter: { projectId: funded.id } });
    expect(staff.body.map((i: Row) => i.partnerId).sort()).toEqual([partnerId, schoolId].sort());
    const theirs = staff.body.find((i: Row) => i.partnerId === schoolId);
    const ours = staff.body.find((i: Row) => i.partnerId === partnerId);

    const invitations = await list('partner', '/api/invitations', { range: [0, 199] });
    expect(invitations.status).toBe(200);
    expect(invitations.body.map((i: Row) => i.id)).toContain(ours.id);
    expect(invitations.body.every((i: Row) => i.partnerId === partnerId)).toBe(true);
    // Filtering for another partner finds nothing rather than an error that confirms it exists.
    expect((await list('partner', '/api/invitations', { filter: { partnerId: schoolId } })).headers['content-range']).toBe('invitations 0-0/0');
    expect((await h.api().get(`/api/invitations/${theirs.id}`).set(await as('partner'))).status).toBe(404);
    expect((await h.api().get(`/api/invitations/${ours.id}`).set(await as('partner'))).body).toMatchObject({ id: ours.id, status: 'accepted', projectCode: funded.code });

    const pledges = await list('coordinator', '/api/pledges', { filter: { projectId: funded.id } });
    expect(pledges.body.map((p: Row) => p.source).sort()).toEqual(['in_kind', 'private', 'state']);
    const schoolPledge = pledges.body.find((p: Row) => p.partnerId === schoolId);
    const statePledge = pledges.body.find((p: Row) => p.source === 'state');
    const own = await list('partner', '/api/pledges', { filter: { projectId: funded.id } });
    expect(own.body.map((p: Row) => [p.source, p.partnerId])).toEqual([['private', partnerId]]);
    for (const other of [schoolPledge, statePledge]) expect((await h.api().get(`/api/pledges/${other.id}`).set(await as('partner'))).status).toBe(404);
    expect((await h.api().get(`/api/pledges/${schoolPledge.id}`).set(await as('partnerSchool'))).status).toBe(200);

    const partners = await list('partner', '/api/partners');
    expect(partners.body.map((p: Row) => p.id)).toEqual([partnerId]);
    expect((await h.api().get(`/api/partners/${schoolId}`).set(await as('partner'))).status).toBe(404);
    // An auditor reads everything and changes nothing.
    expect((await list('auditor', '/api/pledges', { filter: { projectId: funded.id } })).body).toHaveLength(3);
    expect((await d.command('auditor', funded.id, 'pledges', { source: 'state', amountVnd: 1 })).status).toBe(403);
  });

  it('shows each person the notifications addressed to them, their role or their team', async () => {
    const chairId = await h.userId('boardChair');
    const chair = await list('boardChair', '/api/notifications', { range: [0, 199] });
    expect(chair.status).toBe(200);
    expect(chair.body.some((n: Row) => n.kind === 'step_opened' && n.recipientRole === 'board_member')).toBe(true);
    expect(chair.body.every((n: Row) => n.recipientUserId === chairId || ['board_member', 'board_chair'].includes(n.recipientRole))).toBe(true);
    const leadId = await h.userId('cultureLead');
    const lead = await list('cultureLead', '/api/notifications', { range: [0, 199] });
    expect(lead.body.every((n: Row) => n.recipientRole === 'team_lead' || n.recipientTeamCode === 'BD-CUL' || n.recipientUserId === leadId)).toBe(true);
    expect(lead.body.some((n: Row) => n.recipientRole === 'coordinator')).toBe(false);
    const partnerId = await d.partnerId('HTX Xanh Ba Đình');
    const partner = await list('partner', '/api/notifications', { range: [0, 199] });
    for (const n of partner.body as Row[]) {
      const ownInvitation = n.payload.invitationId ? (await h.db('invitations').where({ id: n.payload.invitationId }).first('partner_id'))?.partner_id === partnerId : false;
      expect(n.payload.partnerId === partnerId || ownInvitation).toBe(true);
    }
  });

  it('filters the ledger by dates, choice, step type and project code; rows carry the project code', async () => {
    const all = await list('auditor', '/api/ledger', { filter: { projectId: funded.id }, sort: ['seq', 'ASC'], range: [0, 199] });
    expect(all.body.length).toBeGreaterThan(5);
    expect(all.body.every((e: Row) => e.projectCode === funded.code)).toBe(true);
    const byCode = await list('auditor', '/api/ledger', { filter: { q: funded.code.toLowerCase() }, range: [0, 199] });
    expect(byCode.body.map((e: Row) => e.seq).sort()).toEqual(all.body.map((e: Row) => e.seq).sort());
    const pledges = await list('auditor', '/api/ledger', { filter: { projectId: funded.id, choice: ['pledge'] } });
    expect(pledges.body).toHaveLength(3);
    const reviews = await list('auditor', '/api/ledger', { filter: { projectId: funded.id, stepType: 'board_review', choice: 'approve' } });
    expect(reviews.body.map((e: Row) => e.actorRole)).toEqual(['board_member', 'board_member']);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // Vietnam's date
    expect((await list('auditor', '/api/ledger', { filter: { projectId: funded.id, from: today, to: today }, range: [0, 199] })).body).toHaveLength(all.body.length);
    expect((await list('auditor', '/api/ledger', { filter: { projectId: funded.id, to: '2020-01-01' } })).body).toHaveLength(0);
    const middle = all.body[3].decidedAt;
    const fromMiddle = await list('auditor', '/api/ledger', { filter: { projectId: funded.id, from: middle }, range: [0, 199] });
    expect(fromMiddle.body.every((e: Row) => e.decidedAt >= middle)).toBe(true);
    expect(fromMiddle.body.length).toBeLessThan(all.body.length);
  });

  it('reads one ledger entry by its sequence number, as the list shows it; an unknown number is 404', async () => {
    const [first] = (await list('auditor', '/api/ledger', { filter: { projectId: funded.id }, sort: ['seq', 'ASC'], range: [0, 0] })).body;
    const one = await h.api().get(`/api/ledger/${first.seq}`).set(await as('auditor'));
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    for (const missing of ['999999999', '0', 'abc']) expect((await h.api().get(`/api/ledger/${missing}`).set(await as('auditor'))).status).toBe(404);
    // The routes beside it keep their own meaning.
    expect((await h.api().get('/api/ledger/verify').set(await as('auditor'))).body.ok).toBe(true);
    expect((await h.api().get(`/api/ledger/${first.seq}`).set(await as('partner'))).status).toBe(403);
  });

  it('exports the filtered ledger as CSV (BOM, RFC 4180) that reads back to the JSON export', async () => {
    const filter = JSON.stringify({ projectId: funded.id });
    const csv = await h.api().get('/api/ledger/export').query({ format: 'csv', filter }).set(await as('auditor')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ledger-[\d-]+\.csv"$/);
    const text: string = csv.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const json = await h.api().get('/api/ledger/export').query({ format: 'json', filter }).set(await as('admin'));
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/filename="ledger-[\d-]+\.json"/);
    const entries: Row[] = json.body;
    const listed = await list('auditor', '/api/ledger', { filter: { projectId: funded.id }, sort: ['seq', 'ASC'], range: [0, 199] });
    // The JSON is the entries as recorded: the list's names, read beside them, are left out.
    expect(entries).toEqual(listed.body.map(({ names: _names, ...recorded }: Row) => recorded));
    // Details are JSON in their cells: commas and quotes, so quoting is exercised.
    expect(entries.some((e) => e.details)).toBe(true);
    expect(text).toContain('""');

    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(LEDGER_EXPORT_COLUMNS.map((c) => LEDGER_EXPORT_HEADERS.en[c]));
    expect(rows).toHaveLength(entries.length);
    rows.forEach((cells, i) => {
      const entry = entries[i]!;
      const back = Object.fromEntries(LEDGER_EXPORT_COLUMNS.map((c, j) => [c, cells[j]]));
      const cell = (v: unknown) => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v));
      expect(back).toEqual(Object.fromEntries(LEDGER_EXPORT_COLUMNS.map((c) => [c, c === 'decidedAt' ? toVietnamIso(new Date(entry[c] as string)) : cell(entry[c])])));
      expect(back.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
    });
    expect(text).toContain('Nguyễn Thu Hà'); // UTF-8 as it is

    expect((await h.api().get('/api/ledger/export').set(await as('coordinator'))).status).toBe(403);
    const bad = await h.api().get('/api/ledger/export').query({ format: 'xlsx' }).set(await as('auditor'));
    expect([bad.status, Object.keys(bad.body.error.fields)]).toEqual([400, ['format']]);
    const badFilter = await h.api().get('/api/ledger/export').query({ filter: JSON.stringify({ choice: 'sing' }) }).set(await as('auditor'));
    expect([badFilter.status, Object.keys(badFilter.body.error.fields)]).toEqual([400, ['filter.choice']]);
  });

  it('neutralises spreadsheet formulas in the CSV export; the JSON export keeps the text as recorded', async () => {
    const created = await d.propose({ title: 'Chợ phiên nông sản sạch cuối tuần' });
    const formula = '=HYPERLINK("https://evil.example/x","Xem hồ sơ")';
    const rejected = await d.decide('coordinator2', created.activeStep.id, { choice: 'reject', rationale: formula, conflictOfInterest: '@SUM(1+1)' });
    expect(rejected.status).toBe(200);
    const filter = JSON.stringify({ projectId: created.id, choice: 'reject' });
    const csv = await h.api().get('/api/ledger/export').query({ format: 'csv', filter }).set(await as('auditor'));
    const [header, row] = parseCsv(String(csv.text).slice(1));
    const cellOf = (name: keyof typeof LEDGER_EXPORT_HEADERS.en) => row![header!.indexOf(LEDGER_EXPORT_HEADERS.en[name])];
    expect(cellOf('rationale')).toBe(`'${formula}`);
    expect(cellOf('conflictOfInterest')).toBe("'@SUM(1+1)");
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const json = await h.api().get('/api/ledger/export').query({ format: 'json', filter }).set(await as('auditor'));
    expect(json.body.map((e: Row) => [e.rationale, e.conflictOfInterest])).toEqual([[formula, '@SUM(1+1)']]);

    expect(['=1+2', '+1', '-2+3', '@A1', '\tx', '\rx', 'Phù hợp', 'a=b', ''].map(csvField)).toEqual(["'=1+2", "'+1", "'-2+3", "'@A1", "'\tx", `"'\rx"`, 'Phù hợp', 'a=b', '']);
    // Numbers, lists and objects are not text a spreadsheet would evaluate.
    expect([-5, ['=x'], { a: '=x' }, null].map(csvField)).toEqual(['-5', '"[""=x""]"', '"{""a"":""=x""}"', '']);
  });

  it('stops the export when the client goes away while it waits to write, leaving no listener behind', async () => {
    let finished: Promise<{ wrote: number; stopped: boolean; listeners: number }> | undefined;
    let response: ServerResponse | undefined;
    const server = createServer((_req, res) => {
      response = res;
      finished = (async () => {
        let wrote = 0;
        // The client never reads: the socket fills up and writes wait for a 'drain' that never comes.
        while (await writeOrStop(res, 'x'.repeat(64 * 1024))) wrote += 1;
        return { wrote, stopped: true, listeners: res.listenerCount('drain') };
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = connect(port, '127.0.0.1', () => client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      client.pause();
      // The client goes away only once the export is blocked on a full socket, waiting for 'drain'.
      await until('the export to wait for drain', () => response, (res) => Boolean(res?.writableNeedDrain && res.listenerCount('drain') > 0));
      client.destroy();
      const outcome = await Promise.race([finished!, sleep(5_000).then(() => 'still waiting' as const)]);
      expect(outcome).toMatchObject({ stopped: true, listeners: 0 });
      expect((outcome as { wrote: number }).wrote).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('counts working days left by the seeded calendar; past its deadline a step is overdue, never due today', async () => {
    const vn = (local: string) => new Date(`${local}+07:00`);
    // Friday 13 November 2026, due at 10:00 (no holiday around it in the seeded calendar).
    const due = vn('2026-11-13T10:00:00');
    const left = async (now: string) => workingDaysCounter(h.db, vn(now))('BD', due);
    expect(await left('2026-11-12T09:00:00')).toBe(1);
    expect(await left('2026-11-13T09:00:00')).toBe(0);
    expect(await left('2026-11-13T10:00:00')).toBe(0);
    expect(await left('2026-11-13T14:00:00')).toBe(-1);
    expect(await left('2026-11-14T14:00:00')).toBe(-1); // Saturday
    expect(await left('2026-11-16T09:00:00')).toBe(-1); // Monday
    expect(await left('2026-11-17T09:00:00')).toBe(-2);
    expect(await workingDaysCounter(h.db, vn('2026-11-13T14:00:00'))('BD', null)).toBeNull();
  });

  it('refuses evidence links that are not http(s), naming the field', async () => {
    const created = await d.propose({ title: 'Vườn rau cộng đồng trên sân thượng' });
    const decided = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept', evidence: ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'https://example.org/bien-ban.pdf'] });
    expect([decided.status, decided.body.error.code, Object.keys(decided.body.error.fields).sort()]).toEqual([400, 'invalid_input', ['evidence.0', 'evidence.1']]);
    const milestone = await d.command('coordinator', funded.id, 'milestones/M1/completion', { evidence: ['ftp://example.org/anh.jpg'] });
    expect([milestone.status, Object.keys(milestone.body.error.fields)]).toEqual([400, ['evidence.0']]);
    const indicator = await d.command('coordinator', funded.id, 'indicators/READERS/actuals', { actual: 120, evidence: ['JavaScript:void(0)'] });
    expect([indicator.status, Object.keys(indicator.body.error.fields)]).toEqual([400, ['evidence.0']]);
    // Nothing was recorded: the screening step is still open.
    expect((await d.detail(created.id)).activeStep.type).toBe('screening');
  });

  it('lists users without password hashes, with their decision counts; one user by id', async () => {
    const res = await list('coordinator', '/api/users', { filter: { q: 'dieuphoi@' } });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const user = res.body[0];
    expect(Object.keys(user).sort()).toEqual(['active', 'decisionCount', 'displayName', 'email', 'id', 'partnerId', 'role', 'teamCode', 'unitCode']);
    expect(user).toMatchObject({ email: 'dieuphoi@donghanh.vn', role: 'coordinator', teamCode: 'BD-ADM', unitCode: 'BD', active: true });
    const counted = await h.db('decision_ledger').where({ actor_user_id: user.id }).count<{ count: string }[]>({ count: '*' });
    expect(user.decisionCount).toBe(Number(counted[0]!.count));
    expect(user.decisionCount).toBeGreaterThan(0);
    expect((await h.api().get(`/api/users/${user.id}`).set(await as('auditor'))).body).toEqual(user);
    expect((await h.api().get(`/api/users/${randomUUID()}`).set(await as('auditor'))).status).toBe(404);
    expect((await h.api().get('/api/users/not-a-uuid').set(await as('auditor'))).status).toBe(404);
    expect((await list('teamLead', '/api/users')).status).toBe(403);
    const envLeads = await list('admin', '/api/users', { filter: { teamCode: 'BD-ENV', role: ['team_lead', 'coordinator'] } });
    expect(envLeads.body.map((u: Row) => u.email)).toContain('totruong.moitruong@donghanh.vn');
    expect(envLeads.body.every((u: Row) => u.teamCode === 'BD-ENV' && ['team_lead', 'coordinator'].includes(u.role))).toBe(true);
  });
});

/**
 * A board with two government members, on a database whose own clock is on another date than
 * Vietnam's: the vote standing counts the non-government member the quorum asks for, and board
 * seats end on Vietnamese dates, not on the database's CURRENT_DATE.
 */
describe('board vote standing and seats on Vietnamese dates', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  const deputy = { email: `phochutich.${randomUUID().slice(0, 6)}@donghanh.vn`, password: 'Pho-chu-tich-2026' };
  let deputyToken = '';
  let boardId = '';
  beforeAll(async () => {
    const url = await scratchDatabase('votes');
    const admin = createDb(url, { max: 1 });
    try {
      const [{ name }] = (await admin.raw('SELECT current_database() AS name')).rows;
      // UTC−12 is a day behind Vietnam except 12:00–17:00 UTC, when UTC+14 is a day ahead.
      const hour = new Date().getUTCHours();
      await admin.raw(`ALTER DATABASE "${name}" SET timezone TO '${hour >= 12 && hour < 17 ? 'Pacific/Kiritimati' : 'Etc/GMT+12'}'`);
      // A second government member; the residents' member left the board long ago.
      const [deputyUser] = await admin('users')
        .insert({ email: deputy.email, display_name: 'Trịnh Văn Phó', password_hash: await hashPassword(deputy.password), role: 'board_member', unit_code: 'BD' })
        .returning('id');
      boardId = (await admin('boards').where({ unit_code: 'BD' }).first('id')).id;
      await admin('board_members').insert({ board_id: boardId, user_id: deputyUser.id, seat: 'government', is_chair: false, since: '2025-07-01' });
      const residents = await admin('users').where({ email: DEMO_USERS.find((u) => u.key === 'boardResidents')!.email }).first('id');
      await admin('board_members').where({ board_id: boardId, user_id: residents.id }).update({ until: '2025-12-31' });
    } finally {
      await admin.destroy();
    }
    h = await startHarness({ databaseUrl: url });
    d = lifecycleDriver(h);
    deputyToken = (await h.api().post('/api/auth/login').send(deputy)).body.token;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const stepOf = async (projectId: string) =>
    (await h.api().get('/api/steps').query({ filter: JSON.stringify({ projectId, type: 'board_review' }) }).set('Authorization', `Bearer ${await h.tokenFor('boardChair')}`)).body[0];

  it('says a vote still needs a non-government member when only government members have voted', async () => {
    const created = await d.propose({ title: 'Đèn chiếu sáng ngõ nhỏ' });
    const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const reviewId: string = accepted.body.project.activeStep.id;
    expect((await stepOf(created.id)).vote).toMatchObject({ eligible: 3, stillNeeded: 2, quorumMet: false });

    expect((await d.decide('boardChair', reviewId, { choice: 'approve' })).status).toBe(200);
    const byDeputy = await h.api().post(`/api/steps/${encodeURIComponent(reviewId)}/decisions`).set('Authorization', `Bearer ${deputyToken}`).set('Idempotency-Key', randomUUID()).send({ choice: 'approve' });
    expect(byDeputy.status).toBe(200);
    // Two present (the rule's minimum) but both from government: one more vote, a non-government one.
    const open = await stepOf(created.id);
    expect(open.status).toBe('active');
    expect(open.vote).toEqual({ eligible: 3, approve: 2, reject: 0, abstain: 0, outstanding: 1, minVoters: 2, majority: 'simple', stillNeeded: 1, quorumMet: false });

    expect((await d.decide('boardBusiness', reviewId, { choice: 'reject', rationale: 'Chưa rõ chi phí vận hành' })).status).toBe(200);
    const settled = await stepOf(created.id);
    expect(settled.status).not.toBe('active');
    expect(settled.vote).toMatchObject({ approve: 2, reject: 1, stillNeeded: 0, quorumMet: true });
  });

  it('ends a seat on its last Vietnamese day, whatever date the database server is on', async () => {
    const [{ session, vietnam }] = (await h.db.raw(`SELECT CURRENT_DATE::text AS session, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS vietnam`)).rows;
    expect(session).not.toBe(vietnam);
    // Behind: a seat that ended yesterday in Vietnam is over. Ahead: one that ends today in Vietnam still holds.
    const until = session < vietnam ? session : vietnam;
    const holds = until >= vietnam;
    const [member] = await h.db('users').insert({ email: `mttq.${randomUUID().slice(0, 6)}@donghanh.vn`, display_name: 'Mai Thị Trận', password_hash: 'x', role: 'board_member', unit_code: 'BD' }).returning('id');
    await h.db('board_members').insert({ board_id: boardId, user_id: member.id, seat: 'mass_org', since: '2025-07-01', until });

    const auditor = { Authorization: `Bearer ${await h.tokenFor('auditor')}` };
    const seats = await h.api().get('/api/board-members').query({ filter: JSON.stringify({ current: true }) }).set(auditor);
    expect(seats.body.some((m: Row) => m.userId === member.id)).toBe(holds);
    const all = await h.api().get('/api/board-members').query({ filter: JSON.stringify({ boardId }) }).set(auditor);
    expect(all.body.find((m: Row) => m.userId === member.id)).toMatchObject({ until, current: holds });
    expect((await h.api().get('/api/boards').set(auditor)).body.find((b: Row) => b.unitCode === 'BD').currentMembers).toBe(holds ? 4 : 3);

    // The workflow's activity fixes the deciders by the same date.
    const created = await d.propose({ title: 'Thư viện sách nói cho người cao tuổi' });
    await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
    const review = await stepOf(created.id);
    const eligible: string[] = (await h.db('steps').where({ id: review.id }).first('eligible_user_ids')).eligible_user_ids;
    expect(eligible.includes(member.id)).toBe(holds);
  });
});

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      (record = []), (field = ''), i++;
    } else field += c;
  }
  if (field || record.length) record.push(field), records.push(record);
  return records;
}
