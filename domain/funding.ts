/** Where a project's resources come from (R6); everything but `state` is socialized (xã hội hóa). */
export const FUNDING_SOURCES = ['state', 'private', 'community', 'in_kind', 'volunteer_hours'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const PLEDGE_STATUSES = ['pledged', 'released'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

/**
 * A pledge in whole đồng. A `volunteer_hours` pledge is valued from `hours` at the rate given to
 * fundingMix; its `amountVnd` is not used (store 0).
 */
export interface Pledge {
  source: FundingSource;
  amountVnd: number;
  status: PledgeStatus;
  /** Required for `volunteer_hours`, ignored otherwise. May be fractional (1.5 hours). */
  hours?: number;
}

export interface FundingMix {
  /** Pledged and released together: a release is a pledge that has been paid out. */
  totalVnd: number;
  bySource: Record<FundingSource, number>;
  /** Non-state share of the total, 0..1, rounded to 4 decimals; 0 when nothing is pledged. */
  nonStateShare: number;
}

export interface SocializationCheck {
  meets: boolean;
  /** Extra non-state đồng needed to reach the target with the same state amount. */
  shortfallVnd: number;
  message: { en: string; vi: string };
}

/** Money is whole đồng within the safe integer range, so sums are exact. */
function assertVnd(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative whole number of đồng, got ${value}`);
}

/** Rounds numerator/denominator (both non-negative integers) to `scale` parts, half up, exactly. */
function roundedRatio(numerator: number, denominator: number, scale: number): number {
  if (denominator === 0) return 0;
  const n = BigInt(numerator) * BigInt(scale);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

/** The value in đồng of one pledge; volunteer time is valued at the given hourly rate (R6). */
export function pledgeValueVnd(pledge: Pledge, volunteerHourRateVnd: number): number {
  if (pledge.source !== 'volunteer_hours') {
    assertVnd(pledge.amountVnd, `Pledge (${pledge.source}) amountVnd`);
    return pledge.amountVnd;
  }
  const hours = pledge.hours;
  if (hours === undefined || !Number.isFinite(hours) || hours < 0) throw new RangeError(`Pledge (volunteer_hours) needs non-negative hours, got ${hours}`);
  const value = Math.round(hours * volunteerHourRateVnd);
  assertVnd(value, 'Pledge (volunteer_hours) value');
  return value;
}

/** Totals pledges by source and the socialized share (R6), in whole đồng. */
export function fundingMix(pledges: readonly Pledge[], opts: { volunteerHourRateVnd: number }): FundingMix {
  assertVnd(opts.volunteerHourRateVnd, 'volunteerHourRateVnd');
  const bySource: Record<FundingSource, number> = { state: 0, private: 0, community: 0, in_kind: 0, volunteer_hours: 0 };
  let totalVnd = 0;
  for (const pledge of pledges) {
    const value = pledgeValueVnd(pledge, opts.volunteerHourRateVnd);
    bySource[pledge.source] += value;
    totalVnd += value;
    assertVnd(totalVnd, 'Funding total');
  }
  const nonStateShare = roundedRatio(totalVnd - bySource.state, totalVnd, 10_000) / 10_000;
  return { totalVnd, bySource, nonStateShare };
}

/** Groups thousands: 15000000 → "15,000,000" (en) or "15.000.000" (vi). */
function groupThousands(n: number, separator: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Basis points as a percentage with up to two decimals: 5512 → "55.12" (en) / "55,12" (vi). */
function percent(basisPoints: number, decimalMark: string): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = basisPoints % 100;
  if (fraction === 0) return String(whole);
  return `${whole}${decimalMark}${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * Checks the socialized share against the target (R6: 70%). The comparison is exact on đồng; the
 * percentage shown is truncated to 0.01% so a ratio below the target is never displayed as reaching
 * it. The shortfall is the extra non-state đồng (rounded up) that would reach the target if the state
 * amount stayed the same. With nothing pledged the target is not met and the shortfall is 0.
 */
/** R6: at least 70% of a project's resources come from outside the state budget. */
export const NON_STATE_TARGET = 0.7;

export function checkSocialization(mix: FundingMix, targetShare = NON_STATE_TARGET): SocializationCheck {
  if (!Number.isFinite(targetShare) || targetShare < 0 || targetShare >= 1) throw new RangeError(`targetShare must be at least 0 and below 1, got ${targetShare}`);
  const target = Math.round(targetShare * 10_000); // basis points
  const state = BigInt(mix.bySource.state);
  const nonState = BigInt(mix.totalVnd - mix.bySource.state);
  const total = state + nonState;
  const targetText = { en: percent(target, '.'), vi: percent(target, ',') };

  if (total === 0n) {
    const meets = target === 0;
    return {
      meets,
      shortfallVnd: 0,
      message: meets
        ? { en: `No funding pledged; the ${targetText.en}% target is met`, vi: `Chưa có cam kết tài trợ; mục tiêu ${targetText.vi}% đã đạt` }
        : { en: `No funding pledged yet; the socialization target is ${targetText.en}%`, vi: `Chưa có cam kết tài trợ; mục tiêu xã hội hóa là ${targetText.vi}%` },
    };
  }

  const shownBp = Number((nonState * 10_000n) / total); // truncated
  const shown = { en: percent(shownBp, '.'), vi: percent(shownBp, ',') };
  const meets = nonState * 10_000n >= BigInt(target) * total;
  if (meets) {
    return {
      meets,
      shortfallVnd: 0,
      message: {
        en: `Socialization ratio ${shown.en}% meets the ${targetText.en}% target`,
        vi: `Tỷ lệ xã hội hóa ${shown.vi}% đạt mục tiêu ${targetText.vi}%`,
      },
    };
  }
  // (nonState + x) / (state + nonState + x) >= t  ⇔  x >= (t·state − (1 − t)·nonState) / (1 − t)
  const numerator = BigInt(target) * state - BigInt(10_000 - target) * nonState;
  const denominator = BigInt(10_000 - target);
  const shortfallVnd = Number((numerator + denominator - 1n) / denominator);
  return {
    meets,
    shortfallVnd,
    message: {
      en: `Socialization ratio ${shown.en}% is below the ${targetText.en}% target: ${groupThousands(shortfallVnd, ',')} VND more non-state funding needed`,
      vi: `Tỷ lệ xã hội hóa ${shown.vi}% chưa đạt mục tiêu ${targetText.vi}%: cần thêm ${groupThousands(shortfallVnd, '.')} đồng xã hội hóa`,
    },
  };
}

/** Who approves a budget: the team lead up to their limit (inclusive), the board above it (R18). */
export function approvalAuthority(amountVnd: number, thresholds: { teamLeadMaxVnd: number }): 'team_lead' | 'board' {
  assertVnd(amountVnd, 'amountVnd');
  assertVnd(thresholds.teamLeadMaxVnd, 'teamLeadMaxVnd');
  return amountVnd <= thresholds.teamLeadMaxVnd ? 'team_lead' : 'board';
}

/** Sums budget lines; a line that is not a whole, non-negative number of đồng is named in the error (R9). */
export function budgetTotal(lines: readonly { label: string; amountVnd: number }[]): number {
  let total = 0;
  for (const line of lines) {
    assertVnd(line.amountVnd, `Budget line "${line.label}"`);
    total += line.amountVnd;
    assertVnd(total, 'Budget total');
  }
  return total;
}
