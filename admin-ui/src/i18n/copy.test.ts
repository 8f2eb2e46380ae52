import { CHOICES, COMMAND_KINDS, STEP_OUTCOMES } from '../../../domain/lifecycle';
import { catalogues } from './i18nProvider';

type Tree = { [key: string]: string | Tree };
const texts = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : texts(v)));

describe("the console's copy", () => {
  /** Every word a step's outcome column or the timeline can show has a label, so no raw key reaches the screen. */
  it.each(['vi', 'en'] as const)('names every step outcome and choice in %s', (locale) => {
    const app = catalogues[locale].app as { step_outcome: Record<string, string>; choice: Record<string, string> };
    const missing = [...STEP_OUTCOMES.filter((o) => !app.step_outcome[o]), ...[...CHOICES, ...COMMAND_KINDS].filter((c) => !app.choice[c])];
    expect(missing).toEqual([]);
  });

  it.each(['vi', 'en'] as const)('quotes no requirement number such as (R17) in %s', (locale) => {
    expect(texts({ app: catalogues[locale].app, resources: catalogues[locale].resources } as Tree).filter((text) => /\bR\d{1,2}\b/.test(text))).toEqual([]);
  });
});
