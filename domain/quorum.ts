/** Seats on the multi-stakeholder coordination board (R4). */
export const BOARD_SEATS = ['government', 'business', 'residents', 'mass_org'] as const;
export type BoardSeat = (typeof BOARD_SEATS)[number];

export const VOTE_CHOICES = ['approve', 'reject', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/** Quorum rules are data so a unit can version them like SLA policies (R4, R18). */
export interface QuorumRule {
  /** Members who must be present (have cast a counted vote) before anything can pass. */
  minVoters: number;
  /** simple: more than half of those present; two_thirds: at least ceil(2/3) of those present. */
  majority: 'simple' | 'two_thirds';
  /** At least one business, residents or mass-organisation member must be present (R4, R19). */
  requireNonGovernment: boolean;
  /** Whether an abstention makes its author present. An abstention is never an approval. */
  abstentionsCountAsPresent: boolean;
}

export interface EligibleVoter {
  userId: string;
  seat: BoardSeat;
}

export interface CastVote {
  userId: string;
  choice: VoteChoice;
}

export interface QuorumResult {
  settled: boolean;
  outcome: 'approved' | 'rejected' | 'no_quorum' | null;
  present: number;
  approvals: number;
  rejections: number;
  abstentions: number;
  /**
   * Approvals that carry the vote whatever the outstanding members still do: the majority of those
   * present if every outstanding member turned up and did not approve. Once all have voted it is
   * simply the majority of those present.
   */
  neededApprovals: number;
  /** Enough members are present, a non-government one among them when the rule asks for one. */
  quorumMet: boolean;
  /**
   * Votes (of members who would be present) still needed before the quorum is met; 0 once it is.
   * The larger of the members short of minVoters and the missing non-government member, since
   * that member's vote counts towards both.
   */
  quorumStillNeeded: number;
  /** What is still missing, or why the vote failed; empty once approved. */
  reasons: string[];
}

/** A board of four seats votes with three present, one of them from outside government (R4). */
export const DEFAULT_QUORUM: QuorumRule = {
  minVoters: 3,
  majority: 'simple',
  requireNonGovernment: true,
  abstentionsCountAsPresent: true,
};

/** A rule that cannot be applied is a configuration error, not a vote outcome. */
function assertRule(rule: QuorumRule): void {
  if (!Number.isInteger(rule.minVoters) || rule.minVoters < 1) {
    throw new RangeError(`Quorum minVoters must be a whole number of at least 1, got ${rule.minVoters}`);
  }
}

/** Approvals needed among `present` members; at least one, so nothing passes on silence. */
export function majorityOf(rule: Pick<QuorumRule, 'majority'>, present: number): number {
  const needed = rule.majority === 'two_thirds' ? Math.ceil((2 * present) / 3) : Math.floor(present / 2) + 1;
  return Math.max(1, needed);
}

/** The eligible set fixed when the step started; a repeated entry keeps its first seat. */
function dedupeEligible(eligible: readonly EligibleVoter[]): Map<string, BoardSeat> {
  const seats = new Map<string, BoardSeat>();
  for (const e of eligible) if (!seats.has(e.userId)) seats.set(e.userId, e.seat);
  return seats;
}

/** Only eligible members count, and only their first vote (the workflow refuses a second one). */
function countedVotes(seats: Map<string, BoardSeat>, votes: readonly CastVote[]): Map<string, VoteChoice> {
  const counted = new Map<string, VoteChoice>();
  for (const v of votes) if (seats.has(v.userId) && !counted.has(v.userId)) counted.set(v.userId, v.choice);
  return counted;
}

function isPresent(rule: QuorumRule, choice: VoteChoice): boolean {
  return choice !== 'abstain' || rule.abstentionsCountAsPresent;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Tallies a board vote under a quorum rule (R4, R18, R22). It settles only when no outstanding vote
 * can change the result: `approved` once the quorum is met and the approvals win even if everyone
 * still outstanding votes against; `rejected` once the approvals lose even if everyone outstanding
 * approves; `no_quorum` once everyone has voted without a quorum. To close a vote at its deadline,
 * pass only the eligible members who voted: the rest then count as absent and the vote settles.
 */
export function evaluateQuorum(rule: QuorumRule, eligible: readonly EligibleVoter[], votes: readonly CastVote[]): QuorumResult {
  assertRule(rule);
  const seats = dedupeEligible(eligible);
  const counted = countedVotes(seats, votes);

  let approvals = 0;
  let rejections = 0;
  let abstentions = 0;
  let present = 0;
  let nonGovernmentPresent = 0;
  for (const [userId, choice] of counted) {
    if (choice === 'approve') approvals++;
    else if (choice === 'reject') rejections++;
    else abstentions++;
    if (isPresent(rule, choice)) {
      present++;
      if (seats.get(userId) !== 'government') nonGovernmentPresent++;
    }
  }
  const outstanding = seats.size - counted.size;
  const nonGovernmentOutstanding = [...seats].filter(([userId, seat]) => seat !== 'government' && !counted.has(userId)).length;

  const membersShort = Math.max(0, rule.minVoters - present);
  const nonGovernmentShort = rule.requireNonGovernment && nonGovernmentPresent === 0 ? 1 : 0;
  const quorumStillNeeded = Math.max(membersShort, nonGovernmentShort);
  const quorumMet = quorumStillNeeded === 0;
  // The most presence the vote can still reach: every outstanding member votes (and is present).
  const quorumReachable =
    present + outstanding >= rule.minVoters && (!rule.requireNonGovernment || nonGovernmentPresent + nonGovernmentOutstanding > 0);
  // The bar if everyone outstanding turns up: the highest it can go, whatever they choose.
  const neededApprovals = majorityOf(rule, present + outstanding);
  // Best case for approval: everyone outstanding approves.
  const bestCaseApprovals = approvals + outstanding;

  const tally = { present, approvals, rejections, abstentions, neededApprovals, quorumMet, quorumStillNeeded };
  const settle = (outcome: QuorumResult['outcome'], reasons: string[]): QuorumResult => ({ settled: outcome !== null, outcome, ...tally, reasons });

  // An empty board can never decide anything (same as tallyBoardVotes).
  if (seats.size === 0) return settle(null, ['no eligible voters']);

  if (quorumMet && approvals >= neededApprovals) return settle('approved', []);

  if (outstanding === 0 && !quorumMet) return settle('no_quorum', quorumShortfall(rule, present, nonGovernmentPresent));

  // A vote whose quorum can never be met ends as no_quorum, so it is not rejected early.
  if (quorumReachable && bestCaseApprovals < neededApprovals) {
    return settle('rejected', [`approval can no longer reach the majority: at most ${bestCaseApprovals} of ${neededApprovals} needed`]);
  }

  const reasons = quorumShortfall(rule, present, nonGovernmentPresent);
  if (!quorumReachable) reasons.push(`quorum unreachable: only ${plural(present + outstanding, 'member')} can be present`);
  if (approvals < neededApprovals) reasons.push(`${plural(neededApprovals - approvals, 'more approval')} needed (${approvals} of ${neededApprovals})`);
  reasons.push(`waiting for ${plural(outstanding, 'vote')}`);
  return settle(null, reasons);
}

/** Says which part of the quorum is missing; empty when the quorum is met. */
function quorumShortfall(rule: QuorumRule, present: number, nonGovernmentPresent: number): string[] {
  const reasons: string[] = [];
  if (present < rule.minVoters) reasons.push(`quorum not met: ${present} of ${rule.minVoters} members present`);
  if (rule.requireNonGovernment && nonGovernmentPresent === 0) reasons.push('no non-government member present');
  return reasons;
}
