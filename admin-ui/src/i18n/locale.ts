import type { AppLocale } from '../types';

export const DEFAULT_LOCALE: AppLocale = 'vi';

/** BCP 47 tags for Intl: Vietnamese as written in Vietnam, English with day-month-year dates. */
export const INTL_LOCALE: Record<AppLocale, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Any locale string react-admin hands us, narrowed to the two the console speaks. */
export function asAppLocale(locale: string | null | undefined): AppLocale {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'vi';
}
