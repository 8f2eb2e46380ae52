/** What a partner can bring to a project (R1: residents, businesses, coops, organisations, the province). */
export const CAPABILITIES = ['money', 'in_kind', 'volunteers', 'venue', 'skills', 'equipment', 'green_livelihood', 'training'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Where an invitation to a partner stands (R1): answered, lapsed, or withdrawn with its project. */
export const INVITATION_STATUSES = ['invited', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface PartnerProfile {
  id: string;
  name: string;
  kind: string;
  capabilities: string[];
  unitCode: string;
  activeCommitments: number;
  withdrawals: number;
  completedProjects: number;
}

export interface PartnerNeed {
  capability: string;
  unitCode: string;
  /** Wards of the same impact zone (R12). */
  neighbouringUnits?: string[];
}

export interface PartnerScore {
  /** 0..100; 0 only when the partner does not offer the capability. */
  score: number;
  reasons: string[];
}

export interface RankedCandidate extends PartnerScore {
  partner: PartnerProfile;
}

/** The weights are data so they can be read, tested and explained to the board (R9, R19). */
export const MATCH_POINTS = {
  capability: 50,
  sameUnit: 30,
  neighbouringUnit: 15,
  perCompletedProject: 5,
  completedProjectsCap: 20,
  perWithdrawal: 10,
  withdrawalsCap: 30,
  /** Active commitments a partner carries before it counts as overloaded. */
  freeActiveCommitments: 3,
  perExtraCommitment: 5,
  overloadCap: 15,
} as const;

/** Profile counters come from the database; a negative or fractional one is a data error. */
function assertCount(partner: PartnerProfile, field: 'activeCommitments' | 'withdrawals' | 'completedProjects'): number {
  const value = partner[field];
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`Partner ${partner.id}: ${field} must be a non-negative whole number, got ${value}`);
  return value;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * How well a partner fits one need (R1, R6, R12). Offering the capability is required; then the
 * partner's own unit beats the impact zone (R12) which beats elsewhere; completed projects add,
 * past withdrawals subtract (R10 early warning), and many active commitments subtract (overload).
 * Each factor is capped so that a capable partner always scores between 5 and 100.
 */
export function scorePartner(need: PartnerNeed, partner: PartnerProfile): PartnerScore {
  const completed = assertCount(partner, 'completedProjects');
  const withdrawals = assertCount(partner, 'withdrawals');
  const active = assertCount(partner, 'activeCommitments');
  if (!partner.capabilities.includes(need.capability)) return { score: 0, reasons: [`does not offer ${need.capability}: 0`] };

  const P = MATCH_POINTS;
  let score = P.capability;
  const reasons = [`offers ${need.capability}: +${P.capability}`];

  if (partner.unitCode === need.unitCode) {
    score += P.sameUnit;
    reasons.push(`same unit (${partner.unitCode}): +${P.sameUnit}`);
  } else if ((need.neighbouringUnits ?? []).includes(partner.unitCode)) {
    score += P.neighbouringUnit;
    reasons.push(`neighbouring unit ${partner.unitCode} (impact zone): +${P.neighbouringUnit}`);
  } else {
    reasons.push(`outside the unit and its impact zone (${partner.unitCode}): +0`);
  }

  if (completed > 0) {
    const points = Math.min(P.completedProjectsCap, completed * P.perCompletedProject);
    score += points;
    reasons.push(`${plural(completed, 'completed project')}: +${points}`);
  }
  if (withdrawals > 0) {
    const points = Math.min(P.withdrawalsCap, withdrawals * P.perWithdrawal);
    score -= points;
    reasons.push(`${plural(withdrawals, 'past withdrawal')}: -${points}`);
  }
  if (active > P.freeActiveCommitments) {
    const points = Math.min(P.overloadCap, (active - P.freeActiveCommitments) * P.perExtraCommitment);
    score -= points;
    reasons.push(`${plural(active, 'active commitment')} (overload): -${points}`);
  }
  return { score: Math.max(0, Math.min(100, score)), reasons };
}

/** Code-unit order, not locale order, so the ranking is identical on every worker (determinism). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The best partners for a need, best first; equal scores by name, then id, so ties are stable.
 * Partners without the capability (score 0) are dropped.
 */
export function rankCandidates(need: PartnerNeed, partners: readonly PartnerProfile[], limit = 5): RankedCandidate[] {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative whole number, got ${limit}`);
  return partners
    .map((partner) => ({ partner, ...scorePartner(need, partner) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || compareText(a.partner.name, b.partner.name) || compareText(a.partner.id, b.partner.id))
    .slice(0, limit);
}

export interface CapabilityCommitment {
  partnerId: string;
  capability: string;
  status: 'committed' | 'withdrawn';
}

export interface Coverage {
  covered: string[];
  missing: string[];
  complete: boolean;
}

/**
 * Which required capabilities a live commitment covers (R6, R20). Records are read in order: the
 * last record for a partner and capability wins, so a withdrawal cancels that partner's commitment
 * (and a later re-commitment restores it). A waived capability is neither covered nor missing.
 */
export function coverage(required: readonly string[], commitments: readonly CapabilityCommitment[], waived: readonly string[]): Coverage {
  const latest = new Map<string, CapabilityCommitment>();
  for (const c of commitments) latest.set(JSON.stringify([c.partnerId, c.capability]), c);
  const live = new Set([...latest.values()].filter((c) => c.status === 'committed').map((c) => c.capability));
  const waivedSet = new Set(waived);
  const unique = [...new Set(required)];
  const covered = unique.filter((cap) => live.has(cap));
  const missing = unique.filter((cap) => !live.has(cap) && !waivedSet.has(cap));
  return { covered, missing, complete: missing.length === 0 };
}
