import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';

const XMLLINT = process.env.XMLLINT_PATH || '/usr/bin/xmllint';

/** The children of iati-activity in the order IATI 2.03's schema (iati-activities-schema.xsd) requires. */
const ACTIVITY_ORDER = [
  'iati-identifier', 'reporting-org', 'title', 'description', 'participating-org', 'other-identifier', 'activity-status', 'activity-date', 'contact-info',
  'activity-scope', 'recipient-country', 'recipient-region', 'location', 'sector', 'tag', 'country-budget-items', 'humanitarian-scope', 'policy-marker',
  'collaboration-type', 'default-flow-type', 'default-finance-type', 'default-aid-type', 'default-tied-status', 'budget', 'planned-disbursement',
  'capital-spend', 'transaction', 'document-link', 'related-activity', 'legacy-data', 'conditions', 'result', 'crs-add', 'fss',
];
const TRANSACTION_ORDER = ['transaction-type', 'transaction-date', 'value', 'description', 'provider-org', 'receiver-org'];
/** The IATI 2.03 code lists for the attributes the export sets (values as published by IATI). */
const CODELISTS = {
  OrganisationType: ['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'],
  OrganisationRole: ['1', '2', '3', '4'],
  ActivityStatus: ['1', '2', '3', '4', '5', '6'],
  ActivityDateType: ['1', '2', '3', '4'],
  DescriptionType: ['1', '2', '3', '4'],
  BudgetType: ['1', '2'],
  BudgetStatus: ['1', '2'],
  TransactionType: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'],
  ResultType: ['1', '2', '3', '9'],
  IndicatorMeasure: ['1', '2', '3', '4', '5'],
  SectorVocabulary: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '98', '99'],
};

/**
 * Open data: a project as JSON, CSV and an IATI 2.03 activity file. The read model holds known rows
 * (a project in execution with pledges by source, a partner, indicators); the files come from the real API.
 */
