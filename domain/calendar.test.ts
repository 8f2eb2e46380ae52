// Tests for the working-day calendar (R17 working days, R20 calendar overrides).
import {
  addWorkingDays,
  addWorkingHours,
  buildWorkingCalendar,
  isWorkingDay,
  toLocalDate,
  toVietnamIso,
  workingDaysBetween,
  type CalendarOverride,
  type WorkingCalendar,
} from './calendar';

// A wall-clock time in Vietnam (UTC+07:00) as an instant.
function vn(localDateTime: string): Date {
  return new Date(`${localDateTime}+07:00`);
}

function iso(instant: Date): string {
  return instant.toISOString();
}

const cal = buildWorkingCalendar({ fromYear: 2025, toYear: 2027 });

describe('buildWorkingCalendar', () => {
  it('fills defaults and keeps the requested range', () => {
    expect(cal.unitCode).toBeNull();
    expect(cal.workdayStartHour).toBe(8);
    expect(cal.workdayEndHour).toBe(17);
    expect(cal.fromYear).toBe(2025);
    expect(cal.toYear).toBe(2027);
    expect(cal.workingDays).toEqual({});
  });

  it('is plain JSON-safe data', () => {
    expect(JSON.parse(JSON.stringify(cal))).toEqual(cal);
  });

  it('lists every day of the Tết 2026 break (eve through 4th day), not just its first day', () => {
    const tet = Object.keys(cal.holidays).filter((d) => d >= '2026-02-10' && d <= '2026-02-28');
    expect(tet.sort()).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(cal.holidays['2026-02-17']).toContain('Tết Nguyên Đán');
  });

  it('includes the lunar Hùng Kings day and the fixed public holidays', () => {
    expect(cal.holidays['2026-04-26']).toBe('Giỗ tổ Hùng Vương');
    expect(cal.holidays['2025-04-07']).toBe('Giỗ tổ Hùng Vương');
    expect(Object.keys(cal.holidays)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02', '2025-01-29']),
    );
  });

  it('keeps only public holidays (observances such as Teachers’ Day are working days)', () => {
    expect(cal.holidays['2026-11-20']).toBeUndefined();
    expect(cal.holidays['2026-02-03']).toBeUndefined();
  });

  it('only holds dates inside the covered years', () => {
    const years = new Set(Object.keys(cal.holidays).map((d) => d.slice(0, 4)));
    expect([...years].sort()).toEqual(['2025', '2026', '2027']);
  });

  it('accepts a single-year range', () => {
    const one = buildWorkingCalendar({ fromYear: 2026, toYear: 2026 });
    expect(Object.keys(one.holidays).every((d) => d.startsWith('2026-'))).toBe(true);
    expect(one.holidays['2026-09-02']).toBe('Quốc khánh');
  });

  it('throws when toYear is before fromYear', () => {
    expect(() => buildWorkingCalendar({ fromYear: 2027, toYear: 2026 })).toThrow(
      'Invalid calendar range: toYear (2026) is before fromYear (2027)',
    );
  });

  it('throws for non-integer years', () => {
    expect(() => buildWorkingCalendar({ fromYear: 2026.5, toYear: 2027 })).toThrow(/must be integers/);
  });

  it('throws for impossible workday hours', () => {
    expect(() => buildWorkingCalendar({ fromYear: 2026, toYear: 2026, workdayStartHour: 17, workdayEndHour: 8 })).toThrow(
      /Invalid workday hours/,
    );
    expect(() => buildWorkingCalendar({ fromYear: 2026, toYear: 2026, workdayEndHour: 25 })).toThrow(/Invalid workday hours/);
  });
});

