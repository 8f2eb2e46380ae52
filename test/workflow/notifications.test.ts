import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { scratchDatabase, startHarness, sampleProposal, type Harness } from '../support/harness';
import { until } from '../support/until';
import { createDb } from '../../platform/db';
import { createNotificationActivities } from '../../activities/notification-delivery';
import { DEMO_USERS } from '../../scripts/reference-data';

/** What scripts/run-tests.ts started: a real Mailpit (SMTP + REST API). */
function mailpitEnv() {
  const smtpUrl = process.env.DH_TEST_SMTP_URL;
  const webUrl = process.env.DH_TEST_MAILPIT_URL;
  if (!smtpUrl || !webUrl) throw new Error('These tests need the Mailpit that `make test` starts (DH_TEST_SMTP_URL, DH_TEST_MAILPIT_URL).');
  return { smtpUrl, webUrl, smtpPort: Number(new URL(smtpUrl).port) };
}

interface MailpitMessage {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
}

/** Every message Mailpit holds whose subject names the text, read through its REST API. */
async function mailsAbout(text: string): Promise<MailpitMessage[]> {
  const res = await fetch(`${mailpitEnv().webUrl}/api/v1/messages?limit=1000`);
  expect(res.ok).toBe(true);
  const body = (await res.json()) as { messages: MailpitMessage[] };
  return body.messages.filter((m) => m.Subject.includes(text));
}

/** An SMTP gate in front of Mailpit: passes connections through, or answers 421 (service unavailable) while failing. */
class SmtpGate {
  failing = false;
  private server!: Server;
  private sockets = new Set<Socket>();
  port = 0;
  async start(target: number): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (this.failing) {
        client.end('421 4.3.2 Service not available, try again later\r\n');
        return;
      }
      const upstream = connect(target, '127.0.0.1');
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const emailOf = (key: string) => DEMO_USERS.find((u) => u.key === key)!.email;
/** An at-risk step is told to every team lead of the unit (the first rung of the escalation ladder). */
const teamLeadsBut = (...keys: string[]) => DEMO_USERS.filter((u) => u.role === 'team_lead' && !keys.includes(u.key)).map((u) => u.email).sort();

describe('delivery of notifications (issue 13)', () => {
  let h: Harness;
  const gate = new SmtpGate();
  beforeAll(async () => {
    await gate.start(mailpitEnv().smtpPort);
    h = await startHarness({
      databaseUrl: await scratchDatabase('notify'),
      notifications: { smtpUrl: `smtp://127.0.0.1:${gate.port}`, pollSeconds: 1, retrySeconds: 1, maxAttempts: 50 },
    });
    // Screening at risk after 3 s, late after 30 s: the tests see the at-risk notice only.
    await h.db('sla_policies').insert({ step_type: 'screening', version: 2, duration_value: 30, duration_unit: 'seconds', at_risk_ratio: 0.1, escalation_ladder: '[]' });
  });
  afterAll(async () => {
    await h?.stop();
    await gate.stop();
  });

  const as = async (key: string) => ({ Authorization: `Bearer ${await h.tokenFor(key)}` });

  async function propose(): Promise<{ id: string; code: string }> {
    const res = await h.api().post('/api/projects').set(await as('coordinator')).set('Idempotency-Key', randomUUID()).send(sampleProposal());
    expect(res.status).toBe(201);
    return res.body;
  }

  async function mine(key: string, projectCode: string) {
    const res = await h.api().get('/api/me/notifications').set(await as(key));
    expect(res.status).toBe(200);
    return (res.body.items as { id: string; kind: string; projectCode: string; readAt: string | null; titleVi: string }[]).filter((n) => n.projectCode === projectCode);
  }

  const unread = async (key: string) => {
    const res = await h.api().get('/api/notifications/unread-count').set(await as(key));
    expect(res.status).toBe(200);
    return res.body.unread as number;
  };

  it('an at-risk step reaches the team leads by e-mail (in Mailpit) and as an unread notification; reading it lowers the count', async () => {
    const project = await propose();
    const mails = await until(
      'the at-risk e-mails in Mailpit',
      () => mailsAbout(project.code),
      // One message per lead: wait for all of them, not the first few.
      (ms) => ms.filter((m) => m.Subject.includes('sắp quá hạn')).length >= teamLeadsBut().length,
    );
    const atRisk = mails.filter((m) => m.Subject.includes('sắp quá hạn'));
    expect(atRisk.flatMap((m) => m.To.map((t) => t.Address)).sort()).toEqual(teamLeadsBut());
    expect(atRisk[0]!.Subject).toContain('at risk');
    // The coordinator, who decides screening, was told the step opened.
    expect(mails.some((m) => m.To.some((t) => t.Address === emailOf('coordinator')) && m.Subject.includes('Bước mới cần quyết định'))).toBe(true);
    const row = await h.db('notifications_outbox').join('projects', 'projects.id', 'notifications_outbox.project_id').where({ 'projects.code': project.code, kind: 'sla_at_risk' }).first('notifications_outbox.*');
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);

    const before = await unread('teamLead');
    const notices = await mine('teamLead', project.code);
    const notice = notices.find((n) => n.kind === 'sla_at_risk')!;
    expect(notice).toMatchObject({ readAt: null, titleVi: 'Bước sắp quá hạn' });
    const markRead = async (key: string, body: object) => h.api().post('/api/notifications/read').set(await as(key)).set('Idempotency-Key', randomUUID()).send(body);
    // Someone else's notification is not theirs to mark; a body naming neither ids nor all is refused.
    expect((await markRead('cultureLead', { ids: [notice.id] })).status).toBe(404);
    const neither = await markRead('teamLead', {});
    expect(neither.status).toBe(400);
    expect(Object.keys(neither.body.error.fields)).toEqual(['ids']);
    const read = await markRead('teamLead', { ids: [notice.id] });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ marked: 1, unread: before - 1 });
    expect(await unread('teamLead')).toBe(before - 1);
    expect((await markRead('teamLead', { ids: [notice.id] })).body.marked).toBe(0);
    const all = await markRead('teamLead', { all: true });
    expect(all.body.unread).toBe(0);
    expect(await unread('teamLead')).toBe(0);
  });

  it('a person who switches e-mail off for a kind gets it in the console only; others still get the e-mail', async () => {
    const bad = await h.api().patch('/api/me/notification-preferences').set(await as('teamLead')).set('Idempotency-Key', randomUUID()).send({ preferences: [{ kind: 'sla_at_risk', email: 'no' }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['preferences.0.email', 'preferences.0.inConsole']));
    const changed = await h.api().patch('/api/me/notification-preferences').set(await as('teamLead')).set('Idempotency-Key', randomUUID()).send({ preferences: [{ kind: 'sla_at_risk', email: false, inConsole: true }] });
    expect(changed.status).toBe(200);
    expect(changed.body.preferences.find((p: { kind: string }) => p.kind === 'sla_at_risk')).toMatchObject({ email: false, inConsole: true });
    expect((await h.api().get('/api/me/notification-preferences').set(await as('cultureLead'))).body.preferences.find((p: { kind: string }) => p.kind === 'sla_at_risk')).toMatchObject({ email: true, inConsole: true });

    const project = await propose();
    await until(
      'the at-risk notice delivered',
      () => h.db('notifications_outbox').join('projects', 'projects.id', 'notifications_outbox.project_id').where({ 'projects.code': project.code, kind: 'sla_at_risk' }).first('sent_at'),
      (r) => Boolean(r?.sent_at),
    );
    const atRisk = (await mailsAbout(project.code)).filter((m) => m.Subject.includes('sắp quá hạn'));
    const to = atRisk.flatMap((m) => m.To.map((t) => t.Address));
    expect(to).toContain(emailOf('cultureLead'));
    expect(to).not.toContain(emailOf('teamLead'));
    expect((await mine('teamLead', project.code)).map((n) => n.kind)).toContain('sla_at_risk');
    expect(await unread('teamLead')).toBeGreaterThan(0);
  });

  it('while the SMTP server fails the row stays pending and is retried with its attempts counted; then each e-mail arrives once', async () => {
    gate.failing = true;
    const project = await propose();
    const outbox = () => h.db('notifications_outbox').join('projects', 'projects.id', 'notifications_outbox.project_id').where({ 'projects.code': project.code, kind: 'sla_at_risk' }).first('notifications_outbox.*');
    const failing = await until('two failed attempts', outbox, (r) => (r?.attempts ?? 0) >= 2);
    expect(failing).toMatchObject({ sent_at: null, dead_at: null });
    expect(failing.last_error).toMatch(/421|Service not available/);
    expect(await mailsAbout(project.code)).toEqual([]);
    // The console does not wait for the e-mail.
    expect((await mine('cultureLead', project.code)).map((n) => n.kind)).toContain('sla_at_risk');

    gate.failing = false;
    const delivered = await until('delivery once SMTP works', outbox, (r) => Boolean(r?.sent_at));
    expect(delivered.attempts).toBeGreaterThanOrEqual(3);
    expect(delivered.last_error).toBeNull();
    const atRisk = (await mailsAbout(project.code)).filter((m) => m.Subject.includes('sắp quá hạn'));
    // teamLead switched e-mail off in the test before; the other leads get one message each.
    expect(atRisk.flatMap((m) => m.To.map((t) => t.Address)).sort()).toEqual(teamLeadsBut('teamLead'));
  });
});

