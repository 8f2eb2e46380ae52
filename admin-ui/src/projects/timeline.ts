// A project's history as one list: steps opening and closing, ledger entries, SLA events and dissenting notes (R13, R21).
import type { Decision, DissentNote, ProjectDetail, SlaEvent, Step } from '../types';

export type TimelineEntry =
  | { kind: 'step_opened'; at: string; step: Step }
  | { kind: 'step_closed'; at: string; step: Step }
  | { kind: 'decision'; at: string; decision: Decision }
  | { kind: 'sla'; at: string; event: SlaEvent }
  | { kind: 'dissent'; at: string; note: DissentNote };

// Same instant: a step opens, then what happens on it, then it closes.
const ORDER: Record<TimelineEntry['kind'], number> = { step_opened: 0, sla: 1, decision: 2, step_closed: 3, dissent: 4 };

export function buildTimeline(project: Pick<ProjectDetail, 'steps' | 'decisions' | 'slaEvents'> & Partial<Pick<ProjectDetail, 'dissentNotes'>>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const step of project.steps ?? []) {
    if (step.openedAt) entries.push({ kind: 'step_opened', at: step.openedAt, step });
    if (step.closedAt) entries.push({ kind: 'step_closed', at: step.closedAt, step });
  }
  for (const decision of project.decisions ?? []) entries.push({ kind: 'decision', at: decision.decidedAt, decision });
  for (const event of project.slaEvents ?? []) entries.push({ kind: 'sla', at: event.occurredAt, event });
  for (const note of project.dissentNotes ?? []) entries.push({ kind: 'dissent', at: note.writtenAt, note });
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || ORDER[a.kind] - ORDER[b.kind] || seqOf(a) - seqOf(b));
}

function seqOf(entry: TimelineEntry): number {
  return entry.kind === 'decision' ? entry.decision.seq : 0;
}
