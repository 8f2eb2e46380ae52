// Working-day calendar for SLA deadlines (R17 working days, R20 calendar overrides).
// Vietnam is fixed UTC+07:00 with no DST, so local time is plain +7h arithmetic.
import Holidays from 'date-holidays';

export type IsoDate = string; // 'YYYY-MM-DD' local Vietnam date

export interface CalendarOverride {
  date: IsoDate;
  kind: 'day_off' | 'working_day';
  note?: string;
}

// Plain serializable data (JSON-safe), so it can cross a Temporal activity boundary.
export interface WorkingCalendar {
  unitCode: string | null;
  workdayStartHour: number; // default 8 (local)
  workdayEndHour: number; // default 17 (local)
  holidays: Record<IsoDate, string>; // public holidays (name) for the covered years, after overrides
  workingDays: Record<IsoDate, string>; // weekend days turned into make-up working days (note)
  fromYear: number;
  toYear: number;
}

export interface BuildWorkingCalendarOptions {
  unitCode?: string | null;
  fromYear: number;
  toYear: number;
  overrides?: CalendarOverride[];
  workdayStartHour?: number;
  workdayEndHour?: number;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const VN_OFFSET_MS = 7 * MS_PER_HOUR;
const DEFAULT_START_HOUR = 8;
const DEFAULT_END_HOUR = 17;
// Backstop so a calendar with (almost) no working days cannot spin forever (~10 years of days).
const MAX_DAY_STEPS = 3660;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_DAY_OFF_NOTE = 'Ngày nghỉ theo lịch điều chỉnh';
const DEFAULT_WORKING_DAY_NOTE = 'Ngày làm việc bù';

// ---------------------------------------------------------------------------
// Build

export function buildWorkingCalendar(opts: BuildWorkingCalendarOptions): WorkingCalendar {
  const { fromYear, toYear } = opts;
  assertYearRange(fromYear, toYear);
  const workdayStartHour = opts.workdayStartHour ?? DEFAULT_START_HOUR;
  const workdayEndHour = opts.workdayEndHour ?? DEFAULT_END_HOUR;
  assertWorkdayHours(workdayStartHour, workdayEndHour);
  const overrides = opts.overrides ?? [];
  overrides.forEach(assertValidOverride); // validate all before using any, so a typo never half-applies

  const holidays = collectPublicHolidays(fromYear, toYear);
  const workingDays: Record<IsoDate, string> = {};
  for (const override of overrides) {
    if (yearOf(override.date) < fromYear || yearOf(override.date) > toYear) continue; // shared override lists span many years
    applyOverride(holidays, workingDays, override);
  }
  return { unitCode: opts.unitCode ?? null, workdayStartHour, workdayEndHour, holidays, workingDays, fromYear, toYear };
}

function assertYearRange(fromYear: number, toYear: number): void {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear)) {
    throw new Error(`Calendar years must be integers, got fromYear=${fromYear}, toYear=${toYear}`);
  }
  if (toYear < fromYear) {
    throw new Error(`Invalid calendar range: toYear (${toYear}) is before fromYear (${fromYear})`);
  }
}

function assertWorkdayHours(start: number, end: number): void {
  const ok = Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end <= 24 && start < end;
  if (!ok) throw new Error(`Invalid workday hours: start=${start}, end=${end} (need 0 <= start < end <= 24)`);
}

// Overrides usually come from the database, so check their shape at runtime too.
function assertValidOverride(override: CalendarOverride): void {
  if (!isValidIsoDate(override.date)) {
    throw new Error(`Invalid calendar override date ${JSON.stringify(override.date)}: expected a real date as YYYY-MM-DD`);
  }
  if (override.kind !== 'day_off' && override.kind !== 'working_day') {
    throw new Error(`Invalid calendar override kind ${JSON.stringify(override.kind)} for ${override.date}`);
  }
}

// Lunar dates cost ~40 ms per year to compute and never change, so memoize per year.
const publicHolidayCache = new Map<number, ReadonlyArray<readonly [IsoDate, string]>>();

function collectPublicHolidays(fromYear: number, toYear: number): Record<IsoDate, string> {
  const result: Record<IsoDate, string> = {};
  for (let year = fromYear; year <= toYear; year++) {
    for (const [day, name] of publicHolidaysOfYear(year)) {
      if (yearOf(day) < fromYear || yearOf(day) > toYear) continue;
      result[day] = joinName(result[day], name);
    }
  }
  return result;
}

// date-holidays lists Tết as one multi-day entry, so expand every public entry over its [start, end) span.
function publicHolidaysOfYear(year: number): ReadonlyArray<readonly [IsoDate, string]> {
  const cached = publicHolidayCache.get(year);
  if (cached) return cached;
  const days: Array<readonly [IsoDate, string]> = [];
  for (const holiday of new Holidays('VN').getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    for (const day of localDaysInSpan(holiday.start, holiday.end)) days.push([day, holiday.name]);
  }
  publicHolidayCache.set(year, days);
  return days;
}

// Tết's eve entry spans the New Year's day entry, so one date can carry two names.
function joinName(existing: string | undefined, name: string): string {
  if (existing === undefined || existing === name) return name;
  return `${existing}; ${name}`;
}

// Local days whose start lies in [start, end); a same-day entry still yields its day.
function localDaysInSpan(start: Date, end: Date): IsoDate[] {
  const days: IsoDate[] = [];
  let day = toLocalDate(start);
  for (let i = 0; i < MAX_DAY_STEPS && (i === 0 || localMidnightMs(day) < end.getTime()); i++) {
    days.push(day);
    day = nextDay(day);
  }
  return days;
}

