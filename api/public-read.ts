import type { Knex } from 'knex';
import { FUNDING_SOURCES, type FundingSource } from '../domain/funding';
import { publicRow, publishedColumns, type PublicTable } from '../domain/redaction';
import type { PublicProjectDetailSchema, PublicLedgerHeadSchema } from '../contract/public';
import type { z } from 'zod';

/**
 * The read model as anyone may see it (R9, R19): every query selects only the columns
 * domain/redaction.ts publishes, and every row leaves through publicRow, which drops the rest and
 * takes personal data out of the redacted ones.
 */

const cols = (table: PublicTable, alias: string) => publishedColumns(table).map((c) => `${alias}.${c}`);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Numbers arrive from PostgreSQL as strings (bigint, numeric) and dates as Date: both made plain. */
function plain(row: Record<string, unknown>, numbers: readonly string[], dates: readonly string[]): Record<string, unknown> {
  for (const k of numbers) if (k in row) row[k] = num(row[k]);
  for (const k of dates) if (k in row) row[k] = iso(row[k]);
  return row;
}

/** The names of people the redacted texts must not show: every account and every proposer. */
export async function personalNames(db: Knex): Promise<string[]> {
  const [users, proposers] = await Promise.all([db('users').pluck('display_name'), db('projects').distinct().pluck('proposer_name')]);
  return [...users, ...proposers].filter((n): n is string => typeof n === 'string');
}

const PROJECT_NUMBERS = ['requestedBudgetVnd', 'plannedBudgetVnd', 'pledgedVnd', 'nonStateShare', 'beneficiariesCount'];
const PROJECT_DATES = ['createdAt', 'updatedAt', 'closedAt', 'feedbackClosesAt'];

/** Pledged value by source (state, private, community, in kind, volunteer hours), cancelled pledges left out. */
async function fundingMixes(db: Knex, projectIds: string[]): Promise<Map<string, { source: FundingSource; valueVnd: number }[]>> {
  const rows = projectIds.length
    ? await db('pledges').whereIn('project_id', projectIds).whereNot('status', 'cancelled').groupBy('project_id', 'source').select('project_id', 'source', db.raw('sum(value_vnd)::bigint AS value_vnd'))
    : [];
  const mixes = new Map<string, { source: FundingSource; valueVnd: number }[]>();
  for (const id of projectIds) mixes.set(id, FUNDING_SOURCES.map((source) => ({ source, valueVnd: 0 })));
  for (const r of rows) {
    const entry = mixes.get(r.project_id)?.find((m) => m.source === r.source);
    if (entry) entry.valueVnd = Number(r.value_vnd);
  }
  return mixes;
}

async function teamsByCode(db: Knex): Promise<Map<string, Record<string, unknown>>> {
  const teams = await db('teams').select(publishedColumns('teams'));
  return new Map(teams.map((t) => [t.code as string, publicRow('teams', t, [])]));
}

/** Projects as the portal lists them: with their lead team and funding mix; newest first. */
export async function publicProjects(db: Knex, opts: { unitCode?: string; code?: string } = {}) {
  const q = db('projects as p')
    // R22: whether the plan is open for comments now (a derived flag, not a column).
    .select('p.id', ...cols('projects', 'p'), db.raw(`EXISTS (SELECT 1 FROM consultations c JOIN steps s ON s.id = c.step_id WHERE c.project_id = p.id AND s.status = 'active') AS in_consultation`))
    .orderBy([{ column: 'p.created_at', order: 'desc' }, { column: 'p.code', order: 'asc' }]);
  if (opts.unitCode) q.where('p.unit_code', opts.unitCode);
  if (opts.code) q.where('p.code', opts.code);
  const [rows, names, teams] = await Promise.all([q, personalNames(db), teamsByCode(db)]);
  const mixes = await fundingMixes(db, rows.map((r) => r.id));
  return {
    names,
    projects: rows.map((r) => ({
      id: r.id as string,
      project: {
        ...plain(publicRow('projects', r, names), PROJECT_NUMBERS, PROJECT_DATES),
        leadTeam: teams.get(r.lead_team_code) ?? null,
        inConsultation: Boolean(r.in_consultation),
        fundingMix: mixes.get(r.id) ?? [],
      },
    })),
  };
}

/** What publicProjectDetail answers, as documented (test/api/public-portal.test.ts parses answers with the schema). */
export type PublicProjectDetail = Omit<z.infer<typeof PublicProjectDetailSchema>, 'ledgerHead'>;
export type PublicLedgerHead = z.infer<typeof PublicLedgerHeadSchema>;

