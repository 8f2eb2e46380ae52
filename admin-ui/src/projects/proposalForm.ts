// The proposal form's rules; the limits are the API's (ProposalBody in domain/schemas.ts).
import type { ProjectCategory, ProposalBody } from '../types';
import type { ProposalChanges } from '../../../domain/schemas';

export const MAX_BUDGET_VND = 1e15;

export interface ProposalFormValues {
  title?: string | null;
  summary?: string | null;
  category?: ProjectCategory | null;
  leadTeamCode?: string | null;
  requestedBudgetVnd?: number | string | null;
  requiredCapabilities?: string[] | null;
  indicators?: { code?: string | null; name?: string | null; unit?: string | null; baseline?: number | string | null; target?: number | string | null }[] | null;
  beneficiaries?: { who?: string | null; count?: number | string | null } | null;
}

const num = (value: unknown): number => (value === null || value === undefined || value === '' ? Number.NaN : Number(value));

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
    ...(values.requiredCapabilities?.length ? { requiredCapabilities: values.requiredCapabilities as NonNullable<ProposalBody['requiredCapabilities']> } : {}),
    ...(values.indicators?.length
      ? {
          indicators: values.indicators.map((i) => ({
            code: (i.code ?? '').trim(),
            name: (i.name ?? '').trim(),
            unit: (i.unit ?? '').trim(),
            baseline: num(i.baseline),
            target: num(i.target),
          })),
        }
      : {}),
    // Sent when either part is filled in, so a missing half is named by the API's schema.
    ...((values.beneficiaries?.who ?? '').trim() || (values.beneficiaries?.count ?? '') !== ''
      ? { beneficiaries: { who: (values.beneficiaries?.who ?? '').trim(), count: num(values.beneficiaries?.count) } }
      : {}),
  };
}

/** What a resubmission sends: the fields the proposer may change (the workflow records those that differ). */
export function toProposalChanges(values: ProposalFormValues): ProposalChanges {
  const body = toProposalBody({ ...values, category: 'other', leadTeamCode: '', beneficiaries: null });
  return {
    title: body.title,
    summary: body.summary,
    requestedBudgetVnd: body.requestedBudgetVnd,
    ...(body.requiredCapabilities ? { requiredCapabilities: body.requiredCapabilities } : {}),
    indicators: body.indicators ?? [],
  };
}
