// Dashboard figures (R5 C-Index, R6 funding mix, R8 satisfaction, R17 on-time rate, R25 workload).
import { buildWorkingCalendar } from '../../domain/calendar';
import {
  AGEING_BUCKETS,
  NON_STATE_TARGET,
  ageingBucket,
  cIndex,
  indicatorAchievement,
  localMonthOf,
  meanIndicatorAchievement,
  meanSatisfaction,
  median,
  monthStart,
  monthsEndingAt,
  onTimeRate,
  portfolioFunding,
  satisfactionScore,
  stageOfStep,
  workingDaysOpen,
} from '../../domain/stats';

// A wall-clock time in Vietnam (UTC+07:00) as an instant.
const vn = (local: string) => new Date(`${local}+07:00`);

describe('on-time rate (R17)', () => {
  it('rates on-time over closed, 4 decimals, and has no rate for nothing closed', () => {
    expect(onTimeRate(3, 2)).toBe(0.6667);
    expect(onTimeRate(10, 10)).toBe(1);
    expect(onTimeRate(4, 0)).toBe(0);
    expect(onTimeRate(0, 0)).toBeNull();
    expect(() => onTimeRate(2, 3)).toThrow(RangeError);
    expect(() => onTimeRate(1.5, 1)).toThrow(RangeError);
  });
});

