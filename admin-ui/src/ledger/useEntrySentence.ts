import { useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { entrySentence, type SentenceEntry } from './sentence';

/** An entry's sentence in the language the user picked (it changes with the switcher). */
export function useEntrySentence(): (entry: SentenceEntry) => string {
  const translate = useTranslate();
  const format = useFormat();
  return (entry) => entrySentence(entry, { translate, money: format.money, number: format.number });
}
