import { createFormatters } from './format';

const normalize = (text: string) => text.replace(/\s/g, ' ');

describe('createFormatters', () => {
  it('formats money as VND in each locale', () => {
    expect(normalize(createFormatters('vi').money(50_000_000))).toBe('50.000.000 ₫');
    expect(normalize(createFormatters('en').money(50_000_000))).toBe('₫50,000,000');
  });

  it('writes numbers with the decimal mark of the locale', () => {
    expect(createFormatters('vi').number(4.5)).toBe('4,5');
    expect(createFormatters('en').number(4.5)).toBe('4.5');
    expect(createFormatters('vi').number(1250)).toBe('1.250');
    expect(createFormatters('vi').number(null)).toBe('—');
  });

  it("shows instants on Vietnam's clock, day before month", () => {
    const due = '2025-09-01T17:30:00Z'; // 00:30 on 2 September in Hà Nội
    expect(normalize(createFormatters('en').dateTime(due))).toBe('2 Sept 2025, 00:30');
    expect(normalize(createFormatters('vi').dateTime(due))).toContain('2025');
    expect(normalize(createFormatters('vi').dateTime(due))).toContain('00:30');
  });

  it('shows a dash for missing or unreadable values', () => {
    const format = createFormatters('vi');
    expect(format.dateTime(null)).toBe('—');
    expect(format.date('not a date')).toBe('—');
    expect(format.money(undefined)).toBe('—');
  });
});
