import { FUNDING_SOURCES, approvalAuthority, budgetTotal, checkSocialization, fundingMix, pledgeValueVnd, type FundingMix, type Pledge } from '../../domain/funding';

const rate = { volunteerHourRateVnd: 25_000 };
const mixOf = (state: number, nonState: number): FundingMix =>
  fundingMix(
    [
      { source: 'state', amountVnd: state, status: 'pledged' },
      { source: 'private', amountVnd: nonState, status: 'pledged' },
    ],
    rate,
  );

describe('fundingMix', () => {
  it('totals every source in whole đồng, pledged and released alike', () => {
    const pledges: Pledge[] = [
      { source: 'state', amountVnd: 45_000_000, status: 'released' },
      { source: 'private', amountVnd: 30_000_000, status: 'pledged' },
      { source: 'private', amountVnd: 2_000_000, status: 'released' },
      { source: 'community', amountVnd: 10_000_000, status: 'pledged' },
      { source: 'in_kind', amountVnd: 5_000_000, status: 'released' },
      { source: 'volunteer_hours', amountVnd: 0, hours: 100, status: 'pledged' },
    ];
    expect(fundingMix(pledges, rate)).toEqual({
      totalVnd: 94_500_000,
      bySource: { state: 45_000_000, private: 32_000_000, community: 10_000_000, in_kind: 5_000_000, volunteer_hours: 2_500_000 },
      nonStateShare: 0.5238, // 49.5 / 94.5 = 0.523809…
    });
  });

  it('values volunteer hours at the given rate and ignores their amountVnd', () => {
    const r = fundingMix([{ source: 'volunteer_hours', amountVnd: 999, hours: 12.5, status: 'pledged' }], { volunteerHourRateVnd: 30_000 });
    expect(r.bySource.volunteer_hours).toBe(375_000);
    expect(r.totalVnd).toBe(375_000);
    expect(r.nonStateShare).toBe(1);
    expect(pledgeValueVnd({ source: 'volunteer_hours', amountVnd: 0, hours: 0.1, status: 'pledged' }, 33_333)).toBe(3_333); // 3333.3 → 3333
  });

  it('rounds the share to 4 decimals, half up, without floating error', () => {
    expect(mixOf(2, 1).nonStateShare).toBe(0.3333);
    expect(mixOf(1, 2).nonStateShare).toBe(0.6667);
    expect(mixOf(45_000_000, 55_000_000).nonStateShare).toBe(0.55);
    expect(mixOf(1, 99_999).nonStateShare).toBe(1); // 0.99999 → 1
    expect(mixOf(3_000_000_000_000, 7_000_000_000_000).nonStateShare).toBe(0.7);
  });

  it('is all zeros with nothing pledged', () => {
    expect(fundingMix([], rate)).toEqual({ totalVnd: 0, bySource: { state: 0, private: 0, community: 0, in_kind: 0, volunteer_hours: 0 }, nonStateShare: 0 });
    expect(Object.keys(fundingMix([], rate).bySource)).toEqual([...FUNDING_SOURCES]);
  });

  it('refuses amounts that are not whole non-negative đồng, and volunteer pledges without hours', () => {
    expect(() => fundingMix([{ source: 'private', amountVnd: -5, status: 'pledged' }], rate)).toThrow('Pledge (private) amountVnd must be a non-negative whole number of đồng, got -5');
    expect(() => fundingMix([{ source: 'state', amountVnd: 10.5, status: 'pledged' }], rate)).toThrow(RangeError);
    expect(() => fundingMix([{ source: 'volunteer_hours', amountVnd: 0, status: 'pledged' }], rate)).toThrow('Pledge (volunteer_hours) needs non-negative hours, got undefined');
    expect(() => fundingMix([{ source: 'volunteer_hours', amountVnd: 0, hours: -2, status: 'pledged' }], rate)).toThrow(RangeError);
    expect(() => fundingMix([], { volunteerHourRateVnd: -1 })).toThrow(RangeError);
  });
});

