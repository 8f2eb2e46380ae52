import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import { notificationEmail, retryDelaySeconds } from '../domain/notifications';
import type { AppConfig } from '../domain/config';

export type NotificationSettings = AppConfig['notifications'];

interface OutboxRow {
  id: string;
  kind: string;
  project_id: string | null;
  recipient_role: string | null;
  recipient_user_id: string | null;
  recipient_team_code: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface DeliveryRound {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
}

/** How long a claimed row stays with the dispatcher that claimed it before another may take it over. */
const LEASE_SECONDS = 300;
const BATCH_SIZE = 20;
const VIETNAM_TODAY_SQL = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date";

/**
 * Delivers the outbox (issue 13): claims due rows (FOR UPDATE SKIP LOCKED, with a lease), resolves
 * the people each names now, writes one delivery per person (the console's notification centre)
 * and e-mails those who want it. A row whose e-mail fails stays pending with its attempt counted and
 * a doubling delay; after `maxAttempts` it is dead-lettered (dead_at), never dropped silently.
 */
export function createNotificationActivities(db: Knex, settings: NotificationSettings) {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : undefined;

  async function recipients(row: OutboxRow): Promise<{ id: string; email: string }[]> {
    if (!row.recipient_user_id && !row.recipient_team_code && !row.recipient_role) return [];
    const project = row.project_id ? await db('projects').where({ id: row.project_id }).first('unit_code') : undefined;
    const q = db('users as u').where('u.active', true).select('u.id', 'u.email');
    // People in the project's unit only, except one named in person.
    q.where((w) => {
      if (row.recipient_user_id) w.orWhere('u.id', row.recipient_user_id);
      // A team of another unit (a policy naming another ward's team) reaches nobody of that unit (R18).
      if (row.recipient_team_code) w.orWhere((t) => void (project ? t.where('u.team_code', row.recipient_team_code).where('u.unit_code', project.unit_code) : t.where('u.team_code', row.recipient_team_code)));
      const role = row.recipient_role;
      if (!role) return;
      w.orWhere((r) => {
        if (project) r.where('u.unit_code', project.unit_code);
        if (role === 'unit_chair') {
          // The last rung of the escalation ladder: the person the unit names as its chair.
          r.whereIn('u.id', db('units').where({ code: project?.unit_code ?? null }).whereNotNull('chair_user_id').select('chair_user_id'));
        } else if (role === 'board_chair') {
          r.whereExists((m) => m.select(db.raw('1')).from('board_members as m').whereRaw(`m.user_id = u.id AND m.is_chair AND (m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL})`));
        } else if (role === 'partner') {
          // Only the partner the row names (directly or through its invitation), as GET /api/notifications shows it.
          const partnerId = typeof row.payload.partnerId === 'string' ? row.payload.partnerId : null;
          const invitationId = typeof row.payload.invitationId === 'string' ? row.payload.invitationId : null;
          r.where('u.role', 'partner').where((p) => {
            if (partnerId) p.orWhere('u.partner_id', partnerId);
            if (invitationId) p.orWhereIn('u.partner_id', db('invitations').where({ id: invitationId }).select('partner_id'));
            if (!partnerId && !invitationId) p.whereRaw('false');
          });
        } else {
          r.where('u.role', role);
        }
      });
    });
    return q;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const people = await recipients(row);
    if (people.length) {
      const prefs = await db('notification_preferences').whereIn('user_id', people.map((p) => p.id)).where({ kind: row.kind }).select('user_id', 'email', 'in_console');
      const pref = new Map(prefs.map((p) => [p.user_id as string, p]));
      await db('notification_deliveries')
        .insert(
          people.map((p) => ({
            outbox_id: row.id,
            user_id: p.id,
            in_console: pref.get(p.id)?.in_console ?? true,
            email_wanted: Boolean(transport) && (pref.get(p.id)?.email ?? true),
            email_to: p.email,
          })),
        )
        .onConflict(['outbox_id', 'user_id'])
        .ignore();
    }
    // E-mails not yet sent, including those of an earlier failed try: a person already mailed is not mailed twice.
    const pending = await db('notification_deliveries').where({ outbox_id: row.id, email_wanted: true }).whereNull('emailed_at').select('id', 'user_id', 'email_to');
    if (!pending.length) return;
    if (!transport) throw new Error('SMTP_URL is not set');
    const project = row.project_id ? await db('projects').where({ id: row.project_id }).first('code', 'title') : undefined;
    const mail = notificationEmail({ kind: row.kind, projectCode: project?.code ?? null, projectTitle: project?.title ?? null, payload: row.payload, consoleUrl: settings.consoleUrl });
    for (const d of pending) {
      await transport.sendMail({
        from: settings.from,
        to: d.email_to,
        subject: mail.subject,
        text: mail.text,
        // Stable per delivery, so a resend after a crash between send and record is recognisable as the same message.
        messageId: `<notification-${row.id}-${d.user_id}@donghanh>`,
      });
      await db('notification_deliveries').where({ id: d.id }).update({ emailed_at: db.fn.now() });
    }
  }

  return {
    /** One round: claims a batch of due rows and delivers each; failures are recorded on their row. */
    async deliverNotifications(): Promise<DeliveryRound> {
      const claimed: OutboxRow[] = (
        await db.raw(
          `UPDATE notifications_outbox SET next_attempt_at = now() + make_interval(secs => ?)
           WHERE id IN (
             SELECT id FROM notifications_outbox
             WHERE sent_at IS NULL AND dead_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
             ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
           RETURNING id, kind, project_id, recipient_role, recipient_user_id, recipient_team_code, payload, attempts`,
          [LEASE_SECONDS, BATCH_SIZE],
        )
      ).rows;
      const round: DeliveryRound = { claimed: claimed.length, sent: 0, retrying: 0, dead: 0 };
      for (const row of claimed) {
        const attempts = row.attempts + 1;
        try {
          await deliver(row);
          await db('notifications_outbox').where({ id: row.id }).update({ sent_at: db.fn.now(), attempts, last_error: null, next_attempt_at: null });
          round.sent += 1;
        } catch (err) {
          const dead = attempts >= settings.maxAttempts;
          await db('notifications_outbox')
            .where({ id: row.id })
            .update({
              attempts,
              last_error: String(err instanceof Error ? err.message : err).slice(0, 2000),
              next_attempt_at: db.raw('now() + make_interval(secs => ?)', [retryDelaySeconds(attempts, settings.retrySeconds)]),
              dead_at: dead ? db.fn.now() : null,
            });
          if (dead) round.dead += 1;
          else round.retrying += 1;
        }
      }
      return round;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
