import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import type { AppLocale } from '../types';
import { en, type AppMessages } from './en';
import { DEFAULT_LOCALE, asAppLocale } from './locale';
import { vi } from './vi';

const english = { ...englishMessages, ...en } satisfies TranslationMessages & AppMessages;

export const catalogues: Record<AppLocale, TranslationMessages> = {
  // Sections react-admin's type leaves optional (configurable, guesser) fall back to English.
  vi: { ...english, ...vi, ra: { ...englishMessages.ra, ...vi.ra } },
  en: english,
};

export const i18nProvider = polyglotI18nProvider((locale) => catalogues[asAppLocale(locale)], DEFAULT_LOCALE, [
  { locale: 'vi', name: 'Tiếng Việt' },
  { locale: 'en', name: 'English' },
]);

/** The locale the API should answer in (Accept-Language), read at request time. */
export function currentLocale(): AppLocale {
  return asAppLocale(i18nProvider.getLocale());
}
