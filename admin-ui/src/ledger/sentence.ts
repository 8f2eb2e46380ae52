// A ledger entry told as one sentence with names and amounts; the JSON stays behind "details".
import type { LedgerEntry } from './types';

type Translate = (key: string, args?: Record<string, unknown>) => string;

export interface SentenceTools {
  translate: Translate;
  money(vnd: number | null | undefined): string;
  number(value: number | null | undefined): string;
}

/** What a sentence needs of an entry; the project page's decisions carry no names, the ledger's do. */
export type SentenceEntry = Pick<LedgerEntry, 'choice' | 'actorName' | 'stepType' | 'details'> & { names?: LedgerEntry['names'] };

type Details = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const amount = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The key of an entry's sentence and its arguments: a variant key when the details call for one. */
export function sentenceOf(entry: SentenceEntry, tools: SentenceTools): { key: string; args: Record<string, unknown> } {
  const { translate, money, number } = tools;
  const d: Details = entry.details ?? {};
  const names = entry.names ?? {};
  const part = (key: string, args?: Record<string, unknown>) => translate(`app.audit.sentence_part.${key}`, args);
  const capability = (value: unknown) => {
    const code = text(value);
    return code ? translate(`app.capability.${code}`, { _: code }) : part('a_capability');
  };
  const stepType = (value: unknown) => {
    const type = text(value);
    return type ? translate(`app.step_type.${type}`, { _: type }) : part('a_step');
  };
  const partner = names.partner ?? part('a_partner');
  const args: Record<string, unknown> = { actor: entry.actorName, step: stepType(entry.stepType), partner };
  const sentence = (key: string, extra: Record<string, unknown> = {}) => ({ key: `app.audit.sentence.${key}`, args: { ...args, ...extra } });

  switch (entry.choice) {
    case 'resubmit': {
      const changes = d.changes && typeof d.changes === 'object' ? Object.keys(d.changes).length : 0;
      return changes > 0 ? sentence('resubmit_changed', { smart_count: changes, count: number(changes) }) : sentence('resubmit');
    }
    case 'submit':
      return entry.stepType === 'consultation' ? sentence('submit_consultation') : sentence('submit');
    case 'record_front_opinion':
      return sentence('record_front_opinion', { date: text(d.letterDate) ?? '—' });
    case 'sign_off': {
      const outcome = text(d.outcome);
      const recommendation = text(d.recommendation);
      if (!outcome || !recommendation) return sentence('sign_off');
      return sentence('sign_off_evaluated', {
        outcome: translate(`app.actions.outcome.${outcome}`, { _: outcome }),
        recommendation: translate(`app.actions.recommendation.${recommendation}`, { _: recommendation }),
      });
    }
    case 'invite':
      return sentence('invite', { capability: capability(d.capability) });
    case 'accept_invitation':
    case 'decline_invitation':
      return sentence(entry.choice, { capability: capability(names.capability) });
    case 'waive':
      return d.gap === 'socialization' ? sentence('waive_socialization') : sentence('waive', { capability: capability(d.capability) });
    case 'set_plan': {
      const plan = (d.plan ?? {}) as { lines?: { amountVnd?: unknown }[]; milestones?: unknown[] };
      const total = (plan.lines ?? []).reduce((sum, line) => sum + (amount(line.amountVnd) ?? 0), 0);
      return sentence('set_plan', { total: money(total), lines: number(count(plan.lines)), milestones: number(count(plan.milestones)) });
    }
    case 'pledge': {
      const source = text(d.source);
      const hours = amount(d.hours);
      const what = hours !== undefined && hours > 0 ? part('hours', { hours: number(hours) }) : money(amount(d.amountVnd) ?? 0);
      const from = source ? translate(`app.funding_source.${source}`, { _: source }) : '—';
      return names.partner ? sentence('pledge_partner', { amount: what, source: from }) : sentence('pledge', { amount: what, source: from });
    }
    case 'complete_milestone':
      return sentence('complete_milestone', { milestone: names.milestone ?? text(d.milestoneCode) ?? '—' });
    case 'request_change': {
      const change = (d.change ?? {}) as { kind?: unknown; description?: unknown };
      const kind = text(change.kind);
      return sentence('request_change', { kind: kind ? translate(`app.actions.change.kind_${kind}`, { _: kind }) : '—', description: text(change.description) ?? '—' });
    }
    case 'record_indicator':
      return sentence('record_indicator', { indicator: names.indicator ?? text(d.indicatorCode) ?? '—', actual: number(amount(d.actual)) });
    case 'extend_sla':
      return sentence('extend_sla', { step: names.stepType ? stepType(names.stepType) : part('a_step'), smart_count: amount(d.workingDays) ?? 0, days: number(amount(d.workingDays)) });
    case 'reassign':
      return sentence(text(d.previousName) ? 'reassign' : 'reassign_first', { from: text(d.previousName) ?? '', to: text(d.assigneeName) ?? '—', reason: text(d.reason) ?? '—' });
    default:
      return sentence(entry.choice);
  }
}

/** The sentence itself, in the translator's language. */
export function entrySentence(entry: SentenceEntry, tools: SentenceTools): string {
  const { key, args } = sentenceOf(entry, tools);
  return tools.translate(key, { ...args, _: tools.translate(`app.choice.${entry.choice}`, { _: entry.choice }) });
}