describe('open data: JSON, CSV and IATI 2.03', () => {
  let h: Harness;
  const code = `BD-OD-${randomUUID().slice(0, 6)}`;
  const dir = mkdtempSync(join(tmpdir(), 'dh-iati-'));
  let xmlFile: string;
  const xpath = (expr: string) => execFileSync(XMLLINT, ['--xpath', expr, xmlFile], { encoding: 'utf8' }).trim();
  const count = (expr: string) => Number(xpath(`count(${expr})`));
  const values = (expr: string) => Array.from({ length: count(expr) }, (_, i) => xpath(`string((${expr})[${i + 1}])`));

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await scratchDatabase('open_data') });
    const projectId = randomUUID();
    const coordinator = await h.userId('coordinator');
    const partner = await h.db('partners').where({ name: 'HTX Xanh Ba Đình' }).first('id');
    const created = new Date('2026-03-02T03:00:00Z');
    await h.db('projects').insert({
      id: projectId,
      code,
      workflow_id: `project-${code}`,
      unit_code: 'BD',
      lead_team_code: 'BD-ENV',
      title: 'Vườn rau <sạch> & "xanh" tổ 5',
      summary: 'Do Nguyễn Thu Hà đề xuất: biến bãi đất trống thành vườn rau cộng đồng.',
      category: 'environment',
      requested_budget_vnd: 120_000_000,
      planned_budget_vnd: 110_000_000,
      pledged_vnd: 95_000_000,
      non_state_share: 0.6842,
      stage: 'execution',
      proposer_user_id: coordinator,
      proposer_name: 'Nguyễn Thu Hà',
      beneficiaries_description: 'Các hộ gia đình tổ 5',
      beneficiaries_count: 150,
      created_at: created,
      updated_at: new Date('2026-06-15T03:00:00Z'),
    });
    await h.db('budget_lines').insert([
      { project_id: projectId, position: 1, label: 'Vật tư, hạt giống', amount_vnd: 80_000_000 },
      { project_id: projectId, position: 2, label: '=SUM(1+1)', amount_vnd: 30_000_000 },
    ]);
    const pledge = (source: string, value: number, status: string, extra: Record<string, unknown> = {}) => ({
      id: randomUUID(), project_id: projectId, source, amount_vnd: value, value_vnd: value, status, recorded_by: coordinator, pledged_at: new Date('2026-04-01T03:00:00Z'), ...extra,
    });
    await h.db('pledges').insert([
      pledge('state', 30_000_000, 'released'),
      pledge('private', 50_000_000, 'pledged', { partner_id: partner.id, note: 'Liên hệ anh Minh 0912 345 678' }),
      pledge('volunteer_hours', 15_000_000, 'pledged', { amount_vnd: 0, hours: 300 }),
      pledge('community', 9_000_000, 'cancelled'),
    ]);
    await h.db('commitments').insert({ project_id: projectId, partner_id: partner.id, capability: 'volunteers', status: 'committed', resources: 'Tình nguyện viên cuối tuần', committed_at: new Date('2026-03-20T03:00:00Z') });
    await h.db('indicators').insert([
      { project_id: projectId, code: 'HH', name: 'Hộ tham gia', unit: 'hộ', baseline: 0, target: 30, actual: 24, evidence: JSON.stringify(['https://example.org/danh-sach']), recorded_at: new Date('2026-06-01T03:00:00Z') },
      { project_id: projectId, code: 'RAC', name: 'Rác thải tồn đọng', unit: 'tấn', baseline: 5, target: 1 },
    ]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('writes an IATI 2.03 activity file that xmllint finds well-formed, with the required elements in the schema order', async () => {
    const res = await h.api().get(`/api/public/projects/${code}/iati.xml`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${code}-iati.xml"`);
    xmlFile = join(dir, `${code}.xml`);
    writeFileSync(xmlFile, res.text);
    const lint = spawnSync(XMLLINT, ['--noout', xmlFile], { encoding: 'utf8' });
    expect({ status: lint.status, stderr: lint.stderr }).toEqual({ status: 0, stderr: '' });
    // The lint can fail: a broken file is refused.
    writeFileSync(join(dir, 'broken.xml'), res.text.replace('</iati-activities>', ''));
    expect(spawnSync(XMLLINT, ['--noout', join(dir, 'broken.xml')]).status).not.toBe(0);

    expect(xpath('string(/iati-activities/@version)')).toBe('2.03');
    expect(xpath('string(/iati-activities/@generated-datetime)')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(count('/iati-activities/iati-activity')).toBe(1);
    const a = '/iati-activities/iati-activity';
    expect(xpath(`string(${a}/@default-currency)`)).toBe('VND');
    expect(xpath(`string(${a}/@xml:lang)`)).toBe('vi');
    expect(xpath(`string(${a}/@last-updated-datetime)`)).toBe('2026-06-15T03:00:00.000Z');

    // Every child in the schema's order; the required ones present.
    const children = Array.from({ length: count(`${a}/*`) }, (_, i) => xpath(`name(${a}/*[${i + 1}])`));
    const positions = children.map((c) => ACTIVITY_ORDER.indexOf(c));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    for (const required of ['iati-identifier', 'reporting-org', 'title', 'description', 'participating-org', 'activity-status', 'activity-date']) expect(children).toContain(required);
    for (let t = 1; t <= count(`${a}/transaction`); t++) {
      const names = Array.from({ length: count(`${a}/transaction[${t}]/*`) }, (_, i) => xpath(`name(${a}/transaction[${t}]/*[${i + 1}])`));
      expect(names).toEqual(TRANSACTION_ORDER);
    }

    // The identifier starts with the reporting organisation's identifier.
    const orgRef = xpath(`string(${a}/reporting-org/@ref)`);
    expect(orgRef).toBe('VN-DONGHANH-BD');
    expect(xpath(`string(${a}/iati-identifier)`)).toBe(`${orgRef}-${code}`);
    expect(xpath(`string(${a}/title/narrative)`)).toBe('Vườn rau <sạch> & "xanh" tổ 5');
    expect(xpath(`string(${a}/description/narrative)`)).toContain('Người thụ hưởng: Các hộ gia đình tổ 5 (150 người)');
  });

  it('uses only code-list values, and says what the project is: status, sector, budget, transactions by source, results', () => {
    const a = '/iati-activities/iati-activity';
    for (const v of values(`${a}//@type[parent::reporting-org or parent::participating-org or parent::provider-org or parent::receiver-org]`)) expect(CODELISTS.OrganisationType).toContain(v);
    for (const v of values(`${a}/participating-org/@role`)) expect(CODELISTS.OrganisationRole).toContain(v);
    expect(CODELISTS.ActivityStatus).toContain(xpath(`string(${a}/activity-status/@code)`));
    for (const v of values(`${a}/activity-date/@type`)) expect(CODELISTS.ActivityDateType).toContain(v);
    expect(CODELISTS.DescriptionType).toContain(xpath(`string(${a}/description/@type)`));
    expect(CODELISTS.BudgetType).toContain(xpath(`string(${a}/budget/@type)`));
    expect(CODELISTS.BudgetStatus).toContain(xpath(`string(${a}/budget/@status)`));
    for (const v of values(`${a}/transaction/transaction-type/@code`)) expect(CODELISTS.TransactionType).toContain(v);
    expect(CODELISTS.ResultType).toContain(xpath(`string(${a}/result/@type)`));
    for (const v of values(`${a}/result/indicator/@measure`)) expect(CODELISTS.IndicatorMeasure).toContain(v);
    expect(CODELISTS.SectorVocabulary).toContain(xpath(`string(${a}/sector/@vocabulary)`));

    // In execution: implementation (2). Environment: DAC 41010. Viet Nam.
    expect(xpath(`string(${a}/activity-status/@code)`)).toBe('2');
    expect(xpath(`string(${a}/sector/@code)`)).toBe('41010');
    expect(xpath(`string(${a}/recipient-country/@code)`)).toBe('VN');
    expect(values(`${a}/participating-org/@role`).sort()).toEqual(['1', '1', '1', '2', '4', '4']);
    expect(values(`${a}/participating-org/narrative`)).toContain('HTX Xanh Ba Đình');

    // The budget: the planned amount, committed, over at most a year.
    expect(xpath(`string(${a}/budget/value)`)).toBe('110000000');
    expect(xpath(`string(${a}/budget/value/@value-date)`)).toBe('2026-03-02');
    const start = Date.parse(xpath(`string(${a}/budget/period-start/@iso-date)`));
    const end = Date.parse(xpath(`string(${a}/budget/period-end/@iso-date)`));
    expect(end).toBeGreaterThan(start);
    expect(end - start).toBeLessThanOrEqual(366 * 86_400_000);

    // One transaction per pledge, cancelled left out: released is incoming funds (1), pledged an incoming commitment (11).
    expect(values(`${a}/transaction/transaction-type/@code`).sort()).toEqual(['1', '11', '11']);
    expect(values(`${a}/transaction/value`).map(Number).reduce((s, v) => s + v, 0)).toBe(95_000_000);
    expect(values(`${a}/transaction/provider-org/narrative`).sort()).toEqual(['Doanh nghiệp, tư nhân', 'Giờ công tình nguyện', 'Ngân sách nhà nước']);
    for (const v of values(`${a}/transaction/value/@value-date`)) expect(v).toMatch(/^\d{4}-\d\d-\d\d$/);

    // Results: each indicator's baseline, target and actual; a falling indicator is not ascending.
    expect(count(`${a}/result/indicator`)).toBe(2);
    const hh = `${a}/result/indicator[title/narrative='Hộ tham gia (hộ)']`;
    expect([xpath(`string(${hh}/baseline/@value)`), xpath(`string(${hh}/baseline/@year)`), xpath(`string(${hh}/period/target/@value)`), xpath(`string(${hh}/period/actual/@value)`)]).toEqual(['0', '2026', '30', '24']);
    const rac = `${a}/result/indicator[title/narrative='Rác thải tồn đọng (tấn)']`;
    expect(xpath(`string(${rac}/@ascending)`)).toBe('0');
    expect(count(`${rac}/period/actual`)).toBe(0);
    expect(Date.parse(xpath(`string(${hh}/period/period-end/@iso-date)`))).toBeGreaterThanOrEqual(Date.parse(xpath(`string(${hh}/period/period-start/@iso-date)`)));
  });

  it('leaves people out of every format', async () => {
    const files = await Promise.all(['iati.xml', 'open-data.csv', 'open-data.json'].map((f) => h.api().get(`/api/public/projects/${code}/${f}`)));
    for (const f of files) {
      expect(f.status).toBe(200);
      expect(f.text).not.toContain('Nguyễn Thu Hà');
      expect(f.text).not.toContain('0912 345 678');
      expect(f.text).toContain('Do […] đề xuất');
    }
  });

  it('gives the same answer as JSON and CSV: every field, Vietnamese intact, formulas neutralised', async () => {
    const detail = await h.api().get(`/api/public/projects/${code}`);
    const json = await h.api().get(`/api/public/projects/${code}/open-data.json`);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="${code}.json"`);
    expect(JSON.parse(json.text)).toEqual(detail.body);

    const csv = await h.api().get(`/api/public/projects/${code}/open-data.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.text.startsWith('\uFEFFsection,item,field,value\r\n')).toBe(true);
    const lines = csv.text.split('\r\n');
    expect(lines).toContain(`project,,code,${code}`);
    expect(lines).toContain('project,,beneficiariesDescription,Các hộ gia đình tổ 5');
    expect(lines).toContain('project,,fundingMix.1.source,state');
    expect(lines).toContain('indicators,1,actual,24');
    expect(lines).toContain('indicators,1,evidence,https://example.org/danh-sach');
    expect(lines).toContain("budgetLines,2,label,'=SUM(1+1)");
    expect(lines).toContain('project,,title,"Vườn rau <sạch> & ""xanh"" tổ 5"');
  });

  it('answers 404 for a project that does not exist, in every format', async () => {
    for (const f of ['iati.xml', 'open-data.csv', 'open-data.json']) expect((await h.api().get(`/api/public/projects/BD-NONE-1/${f}`)).status).toBe(404);
  });
});
