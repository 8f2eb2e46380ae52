// The portal reads the public API only, without a token (api/routes/public.ts).
import type { z } from 'zod';
import type { PublicLedgerHeadSchema, PublicProjectDetailSchema, PublicProjectListSchema } from '../../../contract/public';
import type { AppLocale } from '../types';

export type PublicProjectList = z.infer<typeof PublicProjectListSchema>;
export type PublicProjectDetail = z.infer<typeof PublicProjectDetailSchema>;
export type PublicProject = PublicProjectDetail['project'];
export type PublicLedgerHead = z.infer<typeof PublicLedgerHeadSchema>;

export class PortalError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function read<T>(path: string, locale: AppLocale): Promise<T> {
  // Revalidated every time (a 304 by ETag when nothing changed): a resident sees their own comment at once.
  const res = await fetch(path, { cache: 'no-cache', headers: { Accept: 'application/json', 'Accept-Language': locale } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new PortalError(res.status, body?.error?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export const fetchProjects = (locale: AppLocale, unit?: string) => read<PublicProjectList>(unit ? `/api/public/projects?unit=${encodeURIComponent(unit)}` : '/api/public/projects', locale);
export const fetchProject = (code: string, locale: AppLocale) => read<PublicProjectDetail>(`/api/public/projects/${encodeURIComponent(code)}`, locale);

export type CommentRatings = { access: number; procedure: number; officers: number; result: number; handling: number };

/** A resident's rating and comment; the key makes a retry count once. */
export async function sendComment(code: string, locale: AppLocale, body: { ratings: CommentRatings; comment?: string; website?: string }, key: string): Promise<void> {
  const res = await fetch(`/api/public/projects/${encodeURIComponent(code)}/comments`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Accept-Language': locale, 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
    const fields = Object.values(answer?.error?.fields ?? {});
    throw new PortalError(res.status, [answer?.error?.message, ...fields].filter(Boolean).join(' ') || res.statusText);
  }
}

export interface ResidentsProposal {
  name: string;
  phone: string;
  title: string;
  summary: string;
  category: string;
  leadTeamCode: string;
  requestedBudgetVnd: number;
  beneficiaries?: { who: string; count: number };
  website?: string;
}

/** A residents' proposal: answers its code once it waits for screening. */
export async function sendProposal(locale: AppLocale, body: ResidentsProposal, key: string): Promise<{ code: string }> {
  const res = await fetch('/api/public/proposals', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Accept-Language': locale, 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => null)) as { code?: string; error?: { message?: string; fields?: Record<string, string> } } | null;
  if (!res.ok) {
    const fields = Object.entries(answer?.error?.fields ?? {}).map(([k, v]) => `${k}: ${v}`);
    throw new PortalError(res.status, [answer?.error?.message, ...fields].filter(Boolean).join(' ') || res.statusText);
  }
  return { code: answer!.code! };
}
