import type { FundingSource } from '../domain/funding';
import type { ProjectCategory, Stage } from '../domain/lifecycle';
import { csvField } from './routes/ledger';
import type { PublicLedgerHead, PublicProjectDetail } from './public-read';

/**
 * Open data (R9, R14): a public project as CSV and as an IATI 2.03 activity file, built only from
 * the public answer (api/public-read.ts), so the redaction rule holds for every format.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The project as one long CSV table: section, item, field, value. Each section and field of the
 * JSON answer becomes rows, so nothing is lost and no column layout has to change when a field is added.
 */
export function openDataCsv(detail: PublicProjectDetail & { ledgerHead: PublicLedgerHead }): string {
  const rows: unknown[][] = [['section', 'item', 'field', 'value']];
  const add = (section: string, item: string, value: Json, field = '') => {
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      // A section's own list numbers its items; a list inside an item numbers its field.
      value.forEach((v, i) => (field ? add(section, item, v, `${field}.${i + 1}`) : add(section, String(i + 1), v)));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) add(section, item, v, field ? `${field}.${key}` : key);
    } else {
      rows.push([section, item, field, Array.isArray(value) ? value.join(' ') : value]);
    }
  };
  for (const [section, value] of Object.entries(detail)) add(section, '', value as Json);
  // UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese as it is.
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

// IATI 2.03 code lists (https://iatistandard.org/en/iati-standard/203/codelists/) for the values used here.
export const IATI = {
  version: '2.03',
  /** ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation, 4 closed, 5 cancelled. */
  activityStatus: { proposal: '1', partner_matching: '1', funding: '1', execution: '2', impact_evaluation: '3', closed: '4', rejected: '5', cancelled: '5', withdrawn: '5' } satisfies Record<Stage, string>,
  /** ActivityDateType: 1 planned start, 4 actual end. */
  activityDate: { plannedStart: '1', actualEnd: '4' },
  /** OrganisationType: 10 government, 22 national NGO, 70 private sector, 80 academic, 90 other. */
  organisationType: { government: '10', nationalNgo: '22', privateSector: '70', academic: '80', other: '90' },
  /** OrganisationRole: 1 funding, 2 accountable, 4 implementing. */
  organisationRole: { funding: '1', accountable: '2', implementing: '4' },
  /** Sector vocabulary 1: OECD DAC CRS purpose codes (5 digits). */
  sectorVocabulary: '1',
  sector: { environment: '41010', culture: '16061', livelihood: '16020', public_space: '43030', education: '11120', other: '43010' } satisfies Record<ProjectCategory, string>,
  /** DescriptionType 1: general. */
  descriptionGeneral: '1',
  /** BudgetType 1 original; BudgetStatus 1 indicative, 2 committed. */
  budgetType: { original: '1' },
  budgetStatus: { indicative: '1', committed: '2' },
  /** TransactionType: 1 incoming funds (released), 11 incoming commitment (pledged). */
  transactionType: { incomingFunds: '1', incomingCommitment: '11' },
  /** ResultType 2: outcome; IndicatorMeasure 1: unit. */
  resultOutcome: '2',
  measureUnit: '1',
  recipientCountry: 'VN',
} as const;

/** Who gave, by source, as an IATI organisation type (the public answer names sources, not partners). */
const SOURCE_ORG_TYPE: Record<FundingSource, string> = {
  state: IATI.organisationType.government,
  private: IATI.organisationType.privateSector,
  community: IATI.organisationType.other,
  in_kind: IATI.organisationType.other,
  volunteer_hours: IATI.organisationType.other,
};

const SOURCE_NAME: Record<FundingSource, string> = {
  state: 'Ngân sách nhà nước',
  private: 'Doanh nghiệp, tư nhân',
  community: 'Cộng đồng dân cư',
  in_kind: 'Hiện vật',
  volunteer_hours: 'Giờ công tình nguyện',
};

