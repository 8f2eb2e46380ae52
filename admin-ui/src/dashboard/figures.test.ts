import {
  barPercent,
  cIndexTone,
  createNumberFormats,
  escalationLevels,
  fundingSegments,
  ownCIndex,
  periodOnTime,
  rateTone,
  shareTone,
  teamRows,
  type PipelineStats,
} from './figures';

describe('on-time figures', () => {
  it('sums the period before dividing, so busy months weigh more', () => {
    expect(periodOnTime([{ closed: 1, onTime: 0 }, { closed: 9, onTime: 9 }])).toEqual({ closed: 10, onTime: 9, rate: 0.9 });
    expect(periodOnTime([{ closed: 0, onTime: 0 }])).toEqual({ closed: 0, onTime: 0, rate: null });
    expect(periodOnTime([])).toEqual({ closed: 0, onTime: 0, rate: null });
  });

  it('turns the rows into one line per team with a period total', () => {
    const rows = teamRows([
      { month: '2026-10', teamCode: 'BD-ENV', closed: 2, onTime: 1, rate: 0.5 },
      { month: '2026-10', teamCode: 'BD-ADM', closed: 0, onTime: 0, rate: null },
      { month: '2026-11', teamCode: 'BD-ENV', closed: 2, onTime: 2, rate: 1 },
      { month: '2026-11', teamCode: 'BD-ADM', closed: 4, onTime: 1, rate: 0.25 },
    ]);
    expect(rows.map((r) => r.teamCode)).toEqual(['BD-ENV', 'BD-ADM']);
    expect(rows[0]!.cells.map((c) => c.month)).toEqual(['2026-10', '2026-11']);
    expect(rows[0]!.total).toEqual({ closed: 4, onTime: 3, rate: 0.75 });
    expect(rows[1]!.total).toEqual({ closed: 4, onTime: 1, rate: 0.25 });
  });

  it('tones a rate against the 91% the first months reached (R17)', () => {
    expect([0.95, 0.9, 0.8, 0.7, 0.69, 0, null].map(rateTone)).toEqual(['success', 'success', 'warning', 'warning', 'error', 'error', 'neutral']);
  });
});

describe('bars', () => {
  it('scales to the largest value and never overflows', () => {
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(12, 10)).toBe(100);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(3, 0)).toBe(0);
  });

  it('shows every escalation level of the ladder, zeros too', () => {
    expect(escalationLevels([{ level: 2, count: 4 }])).toEqual([
      { level: 1, count: 0 },
      { level: 2, count: 4 },
      { level: 3, count: 0 },
    ]);
    expect(escalationLevels([{ level: 4, count: 1 }])).toHaveLength(4);
  });
});

describe('funding mix and C-Index', () => {
  const funding = {
    bySource: [
      { source: 'state' as const, valueVnd: 30 },
      { source: 'private' as const, valueVnd: 50 },
      { source: 'community' as const, valueVnd: 0 },
      { source: 'in_kind' as const, valueVnd: 0 },
      { source: 'volunteer_hours' as const, valueVnd: 20 },
    ],
    totalVnd: 100,
  };

  it('stacks the sources that have a value as parts of the total, non-state first (R6)', () => {
    expect(fundingSegments(funding)).toEqual([
      { source: 'private', valueVnd: 50, share: 0.5 },
      { source: 'volunteer_hours', valueVnd: 20, share: 0.2 },
      { source: 'state', valueVnd: 30, share: 0.3 },
    ]);
    expect(fundingSegments({ ...funding, totalVnd: 0 })).toEqual([]);
  });

  it('tones the non-state share against the target (R6) and the C-Index by band (R5)', () => {
    expect(shareTone(0.7, 0.7)).toBe('success');
    expect(shareTone(0.6999, 0.7)).toBe('error');
    expect(shareTone(null, 0.7)).toBe('neutral');
    expect([85, 70, 69.9, 50, 49.9, null].map(cIndexTone)).toEqual(['success', 'success', 'warning', 'warning', 'error', 'neutral']);
  });

  it('picks the C-Index of the caller\'s own unit', () => {
    const pipeline = {
      scope: { unitCode: 'BD', teamCode: null },
      cIndex: [
        { unitCode: 'HK', value: 10, projects: 1, components: { indicatorAchievement: null, satisfaction: null, onTimeRate: 0.1 } },
        { unitCode: 'BD', value: 50, projects: 2, components: { indicatorAchievement: null, satisfaction: 0.5, onTimeRate: null } },
      ],
    } as unknown as PipelineStats;
    expect(ownCIndex(pipeline)?.value).toBe(50);
    expect(ownCIndex({ ...pipeline, cIndex: [] })).toBeNull();
  });
});

describe('number formats', () => {
  it('writes percentages, days and months in the user\'s language', () => {
    const vi = createNumberFormats('vi');
    const en = createNumberFormats('en');
    expect(en.percent(0.6667)).toBe('66.7%');
    expect(vi.percent(0.6667)).toMatch(/^66,7\s?%$/);
    expect(en.percent(null)).toBe('—');
    expect(en.days(2.5)).toBe('2.5');
    expect(vi.days(2.5)).toBe('2,5');
    expect(vi.count(12345)).toBe('12.345');
    expect(en.month('2026-11')).toBe('Nov 2026');
    expect(vi.month('2026-01')).toMatch(/1.*2026/);
  });
});
