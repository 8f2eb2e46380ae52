/**
 * What anyone may read without signing in (R9, R19), as one rule: every column of every table the
 * public portal and the open data read from, and whether it is published. The public API selects
 * only through this table (api/public-read.ts), and test/api/public-redaction.test.ts fails when a
 * table gains a column that is not classified here, or a public answer carries a field that is not.
 *
 * - `public`: published as recorded.
 * - `redacted`: published after personal data is taken out (names of people, e-mails, phone numbers).
 * - `private`: never published (people, accounts, internal ids, conflicts of interest, notes).
 */
export type Exposure = 'public' | 'redacted' | 'private';

export const PUBLIC_DATA = {
  units: { code: 'public', name: 'public', name_vi: 'public', kind: 'public', province: 'public', created_at: 'private', chair_user_id: 'private', iati_org_id: 'public' },
  teams: { code: 'public', unit_code: 'public', name: 'public', name_vi: 'public', oversight: 'public', created_at: 'private' },
  projects: {
    id: 'private',
    code: 'public',
    workflow_id: 'private',
    unit_code: 'public',
    lead_team_code: 'public',
    title: 'public',
    summary: 'redacted',
    category: 'public',
    requested_budget_vnd: 'public',
    stage: 'public',
    proposer_user_id: 'private',
    // A person's name: the portal says a proposal came from residents, never who.
    proposer_name: 'private',
    created_at: 'public',
    updated_at: 'public',
    closed_at: 'public',
    required_capabilities: 'public',
    planned_budget_vnd: 'public',
    pledged_vnd: 'public',
    non_state_share: 'public',
    feedback_closes_at: 'public',
    outcome: 'public',
    recommendation: 'public',
    close_reason: 'redacted',
    beneficiaries_description: 'public',
    beneficiaries_count: 'public',
    origin: 'public',
    // The open main step, kept for the lists (migration 018); the portal shows steps its own way.
    open_step_id: 'private',
    open_step_due_at: 'private',
    open_step_sla_status: 'private',
  },
  budget_lines: { id: 'private', project_id: 'private', position: 'public', label: 'public', amount_vnd: 'public' },
  pledges: {
    id: 'private',
    project_id: 'private',
    // Which partner gave is told by the commitments; a pledge shows its source and amount.
    partner_id: 'private',
    source: 'public',
    amount_vnd: 'public',
    hours: 'public',
    value_vnd: 'public',
    status: 'public',
    note: 'private',
    recorded_by: 'private',
    pledged_at: 'public',
    cancelled_at: 'public',
  },
  partners: { id: 'private', unit_code: 'private', name: 'public', kind: 'public', capabilities: 'private', contact_email: 'private', created_at: 'private', updated_at: 'private', updated_by: 'private' },
  commitments: { project_id: 'private', partner_id: 'private', capability: 'public', status: 'public', resources: 'redacted', committed_at: 'public', withdrawn_at: 'public' },
  milestones: {
    project_id: 'private',
    code: 'public',
    title: 'public',
    owner_team_code: 'public',
    due_at: 'public',
    status: 'public',
    evidence: 'public',
    completed_by: 'private',
    completed_at: 'public',
  },
  indicators: { project_id: 'private', code: 'public', name: 'public', unit: 'public', baseline: 'public', target: 'public', actual: 'public', evidence: 'public', recorded_at: 'public' },
  decision_ledger: {
    seq: 'public',
    project_id: 'private',
    step_id: 'private',
    step_type: 'public',
    workflow_id: 'private',
    run_id: 'private',
    update_id: 'private',
    actor_user_id: 'private',
    actor_name: 'private',
    // The role decides in public; the person behind it does not appear.
    actor_role: 'public',
    choice: 'public',
    rationale: 'redacted',
    evidence: 'public',
    conflict_of_interest: 'private',
    policy_version: 'public',
    decided_at: 'public',
    prev_hash: 'public',
    hash: 'public',
    recorded_at: 'private',
    details: 'private',
  },
  public_comments: {
    id: 'public',
    project_id: 'private',
    access: 'public',
    procedure: 'public',
    officers: 'public',
    result: 'public',
    handling: 'public',
    // A resident may name someone or leave a phone number: the portal shows the text without them.
    comment: 'redacted',
    sender_hash: 'private',
    submission_hash: 'private',
    submitted_at: 'public',
    answer: 'redacted',
    // The answer is the team's: who wrote it stays inside.
    answered_by: 'private',
    answered_at: 'public',
    // Hidden comments are not shown at all; why and by whom is for the staff.
    hidden_reason: 'private',
    hidden_by: 'private',
    hidden_at: 'private',
  },
  // R22: the consultation before the board's vote; who typed the Front's opinion stays inside.
  consultations: {
    step_id: 'private',
    project_id: 'private',
    policy_version: 'public',
    threshold_vnd: 'public',
    window_opens_at: 'public',
    window_closes_at: 'public',
    front_opinion: 'redacted',
    front_letter_date: 'public',
    front_document_ref: 'public',
    front_recorded_by: 'private',
    front_recorded_at: 'public',
    summary: 'redacted',
    submitted_at: 'public',
  },
  ledger_anchors: {
    id: 'private',
    seq: 'public',
    hash: 'public',
    signed_at: 'public',
    key_id: 'public',
    jws: 'public',
    trigger: 'public',
    published_by: 'private',
    idempotency_key: 'private',
    recorded_at: 'private',
  },
} as const satisfies Record<string, Record<string, Exposure>>;

export type PublicTable = keyof typeof PUBLIC_DATA;
export type ColumnOf<T extends PublicTable> = keyof (typeof PUBLIC_DATA)[T] & string;
/** The columns of a table that may be published, as is or redacted. */
export type PublishedColumn<T extends PublicTable> = { [C in ColumnOf<T>]: (typeof PUBLIC_DATA)[T][C] extends 'private' ? never : C }[ColumnOf<T>];

/** snake_case column → camelCase field of a public answer. */
export const fieldName = (column: string): string => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The columns of `table` that may leave the database for a public answer. */
export function publishedColumns<T extends PublicTable>(table: T): PublishedColumn<T>[] {
  return Object.entries(PUBLIC_DATA[table])
    .filter(([, exposure]) => exposure !== 'private')
    .map(([column]) => column as PublishedColumn<T>);
}

/** The field names a public answer may carry for a row of `table`. */
export function publishedFields(table: PublicTable): string[] {
  return publishedColumns(table).map(fieldName);
}

/** Something like a Vietnamese or international phone number: 9 to 12 digits, spaces, dots or dashes between. */
const PHONE = /(?<![\p{L}\p{N}])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\p{L}\p{N}])/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
export const REDACTED = '[…]';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text with personal data taken out: the given names of people (whole words, any case, composed or
 * decomposed Vietnamese), e-mail addresses and phone numbers each become "[…]". Longer names go
 * first, so "Trần Văn An" is not left as "[…] An".
 */
export function redactPersonalData(text: string, names: readonly string[]): string {
  let out = text.normalize('NFC').replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
  const unique = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  for (const name of unique) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'giu'), REDACTED);
  }
  return out;
}

/** A row of `table` as a public answer: published columns only, camelCase, redacted ones cleaned. */
export function publicRow<T extends PublicTable>(table: T, row: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of publishedColumns(table)) {
    if (!(column in row)) continue;
    const value = row[column];
    const exposure = (PUBLIC_DATA[table] as Record<string, Exposure>)[column];
    out[fieldName(column)] = exposure === 'redacted' && typeof value === 'string' ? redactPersonalData(value, names) : value;
  }
  return out;
}
