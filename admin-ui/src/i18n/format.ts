import type { AppLocale } from '../types';
import { INTL_LOCALE } from './locale';

/** Deadlines are Vietnamese working days: show them on Vietnam's clock wherever the browser is. */
export const DISPLAY_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const EMPTY = '—';

export interface Formatters {
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  money(vnd: number | null | undefined): string;
  /** A plain number with the locale's decimal mark: 4,5 in Vietnamese, 4.5 in English. */
  number(value: number | null | undefined, maximumFractionDigits?: number): string;
}

export function createFormatters(locale: AppLocale, timeZone: string = DISPLAY_TIME_ZONE): Formatters {
  const tag = INTL_LOCALE[locale];
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const moneyFormat = new Intl.NumberFormat(tag, { style: 'currency', currency: 'VND' });
  const instant = (iso: string | null | undefined): Date | undefined => {
    if (!iso) return undefined;
    const value = new Date(iso);
    return Number.isNaN(value.getTime()) ? undefined : value;
  };
  return {
    dateTime: (iso) => {
      const value = instant(iso);
      return value ? dateTimeFormat.format(value) : EMPTY;
    },
    date: (iso) => {
      const value = instant(iso);
      return value ? dateFormat.format(value) : EMPTY;
    },
    money: (vnd) => (typeof vnd === 'number' && Number.isFinite(vnd) ? moneyFormat.format(vnd) : EMPTY),
    number: (value, maximumFractionDigits = 2) =>
      typeof value === 'number' && Number.isFinite(value) ? new Intl.NumberFormat(tag, { maximumFractionDigits }).format(value) : EMPTY,
  };
}
