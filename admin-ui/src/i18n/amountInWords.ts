import type { AppLocale } from '../types';

const DONG: Record<AppLocale, string> = { vi: 'đồng', en: 'dong' };

/** Each language's cardinal numbers (n2words: "tám mươi lăm", "một trăm lẻ năm"), loaded when first needed. */
const CARDINAL: Record<AppLocale, () => Promise<(n: bigint) => string>> = {
  vi: () => import('n2words/vi-VN').then((m) => m.toCardinal),
  en: () => import('n2words/en-US').then((m) => m.toCardinal),
};

/**
 * A whole amount of đồng written in words, as on a payment order: "Tám mươi lăm triệu đồng",
 * "Eighty-five million dong". Null for what is not a whole, non-negative amount.
 */
export async function amountInWords(vnd: number, locale: AppLocale): Promise<string | null> {
  if (!Number.isSafeInteger(vnd) || vnd < 0) return null;
  const words = `${(await CARDINAL[locale]())(BigInt(vnd))} ${DONG[locale]}`;
  return words.charAt(0).toLocaleUpperCase(locale) + words.slice(1);
}
