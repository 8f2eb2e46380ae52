// The facts a decider reads on an inbox card, picked from the project as the API returns it.
import { FUNDING_SOURCES, PLEDGE_STATUSES, type FundingSource } from '../../../domain/funding';
import type { Decision, ProjectDetail } from '../types';

/** The coordinator's note on the latest screening that let the proposal through (or returned it), if they wrote one. */
export function screeningNote(decisions: readonly Decision[]): { actorName: string; rationale: string } | null {
  const last = [...decisions].reverse().find((d) => d.stepType === 'screening' && d.rationale?.trim());
  return last ? { actorName: last.actorName, rationale: last.rationale!.trim() } : null;
}

/** Pledges that stand, summed by source in a fixed order; sources without any are left out. */
export function fundingMix(pledges: ProjectDetail['pledges']): { source: FundingSource; valueVnd: number }[] {
  const sums = new Map<FundingSource, number>();
  for (const p of pledges) if ((PLEDGE_STATUSES as readonly string[]).includes(p.status)) sums.set(p.source, (sums.get(p.source) ?? 0) + p.valueVnd);
  return FUNDING_SOURCES.filter((s) => sums.has(s)).map((source) => ({ source, valueVnd: sums.get(source)! }));
}

/** The decisions recorded on one step, in the order they were cast (votes, notes). */
export function votesOnStep(decisions: readonly Decision[], stepId: string): Decision[] {
  return decisions.filter((d) => d.stepId === stepId).sort((a, b) => a.seq - b.seq);
}

/** Why someone was left out of the deciders, as activities/project-activities.ts records it (in English), in the reader's words. */
export function recusalReason(reason: string): { key: string; options: { detail?: string } } | null {
  if (reason === 'proposer of this project') return { key: 'app.work.recusal.proposer', options: {} };
  if (reason === 'linked to a partner or funder of this project') return { key: 'app.work.recusal.partner', options: {} };
  const declared = /^declared conflict of interest: ([\s\S]*)$/.exec(reason);
  return declared ? { key: 'app.work.recusal.declared', options: { detail: declared[1]! } } : null;
}
