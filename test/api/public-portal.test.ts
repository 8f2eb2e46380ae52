import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { createLogger } from '../../platform/logger';
import { PUBLIC_DATA, publishedFields, REDACTED, type PublicTable } from '../../domain/redaction';
import { DEMO_USERS } from '../../scripts/reference-data';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import request from 'supertest';
import { PublicLedgerHeadSchema, PublicProjectDetailSchema, PublicProjectListSchema } from '../../contract/public';

/** Columns of the classified tables that domain/redaction.ts does not classify (a new column's guard). */
async function unclassifiedColumns(db: Knex): Promise<string[]> {
  const tables = Object.keys(PUBLIC_DATA);
  const rows = await db('information_schema.columns').where('table_schema', 'public').whereIn('table_name', tables).select('table_name', 'column_name');
  const rules = PUBLIC_DATA as Record<string, Record<string, string>>;
  const missing = rows.filter((r) => !((r.column_name as string) in (rules[r.table_name] ?? {})));
  return missing.map((r) => `${r.table_name}.${r.column_name}`).sort();
}

/** Columns classified in domain/redaction.ts that no longer exist (a rule about nothing hides a rename). */
async function staleClassifications(db: Knex): Promise<string[]> {
  const rows = await db('information_schema.columns').where('table_schema', 'public').whereIn('table_name', Object.keys(PUBLIC_DATA)).select('table_name', 'column_name');
  const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  return Object.entries(PUBLIC_DATA).flatMap(([table, columns]) => Object.keys(columns).map((c) => `${table}.${c}`)).filter((c) => !present.has(c));
}

/**
 * Which fields each part of a public answer may carry: those of its tables that domain/redaction.ts
 * publishes, plus what the API derives from published ones (named here, each with its source).
 */
const SECTIONS: Record<string, { tables: PublicTable[]; derived?: string[] }> = {
  project: { tables: ['projects'], derived: ['leadTeam', 'fundingMix', 'inConsultation'] },
  'project.leadTeam': { tables: ['teams'] },
  'teams[]': { tables: ['teams'] },
  // The unit chooser (the list's ?unit=).
  'units[]': { tables: ['units'] },
  // R22: the consultation before the board vote, when the project has one.
  consultation: { tables: ['consultations'] },
  // Sums of published pledge columns (source, value_vnd) by source.
  'project.fundingMix[]': { tables: [], derived: ['source', 'valueVnd'] },
  'budgetLines[]': { tables: ['budget_lines'] },
  'pledges[]': { tables: ['pledges'] },
  'partners[]': { tables: ['partners', 'commitments'] },
  'milestones[]': { tables: ['milestones'] },
  'indicators[]': { tables: ['indicators'] },
  'decisions[]': { tables: ['decision_ledger'] },
  'comments[]': { tables: ['public_comments'] },
  // The newest ledger entry's published columns, a count, the newest signed head and a fixed text.
  ledgerHead: { tables: [], derived: ['seq', 'hash', 'decidedAt', 'entries', 'signedHead', 'howToVerify'] },
  'ledgerHead.signedHead': { tables: ['ledger_anchors'] },
  'ledgerHead.howToVerify': { tables: [], derived: ['vi', 'en'] },
};

/** Every field of an answer that its section does not allow, as "section.field". */
function unclassifiedFields(answer: Record<string, unknown>, root: string[]): string[] {
  const found: string[] = [];
  const visit = (value: unknown, section: string) => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, `${section}[]`));
    if (!value || typeof value !== 'object') return;
    const rule = SECTIONS[section];
    if (!rule) return void found.push(`${section} (no section)`);
    const allowed = new Set([...rule.tables.flatMap((t) => publishedFields(t)), ...(rule.derived ?? [])]);
    for (const [key, v] of Object.entries(value)) {
      if (!allowed.has(key)) found.push(`${section}.${key}`);
      if (v && typeof v === 'object') visit(v, `${section}.${key}`);
    }
  };
  for (const [key, v] of Object.entries(answer)) {
    if (!root.includes(key)) found.push(`${key} (not a section)`);
    else visit(v, key);
  }
  return found;
}

