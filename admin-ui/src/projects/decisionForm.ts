// The decision dialog's rules, kept out of the component (R20: clear reason, clear evidence).
import type { Choice, DecisionBody } from '../types';
import type { EvaluationOutcome, Recommendation } from '../../../domain/lifecycle';
import { toProposalChanges, type ProposalFormValues } from './proposalForm';

export const MAX_EVIDENCE_LINKS = 20;

export interface DecisionFormValues {
  rationale?: string | null;
  evidence?: string | null;
  conflictOfInterest?: string | null;
  /** Board sign-off only (R5, R11). */
  outcome?: EvaluationOutcome | '' | null;
  recommendation?: Recommendation | '' | null;
  /** Resubmission only: the proposal as edited. */
  proposal?: ProposalFormValues | null;
}

/** Evidence is typed one link per line; blank lines do not count. */
export function evidenceLines(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A react-admin validator: the first line that is not a link, or too many links. */
export function validateEvidence(text: string | null | undefined): { message: string; args: Record<string, unknown> } | undefined {
  const lines = evidenceLines(text);
  const bad = lines.find((line) => !isWebLink(line));
  if (bad !== undefined) return { message: 'app.decision.invalid_link', args: { line: bad } };
  if (lines.length > MAX_EVIDENCE_LINKS) return { message: 'app.decision.too_many_links', args: { max: MAX_EVIDENCE_LINKS } };
  return undefined;
}

/** A react-admin validator for text that must say something, not only spaces. */
export function validateNotBlank(text: string | null | undefined): string | undefined {
  return typeof text === 'string' && text !== '' && text.trim() === '' ? 'app.validation.not_blank' : undefined;
}

function trimmedOrUndefined(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/** What POST /api/steps/:id/decisions receives; empty optional texts are left out. */
export function toDecisionBody(choice: Choice, values: DecisionFormValues): DecisionBody {
  const body: DecisionBody = { choice, evidence: evidenceLines(values.evidence) };
  const rationale = trimmedOrUndefined(values.rationale);
  const conflictOfInterest = trimmedOrUndefined(values.conflictOfInterest);
  if (rationale !== undefined) body.rationale = rationale;
  if (conflictOfInterest !== undefined) body.conflictOfInterest = conflictOfInterest;
  if (values.outcome) body.outcome = values.outcome;
  if (values.recommendation) body.recommendation = values.recommendation;
  if (choice === 'resubmit' && values.proposal) body.proposal = toProposalChanges(values.proposal);
  return body;
}
