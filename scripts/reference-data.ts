import type { Knex } from 'knex';
import { hashPassword } from '../api/auth';
import type { Role } from '../domain/roles';
import type { EscalationRung } from '../domain/sla';
import { DEFAULT_SEPARATION_RULE } from '../domain/separation';

/** Demo and test reference data: one ward, its five teams (R3), a board (R4), partners, policies. */
export const DEMO_UNIT = { code: 'BD', name: 'Ba Dinh Ward', name_vi: 'Phường Ba Đình', kind: 'ward', province: 'Hà Nội' } as const;

export const DEMO_TEAMS = [
  { code: 'BD-ADM', name: 'Administration, Data & Public Information', name_vi: 'Hành chính – Dữ liệu & Thông tin công' },
  { code: 'BD-ENV', name: 'Living Space & Environment', name_vi: 'Không gian sống & Môi trường' },
  { code: 'BD-CUL', name: 'Culture, Life & Community', name_vi: 'Văn hóa – Đời sống – Cộng đồng' },
  { code: 'BD-ECO', name: 'Community Economy & Sustainable Livelihoods', name_vi: 'Kinh tế cộng đồng & Sinh kế bền vững' },
  { code: 'BD-ALL', name: 'Community Alliance (oversight)', name_vi: 'Liên minh Cộng đồng (giám sát)' },
] as const;

export const DEMO_PASSWORD = 'DongHanh@2026';

export interface DemoUser {
  key: string;
  email: string;
  displayName: string;
  role: Role;
  teamCode: string | null;
  boardSeat?: 'government' | 'business' | 'residents' | 'mass_org';
  isChair?: boolean;
  /** For partner accounts: the registered partner they speak for. */
  partnerName?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@donghanh.vn', displayName: 'Quản trị hệ thống', role: 'admin', teamCode: null },
  { key: 'coordinator', email: 'dieuphoi@donghanh.vn', displayName: 'Nguyễn Thu Hà', role: 'coordinator', teamCode: 'BD-ADM' },
  { key: 'teamLead', email: 'totruong.moitruong@donghanh.vn', displayName: 'Trần Văn Minh', role: 'team_lead', teamCode: 'BD-ENV' },
  { key: 'boardChair', email: 'chutich.bdp@donghanh.vn', displayName: 'Lê Quốc Hùng', role: 'board_member', teamCode: null, boardSeat: 'government', isChair: true },
  { key: 'boardBusiness', email: 'doanhnghiep.bdp@donghanh.vn', displayName: 'Phạm Minh Anh', role: 'board_member', teamCode: null, boardSeat: 'business' },
  { key: 'boardResidents', email: 'dancu.bdp@donghanh.vn', displayName: 'Đỗ Thị Lan', role: 'board_member', teamCode: null, boardSeat: 'residents' },
  { key: 'auditor', email: 'giamsat@donghanh.vn', displayName: 'Vũ Đức Thắng', role: 'auditor', teamCode: 'BD-ALL' },
  { key: 'partner', email: 'doitac@donghanh.vn', displayName: 'HTX Xanh Ba Đình', role: 'partner', teamCode: null, partnerName: 'HTX Xanh Ba Đình' },
  { key: 'allianceLead', email: 'lienminh@donghanh.vn', displayName: 'Hoàng Thị Mai', role: 'team_lead', teamCode: 'BD-ALL' },
  { key: 'cultureLead', email: 'totruong.vanhoa@donghanh.vn', displayName: 'Bùi Thanh Tâm', role: 'team_lead', teamCode: 'BD-CUL' },
  { key: 'partnerSchool', email: 'truongthcs@donghanh.vn', displayName: 'Trường THCS Ba Đình', role: 'partner', teamCode: null, partnerName: 'Trường THCS Ba Đình' },
  { key: 'adminLead', email: 'totruong.hanhchinh@donghanh.vn', displayName: 'Đặng Thu Trang', role: 'team_lead', teamCode: 'BD-ADM' },
  { key: 'economyLead', email: 'totruong.kinhte@donghanh.vn', displayName: 'Ngô Đức Phúc', role: 'team_lead', teamCode: 'BD-ECO' },
  // A second coordinator, so a coordinator's own proposal is screened by someone else (separation of duties).
  { key: 'coordinator2', email: 'dieuphoi2@donghanh.vn', displayName: 'Lý Minh Khoa', role: 'coordinator', teamCode: 'BD-ADM' },
  // The ward's chair (Chủ tịch UBND phường): the last rung of every escalation ladder (`unit_chair`).
  { key: 'unitChair', email: 'chutich.ubnd@donghanh.vn', displayName: 'Trịnh Văn Sơn', role: 'board_member', teamCode: null },
];

