import englishMessages from 'ra-language-english';
import { en } from './en';
import { catalogues } from './i18nProvider';
import { vi } from './vi';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();

// react-admin's own type leaves these optional; the console uses neither.
const UNUSED_RA_SECTIONS = ['ra.configurable.', 'ra.guesser.'];

describe('the Vietnamese catalogue', () => {
  const english = flatten({ ...(englishMessages as unknown as Tree), ...(en as unknown as Tree) });
  const vietnamese = flatten(vi as unknown as Tree);

  it("has every react-admin and console key that English has", () => {
    const missing = [...english.keys()].filter((key) => !vietnamese.has(key) && !UNUSED_RA_SECTIONS.some((s) => key.startsWith(s)));
    expect(missing).toEqual([]);
  });

  // Vietnamese has one plural form, so a 'one |||| many' English text is compared as a whole.
  it('uses the same placeholders as English, so no %{value} is lost or misspelled', () => {
    const mismatched = [...vietnamese].filter(([key, text]) => {
      const reference = english.get(key);
      if (reference === undefined) return false;
      const expected = [...new Set(placeholders(reference))];
      const actual = [...new Set(placeholders(text))];
      return reference.includes('||||')
        ? actual.some((name) => !expected.includes(name))
        : expected.join() !== actual.join();
    });
    expect(mismatched).toEqual([]);
  });

  it('falls back to English for the sections it leaves out', () => {
    expect(flatten(catalogues.vi as unknown as Tree).get('ra.configurable.customize')).toBe('Customize');
  });
});
