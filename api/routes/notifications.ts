import { Router } from 'express';
import { requireRole } from '../access';
import { accountOf } from '../auth';
import type { ApiDeps } from '../deps';
import { HttpError, parseInput } from '../http-errors';
import { idempotencyKeys } from '../idempotency';
import { MyNotificationsQuery } from '../../contract/notifications';
import { NOTIFICATION_KINDS, NotificationPreferencesBody, NotificationReadBody, notificationTitle } from '../../domain/notifications';

const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);

/** The caller's notification centre (issue 13): what the dispatcher delivered to them, read state, preferences. */
export function notificationRoutes({ db, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);
  const mine = (userId: string) => db('notification_deliveries as d').where({ 'd.user_id': userId, 'd.in_console': true });
  const unreadCount = async (userId: string) => Number((await mine(userId).whereNull('d.read_at').count({ n: '*' }).first())?.n ?? 0);

  router.get('/notifications/unread-count', requireRole('notifications.own'), async (req, res) => {
    res.json({ unread: await unreadCount(accountOf(req).userId) });
  });

  router.get('/me/notifications', requireRole('notifications.own'), async (req, res) => {
    const query = parseInput(MyNotificationsQuery, req.query, req);
    const { userId } = accountOf(req);
    const q = mine(userId)
      .join('notifications_outbox as n', 'n.id', 'd.outbox_id')
      .leftJoin('projects as p', 'p.id', 'n.project_id')
      .select('d.id', 'd.read_at', 'd.emailed_at', 'd.created_at', 'n.kind', 'n.project_id', 'n.step_id', 'n.payload', 'p.code as project_code')
      .orderBy('d.id', 'desc')
      .limit(query.limit);
    if (query.unread) q.where((w) => void (query.unread === 'true' ? w.whereNull('d.read_at') : w.whereNotNull('d.read_at')));
    const rows = await q;
    res.json({
      items: rows.map((r) => {
        const title = notificationTitle(r.kind);
        return {
          id: String(r.id),
          kind: r.kind,
          titleVi: title.vi,
          titleEn: title.en,
          projectId: r.project_id ?? null,
          projectCode: r.project_code ?? null,
          stepId: r.step_id ?? null,
          payload: r.payload ?? {},
          createdAt: iso(r.created_at),
          readAt: iso(r.read_at),
          emailedAt: iso(r.emailed_at),
        };
      }),
      unread: await unreadCount(userId),
    });
  });

  // A command like the others (Idempotency-Key), though marking read twice changes nothing anyway.
  router.post('/notifications/read', requireRole('notifications.own'), async (req, res) => {
    const { body } = await keys.command(req, NotificationReadBody);
    const { userId } = accountOf(req);
    if (body.ids) {
      // Another person's delivery is as unknown as a missing one; then nothing is marked.
      const found = await mine(userId).whereIn('d.id', body.ids).pluck('d.id');
      if (found.length !== new Set(body.ids).size) throw HttpError.of(404, 'not_found');
    }
    const q = mine(userId).whereNull('d.read_at');
    if (body.ids) q.whereIn('d.id', body.ids);
    const marked = await q.update({ read_at: db.fn.now() });
    res.json({ marked, unread: await unreadCount(userId) });
  });

  const preferencesOf = async (userId: string) => {
    const stored = await db('notification_preferences').where({ user_id: userId }).select('kind', 'email', 'in_console');
    const byKind = new Map(stored.map((p) => [p.kind as string, p]));
    const kinds = [...new Set([...Object.keys(NOTIFICATION_KINDS), ...byKind.keys()])];
    return {
      preferences: kinds.map((kind) => {
        const title = notificationTitle(kind);
        const p = byKind.get(kind);
        return { kind, titleVi: title.vi, titleEn: title.en, email: p?.email ?? true, inConsole: p?.in_console ?? true };
      }),
    };
  };

  router.get('/me/notification-preferences', requireRole('notifications.own'), async (req, res) => {
    res.json(await preferencesOf(accountOf(req).userId));
  });

  router.patch('/me/notification-preferences', requireRole('notifications.own'), async (req, res) => {
    const { body } = await keys.command(req, NotificationPreferencesBody);
    const { userId } = accountOf(req);
    await db('notification_preferences')
      .insert(body.preferences.map((p) => ({ user_id: userId, kind: p.kind, email: p.email, in_console: p.inConsole, updated_at: db.fn.now() })))
      .onConflict(['user_id', 'kind'])
      .merge(['email', 'in_console', 'updated_at']);
    res.json(await preferencesOf(userId));
  });

  return router;
}
