import type { AppLocale } from '../types';

/** The notification centre's own words, in both languages (kind titles come from the API). */
export const NOTIFICATION_MESSAGES = {
  vi: {
    bell: 'Thông báo',
    unread: '%{count} chưa đọc',
    title: 'Thông báo',
    empty: 'Chưa có thông báo nào.',
    markRead: 'Đánh dấu đã đọc',
    markAllRead: 'Đánh dấu tất cả đã đọc',
    preferences: 'Nhận thông báo',
    kind: 'Loại',
    email: 'E-mail',
    inConsole: 'Trên bảng điều khiển',
    loadFailed: 'Không tải được thông báo.',
    close: 'Đóng',
    project: 'Dự án',
  },
  en: {
    bell: 'Notifications',
    unread: '%{count} unread',
    title: 'Notifications',
    empty: 'No notifications yet.',
    markRead: 'Mark read',
    markAllRead: 'Mark all read',
    preferences: 'What I receive',
    kind: 'Kind',
    email: 'E-mail',
    inConsole: 'In the console',
    loadFailed: 'The notifications could not be loaded.',
    close: 'Close',
    project: 'Project',
  },
} as const satisfies Record<AppLocale, Record<string, string>>;

export type NotificationMessageKey = keyof (typeof NOTIFICATION_MESSAGES)['en'];

export function notificationText(locale: AppLocale, key: NotificationMessageKey, values: Record<string, string | number> = {}): string {
  return NOTIFICATION_MESSAGES[locale][key].replace(/%\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? ''));
}
