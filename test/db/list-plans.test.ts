import type { Request } from 'express';
import { generateListData } from '../../bench/list-data';
import { LISTS } from '../../api/lists';
import { readList, type ListContext, type ListDef } from '../../api/list-params';
import { pipelineStats, slaStats } from '../../api/routes/stats';
import { createDb } from '../../platform/db';
import { scratchDatabase } from '../support/harness';

/**
 * The plans of the big lists' default pages, the projects' deep page and pipeline, and the
 * dashboards (issue 17): on 20,000 projects with their steps and 100,000 ledger rows
 * (bench/list-data.ts), every statement they run reads `projects` and `steps` through an index (or
 * the dashboards' summary tables), never by a sequential scan. The one exception is the capped count
 * (api/list-params.ts listTotal), which may scan sequentially under its LIMIT: it stops after
 * EXACT_TOTAL_UP_TO + 1 rows. Statements and plans come from PostgreSQL itself (EXPLAIN, no ANALYZE),
 * so nothing here depends on timings.
 */
const BIG_TABLES = ['projects', 'steps'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Sequential scans over the big tables in a plan, and whether each sits under a Limit. */
function seqScans(node: PlanNode, underLimit = false): { table: string; underLimit: boolean }[] {
  const here = node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(node['Relation Name'] ?? '') ? [{ table: node['Relation Name']!, underLimit }] : [];
  return [...here, ...(node.Plans ?? []).flatMap((child) => seqScans(child, underLimit || node['Node Type'] === 'Limit'))];
}

function indexScans(node: PlanNode): string[] {
  const here = /Index/.test(node['Node Type']) && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...here, ...(node.Plans ?? []).flatMap(indexScans)];
}

describe('list plans at scale', () => {
  let db: ReturnType<typeof createDb>;
  let ctx: ListContext;

  beforeAll(async () => {
    db = createDb(await scratchDatabase('list_plans'), { max: 2 });
    await generateListData(db, { projects: 20_000, ledgerRows: 100_000 });
    const coordinator = await db('users').where({ role: 'coordinator', unit_code: 'BD' }).first('id');
    ctx = { db, now: new Date(), actor: { userId: coordinator.id, role: 'coordinator', unitCode: 'BD', units: ['BD'], teamCode: null, partnerId: null, boardChair: false } };
  }, 300_000);

  afterAll(async () => {
    await db?.destroy();
  });

  /** Every statement a call runs, as PostgreSQL received it. */
  async function statementsOf(call: () => Promise<unknown>): Promise<{ sql: string; bindings: unknown[] }[]> {
    const seen: { sql: string; bindings: unknown[] }[] = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) => void seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    db.on('query', listen);
    try {
      await call();
    } finally {
      db.removeListener('query', listen);
    }
    return seen.filter((s) => !s.sql.startsWith('EXPLAIN'));
  }

  /** A page of a list with the given query (react-admin's JSON-encoded sort, range, filter). */
  async function page(def: ListDef, query: Record<string, unknown> = {}) {
    const encoded = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)]));
    const result = await readList({ query: encoded, headers: {} } as unknown as Request, def, ctx);
    expect(result.items.length).toBeGreaterThan(0);
    // The lists hold more rows than are counted exactly: the total is the estimate, and above the cap.
    expect(result.total).toBeGreaterThan(1000);
  }

  /** No statement scans projects or steps sequentially (the capped count only under its LIMIT); answers whether an ordered statement read them by an index. */
  async function expectIndexed(statements: { sql: string; bindings: unknown[] }[]): Promise<boolean> {
    const conn = await db.client.acquireConnection();
    try {
      let pageUsesIndex = false;
      for (const { sql, bindings } of statements) {
        const { rows } = await conn.query(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
        const plan: PlanNode = rows[0]['QUERY PLAN'][0].Plan;
        const scans = seqScans(plan);
        const capped = /^select count\(\*\) as "count" from \(select 1/i.test(sql);
        // Only the capped count may scan, and only under its LIMIT.
        expect({ sql, scans: scans.filter((s) => !(capped && s.underLimit)) }).toEqual({ sql, scans: [] });
        if (/order by/i.test(sql) && BIG_TABLES.some((t) => indexScans(plan).includes(t))) pageUsesIndex = true;
      }
      return pageUsesIndex;
    } finally {
      await db.client.releaseConnection(conn);
    }
  }

  it.each(['projects', 'steps', 'decisions'] as const)('the default page of %s reads projects and steps through indexes', async (name) => {
    expect(await expectIndexed(await statementsOf(() => page(LISTS[name])))).toBe(true);
  });

  it.each([
    ['a deep page (offset 10,000)', { range: [10_000, 10_024] }],
    ['the pipeline (200 by due date)', { range: [0, 199], sort: ['dueAt', 'ASC'] }],
    ['a deep page by code, one stage', { range: [1_000, 1_024], sort: ['code', 'DESC'], filter: { stage: 'proposal' } }],
  ])('the projects list: %s reads projects through an index', async (_name, query) => {
    const statements = await statementsOf(() => page(LISTS.projects, query));
    expect(await expectIndexed(statements)).toBe(true);
  });

  it('the dashboards read the summary tables, never every step', async () => {
    const scope = { unitCode: 'BD', teamCode: null };
    const teamScope = { unitCode: 'BD', teamCode: 'BD-ENV' };
    const statements = await statementsOf(async () => {
      const sla = await slaStats(db, scope, 6, new Date());
      expect(sla.now.open).toBeGreaterThan(1000);
      await slaStats(db, teamScope, 12, new Date());
      const pipeline = await pipelineStats(db, scope);
      expect(pipeline.cIndex[0]!.projects).toBeGreaterThanOrEqual(20_000);
      await pipelineStats(db, teamScope);
    });
    expect(statements.length).toBeGreaterThan(10);
    await expectIndexed(statements);
  });
});
