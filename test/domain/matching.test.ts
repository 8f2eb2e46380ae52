import { CAPABILITIES, coverage, rankCandidates, scorePartner, type PartnerProfile } from '../../domain/matching';

const partner = (over: Partial<PartnerProfile> & { id: string }): PartnerProfile => ({
  name: over.id,
  kind: 'business',
  capabilities: ['volunteers'],
  unitCode: 'P-BEN-NGHE',
  activeCommitments: 0,
  withdrawals: 0,
  completedProjects: 0,
  ...over,
});
const need = { capability: 'volunteers', unitCode: 'P-BEN-NGHE', neighbouringUnits: ['P-SAI-GON', 'P-TAN-DINH'] };

describe('CAPABILITIES', () => {
  it('lists the eight kinds of help a partner can bring', () => {
    expect(CAPABILITIES).toEqual(['money', 'in_kind', 'volunteers', 'venue', 'skills', 'equipment', 'green_livelihood', 'training']);
  });
});

describe('scorePartner', () => {
  it('gives 0 without the capability, whatever else the partner has', () => {
    const p = partner({ id: 'p1', capabilities: ['money', 'venue'], completedProjects: 10 });
    expect(scorePartner(need, p)).toEqual({ score: 0, reasons: ['does not offer volunteers: 0'] });
  });

  it('prefers the same unit (80) over the impact zone (65, R12) over elsewhere (50)', () => {
    expect(scorePartner(need, partner({ id: 'a' }))).toEqual({ score: 80, reasons: ['offers volunteers: +50', 'same unit (P-BEN-NGHE): +30'] });
    expect(scorePartner(need, partner({ id: 'b', unitCode: 'P-SAI-GON' }))).toEqual({
      score: 65,
      reasons: ['offers volunteers: +50', 'neighbouring unit P-SAI-GON (impact zone): +15'],
    });
    expect(scorePartner(need, partner({ id: 'c', unitCode: 'X-CAN-GIO' }))).toEqual({
      score: 50,
      reasons: ['offers volunteers: +50', 'outside the unit and its impact zone (X-CAN-GIO): +0'],
    });
  });

  it('treats a partner as elsewhere when the need lists no neighbours', () => {
    expect(scorePartner({ capability: 'volunteers', unitCode: 'P-BEN-NGHE' }, partner({ id: 'b', unitCode: 'P-SAI-GON' })).score).toBe(50);
  });

  it('adds 5 per completed project, up to 20', () => {
    expect(scorePartner(need, partner({ id: 'a', unitCode: 'X', completedProjects: 1 }))).toEqual({
      score: 55,
      reasons: ['offers volunteers: +50', 'outside the unit and its impact zone (X): +0', '1 completed project: +5'],
    });
    expect(scorePartner(need, partner({ id: 'a', completedProjects: 3 })).score).toBe(95);
    expect(scorePartner(need, partner({ id: 'a', completedProjects: 9 }))).toEqual({
      score: 100,
      reasons: ['offers volunteers: +50', 'same unit (P-BEN-NGHE): +30', '9 completed projects: +20'],
    });
  });

  it('takes 10 per past withdrawal, up to 30 (R10)', () => {
    expect(scorePartner(need, partner({ id: 'a', withdrawals: 1 }))).toEqual({
      score: 70,
      reasons: ['offers volunteers: +50', 'same unit (P-BEN-NGHE): +30', '1 past withdrawal: -10'],
    });
    expect(scorePartner(need, partner({ id: 'a', withdrawals: 2 })).score).toBe(60);
    expect(scorePartner(need, partner({ id: 'a', withdrawals: 7 })).score).toBe(50);
  });

  it('takes 5 per active commitment beyond 3, up to 15 (overload)', () => {
    expect(scorePartner(need, partner({ id: 'a', activeCommitments: 3 })).score).toBe(80);
    expect(scorePartner(need, partner({ id: 'a', activeCommitments: 5 }))).toEqual({
      score: 70,
      reasons: ['offers volunteers: +50', 'same unit (P-BEN-NGHE): +30', '5 active commitments (overload): -10'],
    });
    expect(scorePartner(need, partner({ id: 'a', activeCommitments: 20 })).score).toBe(65);
  });

  it('combines the factors and keeps a capable partner above zero', () => {
    expect(scorePartner(need, partner({ id: 'a', unitCode: 'P-TAN-DINH', completedProjects: 2, withdrawals: 1, activeCommitments: 4 }))).toEqual({
      score: 60,
      reasons: [
        'offers volunteers: +50',
        'neighbouring unit P-TAN-DINH (impact zone): +15',
        '2 completed projects: +10',
        '1 past withdrawal: -10',
        '4 active commitments (overload): -5',
      ],
    });
    expect(scorePartner(need, partner({ id: 'worst', unitCode: 'X', withdrawals: 9, activeCommitments: 30 })).score).toBe(5);
  });

  it('refuses negative or fractional counters', () => {
    expect(() => scorePartner(need, partner({ id: 'bad', withdrawals: -1 }))).toThrow('Partner bad: withdrawals must be a non-negative whole number, got -1');
    expect(() => scorePartner(need, partner({ id: 'bad', completedProjects: 1.5 }))).toThrow(RangeError);
  });
});