/** Who chairs the demo ward (units.chair_user_id): escalation level 3 reaches this person. */
export const DEMO_UNIT_CHAIR_KEY = 'unitChair';

/** Separation of duties (R18, R21), version 1: the built-in rule, stored so a unit can version it. */
export const DEFAULT_SEPARATION_RULE_ROW = {
  version: 1,
  proposer_excluded: DEFAULT_SEPARATION_RULE.proposerExcluded,
  delivering_team_excluded: DEFAULT_SEPARATION_RULE.deliveringTeamExcluded,
  fallback: DEFAULT_SEPARATION_RULE.fallback,
} as const;

/** Registered partners (R1): a coop, a school, a business, the youth union. */
export const DEMO_PARTNERS = [
  { name: 'HTX Xanh Ba Đình', kind: 'coop', capabilities: ['volunteers', 'in_kind', 'green_livelihood'], contact_email: 'doitac@donghanh.vn' },
  { name: 'Trường THCS Ba Đình', kind: 'school', capabilities: ['venue', 'volunteers', 'skills'], contact_email: 'truongthcs@donghanh.vn' },
  { name: 'Công ty Sách Phương Đông', kind: 'business', capabilities: ['money', 'in_kind', 'equipment'], contact_email: 'lienhe@sachphuongdong.vn' },
  { name: 'Đoàn Thanh niên phường Ba Đình', kind: 'mass_org', capabilities: ['volunteers', 'skills', 'training'], contact_email: 'doanthanhnien@badinh.vn' },
] as const;

/** Board votes (R4): two present, one of them from outside government; abstentions are present. */
export const DEFAULT_QUORUM_RULE = { version: 1, min_voters: 2, majority: 'simple', require_non_government: true, abstentions_count_as_present: true } as const;

const ladder = (afterLevel2: number, afterLevel3: number): EscalationRung[] => [
  { level: 1, role: 'team_lead', after: 0 },
  { level: 2, role: 'board_chair', after: afterLevel2 },
  { level: 3, role: 'unit_chair', after: afterLevel3 },
];

export const DEFAULT_SLA_POLICIES = [
  { step_type: 'screening', version: 1, responsible_team_code: 'BD-ADM', duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: ladder(2, 5) },
  { step_type: 'resubmission', version: 1, responsible_team_code: null, duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.8, escalation_ladder: [] },
  { step_type: 'board_review', version: 1, responsible_team_code: 'BD-ADM', duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.7, escalation_ladder: ladder(3, 5) },
  { step_type: 'partner_matching', version: 1, responsible_team_code: null, duration_value: 15, duration_unit: 'working_days', at_risk_ratio: 0.7, escalation_ladder: ladder(3, 5) },
  // An invitation's response deadline; its at-risk point is the reminder sent to the partner.
  { step_type: 'invitation_response', version: 1, responsible_team_code: null, duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: [] },
  { step_type: 'funding_approval', version: 1, responsible_team_code: null, duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.7, escalation_ladder: ladder(3, 5) },
  { step_type: 'execution', version: 1, responsible_team_code: null, duration_value: 60, duration_unit: 'working_days', at_risk_ratio: 0.8, escalation_ladder: ladder(5, 10) },
  { step_type: 'change_request', version: 1, responsible_team_code: 'BD-ADM', duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: ladder(2, 5) },
  { step_type: 'impact_reporting', version: 1, responsible_team_code: null, duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.7, escalation_ladder: ladder(3, 5) },
  { step_type: 'feedback_window', version: 1, responsible_team_code: null, duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.5, escalation_ladder: [] },
  { step_type: 'impact_verification', version: 1, responsible_team_code: 'BD-ALL', duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: ladder(2, 5) },
  // R22: the window (10 working days by default) and a week to answer and submit the summary.
  { step_type: 'consultation', version: 1, responsible_team_code: null, duration_value: 15, duration_unit: 'working_days', at_risk_ratio: 0.8, escalation_ladder: ladder(3, 5) },
  { step_type: 'board_signoff', version: 1, responsible_team_code: 'BD-ADM', duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: ladder(2, 5) },
] as const;

