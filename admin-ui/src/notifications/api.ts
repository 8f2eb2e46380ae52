import { signedIn } from '../auth/browserSession';
import { newIdempotencyKey } from '../data/commandKeys';
import { createHttpClient } from '../data/httpClient';
import type { MyNotification, NotificationPreferences } from '../../../contract/types';

/** Calls of the notification centre (issue 13), signed in with the console's session. */
const http = createHttpClient(signedIn);

export type { MyNotification };

export type NotificationPreference = NotificationPreferences['preferences'][number];

// Commands carry an Idempotency-Key, as everywhere in the API.
const send = (url: string, method: string, body: unknown) =>
  http(url, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newIdempotencyKey() } });

export const notificationsApi = {
  unreadCount: async (): Promise<number> => (await http('/api/notifications/unread-count')).json.unread,
  list: async (): Promise<{ items: MyNotification[]; unread: number }> => (await http('/api/me/notifications?limit=50')).json,
  markRead: async (id: string): Promise<void> => void (await send('/api/notifications/read', 'POST', { ids: [id] })),
  markAllRead: async (): Promise<void> => void (await send('/api/notifications/read', 'POST', { all: true })),
  preferences: async (): Promise<NotificationPreference[]> => (await http('/api/me/notification-preferences')).json.preferences,
  savePreference: async (p: Pick<NotificationPreference, 'kind' | 'email' | 'inConsole'>): Promise<NotificationPreference[]> =>
    (await send('/api/me/notification-preferences', 'PATCH', { preferences: [p] })).json.preferences,
};