describe('rankCandidates', () => {
  const partners = [
    partner({ id: 'p-far', name: 'Far Co', unitCode: 'X' }), // 50
    partner({ id: 'p-none', name: 'No Volunteers', capabilities: ['money'] }), // 0
    partner({ id: 'p-zone', name: 'Zone Coop', unitCode: 'P-SAI-GON' }), // 65
    partner({ id: 'p-a', name: 'Bình An Club' }), // 80
    partner({ id: 'p-b', name: 'An Phú Youth' }), // 80: ids in the opposite order to names
    partner({ id: 'p-star', name: 'Star', completedProjects: 4 }), // 100
  ];

  it('sorts by score, breaks ties by name, drops zero scores', () => {
    expect(rankCandidates(need, partners).map((c) => [c.partner.id, c.score])).toEqual([
      ['p-star', 100],
      ['p-b', 80],
      ['p-a', 80],
      ['p-zone', 65],
      ['p-far', 50],
    ]);
  });

  it('keeps the reasons and honours the limit', () => {
    const top = rankCandidates(need, partners, 2);
    expect(top.map((c) => c.partner.id)).toEqual(['p-star', 'p-b']);
    expect(top[0]?.reasons).toEqual(['offers volunteers: +50', 'same unit (P-BEN-NGHE): +30', '4 completed projects: +20']);
    expect(rankCandidates(need, partners, 0)).toEqual([]);
  });

  it('is stable whatever the input order, with the id as the last tie-break', () => {
    const twins = [partner({ id: 'z2', name: 'Twin' }), partner({ id: 'z1', name: 'Twin' })];
    expect(rankCandidates(need, twins).map((c) => c.partner.id)).toEqual(['z1', 'z2']);
    expect(rankCandidates(need, [...partners].reverse()).map((c) => c.partner.id)).toEqual(['p-star', 'p-b', 'p-a', 'p-zone', 'p-far']);
  });

  it('returns nothing when nobody has the capability', () => {
    expect(rankCandidates({ capability: 'venue', unitCode: 'P-BEN-NGHE' }, partners)).toEqual([]);
  });

  it('refuses a negative limit', () => {
    expect(() => rankCandidates(need, partners, -1)).toThrow(RangeError);
  });
});

describe('coverage', () => {
  it('covers a capability with a live commitment and reports the rest as missing', () => {
    expect(
      coverage(
        ['money', 'volunteers', 'venue'],
        [
          { partnerId: 'p1', capability: 'money', status: 'committed' },
          { partnerId: 'p2', capability: 'training', status: 'committed' },
        ],
        [],
      ),
    ).toEqual({ covered: ['money'], missing: ['volunteers', 'venue'], complete: false });
  });

  it('a withdrawn commitment does not cover; another partner still can', () => {
    const r = coverage(
      ['money', 'volunteers'],
      [
        { partnerId: 'p1', capability: 'money', status: 'committed' },
        { partnerId: 'p1', capability: 'money', status: 'withdrawn' },
        { partnerId: 'p2', capability: 'volunteers', status: 'committed' },
        { partnerId: 'p3', capability: 'volunteers', status: 'withdrawn' },
      ],
      [],
    );
    expect(r).toEqual({ covered: ['volunteers'], missing: ['money'], complete: false });
  });

  it('the latest record of a partner wins, so a re-commitment covers again', () => {
    const r = coverage(
      ['money'],
      [
        { partnerId: 'p1', capability: 'money', status: 'withdrawn' },
        { partnerId: 'p1', capability: 'money', status: 'committed' },
      ],
      [],
    );
    expect(r).toEqual({ covered: ['money'], missing: [], complete: true });
  });

  it('a waived capability is neither covered nor missing', () => {
    expect(coverage(['money', 'venue'], [{ partnerId: 'p1', capability: 'money', status: 'committed' }], ['venue'])).toEqual({
      covered: ['money'],
      missing: [],
      complete: true,
    });
  });

  it('deduplicates the required list and is complete when nothing is required', () => {
    expect(coverage(['venue', 'venue'], [], [])).toEqual({ covered: [], missing: ['venue'], complete: false });
    expect(coverage([], [], [])).toEqual({ covered: [], missing: [], complete: true });
  });
});