describe('checkSocialization (R6)', () => {
  it('reports 55% against the 70% target with the exact shortfall, in both languages', () => {
    expect(checkSocialization(mixOf(45_000_000, 55_000_000))).toEqual({
      meets: false,
      shortfallVnd: 50_000_000, // (55 + 50) / (100 + 50) = 70%
      message: {
        en: 'Socialization ratio 55% is below the 70% target: 50,000,000 VND more non-state funding needed',
        vi: 'Tỷ lệ xã hội hóa 55% chưa đạt mục tiêu 70%: cần thêm 50.000.000 đồng xã hội hóa',
      },
    });
  });

  it('meets the target exactly at 70% and above', () => {
    expect(checkSocialization(mixOf(30_000_000, 70_000_000))).toEqual({
      meets: true,
      shortfallVnd: 0,
      message: { en: 'Socialization ratio 70% meets the 70% target', vi: 'Tỷ lệ xã hội hóa 70% đạt mục tiêu 70%' },
    });
    expect(checkSocialization(mixOf(0, 1_000)).meets).toBe(true);
  });

  it('rounds the shortfall up to the next đồng', () => {
    // 7/3 × 1,000,001 = 2,333,335.67 → 2,333,336
    expect(checkSocialization(mixOf(1_000_001, 0)).shortfallVnd).toBe(2_333_336);
  });

  it('never shows a ratio just below the target as reaching it', () => {
    const mix = mixOf(30_001, 69_999);
    expect(mix.nonStateShare).toBe(0.7); // rounded for display elsewhere
    expect(checkSocialization(mix)).toEqual({
      meets: false,
      shortfallVnd: 4, // 70,003 / 100,004 ≥ 70%; 70,002 / 100,003 is not
      message: {
        en: 'Socialization ratio 69.99% is below the 70% target: 4 VND more non-state funding needed',
        vi: 'Tỷ lệ xã hội hóa 69,99% chưa đạt mục tiêu 70%: cần thêm 4 đồng xã hội hóa',
      },
    });
  });

  it('takes another target and formats fractions with the local decimal mark', () => {
    const r = checkSocialization(mixOf(4_488_000, 5_512_000), 0.6);
    expect(r.meets).toBe(false);
    expect(r.shortfallVnd).toBe(1_220_000); // (5,512,000 + 1,220,000) / 11,220,000 = 60%
    expect(r.message.vi).toBe('Tỷ lệ xã hội hóa 55,12% chưa đạt mục tiêu 60%: cần thêm 1.220.000 đồng xã hội hóa');
    expect(checkSocialization(mixOf(4_488_000, 5_512_000), 0.55).message.en).toBe('Socialization ratio 55.12% meets the 55% target');
    expect(checkSocialization(mixOf(1, 1), 0.655).message.en).toBe('Socialization ratio 50% is below the 65.5% target: 1 VND more non-state funding needed');
  });

  it('does not meet a target with nothing pledged', () => {
    expect(checkSocialization(fundingMix([], rate))).toEqual({
      meets: false,
      shortfallVnd: 0,
      message: { en: 'No funding pledged yet; the socialization target is 70%', vi: 'Chưa có cam kết tài trợ; mục tiêu xã hội hóa là 70%' },
    });
  });

  it('refuses a target outside [0, 1)', () => {
    expect(() => checkSocialization(mixOf(1, 1), 1)).toThrow(RangeError);
    expect(() => checkSocialization(mixOf(1, 1), -0.1)).toThrow(RangeError);
  });
});

describe('approvalAuthority', () => {
  const thresholds = { teamLeadMaxVnd: 50_000_000 };
  it('leaves amounts up to the limit to the team lead and sends larger ones to the board', () => {
    expect(approvalAuthority(0, thresholds)).toBe('team_lead');
    expect(approvalAuthority(50_000_000, thresholds)).toBe('team_lead');
    expect(approvalAuthority(50_000_001, thresholds)).toBe('board');
  });
  it('refuses amounts that are not whole đồng', () => {
    expect(() => approvalAuthority(-1, thresholds)).toThrow(RangeError);
    expect(() => approvalAuthority(1.5, thresholds)).toThrow(RangeError);
  });
});

describe('budgetTotal', () => {
  it('sums the lines exactly', () => {
    expect(
      budgetTotal([
        { label: 'Vật liệu', amountVnd: 12_000_000 },
        { label: 'Nhân công', amountVnd: 8_500_000 },
        { label: 'Truyền thông', amountVnd: 0 },
      ]),
    ).toBe(20_500_000);
    expect(budgetTotal([])).toBe(0);
  });
  it('names the bad line in the error', () => {
    expect(() => budgetTotal([{ label: 'Vật liệu', amountVnd: 1 }, { label: 'Nhân công', amountVnd: -1 }])).toThrow(
      new RangeError('Budget line "Nhân công" must be a non-negative whole number of đồng, got -1'),
    );
    expect(() => budgetTotal([{ label: 'Thiết bị', amountVnd: 1.5 }])).toThrow('Budget line "Thiết bị" must be a non-negative whole number of đồng, got 1.5');
    expect(() => budgetTotal([{ label: 'Lỗi', amountVnd: Number.NaN }])).toThrow(RangeError);
  });
  it('refuses a total beyond exact integer range', () => {
    const huge = { label: 'Lớn', amountVnd: Number.MAX_SAFE_INTEGER };
    expect(() => budgetTotal([huge, huge])).toThrow(RangeError);
  });
});
