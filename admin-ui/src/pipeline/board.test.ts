import type { Project } from '../types';
import { BOARD_COLUMNS, columnOf, fundingProgress, groupByColumn } from './board';

const project = (code: string, overrides: Partial<Project> = {}): Project =>
  ({
    id: code,
    code,
    title: code,
    summary: '',
    category: 'environment',
    stage: 'proposal',
    unitCode: 'BD',
    leadTeamCode: 'moi-truong',
    requestedBudgetVnd: 10_000_000,
    proposerName: 'x',
    workflowId: `project-${code}`,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    closedAt: null,
    plannedBudgetVnd: null,
    pledgedVnd: 0,
    activeStep: null,
    ...overrides,
  }) as Project;

const step = (slaStatus: 'on_track' | 'at_risk' | 'breached' | 'paused', dueAt: string | null) => ({ id: 's', type: 'screening' as const, dueAt, slaStatus, decidingRole: 'coordinator' as const, escalationLevel: 0, workingDaysLeft: null, assigneeUserId: null, assigneeName: null, waitingFor: [] });

describe('pipeline board', () => {
  it('puts every final stage in one finished column and keeps the working stages apart', () => {
    expect(columnOf('closed')).toBe('finished');
    expect(columnOf('rejected')).toBe('finished');
    expect(columnOf('cancelled')).toBe('finished');
    expect(columnOf('funding')).toBe('funding');
    expect(BOARD_COLUMNS).toEqual(['proposal', 'partner_matching', 'funding', 'execution', 'impact_evaluation', 'finished']);
  });

  it('sorts a column breached first, then at risk, then by the nearest deadline', () => {
    const columns = groupByColumn([
      project('A', { activeStep: step('on_track', '2026-12-10T00:00:00Z') }),
      project('B', { activeStep: step('breached', '2026-12-20T00:00:00Z') }),
      project('C', { activeStep: step('on_track', '2026-12-05T00:00:00Z') }),
      project('D', { activeStep: step('at_risk', '2026-12-30T00:00:00Z') }),
      project('E', { stage: 'closed' }),
    ]);
    expect(columns.proposal.map((p) => p.code)).toEqual(['B', 'D', 'C', 'A']);
    expect(columns.finished.map((p) => p.code)).toEqual(['E']);
    expect(columns.execution).toEqual([]);
  });

  it('measures funding against the plan, or the requested budget before there is one', () => {
    expect(fundingProgress({ pledgedVnd: 5_000_000, plannedBudgetVnd: null, requestedBudgetVnd: 10_000_000 })).toEqual({ ratio: 0.5, percent: 50, targetVnd: 10_000_000 });
    expect(fundingProgress({ pledgedVnd: 30_000_000, plannedBudgetVnd: 20_000_000, requestedBudgetVnd: 10_000_000 })?.percent).toBe(100);
    expect(fundingProgress({ pledgedVnd: 0, plannedBudgetVnd: null, requestedBudgetVnd: 0 })).toBeNull();
  });
});