// Later overrides win, so a day_off and a working_day for one date resolve by list order.
function applyOverride(holidays: Record<IsoDate, string>, workingDays: Record<IsoDate, string>, override: CalendarOverride): void {
  if (override.kind === 'day_off') {
    holidays[override.date] = override.note ?? DEFAULT_DAY_OFF_NOTE;
    delete workingDays[override.date];
    return;
  }
  delete holidays[override.date];
  if (isWeekend(override.date)) workingDays[override.date] = override.note ?? DEFAULT_WORKING_DAY_NOTE;
}

// ---------------------------------------------------------------------------
// Queries

/** An instant on Vietnam's clock in ISO 8601 with its offset: `2026-12-01T20:28:05.000+07:00`. */
export function toVietnamIso(instant: Date): string {
  return `${new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}

export function toLocalDate(instant: Date): IsoDate {
  assertValidInstant(instant);
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(cal: WorkingCalendar, day: IsoDate): boolean {
  if (!isValidIsoDate(day)) throw new Error(`Invalid date ${JSON.stringify(day)}: expected YYYY-MM-DD`);
  assertCovered(cal, day);
  if (Object.hasOwn(cal.holidays, day)) return false;
  if (isWeekend(day)) return Object.hasOwn(cal.workingDays, day);
  return true;
}

// Deadline = end of the n-th working day after the start's local date (the start day never counts).
export function addWorkingDays(cal: WorkingCalendar, start: Date, days: number): Date {
  if (!Number.isInteger(days) || days <= 0) {
    throw new Error(`addWorkingDays needs a positive integer number of days, got ${days}`);
  }
  let day = toLocalDate(start);
  assertCovered(cal, day);
  let counted = 0;
  for (let step = 0; step < MAX_DAY_STEPS; step++) {
    day = nextDay(day);
    if (isWorkingDay(cal, day)) counted++;
    if (counted === days) return new Date(localMidnightMs(day) + cal.workdayEndHour * MS_PER_HOUR);
  }
  throw new Error(`addWorkingDays gave up after ${MAX_DAY_STEPS} days: calendar has too few working days`);
}

// Walks forward through working hours only; time outside them (nights, weekends, holidays) is skipped.
export function addWorkingHours(cal: WorkingCalendar, start: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours <= 0) {
    throw new Error(`addWorkingHours needs a positive number of hours, got ${hours}`);
  }
  let remainingMs = Math.round(hours * MS_PER_HOUR);
  let cursorMs = start.getTime();
  let day = toLocalDate(start);
  for (let step = 0; step < MAX_DAY_STEPS; step++) {
    if (isWorkingDay(cal, day)) {
      const windowStart = localMidnightMs(day) + cal.workdayStartHour * MS_PER_HOUR;
      const windowEnd = localMidnightMs(day) + cal.workdayEndHour * MS_PER_HOUR;
      cursorMs = Math.max(cursorMs, windowStart);
      if (cursorMs < windowEnd) {
        const availableMs = windowEnd - cursorMs;
        if (remainingMs <= availableMs) return new Date(cursorMs + remainingMs); // ending exactly at close stays today
        remainingMs -= availableMs;
      }
    }
    day = nextDay(day);
    cursorMs = localMidnightMs(day);
  }
  throw new Error(`addWorkingHours gave up after ${MAX_DAY_STEPS} days: calendar has too few working hours`);
}

// Working days d with local(from) < d <= local(to): "working days left" until a deadline.
export function workingDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const fromDay = toLocalDate(from);
  const toDay = toLocalDate(to);
  assertCovered(cal, fromDay);
  assertCovered(cal, toDay);
  let count = 0;
  let day = fromDay;
  for (let step = 0; step < MAX_DAY_STEPS && day < toDay; step++) {
    day = nextDay(day); // ISO date strings compare correctly as strings
    if (isWorkingDay(cal, day)) count++;
  }
  if (day < toDay) throw new Error(`workingDaysBetween gave up after ${MAX_DAY_STEPS} days`);
  return count;
}

// ---------------------------------------------------------------------------
// Date helpers (all on local Vietnam dates)

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new TypeError(`Expected a valid Date instant, got ${String(instant)}`);
  }
}

function assertCovered(cal: WorkingCalendar, day: IsoDate): void {
  const year = yearOf(day);
  if (year < cal.fromYear || year > cal.toYear) {
    throw new RangeError(
      `Working calendar does not cover year ${year} (${day}); it covers ${cal.fromYear}-${cal.toYear}`,
    );
  }
}

function parseIsoDate(day: IsoDate): { year: number; month: number; dayOfMonth: number } | null {
  const match = ISO_DATE_RE.exec(day);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), dayOfMonth: Number(match[3]) };
}

// Round-trip through Date.UTC rejects impossible dates such as 2026-02-30.
function isValidIsoDate(day: unknown): day is IsoDate {
  if (typeof day !== 'string') return false;
  const parts = parseIsoDate(day);
  if (!parts) return false;
  const utc = new Date(Date.UTC(parts.year, parts.month - 1, parts.dayOfMonth));
  return utc.toISOString().slice(0, 10) === day;
}

function yearOf(day: IsoDate): number {
  return Number(day.slice(0, 4));
}

// UTC ms of 00:00 local Vietnam time on that date.
function localMidnightMs(day: IsoDate): number {
  return Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS;
}

function nextDay(day: IsoDate): IsoDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + MS_PER_DAY).toISOString().slice(0, 10);
}

function isWeekend(day: IsoDate): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