/** Everything the portal shows about one project; undefined when there is no such project. */
export async function publicProjectDetail(db: Knex, code: string): Promise<PublicProjectDetail | undefined> {
  const { names, projects } = await publicProjects(db, { code });
  const found = projects[0];
  if (!found) return undefined;
  const id = found.id;
  const [budgetLines, pledges, partners, milestones, indicators, decisions, comments, consultation] = await Promise.all([
    db('budget_lines').where({ project_id: id }).orderBy('position').select(publishedColumns('budget_lines')),
    db('pledges').where({ project_id: id }).whereNot('status', 'cancelled').orderBy('pledged_at').select(publishedColumns('pledges')),
    db('commitments as c').join('partners as pa', 'pa.id', 'c.partner_id').where('c.project_id', id).orderBy(['c.committed_at', 'c.capability']).select(...cols('commitments', 'c'), ...cols('partners', 'pa')),
    db('milestones').where({ project_id: id }).orderBy(['due_at', 'code']).select(publishedColumns('milestones')),
    db('indicators').where({ project_id: id }).orderBy('code').select(publishedColumns('indicators')),
    db('decision_ledger').where({ project_id: id }).orderBy('seq').select(publishedColumns('decision_ledger')),
    // Hidden comments stay out; newest first.
    db('public_comments').where({ project_id: id }).whereNull('hidden_at').orderBy([{ column: 'submitted_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select(publishedColumns('public_comments')),
    // R22: the latest consultation, if the project had one.
    db('consultations')
      .where({ project_id: id })
      .orderBy('window_opens_at', 'desc')
      .first(...publishedColumns('consultations').filter((c) => c !== 'front_letter_date'), db.raw("to_char(front_letter_date, 'YYYY-MM-DD') AS front_letter_date")),
  ]);
  const answer = {
    project: found.project,
    budgetLines: budgetLines.map((r) => plain(publicRow('budget_lines', r, names), ['amountVnd'], [])),
    pledges: pledges.map((r) => plain(publicRow('pledges', r, names), ['amountVnd', 'hours', 'valueVnd'], ['pledgedAt', 'cancelledAt'])),
    partners: partners.map((r) => plain({ ...publicRow('partners', r, names), ...publicRow('commitments', r, names) }, [], ['committedAt', 'withdrawnAt'])),
    milestones: milestones.map((r) => plain(publicRow('milestones', r, names), [], ['dueAt', 'completedAt'])),
    indicators: indicators.map((r) => plain(publicRow('indicators', r, names), ['baseline', 'target', 'actual'], ['recordedAt'])),
    decisions: decisions.map((r) => plain(publicRow('decision_ledger', r, names), ['seq'], ['decidedAt'])),
    comments: comments.map((r) => plain(publicRow('public_comments', r, names), ['id'], ['submittedAt', 'answeredAt'])),
    consultation: consultation ? plain(publicRow('consultations', consultation, names), ['thresholdVnd'], ['windowOpensAt', 'windowClosesAt', 'frontRecordedAt', 'submittedAt']) : null,
  };
  // Rows leave through publicRow (a record of published columns); their shape is the documented one.
  return answer as unknown as PublicProjectDetail;
}

/** The chain's head now, and the newest signed head: what anyone can write down today and hold the ledger to later. */
export async function publicLedgerHead(db: Knex): Promise<PublicLedgerHead> {
  const [head, anchor, count] = await Promise.all([
    db('decision_ledger').orderBy('seq', 'desc').first('seq', 'hash', 'decided_at'),
    db('ledger_anchors').orderBy([{ column: 'seq', order: 'desc' }, { column: 'id', order: 'desc' }]).first(publishedColumns('ledger_anchors')),
    db('decision_ledger').count<{ count: string }[]>('* as count').first(),
  ]);
  return {
    seq: head ? Number(head.seq) : 0,
    hash: head?.hash ?? null,
    decidedAt: iso(head?.decided_at),
    entries: Number(count?.count ?? 0),
    signedHead: anchor ? (plain(publicRow('ledger_anchors', anchor, []), ['seq'], ['signedAt']) as PublicLedgerHead['signedHead']) : null,
    howToVerify: HOW_TO_VERIFY,
  };
}

export const HOW_TO_VERIFY = {
  vi: 'Ghi lại số thứ tự và mã băm này. Về sau, bất kỳ ai cũng có thể đề nghị kiểm toán viên hoặc Liên minh Cộng đồng đối chiếu: mục có số thứ tự này trong sổ cái phải còn đúng mã băm này. Mỗi mục băm cùng mục trước nó (SHA-256), nên sửa hay xóa một quyết định cũ sẽ làm đổi mọi mã băm sau đó. Đầu chuỗi còn được ký số hằng ngày; chữ ký (JWS, Ed25519) công khai ở đây.',
  en: 'Write down this sequence number and hash. Later, anyone can ask an auditor or the Community Alliance to check that the ledger entry with this number still has this hash. Each entry is hashed together with the one before it (SHA-256), so changing or deleting an old decision changes every hash after it. The head is also signed daily; the signature (JWS, Ed25519) is published here.',
} as const;
