// The portal reads the public API only, without a token (api/routes/public.ts).
import type { z } from 'zod';
import type { PublicLedgerHeadSchema, PublicProjectDetailSchema, PublicProjectListSchema } from '../../../api/public-schemas';
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
  const res = await fetch(path, { headers: { Accept: 'application/json', 'Accept-Language': locale } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new PortalError(res.status, body?.error?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export const fetchProjects = (locale: AppLocale) => read<PublicProjectList>('/api/public/projects', locale);
export const fetchProject = (code: string, locale: AppLocale) => read<PublicProjectDetail>(`/api/public/projects/${encodeURIComponent(code)}`, locale);
