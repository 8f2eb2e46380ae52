import { CHOICES, COMMAND_KINDS } from '../../../domain/lifecycle';
import { createFormatters } from '../i18n/format';
import { i18nProvider } from '../i18n/i18nProvider';
import type { AppLocale } from '../types';
import { entrySentence, type SentenceEntry } from './sentence';

const normalize = (text: string) => text.replace(/\s/g, ' ');

async function toolsFor(locale: AppLocale) {
  await i18nProvider.changeLocale(locale);
  const format = createFormatters(locale);
  return { translate: (key: string, args?: Record<string, unknown>) => i18nProvider.translate(key, args), money: format.money, number: format.number };
}

const entry = (choice: SentenceEntry['choice'], details: Record<string, unknown> | null = null, names: SentenceEntry['names'] = {}): SentenceEntry => ({
  choice,
  actorName: 'Nguyễn Thu Hà',
  stepType: 'partner_matching',
  details,
  names,
});

describe('a ledger entry as a sentence', () => {
  afterAll(() => i18nProvider.changeLocale('vi'));

  it.each(['vi', 'en'] as const)('has a sentence of its own for every decision and command kind (%s)', async (locale) => {
    const tools = await toolsFor(locale);
    const withoutSentence = [...CHOICES, ...COMMAND_KINDS].filter((kind) => {
      const key = `app.audit.sentence.${kind}`;
      // polyglot answers the key itself when the catalogue has no text for it.
      return tools.translate(key, { smart_count: 1 }) === key;
    });
    expect(withoutSentence).toEqual([]);
    for (const kind of [...CHOICES, ...COMMAND_KINDS]) {
      const text = entrySentence(entry(kind, {}), tools);
      expect(text).not.toMatch(/%\{|app\.|undefined/);
      expect(text).not.toBe(tools.translate(`app.choice.${kind}`));
    }
  });

  it('names the partner and the capability of an invitation, in Vietnamese and English', async () => {
    const invite = entry('invite', { partnerId: '34e6a1d2-0000-4000-8000-000000000000', capability: 'venue' }, { partner: 'HTX Xanh Ba Đình' });
    expect(entrySentence(invite, await toolsFor('vi'))).toBe('Nguyễn Thu Hà mời HTX Xanh Ba Đình đóng góp Địa điểm');
    expect(entrySentence(invite, await toolsFor('en'))).toBe('Nguyễn Thu Hà invited HTX Xanh Ba Đình to contribute Venue');
    const accepted = entry('accept_invitation', { invitationId: 'x', accept: true }, { partner: 'HTX Xanh Ba Đình', capability: 'venue' });
    expect(entrySentence(accepted, await toolsFor('vi'))).toBe('HTX Xanh Ba Đình nhận lời mời đóng góp Địa điểm');
  });

  it('writes amounts and counts in the chosen locale', async () => {
    const pledge = entry('pledge', { source: 'private', amountVnd: 20_000_000, partnerId: 'p' }, { partner: 'Công ty Sao Mai' });
    expect(normalize(entrySentence(pledge, await toolsFor('vi')))).toBe('Nguyễn Thu Hà ghi nhận Công ty Sao Mai cam kết 20.000.000 ₫ (Doanh nghiệp, tư nhân)');
    expect(normalize(entrySentence(pledge, await toolsFor('en')))).toBe('Nguyễn Thu Hà recorded a pledge of ₫20,000,000 from Công ty Sao Mai (Private)');
    const plan = entry('set_plan', { plan: { lines: [{ label: 'a', amountVnd: 60_000_000 }, { label: 'b', amountVnd: 25_000_000 }], milestones: [{ code: 'M1' }] } });
    expect(normalize(entrySentence(plan, await toolsFor('vi')))).toBe('Nguyễn Thu Hà lập kế hoạch ngân sách 85.000.000 ₫ gồm 2 khoản mục và 1 mốc');
    const indicator = entry('record_indicator', { indicatorCode: 'SAT', actual: 4.5 }, { indicator: 'Mức hài lòng' });
    expect(entrySentence(indicator, await toolsFor('vi'))).toBe('Nguyễn Thu Hà ghi chỉ số “Mức hài lòng”: 4,5');
    const extended = entry('extend_sla', { stepId: 's', workingDays: 3, reason: 'r' }, { stepType: 'execution' });
    expect(entrySentence(extended, await toolsFor('en'))).toBe('Nguyễn Thu Hà extended the Execution step by 3 working days');
  });

  it('says the outcome and recommendation of a sign-off', async () => {
    const signOff = { ...entry('sign_off', { outcome: 'achieved', recommendation: 'scale_up' }), stepType: 'board_signoff' as const };
    expect(entrySentence(signOff, await toolsFor('vi'))).toBe('Nguyễn Thu Hà nghiệm thu: kết quả Đạt, khuyến nghị Nhân rộng');
    expect(entrySentence(signOff, await toolsFor('en'))).toBe('Nguyễn Thu Hà signed off: outcome Achieved, recommendation Scale up');
  });
});