describe('the public portal API: one redaction rule, no sign-in', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;
  let code: string;
  const peopleNames = DEMO_USERS.filter((u) => !u.partnerName && u.key !== 'admin').map((u) => u.displayName);

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('portal') });
    d = lifecycleDriver(h);
    const created = await d.propose({ beneficiaries: { who: 'Thiếu nhi tổ dân phố 7 và gia đình', count: 240 } });
    code = created.code;
    const screened = await d.decide('coordinator2', created.activeStep.id, {
      choice: 'accept',
      rationale: 'Đã trao đổi với Trần Văn Minh và bà Nguyễn Thu Hà; liên hệ 0912 345 678 hoặc ha.nguyen@example.org.',
      evidence: ['https://example.org/bien-ban-1'],
    });
    expect(screened.status).toBe(200);
    const review = screened.body.project.activeStep.id;
    expect((await d.decide('boardChair', review, { choice: 'approve', rationale: 'Lê Quốc Hùng đồng ý: phù hợp kế hoạch năm.' })).status).toBe(200);
    expect((await d.decide('boardBusiness', review, { choice: 'approve' })).body.project?.stage).toBe('partner_matching');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('classifies every column of every table the public answers read (a new column fails here until classified)', async () => {
    expect(await unclassifiedColumns(h.db)).toEqual([]);
    expect(await staleClassifications(h.db)).toEqual([]);
    // The guard is not vacuous: a column added behind the rule's back is named.
    const trx = await h.db.transaction();
    try {
      await trx.raw('ALTER TABLE projects ADD COLUMN proposer_phone text');
      await trx.raw('ALTER TABLE decision_ledger ADD COLUMN actor_email text');
      expect(await unclassifiedColumns(trx)).toEqual(['decision_ledger.actor_email', 'projects.proposer_phone']);
    } finally {
      await trx.rollback();
    }
    expect(await unclassifiedColumns(h.db)).toEqual([]);
  });

  it('answers the list, a project and the ledger head without a token, with only classified fields and no person named', async () => {
    const list = await h.api().get('/api/public/projects?unit=BD');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toMatch(/^public, max-age=60/);
    expect(list.headers.etag).toBeDefined();
    const detail = await h.api().get(`/api/public/projects/${code}`);
    expect(detail.status).toBe(200);
    const head = await h.api().get('/api/public/ledger/head');
    expect(head.status).toBe(200);

    expect(list.body.projects.flatMap((p: Record<string, unknown>) => unclassifiedFields({ project: p }, ['project']))).toEqual([]);
    expect(unclassifiedFields(list.body, ['projects', 'teams', 'units', 'ledgerHead']).filter((f) => !f.startsWith('projects'))).toEqual([]);
    expect(unclassifiedFields(detail.body, Object.keys(SECTIONS).filter((s) => !s.includes('.')).map((s) => s.replace('[]', '')))).toEqual([]);
    expect(unclassifiedFields({ ledgerHead: head.body }, ['ledgerHead'])).toEqual([]);
    // And each answer has the documented shape (the OpenAPI document's schemas).
    expect(PublicProjectListSchema.safeParse(list.body).error?.issues).toBeUndefined();
    expect(PublicProjectDetailSchema.safeParse(detail.body).error?.issues).toBeUndefined();
    expect(PublicLedgerHeadSchema.safeParse(head.body).error?.issues).toBeUndefined();

    for (const text of [JSON.stringify(list.body), JSON.stringify(detail.body), JSON.stringify(head.body)]) {
      for (const name of peopleNames) expect(text).not.toContain(name);
      expect(text).not.toContain('0912 345 678');
      expect(text).not.toContain('ha.nguyen@example.org');
    }
    const projectRow = await h.db('projects').where({ code }).first('id');
    expect(JSON.stringify(detail.body)).not.toContain(projectRow.id);
  });

  it('shows the project with beneficiaries, funding mix and decisions by role, rationale redacted', async () => {
    const { body } = await h.api().get(`/api/public/projects/${code}`);
    expect(body.project).toMatchObject({ code, stage: 'partner_matching', beneficiariesDescription: 'Thiếu nhi tổ dân phố 7 và gia đình', beneficiariesCount: 240, leadTeam: { code: 'BD-CUL' } });
    expect(body.project.fundingMix.map((m: { source: string }) => m.source)).toEqual(['state', 'private', 'community', 'in_kind', 'volunteer_hours']);
    expect(body.indicators).toEqual([expect.objectContaining({ code: 'READERS', baseline: 0, target: 200, actual: null })]);
    expect(body.decisions.map((x: { stepType: string; actorRole: string; choice: string }) => [x.stepType, x.actorRole, x.choice])).toEqual([
      ['screening', 'coordinator', 'accept'],
      ['board_review', 'board_member', 'approve'],
      ['board_review', 'board_member', 'approve'],
    ]);
    expect(body.decisions[0].rationale).toBe(`Đã trao đổi với ${REDACTED} và bà ${REDACTED}; liên hệ ${REDACTED} hoặc ${REDACTED}.`);
    expect(body.decisions[1].rationale).toBe(`${REDACTED} đồng ý: phù hợp kế hoạch năm.`);
    expect(body.decisions[0].evidence).toEqual(['https://example.org/bien-ban-1']);
    // The signed-in detail still has everything.
    const inside = await d.detail((await h.db('projects').where({ code }).first('id')).id);
    expect(inside.beneficiaries).toEqual({ who: 'Thiếu nhi tổ dân phố 7 và gia đình', count: 240 });
    expect(inside.decisions[0].rationale).toContain('Trần Văn Minh');
  });

  it('gives the ledger head: the newest entry and its hash, the newest signed head, how to verify', async () => {
    const newest = await h.db('decision_ledger').orderBy('seq', 'desc').first('seq', 'hash');
    const before = await h.api().get('/api/public/ledger/head');
    expect(before.body).toMatchObject({ seq: Number(newest.seq), hash: newest.hash, entries: Number(newest.seq) });
    expect(before.headers['cache-control']).toMatch(/^public, max-age=10/);
    expect(before.body.howToVerify.vi).toContain('mã băm');
    expect(before.body.howToVerify.en).toContain('hash');
    const signed = await d.post('auditor', '/api/ledger/anchors', {});
    expect(signed.status).toBe(201);
    const after = await h.api().get('/api/public/ledger/head');
    expect(after.body.signedHead).toMatchObject({ seq: Number(newest.seq), hash: newest.hash, trigger: 'on_demand', jws: signed.body.anchor.jws });
  });

  it('refuses an unknown project, a bad code and an unknown query field', async () => {
    expect((await h.api().get('/api/public/projects/BD-NONE-9999')).status).toBe(404);
    expect((await h.api().get('/api/public/projects/bad%20code')).status).toBe(404);
    const bad = await h.api().get('/api/public/projects?owner=x').set('Accept-Language', 'vi');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('owner');
  });

  it('limits reads per address: the 121st read in a minute is 429 with Retry-After', async () => {
    const app = createApp({ config: h.config, db: h.appDb, temporal: h.client, log: createLogger('silent', 'api-test') });
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await request(app).get('/api/public/ledger/head')).status);
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    const refused = await request(app).get('/api/public/ledger/head');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses[120]).toBe(429);
  });
});
