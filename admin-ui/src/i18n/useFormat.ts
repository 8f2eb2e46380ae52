import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';
import { createFormatters, type Formatters } from './format';
import { asAppLocale } from './locale';

/** Date and money formatters for the locale the user picked; they change with the switcher. */
export function useFormat(): Formatters {
  const [locale] = useLocaleState();
  return useMemo(() => createFormatters(asAppLocale(locale)), [locale]);
}