/** Idempotent: running it again changes nothing. */
export async function seedReferenceData(db: Knex): Promise<void> {
  await db('units').insert(DEMO_UNIT).onConflict('code').ignore();
  await db('teams').insert(DEMO_TEAMS.map((t) => ({ ...t, unit_code: DEMO_UNIT.code }))).onConflict('code').ignore();
  await db('teams').where({ code: 'BD-ALL' }).update({ oversight: true });
  const partnerIds = new Map<string, string>();
  for (const p of DEMO_PARTNERS) {
    const existing = await db('partners').where({ name: p.name, unit_code: DEMO_UNIT.code }).first('id');
    const id = existing?.id ?? (await db('partners').insert({ ...p, capabilities: [...p.capabilities], unit_code: DEMO_UNIT.code }).returning('id'))[0].id;
    partnerIds.set(p.name, id);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db('users')
      .insert({ email: u.email, display_name: u.displayName, password_hash: passwordHash, role: u.role, unit_code: DEMO_UNIT.code, team_code: u.teamCode, partner_id: u.partnerName ? partnerIds.get(u.partnerName) : null })
      .onConflict(db.raw('(lower(email))'))
      .ignore();
  }
  const [board] = await db('boards').insert({ unit_code: DEMO_UNIT.code, name: 'Ban điều phối phường Ba Đình' }).onConflict('unit_code').ignore().returning('id');
  const boardId = board?.id ?? (await db('boards').where({ unit_code: DEMO_UNIT.code }).first('id')).id;
  for (const u of DEMO_USERS.filter((d) => d.boardSeat)) {
    const user = await db('users').whereRaw('lower(email) = ?', [u.email]).first('id');
    await db('board_members').insert({ board_id: boardId, user_id: user.id, seat: u.boardSeat, is_chair: Boolean(u.isChair) }).onConflict(['board_id', 'user_id']).ignore();
  }
  const chair = await db('users').whereRaw('lower(email) = ?', [DEMO_USERS.find((u) => u.key === DEMO_UNIT_CHAIR_KEY)!.email]).first('id');
  await db('units').where({ code: DEMO_UNIT.code }).whereNull('chair_user_id').update({ chair_user_id: chair.id });
  await db('quorum_rules').insert({ ...DEFAULT_QUORUM_RULE, active_from: '2025-07-01T00:00:00+07:00' }).onConflict('version').ignore();
  const sep = DEFAULT_SEPARATION_RULE_ROW;
  await db('separation_rules')
    .insert({
      version: sep.version,
      proposer_excluded: JSON.stringify(sep.proposer_excluded),
      delivering_team_excluded: JSON.stringify(sep.delivering_team_excluded),
      fallback: JSON.stringify(sep.fallback),
      active_from: '2025-07-01T00:00:00+07:00',
    })
    .onConflict('version')
    .ignore();
  for (const p of DEFAULT_SLA_POLICIES) {
    await db('sla_policies')
      .insert({ ...p, escalation_ladder: JSON.stringify(p.escalation_ladder), active_from: '2025-07-01T00:00:00+07:00' })
      .onConflict(['step_type', 'version'])
      .ignore();
  }
}

/**
 * A neighbouring ward with its own teams, board, people and partner: `make up` and `npm run seed`
 * add it, so the console shows that each ward sees only its own projects (R18). Test databases get
 * it only when a test asks (seedNeighbourWard); the demo's own data is Ba Đình's.
 */
export const NEIGHBOUR_UNIT = { code: 'TH', name: 'Tay Ho Ward', name_vi: 'Phường Tây Hồ', kind: 'ward', province: 'Hà Nội' } as const;