describe('overrides', () => {
  // Official 2025 Tết schedule: Monday 27/1 off, made up on Saturday 8/2.
  const tet2025: CalendarOverride[] = [
    { date: '2025-01-27', kind: 'day_off', note: 'Nghỉ Tết Ất Tỵ (hoán đổi)' },
    { date: '2025-02-08', kind: 'working_day', note: 'Làm bù cho 27/01' },
  ];
  const official = buildWorkingCalendar({ fromYear: 2025, toYear: 2025, overrides: tet2025 });

  it('a make-up Saturday becomes a working day and is recorded with its note', () => {
    expect(isWorkingDay(cal, '2025-02-08')).toBe(false);
    expect(isWorkingDay(official, '2025-02-08')).toBe(true);
    expect(official.workingDays).toEqual({ '2025-02-08': 'Làm bù cho 27/01' });
  });

  it('a make-up Saturday can hold a deadline', () => {
    const friday = vn('2025-02-07T10:00:00');
    expect(iso(addWorkingDays(cal, friday, 1))).toBe('2025-02-10T10:00:00.000Z');
    expect(iso(addWorkingDays(official, friday, 1))).toBe('2025-02-08T10:00:00.000Z');
  });

  it('a national day_off extends the Tết break', () => {
    const friday = vn('2025-01-24T10:00:00');
    expect(iso(addWorkingDays(cal, friday, 1))).toBe('2025-01-27T10:00:00.000Z');
    expect(iso(addWorkingDays(official, friday, 1))).toBe('2025-02-03T10:00:00.000Z');
    expect(official.holidays['2025-01-27']).toBe('Nghỉ Tết Ất Tỵ (hoán đổi)');
  });

  it('a unit day_off moves that unit’s deadlines only', () => {
    const unit = buildWorkingCalendar({
      unitCode: 'HN-PHUC-XA',
      fromYear: 2026,
      toYear: 2026,
      overrides: [{ date: '2026-11-23', kind: 'day_off', note: 'Ngày hội Đại đoàn kết khu dân cư' }],
    });
    expect(unit.unitCode).toBe('HN-PHUC-XA');
    expect(isWorkingDay(unit, '2026-11-23')).toBe(false);
    expect(iso(addWorkingDays(unit, vn('2026-11-20T10:00:00'), 1))).toBe('2026-11-24T10:00:00.000Z');
    expect(iso(addWorkingDays(cal, vn('2026-11-20T10:00:00'), 1))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('a working_day on a weekday holiday removes the holiday', () => {
    const c = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date: '2026-09-02', kind: 'working_day' }] });
    expect(isWorkingDay(c, '2026-09-02')).toBe(true);
    expect(c.holidays['2026-09-02']).toBeUndefined();
    expect(c.workingDays).toEqual({});
  });

  it('a working_day on a weekend holiday makes it a working day', () => {
    const c = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date: '2026-04-26', kind: 'working_day' }] });
    expect(isWorkingDay(c, '2026-04-26')).toBe(true);
    expect(c.workingDays).toEqual({ '2026-04-26': 'Ngày làm việc bù' });
  });

  it('uses a default note for a day_off without one', () => {
    const c = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date: '2026-03-10', kind: 'day_off' }] });
    expect(c.holidays['2026-03-10']).toBe('Ngày nghỉ theo lịch điều chỉnh');
  });

  it('applies overrides in order, the later one winning', () => {
    const offThenOn = buildWorkingCalendar({
      fromYear: 2026,
      toYear: 2026,
      overrides: [
        { date: '2026-03-07', kind: 'day_off' },
        { date: '2026-03-07', kind: 'working_day' },
      ],
    });
    const onThenOff = buildWorkingCalendar({
      fromYear: 2026,
      toYear: 2026,
      overrides: [
        { date: '2026-03-07', kind: 'working_day' },
        { date: '2026-03-07', kind: 'day_off' },
      ],
    });
    expect(isWorkingDay(offThenOn, '2026-03-07')).toBe(true);
    expect(isWorkingDay(onThenOff, '2026-03-07')).toBe(false);
    expect(onThenOff.workingDays).toEqual({});
  });

  it('does not leak one build’s overrides into the next build', () => {
    buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date: '2026-09-02', kind: 'working_day' }] });
    const fresh = buildWorkingCalendar({ fromYear: 2026, toYear: 2026 });
    expect(isWorkingDay(fresh, '2026-09-02')).toBe(false);
  });

  it('ignores overrides for years outside the range', () => {
    const c = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date: '2030-01-02', kind: 'day_off' }] });
    expect(Object.keys(c.holidays).some((d) => d.startsWith('2030'))).toBe(false);
  });

  it.each(['2026-2-3', '2026-02-30', '03/02/2026', '', '2026-13-01'])('throws for malformed override date %p', (date) => {
    expect(() => buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: [{ date, kind: 'day_off' }] })).toThrow(
      /Invalid calendar override date/,
    );
  });

  it('throws for an unknown override kind', () => {
    const bad = [{ date: '2026-03-10', kind: 'holiday' }] as unknown as CalendarOverride[];
    expect(() => buildWorkingCalendar({ fromYear: 2026, toYear: 2026, overrides: bad })).toThrow(/Invalid calendar override kind/);
  });
});