describe('dead letters', () => {
  it('a row that keeps failing is dead-lettered after the last attempt, with its error kept', async () => {
    const db = createDb(await scratchDatabase('notify_dead'), { max: 2 });
    try {
      // A port nobody listens on: every connection is refused.
      const closed = createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as { port: number }).port;
      await new Promise((r) => closed.close(r));
      const activities = createNotificationActivities(db, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'test <t@donghanh.local>', maxAttempts: 2, retrySeconds: 1, pollSeconds: 1 });
      const user = await db('users').whereRaw('lower(email) = ?', [emailOf('coordinator')]).first('id');
      const [{ id }] = await db('notifications_outbox').insert({ dedupe_key: `dead-${randomUUID()}`, kind: 'step_opened', recipient_user_id: user.id, payload: '{}' }).returning('id');
      const row = () => db('notifications_outbox').where({ id }).first();
      await until('the first failed attempt', async () => (await activities.deliverNotifications(), row()), (r) => r.attempts >= 1);
      expect(await row()).toMatchObject({ attempts: 1, dead_at: null, sent_at: null });
      const dead = await until('the dead letter', async () => (await activities.deliverNotifications(), row()), (r) => r.dead_at !== null);
      expect(dead).toMatchObject({ attempts: 2, sent_at: null });
      expect(dead.last_error).toMatch(/ECONNREFUSED|connect/i);
      // A dead letter is not claimed again.
      expect((await activities.deliverNotifications()).claimed).toBe(0);
      expect(await db('notification_deliveries').where({ outbox_id: id }).first()).toMatchObject({ email_wanted: true, emailed_at: null, in_console: true });
    } finally {
      await db.destroy();
    }
  });
});
