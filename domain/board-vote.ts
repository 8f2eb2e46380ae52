import type { VoteRecord } from './project';

export interface BoardTally {
  eligible: number;
  approvals: number;
  rejections: number;
  abstentions: number;
  /** Approvals still needed for a majority of the eligible members. */
  needed: number;
  settled: boolean;
  outcome: 'approved' | 'rejected' | null;
}

/**
 * A proposal passes when a majority of the eligible members approve (R4). It fails as soon as the
 * votes left can no longer make that majority. Abstentions count as present, not as approval.
 */
export function tallyBoardVotes(eligibleUserIds: readonly string[], votes: readonly VoteRecord[]): BoardTally {
  const eligible = new Set(eligibleUserIds);
  const counted = votes.filter((v) => eligible.has(v.userId));
  const approvals = counted.filter((v) => v.choice === 'approve').length;
  const rejections = counted.filter((v) => v.choice === 'reject').length;
  const abstentions = counted.filter((v) => v.choice === 'abstain').length;
  const majority = Math.floor(eligible.size / 2) + 1;
  const outstanding = eligible.size - counted.length;
  const needed = Math.max(0, majority - approvals);
  if (eligible.size === 0) return { eligible: 0, approvals, rejections, abstentions, needed, settled: false, outcome: null };
  if (approvals >= majority) return { eligible: eligible.size, approvals, rejections, abstentions, needed: 0, settled: true, outcome: 'approved' };
  if (approvals + outstanding < majority) return { eligible: eligible.size, approvals, rejections, abstentions, needed, settled: true, outcome: 'rejected' };
  return { eligible: eligible.size, approvals, rejections, abstentions, needed, settled: false, outcome: null };
}