describe('toVietnamIso', () => {
  it("writes the instant on Vietnam's clock with the +07:00 offset, across a day boundary", () => {
    expect(toVietnamIso(new Date('2026-12-01T13:28:05.120Z'))).toBe('2026-12-01T20:28:05.120+07:00');
    expect(toVietnamIso(new Date('2026-12-31T17:30:00.000Z'))).toBe('2027-01-01T00:30:00.000+07:00');
    expect(Date.parse(toVietnamIso(new Date('2026-06-01T00:00:00.000Z')))).toBe(Date.parse('2026-06-01T00:00:00.000Z'));
  });
});

describe('toLocalDate', () => {
  it('uses the Vietnam date (UTC+7), not the UTC date', () => {
    expect(toLocalDate(new Date('2026-02-16T16:59:59.999Z'))).toBe('2026-02-16');
    expect(toLocalDate(new Date('2026-02-16T17:00:00.000Z'))).toBe('2026-02-17');
    expect(toLocalDate(new Date('2026-12-31T17:00:00.000Z'))).toBe('2027-01-01');
  });

  it('throws for an invalid Date', () => {
    expect(() => toLocalDate(new Date('nope'))).toThrow(TypeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-02-16', 'Tết eve'],
    ['2026-02-17', 'Lunar New Year 2026'],
    ['2026-02-20', '4th day of Tết'],
    ['2025-01-29', 'Lunar New Year 2025'],
    ['2025-04-07', 'Hùng Kings 2025 (Monday)'],
    ['2026-04-26', 'Hùng Kings 2026'],
    ['2026-04-30', 'Reunification Day'],
    ['2026-05-01', 'Labour Day'],
    ['2026-09-02', 'National Day'],
    ['2027-01-01', 'New Year'],
    ['2026-11-21', 'Saturday'],
    ['2026-11-22', 'Sunday'],
  ])('%s (%s) is not a working day', (day) => {
    expect(isWorkingDay(cal, day)).toBe(false);
  });

  it.each(['2026-02-13', '2026-02-23', '2026-11-20', '2026-11-23', '2026-09-03'])('%s is a working day', (day) => {
    expect(isWorkingDay(cal, day)).toBe(true);
  });

  it('throws a RangeError for a year the calendar does not cover', () => {
    expect(() => isWorkingDay(cal, '2028-01-03')).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2024-12-31')).toThrow('Working calendar does not cover year 2024');
  });

  it('throws for a malformed date', () => {
    expect(() => isWorkingDay(cal, '2026/01/05')).toThrow(/Invalid date/);
  });
});

describe('addWorkingDays', () => {
  it('Friday + 1 working day is the end of Monday', () => {
    expect(iso(addWorkingDays(cal, vn('2026-11-20T10:00:00'), 1))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('counts five working days over a weekend', () => {
    expect(iso(addWorkingDays(cal, vn('2026-11-20T10:00:00'), 5))).toBe('2026-11-27T10:00:00.000Z');
  });

  it('never counts the start day, whatever its time', () => {
    expect(iso(addWorkingDays(cal, vn('2026-11-23T01:00:00'), 1))).toBe('2026-11-24T10:00:00.000Z');
    expect(iso(addWorkingDays(cal, vn('2026-11-23T23:30:00'), 1))).toBe('2026-11-24T10:00:00.000Z');
  });

  it('starts from the local date even when the UTC date is the day before', () => {
    // 03:00 Friday in Hà Nội is still Thursday in UTC.
    expect(iso(addWorkingDays(cal, new Date('2026-11-19T20:00:00Z'), 1))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('a weekend start counts from the next working day', () => {
    expect(iso(addWorkingDays(cal, vn('2026-11-21T12:00:00'), 1))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('skips the whole Tết 2026 break', () => {
    const friday = vn('2026-02-13T09:00:00');
    expect(iso(addWorkingDays(cal, friday, 1))).toBe('2026-02-23T10:00:00.000Z');
    expect(iso(addWorkingDays(cal, friday, 3))).toBe('2026-02-25T10:00:00.000Z');
  });

  it('skips 30/4 and 1/5 plus the weekend after', () => {
    expect(iso(addWorkingDays(cal, vn('2026-04-29T15:00:00'), 1))).toBe('2026-05-04T10:00:00.000Z');
  });

  it('skips National Day', () => {
    expect(iso(addWorkingDays(cal, vn('2026-09-01T08:00:00'), 1))).toBe('2026-09-03T10:00:00.000Z');
  });

  it('crosses a year boundary with the New Year holiday', () => {
    expect(iso(addWorkingDays(cal, vn('2026-12-31T10:00:00'), 1))).toBe('2027-01-04T10:00:00.000Z');
  });

  it('ends at the calendar’s own workday end hour', () => {
    const early = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, workdayStartHour: 7, workdayEndHour: 16.5 });
    expect(iso(addWorkingDays(early, vn('2026-11-20T10:00:00'), 1))).toBe('2026-11-23T09:30:00.000Z');
  });

  it.each([0, -1, 1.5, Number.NaN])('throws for a non-positive or non-integer count %p', (n) => {
    expect(() => addWorkingDays(cal, vn('2026-11-20T10:00:00'), n)).toThrow(/positive integer/);
  });

  it('throws a RangeError when the start is outside the calendar', () => {
    expect(() => addWorkingDays(cal, vn('2024-06-03T10:00:00'), 1)).toThrow(RangeError);
  });

  it('throws a RangeError when the deadline would fall outside the calendar', () => {
    const only2026 = buildWorkingCalendar({ fromYear: 2026, toYear: 2026 });
    expect(() => addWorkingDays(only2026, vn('2026-12-31T10:00:00'), 1)).toThrow('Working calendar does not cover year 2027');
  });

  it('gives up instead of spinning on a calendar with no working days', () => {
    expect(() => addWorkingDays(allDaysOff(), vn('2026-01-05T10:00:00'), 1)).toThrow(/gave up/);
  });
});

describe('addWorkingHours', () => {
  it('adds hours within one working day', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-23T09:00:00'), 3))).toBe('2026-11-23T05:00:00.000Z');
  });

  it('carries over a night to the next morning', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-23T15:00:00'), 4))).toBe('2026-11-24T03:00:00.000Z');
  });

  it('carries over a weekend', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-20T16:00:00'), 3))).toBe('2026-11-23T03:00:00.000Z');
  });

  it('carries over the Tết break', () => {
    expect(iso(addWorkingHours(cal, vn('2026-02-13T16:00:00'), 2))).toBe('2026-02-23T02:00:00.000Z');
  });

  it('a full working day from opening ends at closing the same day', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-23T08:00:00'), 9))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('starts outside working hours at the next opening', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-21T12:00:00'), 1))).toBe('2026-11-23T02:00:00.000Z'); // Saturday
    expect(iso(addWorkingHours(cal, vn('2026-11-23T06:00:00'), 1))).toBe('2026-11-23T02:00:00.000Z'); // before opening
    expect(iso(addWorkingHours(cal, vn('2026-11-23T18:00:00'), 1))).toBe('2026-11-24T02:00:00.000Z'); // after closing
    expect(iso(addWorkingHours(cal, vn('2026-11-23T17:00:00'), 1))).toBe('2026-11-24T02:00:00.000Z'); // exactly at closing
  });

  it('accepts fractional hours', () => {
    expect(iso(addWorkingHours(cal, vn('2026-11-23T16:00:00'), 1.5))).toBe('2026-11-24T01:30:00.000Z');
  });

  it('follows the calendar’s own working hours', () => {
    const morning = buildWorkingCalendar({ fromYear: 2026, toYear: 2026, workdayStartHour: 7, workdayEndHour: 11 });
    expect(iso(addWorkingHours(morning, vn('2026-11-23T10:00:00'), 2))).toBe('2026-11-24T01:00:00.000Z');
  });

  it('uses a make-up Saturday', () => {
    const c = buildWorkingCalendar({ fromYear: 2025, toYear: 2025, overrides: [{ date: '2025-02-08', kind: 'working_day' }] });
    expect(iso(addWorkingHours(c, vn('2025-02-07T16:00:00'), 2))).toBe('2025-02-08T02:00:00.000Z');
  });

  it.each([0, -2, Number.NaN, Number.POSITIVE_INFINITY])('throws for a non-positive hour count %p', (h) => {
    expect(() => addWorkingHours(cal, vn('2026-11-23T09:00:00'), h)).toThrow(/positive number of hours/);
  });

  it('throws a RangeError outside the calendar', () => {
    expect(() => addWorkingHours(cal, vn('2028-03-01T09:00:00'), 1)).toThrow(RangeError);
  });

  it('gives up instead of spinning on a calendar with no working days', () => {
    expect(() => addWorkingHours(allDaysOff(), vn('2026-01-05T10:00:00'), 1)).toThrow(/gave up/);
  });
});

