import { fundingMix, recusalReason, screeningNote, votesOnStep } from './context';
import type { Decision, ProjectDetail } from '../types';

const decision = (seq: number, stepId: string, stepType: Decision['stepType'], choice: Decision['choice'], rationale: string | null, actorName = 'Nguyễn Thu Hà') => ({ seq, stepId, stepType, choice, rationale, actorName }) as Decision;
const pledge = (source: ProjectDetail['pledges'][number]['source'], valueVnd: number, status: string) => ({ source, valueVnd, status }) as ProjectDetail['pledges'][number];

describe('the context of a decision', () => {
  it("takes the latest screening note that has words in it", () => {
    const decisions = [decision(1, 's:1', 'screening', 'return', 'Thiếu dự toán'), decision(2, 'r:1', 'resubmission', 'resubmit', null), decision(3, 's:2', 'screening', 'accept', '  Đủ hồ sơ  '), decision(4, 's:2', 'screening', 'accept', ' ')];
    expect(screeningNote(decisions)).toEqual({ actorName: 'Nguyễn Thu Hà', rationale: 'Đủ hồ sơ' });
    expect(screeningNote([decision(1, 's:1', 'screening', 'accept', null)])).toBeNull();
  });
  it('sums the pledges that stand by source, in the fixed order of sources', () => {
    expect(fundingMix([pledge('private', 30, 'pledged'), pledge('state', 10, 'released'), pledge('private', 5, 'pledged'), pledge('community', 99, 'cancelled')])).toEqual([
      { source: 'state', valueVnd: 10 },
      { source: 'private', valueVnd: 35 },
    ]);
  });
  it('reads the recorded reasons for leaving someone out of a vote; an unknown one is shown as recorded', () => {
    expect(recusalReason('proposer of this project')).toEqual({ key: 'app.work.recusal.proposer', options: {} });
    expect(recusalReason('linked to a partner or funder of this project')).toEqual({ key: 'app.work.recusal.partner', options: {} });
    expect(recusalReason('declared conflict of interest: Nhà tôi ở\nđầu phố')).toEqual({ key: 'app.work.recusal.declared', options: { detail: 'Nhà tôi ở\nđầu phố' } });
    expect(recusalReason('something new')).toBeNull();
  });
  it("lists one step's votes in the order they were cast", () => {
    const decisions = [decision(5, 'b:1', 'board_review', 'reject', 'Chưa rõ'), decision(2, 'b:1', 'board_review', 'approve', null), decision(3, 'x:1', 'screening', 'accept', null)];
    expect(votesOnStep(decisions, 'b:1').map((d) => d.seq)).toEqual([2, 5]);
  });
});