describe('months on Vietnam time', () => {
  it('buckets by the local month, not UTC', () => {
    // 31 Oct 18:00 UTC is already 1 Nov 01:00 in Hà Nội.
    expect(localMonthOf(new Date('2026-10-31T18:00:00Z'))).toBe('2026-11');
    expect(localMonthOf(new Date('2026-10-31T16:59:59Z'))).toBe('2026-10');
  });
  it('lists the months of a period, oldest first, across a new year', () => {
    expect(monthsEndingAt(vn('2026-02-15T09:00:00'), 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEndingAt(vn('2026-11-01T00:30:00'), 1)).toEqual(['2026-11']);
    expect(() => monthsEndingAt(new Date(), 0)).toThrow(RangeError);
  });
  it('starts a month at local midnight on the first', () => {
    expect(monthStart('2026-11').toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(() => monthStart('2026-13')).toThrow(RangeError);
  });
});

describe('ageing in working days (R25)', () => {
  const calendar = buildWorkingCalendar({ unitCode: 'BD', fromYear: 2026, toYear: 2027 });
  it('counts working days after the opening day on the unit calendar', () => {
    // Mon 2 Nov → Mon 9 Nov: Tue–Fri plus Mon = 5 working days; the weekend does not count.
    expect(workingDaysOpen(calendar, vn('2026-11-02T10:00:00'), vn('2026-11-09T10:00:00'))).toBe(5);
    expect(workingDaysOpen(calendar, vn('2026-11-02T10:00:00'), vn('2026-11-02T16:00:00'))).toBe(0);
    // National Day (2 Sep 2026, a Wednesday) is a holiday.
    expect(workingDaysOpen(calendar, vn('2026-09-01T10:00:00'), vn('2026-09-03T10:00:00'))).toBe(1);
  });
  it('counts a step opened before the calendar from its first day instead of failing', () => {
    const days = workingDaysOpen(calendar, vn('2024-03-01T10:00:00'), vn('2026-11-09T10:00:00'));
    expect(days).toBeGreaterThan(200);
    expect(ageingBucket(days)).toBe('21+');
  });
  it('puts working days into the four buckets at their edges', () => {
    expect([0, 5, 6, 10, 11, 20, 21, 300].map(ageingBucket)).toEqual(['0-5', '0-5', '6-10', '6-10', '11-20', '11-20', '21+', '21+']);
    expect(AGEING_BUCKETS).toEqual(['0-5', '6-10', '11-20', '21+']);
    expect(() => ageingBucket(-1)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('stage of a step', () => {
  it('follows the step rules', () => {
    expect(stageOfStep('screening')).toBe('proposal');
    expect(stageOfStep('funding_approval')).toBe('funding');
    expect(stageOfStep('change_request')).toBe('execution');
    expect(stageOfStep('board_signoff')).toBe('impact_evaluation');
  });
});

describe('funding mix of a portfolio (R6)', () => {
  it('sums by source with everything but state counted as non-state, against 70%', () => {
    const mix = portfolioFunding([
      { source: 'state', valueVnd: 30_000_000 },
      { source: 'private', valueVnd: 40_000_000 },
      { source: 'volunteer_hours', valueVnd: 3_000_000 },
      { source: 'community', valueVnd: 27_000_000 },
    ]);
    expect(mix).toEqual({
      bySource: [
        { source: 'state', valueVnd: 30_000_000 },
        { source: 'private', valueVnd: 40_000_000 },
        { source: 'community', valueVnd: 27_000_000 },
        { source: 'in_kind', valueVnd: 0 },
        { source: 'volunteer_hours', valueVnd: 3_000_000 },
      ],
      totalVnd: 100_000_000,
      nonStateVnd: 70_000_000,
      nonStateShare: 0.7,
      target: 0.7,
    });
    expect(NON_STATE_TARGET).toBe(0.7);
  });
  it('has no share when nothing is pledged', () => {
    expect(portfolioFunding([])).toMatchObject({ totalVnd: 0, nonStateVnd: 0, nonStateShare: null });
  });
  it('refuses amounts that are not whole đồng', () => {
    expect(() => portfolioFunding([{ source: 'private', valueVnd: 1.5 }])).toThrow(RangeError);
  });
});

describe('C-Index (R5)', () => {
  it('measures an indicator from baseline to target, clamped, in either direction', () => {
    expect(indicatorAchievement({ baseline: 10, target: 20, actual: 15 })).toBe(0.5);
    expect(indicatorAchievement({ baseline: 10, target: 20, actual: 25 })).toBe(1);
    expect(indicatorAchievement({ baseline: 10, target: 20, actual: 5 })).toBe(0);
    // Less waste: from 100 kg down to 60 kg, reached 70 kg → 75%.
    expect(indicatorAchievement({ baseline: 100, target: 60, actual: 70 })).toBe(0.75);
    expect(indicatorAchievement({ baseline: 10, target: 20, actual: null })).toBeNull();
    expect(indicatorAchievement({ baseline: 10, target: 10, actual: 12 })).toBeNull();
  });
  it('scales a 1–5 rating to 0..1 (R8)', () => {
    expect([1, 2, 3, 4, 5].map(satisfactionScore)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(() => satisfactionScore(0)).toThrow(RangeError);
    expect(() => satisfactionScore(6)).toThrow(RangeError);
  });
  it('averages indicators and ratings as the dashboard aggregates them, each row with how many alike', () => {
    const indicators = [
      { baseline: 10, target: 20, actual: 15, count: 2 },
      { baseline: 100, target: 60, actual: 70, count: 1 },
      // No change asked for: not measurable, so not in the mean.
      { baseline: 5, target: 5, actual: 9, count: 4 },
    ];
    expect(meanIndicatorAchievement(indicators)).toBeCloseTo((0.5 * 2 + 0.75) / 3, 12);
    expect(meanIndicatorAchievement([{ baseline: 5, target: 5, actual: 9, count: 4 }])).toBeNull();
    expect(meanIndicatorAchievement([])).toBeNull();
    expect(meanSatisfaction([{ rating: 5, count: 3 }, { rating: 1, count: 1 }])).toBe(0.75);
    expect(meanSatisfaction([])).toBeNull();
    expect(() => meanSatisfaction([{ rating: 7, count: 1 }])).toThrow(RangeError);
  });
  it('averages the components that have data, as 0–100', () => {
    expect(cIndex({ indicatorAchievement: 0.5, satisfaction: 0.75, onTimeRate: 1 })).toBe(75);
    expect(cIndex({ indicatorAchievement: null, satisfaction: 0.8, onTimeRate: 0.6667 })).toBe(73.3);
    expect(cIndex({ indicatorAchievement: null, satisfaction: null, onTimeRate: 0 })).toBe(0);
    expect(cIndex({ indicatorAchievement: null, satisfaction: null, onTimeRate: null })).toBeNull();
    expect(() => cIndex({ indicatorAchievement: 1.2, satisfaction: null, onTimeRate: null })).toThrow(RangeError);
  });
});
