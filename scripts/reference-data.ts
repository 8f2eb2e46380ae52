import type { Knex } from 'knex';
import { hashPassword } from '../api/auth';
import type { Role } from '../domain/roles';
import type { EscalationRung } from '../domain/sla';

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
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@donghanh.vn', displayName: 'Quản trị hệ thống', role: 'admin', teamCode: null },
  { key: 'coordinator', email: 'dieuphoi@donghanh.vn', displayName: 'Nguyễn Thu Hà', role: 'coordinator', teamCode: 'BD-ADM' },
  { key: 'teamLead', email: 'totruong.moitruong@donghanh.vn', displayName: 'Trần Văn Minh', role: 'team_lead', teamCode: 'BD-ENV' },
  { key: 'boardChair', email: 'chutich.bdp@donghanh.vn', displayName: 'Lê Quốc Hùng', role: 'board_member', teamCode: null, boardSeat: 'government', isChair: true },
  { key: 'boardBusiness', email: 'doanhnghiep.bdp@donghanh.vn', displayName: 'Phạm Minh Anh', role: 'board_member', teamCode: null, boardSeat: 'business' },
  { key: 'boardResidents', email: 'dancu.bdp@donghanh.vn', displayName: 'Đỗ Thị Lan', role: 'board_member', teamCode: null, boardSeat: 'residents' },
  { key: 'auditor', email: 'giamsat@donghanh.vn', displayName: 'Vũ Đức Thắng', role: 'auditor', teamCode: 'BD-ALL' },
  { key: 'partner', email: 'doitac@donghanh.vn', displayName: 'HTX Xanh Ba Đình', role: 'partner', teamCode: null },
];

const ladder = (afterLevel2: number, afterLevel3: number): EscalationRung[] => [
  { level: 1, role: 'team_lead', after: 0 },
  { level: 2, role: 'board_chair', after: afterLevel2 },
  { level: 3, role: 'unit_chair', after: afterLevel3 },
];

export const DEFAULT_SLA_POLICIES = [
  { step_type: 'screening', version: 1, responsible_team_code: 'BD-ADM', duration_value: 5, duration_unit: 'working_days', at_risk_ratio: 0.6, escalation_ladder: ladder(2, 5) },
  { step_type: 'resubmission', version: 1, responsible_team_code: null, duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.8, escalation_ladder: [] },
  { step_type: 'board_review', version: 1, responsible_team_code: 'BD-ADM', duration_value: 10, duration_unit: 'working_days', at_risk_ratio: 0.7, escalation_ladder: ladder(3, 5) },
] as const;

/** Idempotent: running it again changes nothing. */
export async function seedReferenceData(db: Knex): Promise<void> {
  await db('units').insert(DEMO_UNIT).onConflict('code').ignore();
  await db('teams').insert(DEMO_TEAMS.map((t) => ({ ...t, unit_code: DEMO_UNIT.code }))).onConflict('code').ignore();
  const [partner] = await db('partners')
    .insert({ unit_code: DEMO_UNIT.code, name: 'HTX Xanh Ba Đình', kind: 'coop', capabilities: ['volunteers', 'in_kind', 'green_livelihood'], contact_email: 'doitac@donghanh.vn' })
    .returning('id')
    .onConflict()
    .ignore();
  const partnerId = partner?.id ?? (await db('partners').where({ name: 'HTX Xanh Ba Đình' }).first('id'))?.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db('users')
      .insert({ email: u.email, display_name: u.displayName, password_hash: passwordHash, role: u.role, unit_code: DEMO_UNIT.code, team_code: u.teamCode, partner_id: u.role === 'partner' ? partnerId : null })
      .onConflict(db.raw('(lower(email))'))
      .ignore();
  }
  const [board] = await db('boards').insert({ unit_code: DEMO_UNIT.code, name: 'Ban điều phối phường Ba Đình' }).onConflict('unit_code').ignore().returning('id');
  const boardId = board?.id ?? (await db('boards').where({ unit_code: DEMO_UNIT.code }).first('id')).id;
  for (const u of DEMO_USERS.filter((d) => d.boardSeat)) {
    const user = await db('users').whereRaw('lower(email) = ?', [u.email]).first('id');
    await db('board_members').insert({ board_id: boardId, user_id: user.id, seat: u.boardSeat, is_chair: Boolean(u.isChair) }).onConflict(['board_id', 'user_id']).ignore();
  }
  for (const p of DEFAULT_SLA_POLICIES) {
    await db('sla_policies')
      .insert({ ...p, escalation_ladder: JSON.stringify(p.escalation_ladder), active_from: '2025-07-01T00:00:00+07:00' })
      .onConflict(['step_type', 'version'])
      .ignore();
  }
}
