import { z } from 'zod';
import { CHOICES, PROJECT_CATEGORIES } from './lifecycle';

/**
 * One schema per shape, shared by the API (validation) and the workflow (types). Messages come
 * from zod's own English and Vietnamese locales, chosen per request by the API.
 */
export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const ProposalBody = z.object({
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(10).max(4000),
  category: z.enum(PROJECT_CATEGORIES),
  leadTeamCode: z.string().trim().min(1).max(40),
  requestedBudgetVnd: z.number().int().min(0).max(1e15),
});
export type ProposalBody = z.infer<typeof ProposalBody>;

export const DecisionBody = z.object({
  choice: z.enum(CHOICES),
  rationale: z.string().trim().max(4000).optional(),
  evidence: z.array(z.string().url().max(2000)).max(20).default([]),
  conflictOfInterest: z.string().trim().max(2000).optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** Sent as the Idempotency-Key header on every command. */
export const IdempotencyKey = z.string().min(8).max(200).regex(/^[A-Za-z0-9._:-]+$/);

/** react-admin list parameters (ra-data-simple-rest): JSON-encoded sort, range and filter. */
export const ListQuery = z.object({
  sort: z.string().optional(),
  range: z.string().optional(),
  filter: z.string().optional(),
});
