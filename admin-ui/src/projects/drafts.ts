// What someone typed in a decision dialog and has not sent, kept per step until it is sent.
import type { DecisionFormValues } from './decisionForm';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The fields a draft keeps: the words and links a person typed (the proposal comes from the server). */
const KEPT = ['rationale', 'evidence', 'conflictOfInterest', 'outcome', 'recommendation'] as const;
export type DecisionDraft = Partial<Pick<DecisionFormValues, (typeof KEPT)[number]>>;

export interface DraftStore {
  read(stepId: string): DecisionDraft | undefined;
  write(stepId: string, values: DecisionFormValues): void;
  clear(stepId: string): void;
}

/**
 * Drafts in session storage: they outlive a reload, a sign-out on an expired session and a closed
 * dialog, but not the browser tab, so a shared computer does not keep them.
 */
export function createDraftStore(storage: KeyValueStorage, prefix = 'dong-hanh.draft'): DraftStore {
  const key = (stepId: string) => `${prefix}:${stepId}`;
  return {
    read(stepId) {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(key(stepId)) ?? 'null');
        if (typeof parsed !== 'object' || parsed === null) return undefined;
        const draft: Record<string, string> = {};
        for (const field of KEPT) {
          const value = (parsed as Record<string, unknown>)[field];
          if (typeof value === 'string' && value !== '') draft[field] = value;
        }
        return Object.keys(draft).length ? (draft as DecisionDraft) : undefined;
      } catch {
        return undefined;
      }
    },
    write(stepId, values) {
      const draft = Object.fromEntries(KEPT.filter((f) => typeof values[f] === 'string' && values[f] !== '').map((f) => [f, values[f]]));
      try {
        if (Object.keys(draft).length) storage.setItem(key(stepId), JSON.stringify(draft));
        else storage.removeItem(key(stepId));
      } catch {
        // Storage full or refused (private mode): the dialog still works, only without a safety copy.
      }
    },
    clear(stepId) {
      storage.removeItem(key(stepId));
    },
  };
}
