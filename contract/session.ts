import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { uuid } from './rows';

/** Sign-in, the signed-in person, teams, health, and the one error shape every /api route answers with. */

const Role = z.enum(ROLES);

export const TeamSchema = z.object({ id: z.string().meta({ description: 'Equal to code.' }), code: z.string(), name: z.string(), nameVi: z.string(), unitCode: z.string() });

export const MeSchema = z
  .object({ id: uuid(), email: z.string(), displayName: z.string(), role: Role, teamCode: z.string().nullable(), unitCode: z.string() })
  .meta({ description: 'The signed-in person.' });

export const SessionSchema = z
  .object({
    token: z.string().meta({ description: 'Access token (JWT, HS256); send as `Authorization: Bearer <token>`.' }),
    refreshToken: z.string().meta({ description: 'Works once, at POST /api/auth/refresh.' }),
    user: MeSchema,
  })
  .meta({ description: 'A new session.' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, machine-readable code (each response lists the ones it may carry, in x-error-codes).' }),
      message: z.string().meta({ description: 'For people, in the language asked for by Accept-Language (vi or en).' }),
      fields: z.record(z.string(), z.string()).meta({ description: 'Reason per field name (empty when no field is at fault).' }),
    }),
  })
  .meta({ description: 'The one error shape of the API; never a stack trace.' });

export const HealthSchema = z.object({ status: z.literal('ok') });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  postgres: z.string().meta({ description: '"ok" or "unreachable: <reason>"' }),
  temporal: z.string().meta({ description: '"ok" or "unreachable: <reason>"' }),
  worker: z.string().meta({ description: '"ok", "not_polling: <reason>" (no worker polled the task queue within READY_WORKER_POLL_WINDOW_MS) or "unknown: Temporal is unreachable"' }),
});
