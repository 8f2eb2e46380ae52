import type { ProjectDetail } from '../../types';
import { hasAnyAction, missingCapabilities, projectActions, type Viewer } from './eligibility';

const step = (type: string, status = 'active') => ({ type, status }) as ProjectDetail['steps'][number];

function project(overrides: Partial<ProjectDetail> = {}): ProjectDetail {
  return {
    id: 'p',
    stage: 'partner_matching',
    leadTeamCode: 'BD-ENV',
    requiredCapabilities: ['volunteers', 'venue'],
    commitments: [],
    waivers: [],
    milestones: [],
    changeRequests: [],
    steps: [step('partner_matching')],
    ...overrides,
  } as unknown as ProjectDetail;
}

const coordinator: Viewer = { role: 'coordinator', teamCode: 'BD-ADM', isChair: false };
const leadTeam: Viewer = { role: 'team_lead', teamCode: 'BD-ENV', isChair: false };
const otherLead: Viewer = { role: 'team_lead', teamCode: 'BD-CUL', isChair: false };
const chair: Viewer = { role: 'board_member', teamCode: null, isChair: true };
const member: Viewer = { role: 'board_member', teamCode: null, isChair: false };
const auditor: Viewer = { role: 'auditor', teamCode: 'BD-ALL', isChair: false };

describe('projectActions: a form only for those the workflow would let through', () => {
  it('after the board approval the coordinator and the lead team invite for what is missing', () => {
    const p = project({ commitments: [{ partnerId: 'a', partnerName: 'A', capability: 'volunteers', status: 'committed' }] as ProjectDetail['commitments'] });
    expect(missingCapabilities(p)).toEqual(['venue']);
    expect(projectActions(p, coordinator).invite).toEqual(['venue']);
    expect(projectActions(p, leadTeam).invite).toEqual(['venue']);
    expect(projectActions(p, otherLead).invite).toEqual([]);
    expect(projectActions(p, chair).waiveCapability).toEqual(['venue']);
    expect(projectActions(p, member).waiveCapability).toEqual([]);
    expect(hasAnyAction(projectActions(p, auditor))).toBe(false);
  });

  it('funding: plan and pledges for the lead team and the coordinator; the 70% waiver for the chair', () => {
    const p = project({ stage: 'funding', steps: [step('funding_approval')] });
    expect(projectActions(p, leadTeam)).toMatchObject({ plan: true, pledge: true, invite: [] });
    expect(projectActions(p, otherLead)).toMatchObject({ plan: false, pledge: false });
    expect(projectActions(p, chair)).toMatchObject({ waiveSocialization: true, cancel: true, plan: false });
  });

  it('execution: milestones for their owner team, change requests while none is open, withdrawals by the coordinator', () => {
    const p = project({
      stage: 'execution',
      steps: [step('execution')],
      commitments: [{ partnerId: 'a', partnerName: 'HTX', capability: 'volunteers', status: 'committed' }] as ProjectDetail['commitments'],
      milestones: [
        { code: 'M1', ownerTeamCode: 'BD-CUL', status: 'open' },
        { code: 'M2', ownerTeamCode: 'BD-ENV', status: 'completed' },
      ] as ProjectDetail['milestones'],
    });
    expect(projectActions(p, otherLead).completeMilestones).toEqual(['M1']);
    expect(projectActions(p, leadTeam)).toMatchObject({ completeMilestones: ['M1'], changeRequest: true });
    expect(projectActions(p, coordinator).withdraw).toEqual([{ partnerId: 'a', partnerName: 'HTX' }]);
    expect(projectActions({ ...p, steps: [step('execution'), step('change_request')] }, leadTeam).changeRequest).toBe(false);
  });

  it('a closed project offers nothing', () => {
    const p = project({ stage: 'closed', steps: [] });
    for (const viewer of [coordinator, leadTeam, chair]) expect(hasAnyAction(projectActions(p, viewer))).toBe(false);
  });
});
