import type { Decision, DissentNote, SlaEvent, Step } from '../types';
import { buildTimeline } from './timeline';

const step = (id: string, openedAt: string, closedAt: string | null): Step =>
  ({ id, type: 'screening', round: 1, status: closedAt ? 'decided' : 'active', decidingRole: 'coordinator', openedAt, dueAt: null, atRiskAt: null, slaStatus: 'on_track', escalationLevel: 0, outcome: null, closedAt, policyVersion: 1, decider: 'role', recusals: [] }) as unknown as Step;
const decision = (seq: number, decidedAt: string): Decision => ({ seq, decidedAt, choice: 'accept' }) as unknown as Decision;
const sla = (kind: string, occurredAt: string): SlaEvent => ({ stepId: 's1', stepType: 'screening', kind, level: 1, targetRole: 'team_lead', occurredAt }) as SlaEvent;

describe('project timeline', () => {
  it('merges steps, decisions and SLA events in time order, opening before closing at one instant', () => {
    const t = '2026-11-02T03:00:00.000Z';
    const timeline = buildTimeline({
      steps: [step('s1', '2026-11-01T01:00:00.000Z', t), step('s2', t, null)],
      decisions: [decision(7, t)],
      slaEvents: [sla('at_risk', '2026-11-01T05:00:00.000Z')],
    });
    expect(timeline.map((e) => e.kind)).toEqual(['step_opened', 'sla', 'step_opened', 'decision', 'step_closed']);
  });

  it('places a dissenting note at the time it was written, after the step closed at the same instant', () => {
    const t = '2026-11-02T03:00:00.000Z';
    const note = { id: 1, stepId: 's1', stepType: 'board_review', authorUserId: 'u', authorName: 'Đỗ Thị Lan', text: 'Không đồng ý', writtenAt: t } as DissentNote;
    const timeline = buildTimeline({ steps: [step('s1', '2026-11-01T01:00:00.000Z', t)], decisions: [decision(7, t)], slaEvents: [], dissentNotes: [note] });
    expect(timeline.map((e) => e.kind)).toEqual(['step_opened', 'decision', 'step_closed', 'dissent']);
  });

  it('is empty for a project with nothing recorded', () => {
    expect(buildTimeline({ steps: [], decisions: [], slaEvents: [] })).toEqual([]);
  });
});
