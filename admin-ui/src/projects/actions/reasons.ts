// Matching's reasons (domain/matching.ts scorePartner) come as English lines; each known line
// becomes a catalogue key with its figures, so the console says it in the user's language.

export interface ReasonText {
  key: string;
  args: Record<string, string | number>;
}

const PATTERNS: [RegExp, string, string[]][] = [
  [/^offers (\w+): \+(\d+)$/, 'offers', ['capability', 'points']],
  [/^same unit \(([^)]+)\): \+(\d+)$/, 'same_unit', ['unit', 'points']],
  [/^neighbouring unit (\S+) \(impact zone\): \+(\d+)$/, 'neighbouring_unit', ['unit', 'points']],
  [/^outside the unit and its impact zone \(([^)]+)\): \+(\d+)$/, 'outside', ['unit', 'points']],
  [/^(\d+) completed projects?: \+(\d+)$/, 'completed', ['count', 'points']],
  [/^(\d+) past withdrawals?: -(\d+)$/, 'withdrawals', ['count', 'points']],
  [/^(\d+) active commitments? \(overload\): -(\d+)$/, 'overload', ['count', 'points']],
];

/** The catalogue key (under app.actions.reason) and figures of one reason; null for a line it does not know. */
export function reasonText(line: string): ReasonText | null {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(line);
    if (match) return { key: `app.actions.reason.${key}`, args: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return null;
}
