import { buildWorkingCalendar } from '../../domain/calendar';
import { planCheckpoints, type SlaPolicy } from '../../domain/sla';

const calendar = buildWorkingCalendar({ fromYear: 2025, toYear: 2027 });
const policy: SlaPolicy = {
  stepType: 'screening',
  version: 3,
  responsibleTeamCode: null,
  durationValue: 5,
  durationUnit: 'working_days',
  atRiskRatio: 0.6,
  escalationLadder: [
    { level: 2, role: 'board_chair', after: 2 },
    { level: 1, role: 'team_lead', after: 0 },
  ],
};

describe('SLA plan', () => {
  it('puts the deadline at the end of the 5th working day and escalates by working days after it', () => {
    const opened = new Date('2026-11-20T03:00:00Z'); // Friday 10:00 in Vietnam
    const plan = planCheckpoints(policy, calendar, opened);
    expect(plan.dueAt).toBe('2026-11-27T10:00:00.000Z'); // Friday 17:00, a week later
    expect(plan.checkpoints.map((c) => [c.kind, c.level ?? 0, c.at])).toEqual([
      ['at_risk', 0, new Date(opened.getTime() + (Date.parse(plan.dueAt) - opened.getTime()) * 0.6).toISOString()],
      ['breached', 0, '2026-11-27T10:00:00.000Z'],
      ['escalated', 1, '2026-11-27T10:00:00.000Z'],
      ['escalated', 2, '2026-12-01T10:00:00.000Z'],
    ]);
  });

  it('skips Tết when counting', () => {
    const plan = planCheckpoints({ ...policy, escalationLadder: [] }, calendar, new Date('2026-02-13T03:00:00Z'));
    expect(plan.dueAt).toBe('2026-02-27T10:00:00.000Z');
  });

  it('runs in seconds for tests and demos', () => {
    const plan = planCheckpoints({ ...policy, durationUnit: 'seconds', durationValue: 10, escalationLadder: [{ level: 1, role: 'team_lead', after: 4 }] }, calendar, new Date('2026-11-20T03:00:00Z'));
    expect(plan.checkpoints.map((c) => c.at)).toEqual(['2026-11-20T03:00:06.000Z', '2026-11-20T03:00:10.000Z', '2026-11-20T03:00:14.000Z']);
  });

  it('expires a resubmission at its deadline instead of escalating', () => {
    const plan = planCheckpoints(policy, calendar, new Date('2026-11-20T03:00:00Z'), true);
    expect(plan.checkpoints.map((c) => c.kind)).toEqual(['at_risk', 'expired']);
  });
});