describe('workingDaysBetween', () => {
  it('is 0 on the same day and when to is before from', () => {
    expect(workingDaysBetween(cal, vn('2026-11-23T08:00:00'), vn('2026-11-23T17:00:00'))).toBe(0);
    expect(workingDaysBetween(cal, vn('2026-11-27T08:00:00'), vn('2026-11-23T17:00:00'))).toBe(0);
  });

  it('counts Friday → Monday as 1', () => {
    expect(workingDaysBetween(cal, vn('2026-11-20T10:00:00'), vn('2026-11-23T17:00:00'))).toBe(1);
  });

  it('does not count a holiday in between', () => {
    expect(workingDaysBetween(cal, vn('2026-09-01T10:00:00'), vn('2026-09-04T17:00:00'))).toBe(2);
  });

  it('does not count the Tết break', () => {
    expect(workingDaysBetween(cal, vn('2026-02-13T10:00:00'), vn('2026-02-27T17:00:00'))).toBe(5);
  });

  it('compares local dates around midnight in Vietnam', () => {
    expect(workingDaysBetween(cal, new Date('2026-11-20T16:59:00Z'), new Date('2026-11-20T17:00:00Z'))).toBe(0); // Fri → Sat
    expect(workingDaysBetween(cal, new Date('2026-11-22T16:59:00Z'), new Date('2026-11-22T17:00:00Z'))).toBe(1); // Sun → Mon
  });

  it('is the inverse of addWorkingDays', () => {
    const starts = ['2026-02-12T09:00:00', '2026-04-28T16:00:00', '2026-08-31T07:00:00', '2026-12-30T12:00:00'];
    for (const start of starts) {
      for (const n of [1, 2, 7, 20]) {
        const due = addWorkingDays(cal, vn(start), n);
        expect(workingDaysBetween(cal, vn(start), due)).toBe(n);
      }
    }
  });

  it('throws a RangeError when either end is outside the calendar', () => {
    expect(() => workingDaysBetween(cal, vn('2024-12-30T10:00:00'), vn('2025-01-03T10:00:00'))).toThrow(RangeError);
    expect(() => workingDaysBetween(cal, vn('2027-12-30T10:00:00'), vn('2028-01-03T10:00:00'))).toThrow(
      'Working calendar does not cover year 2028',
    );
  });

  it('checks coverage of both ends even when to is before from', () => {
    expect(() => workingDaysBetween(cal, vn('2028-01-03T10:00:00'), vn('2027-12-30T10:00:00'))).toThrow(
      'Working calendar does not cover year 2028',
    );
    expect(() => workingDaysBetween(cal, vn('2025-01-02T10:00:00'), vn('2024-12-30T10:00:00'))).toThrow(
      'Working calendar does not cover year 2024',
    );
  });
});

// A hand-made calendar where every day of 2026–2040 is off, to exercise the loop guards.
function allDaysOff(): WorkingCalendar {
  const holidays: Record<string, string> = {};
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) {
    holidays[new Date(ms).toISOString().slice(0, 10)] = 'off';
  }
  return { unitCode: null, workdayStartHour: 8, workdayEndHour: 17, holidays, workingDays: {}, fromYear: 2026, toYear: 2040 };
}
