import { z } from 'zod';

/** The notification centre's shapes (issue 13), shared by the routes and the OpenAPI document; its bodies are in domain/notifications.ts. */
export const MyNotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int().min(1).max(200).default(50),
});

export const MyNotificationSchema = z
  .object({
    id: z.string().meta({ description: 'The delivery id (a number), for POST /api/notifications/{id}/read.' }),
    kind: z.string(),
    titleVi: z.string(),
    titleEn: z.string(),
    projectId: z.string().nullable(),
    projectCode: z.string().nullable(),
    stepId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    createdAt: z.string().meta({ format: 'date-time' }),
    readAt: z.string().meta({ format: 'date-time' }).nullable(),
    emailedAt: z.string().meta({ format: 'date-time' }).nullable(),
  })
  .meta({ description: 'A notification delivered to the caller in the console.' });

export const MyNotificationsSchema = z
  .object({ items: z.array(MyNotificationSchema), unread: z.number().int().min(0) })
  .meta({ description: "The caller's notification centre, newest first, and how many are unread." });

export const UnreadCountSchema = z.object({ unread: z.number().int().min(0).meta({ description: 'Unread notifications in the console.' }) }).meta({ description: 'The bell badge.' });

export const MarkedReadSchema = z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) }).meta({ description: 'How many were marked read now, and how many remain unread.' });

export const NotificationPreferencesSchema = z
  .object({
    preferences: z.array(z.object({ kind: z.string(), titleVi: z.string(), titleEn: z.string(), email: z.boolean(), inConsole: z.boolean() })),
  })
  .meta({ description: 'For every kind: whether it comes by e-mail and in the console.' });
