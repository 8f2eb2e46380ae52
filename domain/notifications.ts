import { z } from 'zod';
import { plainText } from './text';
import { NO_DECIDER_TEXT, type NoDeciderReason } from './deciders';

/** Kinds of notification the engine writes to the outbox, with their title in both languages. */
export const NOTIFICATION_KINDS = {
  step_opened: { vi: 'Bước mới cần quyết định', en: 'A step awaits a decision' },
  sla_at_risk: { vi: 'Bước sắp quá hạn', en: 'A step is at risk of missing its deadline' },
  sla_breached: { vi: 'Bước đã quá hạn', en: 'A step missed its deadline' },
  sla_escalated: { vi: 'Bước quá hạn được chuyển cấp', en: 'An overdue step was escalated' },
  step_reassigned: { vi: 'Bạn được giao phụ trách một bước', en: 'A step was assigned to you' },
  no_decider: { vi: 'Bước chưa có người quyết định', en: 'No one can decide a step' },
  early_warning: { vi: 'Cảnh báo sớm về tiến độ', en: 'Early warning on progress' },
  invitation_sent: { vi: 'Lời mời đồng hành', en: 'Invitation to partner' },
  invitation_reminded: { vi: 'Nhắc trả lời lời mời', en: 'Reminder to answer an invitation' },
  invitation_expired: { vi: 'Lời mời đã hết hạn', en: 'An invitation expired' },
  partner_withdrawal: { vi: 'Đối tác rút khỏi dự án', en: 'A partner withdrew' },
  project_cancelled_partner: { vi: 'Dự án đã bị hủy', en: 'A project was cancelled' },
  feedback_open: { vi: 'Mở lấy ý kiến người dân', en: 'Resident feedback is open' },
  feedback_closed: { vi: 'Đóng lấy ý kiến người dân', en: 'Resident feedback closed' },
  project_closed: { vi: 'Dự án đã kết thúc', en: 'A project closed' },
  project_rejected: { vi: 'Dự án bị từ chối', en: 'A project was rejected' },
  project_cancelled: { vi: 'Dự án đã bị hủy', en: 'A project was cancelled' },
  project_withdrawn: { vi: 'Dự án đã rút', en: 'A project was withdrawn' },
  consultation_opened: { vi: 'Dự án đang lấy ý kiến cộng đồng', en: 'A project is in public consultation' },
  resident_call_due: { vi: 'Cần báo cho người dân đề xuất qua điện thoại', en: 'Call the residents who proposed a project' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Title of a kind; one the table does not know yet is shown by its code rather than hidden. */
export function notificationTitle(kind: string): { vi: string; en: string } {
  return (NOTIFICATION_KINDS as Record<string, { vi: string; en: string }>)[kind] ?? { vi: kind, en: kind };
}

/** The e-mail for one delivery: Vietnamese first, then English (the recipient's language is not stored). */
export function notificationEmail(n: { kind: string; projectCode: string | null; projectTitle: string | null; payload: Record<string, unknown>; consoleUrl?: string }): {
  subject: string;
  text: string;
} {
  const title = notificationTitle(n.kind);
  const about = n.projectCode ? ` — ${n.projectCode}` : '';
  const due = typeof n.payload.dueAt === 'string' ? n.payload.dueAt : typeof n.payload.at === 'string' && n.kind !== 'no_decider' ? n.payload.at : undefined;
  const why = typeof n.payload.reason === 'string' && n.kind === 'no_decider' ? NO_DECIDER_TEXT[n.payload.reason as NoDeciderReason] : undefined;
  const lines = [
    `${title.vi}${about}`,
    n.projectTitle ? `Dự án: ${n.projectTitle}` : undefined,
    due ? `Thời hạn: ${due}` : undefined,
    why ? `Lý do: ${why.vi}` : undefined,
    n.consoleUrl ? `Xem trên bảng điều khiển: ${n.consoleUrl}` : undefined,
    '',
    `${title.en}${about}`,
    n.projectTitle ? `Project: ${n.projectTitle}` : undefined,
    due ? `Due: ${due}` : undefined,
    why ? `Why: ${why.en}` : undefined,
    n.consoleUrl ? `Open the console: ${n.consoleUrl}` : undefined,
    '',
    'Đồng Hành — thay đổi loại thông báo nhận qua e-mail trong mục Thông báo / change which kinds you receive by e-mail under Notifications.',
  ];
  return { subject: `[Đồng Hành] ${title.vi} / ${title.en}${about}`, text: lines.filter((l) => l !== undefined).join('\n') };
}

/** Seconds to wait before try number `attempts + 1`: doubling from `baseSeconds`, at most 6 hours. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

// Request bodies of the notification centre (issue 13); domain/schemas.ts re-exports them with the others.
const notificationKind = plainText().regex(/^[a-z][a-z_]{1,39}$/, { message: 'must be a notification kind such as sla_at_risk' });

export const NotificationPreferencesBody = z
  .object({
    preferences: z
      .array(z.object({ kind: notificationKind, email: z.boolean(), inConsole: z.boolean() }).strict())
      .min(1)
      .max(Object.keys(NOTIFICATION_KINDS).length + 20)
      .refine((list) => new Set(list.map((p) => p.kind)).size === list.length, { message: 'names a kind twice' }),
  })
  .strict()
  .meta({ description: 'The kinds to change and, for each, whether it comes by e-mail and in the console. Kinds not sent keep their setting (both on by default).' });


export const NotificationReadBody = z
  .object({
    ids: z.array(plainText().regex(/^\d{1,18}$/, { message: 'must be delivery ids (numbers) as GET /api/me/notifications lists them' })).min(1).max(200).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.ids) !== Boolean(b.all), { message: 'send either ids or all: true', path: ['ids'] })
  .meta({ description: 'Which of the caller\'s notifications to mark read: some by id, or all of them.' });
