// Who a step waits for, as one line on a card (R18, R20: a clear person for each task).

/** At most this many names on a card; the rest are counted. */
export const NAMES_SHOWN = 3;

export type WaitingText =
  | { key: 'app.work.waiting_for'; options: { names: string } }
  | { key: 'app.work.waiting_for_votes'; options: { names: string; cast: number; eligible: number } };

/** The names a step waits for and, on a vote, how many of the eligible have voted; null when it waits for nobody. */
export function waitingText(
  people: readonly { displayName: string }[],
  vote: { eligible: number; outstanding: number } | null,
  more: (names: string, count: number) => string,
): WaitingText | null {
  if (people.length === 0) return null;
  const shown = people.slice(0, NAMES_SHOWN).map((p) => p.displayName).join(', ');
  const names = people.length > NAMES_SHOWN ? more(shown, people.length - NAMES_SHOWN) : shown;
  return vote ? { key: 'app.work.waiting_for_votes', options: { names, cast: vote.eligible - vote.outstanding, eligible: vote.eligible } } : { key: 'app.work.waiting_for', options: { names } };
}
