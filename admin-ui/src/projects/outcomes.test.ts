import { CHOICES, COMMAND_KINDS, STEP_OUTCOMES } from '../../../domain/lifecycle';
import { catalogues } from '../i18n/i18nProvider';

/** Every word a step's outcome column or the timeline can show has a label in both languages. */
describe('step outcome labels', () => {
  it.each(['vi', 'en'] as const)('name every outcome and choice in %s, so no raw key reaches the screen', (locale) => {
    const app = catalogues[locale].app as { step_outcome: Record<string, string>; choice: Record<string, string> };
    const missing = [...STEP_OUTCOMES.filter((o) => !app.step_outcome[o]), ...[...CHOICES, ...COMMAND_KINDS].filter((c) => !app.choice[c])];
    expect(missing).toEqual([]);
  });
});
