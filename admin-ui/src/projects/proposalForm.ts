// The proposal form's rules; the limits are the API's (ProposalBody in domain/schemas.ts).
import type { ProjectCategory, ProposalBody } from '../types';

export const MAX_BUDGET_VND = 1e15;

export interface ProposalFormValues {
  title?: string | null;
  summary?: string | null;
  category?: ProjectCategory | null;
  leadTeamCode?: string | null;
  requestedBudgetVnd?: number | string | null;
}

/** A react-admin validator: whole đồng, 0 or more (the API refuses fractions and negatives). */
export function validateWholeVnd(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined; // required() says that
  const amount = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(amount) && amount >= 0 && amount <= MAX_BUDGET_VND ? undefined : 'app.validation.whole_vnd';
}

export function toProposalBody(values: ProposalFormValues): ProposalBody {
  return {
    title: (values.title ?? '').trim(),
    summary: (values.summary ?? '').trim(),
    category: values.category ?? 'other',
    leadTeamCode: (values.leadTeamCode ?? '').trim(),
    requestedBudgetVnd: Number(values.requestedBudgetVnd ?? 0),
  };
}