export const NEIGHBOUR_TEAMS = [
  { code: 'TH-ADM', name: 'Administration, Data & Public Information', name_vi: 'Hành chính – Dữ liệu & Thông tin công' },
  { code: 'TH-ENV', name: 'Living Space & Environment', name_vi: 'Không gian sống & Môi trường' },
  { code: 'TH-ALL', name: 'Community Alliance (oversight)', name_vi: 'Liên minh Cộng đồng (giám sát)' },
] as const;

export const NEIGHBOUR_PARTNER = { name: 'HTX Hoa Tây Hồ', kind: 'coop', capabilities: ['volunteers', 'venue'], contact_email: 'htx@tayho.vn' } as const;

/** One person per role, as in Ba Đình; the board has a chair (government) and a business seat. */
export const NEIGHBOUR_USERS: DemoUser[] = [
  { key: 'admin', email: 'quantri@tayho.vn', displayName: 'Quản trị Tây Hồ', role: 'admin', teamCode: null },
  { key: 'coordinator', email: 'dieuphoi@tayho.vn', displayName: 'Mai Thị Hồng', role: 'coordinator', teamCode: 'TH-ADM' },
  { key: 'teamLead', email: 'totruong@tayho.vn', displayName: 'Lý Văn Sơn', role: 'team_lead', teamCode: 'TH-ENV' },
  { key: 'boardChair', email: 'chutich@tayho.vn', displayName: 'Trịnh Quang Huy', role: 'board_member', teamCode: null, boardSeat: 'government', isChair: true },
  { key: 'boardBusiness', email: 'doanhnghiep@tayho.vn', displayName: 'Tạ Thị Yến', role: 'board_member', teamCode: null, boardSeat: 'business' },
  { key: 'auditor', email: 'giamsat@tayho.vn', displayName: 'Cao Minh Khoa', role: 'auditor', teamCode: 'TH-ALL' },
  { key: 'partner', email: 'htx@tayho.vn', displayName: 'HTX Hoa Tây Hồ', role: 'partner', teamCode: null, partnerName: NEIGHBOUR_PARTNER.name },
];

/** Idempotent, like seedReferenceData; answers the partner's and the people's ids (by key). */
export async function seedNeighbourWard(db: Knex): Promise<{ partnerId: string; userIds: Record<string, string> }> {
  const unit = NEIGHBOUR_UNIT.code;
  await db('units').insert(NEIGHBOUR_UNIT).onConflict('code').ignore();
  await db('teams').insert(NEIGHBOUR_TEAMS.map((t) => ({ ...t, unit_code: unit, oversight: t.code === 'TH-ALL' }))).onConflict('code').ignore();
  const existing = await db('partners').where({ name: NEIGHBOUR_PARTNER.name, unit_code: unit }).first('id');
  const partnerId: string = existing?.id ?? (await db('partners').insert({ ...NEIGHBOUR_PARTNER, capabilities: [...NEIGHBOUR_PARTNER.capabilities], unit_code: unit }).returning('id'))[0].id;
  const [board] = await db('boards').insert({ unit_code: unit, name: 'Ban điều phối phường Tây Hồ' }).onConflict('unit_code').ignore().returning('id');
  const boardId = board?.id ?? (await db('boards').where({ unit_code: unit }).first('id')).id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds: Record<string, string> = {};
  for (const u of NEIGHBOUR_USERS) {
    await db('users')
      .insert({ email: u.email, display_name: u.displayName, password_hash: passwordHash, role: u.role, unit_code: unit, team_code: u.teamCode, partner_id: u.partnerName ? partnerId : null })
      .onConflict(db.raw('(lower(email))'))
      .ignore();
    const { id } = await db('users').whereRaw('lower(email) = ?', [u.email]).first('id');
    userIds[u.key] = id;
    if (u.boardSeat) await db('board_members').insert({ board_id: boardId, user_id: id, seat: u.boardSeat, is_chair: Boolean(u.isChair) }).onConflict(['board_id', 'user_id']).ignore();
  }
  return { partnerId, userIds };
}