const PARTNER_ORG_TYPE: Record<string, string> = {
  business: IATI.organisationType.privateSector,
  coop: IATI.organisationType.privateSector,
  mass_org: IATI.organisationType.nationalNgo,
  resident_group: IATI.organisationType.nationalNgo,
  school: IATI.organisationType.academic,
  scientist: IATI.organisationType.academic,
  province: IATI.organisationType.government,
};

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** One element: attributes in order, children already rendered; empty attributes are left out. */
function el(name: string, attrs: Record<string, string | number | null | undefined>, ...children: (string | false | null | undefined)[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  return inner ? `<${name}${a}>${inner}</${name}>` : `<${name}${a}/>`;
}
const narrative = (text: string) => `<narrative>${escapeXml(text)}</narrative>`;
const isoDate = (iso: string) => iso.slice(0, 10);
const yearLater = (iso: string) => {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return isoDate(d.toISOString());
};

export interface IatiOptions {
  /** The reporting organisation's IATI identifier and name (the unit). */
  reportingOrg: { ref: string; name: string };
  generatedAt: Date;
}

/** The unit's IATI organisation identifier (an admin sets it in the unit screen); the placeholder until it has one (org-id.guide). */
export const reportingOrgRef = (unitCode: string, iatiOrgId?: string | null) => iatiOrgId?.trim() || `VN-DONGHANH-${unitCode}`;

/**
 * The project as an IATI 2.03 activity file: identifier, reporting and participating organisations,
 * status, dates, country, sector, budget, one transaction per pledge by source, and results with
 * each indicator's baseline, target and actual. Elements follow the schema's order.
 */
export function iatiActivityXml(detail: PublicProjectDetail, opts: IatiOptions): string {
  const p = detail.project;
  const org = opts.reportingOrg;
  const ward = (role: string) => el('participating-org', { ref: org.ref, type: IATI.organisationType.government, role }, narrative(org.name));
  const funders = [...new Set(detail.pledges.map((x) => x.source))].map((source) => el('participating-org', { type: SOURCE_ORG_TYPE[source], role: IATI.organisationRole.funding }, narrative(SOURCE_NAME[source])));
  const partners = detail.partners
    .filter((x) => x.status === 'committed')
    .filter((x, i, all) => all.findIndex((y) => y.name === x.name) === i)
    .map((x) => el('participating-org', { type: PARTNER_ORG_TYPE[x.kind] ?? IATI.organisationType.other, role: IATI.organisationRole.implementing }, narrative(x.name)));
  const dates = [el('activity-date', { type: IATI.activityDate.plannedStart, 'iso-date': isoDate(p.createdAt) }), p.closedAt ? el('activity-date', { type: IATI.activityDate.actualEnd, 'iso-date': isoDate(p.closedAt) }) : null];
  const budgetValue = p.plannedBudgetVnd ?? p.requestedBudgetVnd;
  const budget = el(
    'budget',
    { type: IATI.budgetType.original, status: p.plannedBudgetVnd !== null ? IATI.budgetStatus.committed : IATI.budgetStatus.indicative },
    el('period-start', { 'iso-date': isoDate(p.createdAt) }),
    el('period-end', { 'iso-date': yearLater(p.createdAt) }),
    el('value', { 'value-date': isoDate(p.createdAt) }, String(budgetValue)),
  );
  const transactions = detail.pledges.map((x) =>
    el(
      'transaction',
      {},
      el('transaction-type', { code: x.status === 'released' ? IATI.transactionType.incomingFunds : IATI.transactionType.incomingCommitment }),
      el('transaction-date', { 'iso-date': isoDate(x.pledgedAt) }),
      el('value', { 'value-date': isoDate(x.pledgedAt) }, String(x.valueVnd)),
      el('description', {}, narrative(x.source === 'volunteer_hours' && x.hours !== null ? `${SOURCE_NAME[x.source]}: ${x.hours} giờ` : SOURCE_NAME[x.source])),
      el('provider-org', { type: SOURCE_ORG_TYPE[x.source] }, narrative(SOURCE_NAME[x.source])),
      el('receiver-org', { ref: org.ref, type: IATI.organisationType.government }, narrative(org.name)),
    ),
  );
  const periodEnd = isoDate(p.closedAt ?? new Date(Math.max(Date.parse(p.updatedAt), Date.parse(p.createdAt))).toISOString());
  const results = detail.indicators.length
    ? el(
        'result',
        { type: IATI.resultOutcome },
        el('title', {}, narrative('Chỉ số chất lượng sống của dự án')),
        ...detail.indicators.map((i) =>
          el(
            'indicator',
            { measure: IATI.measureUnit, ascending: i.target >= i.baseline ? '1' : '0' },
            el('title', {}, narrative(`${i.name} (${i.unit})`)),
            el('baseline', { year: new Date(p.createdAt).getUTCFullYear(), value: String(i.baseline) }),
            el(
              'period',
              {},
              el('period-start', { 'iso-date': isoDate(p.createdAt) }),
              el('period-end', { 'iso-date': periodEnd < isoDate(p.createdAt) ? isoDate(p.createdAt) : periodEnd }),
              el('target', { value: String(i.target) }),
              i.actual !== null ? el('actual', { value: String(i.actual) }) : null,
            ),
          ),
        ),
      )
    : null;
  const description = [p.summary, p.beneficiariesDescription ? `Người thụ hưởng: ${p.beneficiariesDescription}${p.beneficiariesCount !== null ? ` (${p.beneficiariesCount} người)` : ''}` : null].filter(Boolean).join('\n');

  const activity = el(
    'iati-activity',
    { 'last-updated-datetime': new Date(p.updatedAt).toISOString(), 'xml:lang': 'vi', 'default-currency': 'VND', hierarchy: 1 },
    el('iati-identifier', {}, escapeXml(`${org.ref}-${p.code}`)),
    el('reporting-org', { ref: org.ref, type: IATI.organisationType.government }, narrative(org.name)),
    el('title', {}, narrative(p.title)),
    el('description', { type: IATI.descriptionGeneral }, narrative(description)),
    ward(IATI.organisationRole.accountable),
    ward(IATI.organisationRole.implementing),
    ...funders,
    ...partners,
    el('activity-status', { code: IATI.activityStatus[p.stage] }),
    ...dates,
    el('recipient-country', { code: IATI.recipientCountry, percentage: 100 }),
    el('sector', { vocabulary: IATI.sectorVocabulary, code: IATI.sector[p.category], percentage: 100 }),
    budget,
    ...transactions,
    results,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('iati-activities', { version: IATI.version, 'generated-datetime': opts.generatedAt.toISOString() }, activity)}\n`;
}
