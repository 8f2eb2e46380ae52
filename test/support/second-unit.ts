import type { Knex } from 'knex';
import { hashPassword } from '../../api/auth';
import { DEMO_PASSWORD } from '../../scripts/reference-data';
import type { Role } from '../../domain/roles';

/** A second ward beside the demo's Ba Đình, with its own teams, board, people and partner (R18 tests). */
export const SECOND_UNIT = { code: 'TH', name: 'Tay Ho Ward', name_vi: 'Phường Tây Hồ', kind: 'ward', province: 'Hà Nội' } as const;

export const SECOND_TEAMS = [
  { code: 'TH-ADM', name: 'Administration, Data & Public Information', name_vi: 'Hành chính – Dữ liệu & Thông tin công' },
  { code: 'TH-ENV', name: 'Living Space & Environment', name_vi: 'Không gian sống & Môi trường' },
  { code: 'TH-ALL', name: 'Community Alliance (oversight)', name_vi: 'Liên minh Cộng đồng (giám sát)' },
] as const;

export const SECOND_PARTNER = { name: 'HTX Hoa Tây Hồ', kind: 'coop', capabilities: ['volunteers', 'venue'], contact_email: 'htx@tayho.vn' } as const;

/** One person per role, as in the demo ward; the board has a chair (government) and a business seat. */
export const SECOND_USERS: { key: string; email: string; displayName: string; role: Role; teamCode: string | null; seat?: 'government' | 'business'; chair?: boolean; partner?: true }[] = [
  { key: 'admin', email: 'quantri@tayho.vn', displayName: 'Quản trị Tây Hồ', role: 'admin', teamCode: null },
  { key: 'coordinator', email: 'dieuphoi@tayho.vn', displayName: 'Mai Thị Hồng', role: 'coordinator', teamCode: 'TH-ADM' },
  { key: 'teamLead', email: 'totruong@tayho.vn', displayName: 'Lý Văn Sơn', role: 'team_lead', teamCode: 'TH-ENV' },
  { key: 'boardChair', email: 'chutich@tayho.vn', displayName: 'Trịnh Quang Huy', role: 'board_member', teamCode: null, seat: 'government', chair: true },
  { key: 'boardBusiness', email: 'doanhnghiep@tayho.vn', displayName: 'Tạ Thị Yến', role: 'board_member', teamCode: null, seat: 'business' },
  { key: 'auditor', email: 'giamsat@tayho.vn', displayName: 'Cao Minh Khoa', role: 'auditor', teamCode: 'TH-ALL' },
  { key: 'partner', email: 'htx@tayho.vn', displayName: 'HTX Hoa Tây Hồ', role: 'partner', teamCode: null, partner: true },
];

/** Writes the second ward through SQL (the owner's connection); answers the ids the tests need. */
export async function createSecondUnit(db: Knex): Promise<{ partnerId: string; userIds: Record<string, string> }> {
  await db('units').insert(SECOND_UNIT);
  await db('teams').insert(SECOND_TEAMS.map((t) => ({ ...t, unit_code: SECOND_UNIT.code, oversight: t.code === 'TH-ALL' })));
  const [{ id: partnerId }] = await db('partners').insert({ ...SECOND_PARTNER, capabilities: [...SECOND_PARTNER.capabilities], unit_code: SECOND_UNIT.code }).returning('id');
  const [{ id: boardId }] = await db('boards').insert({ unit_code: SECOND_UNIT.code, name: 'Ban điều phối phường Tây Hồ' }).returning('id');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds: Record<string, string> = {};
  for (const u of SECOND_USERS) {
    const [{ id }] = await db('users')
      .insert({ email: u.email, display_name: u.displayName, password_hash: passwordHash, role: u.role, unit_code: SECOND_UNIT.code, team_code: u.teamCode, partner_id: u.partner ? partnerId : null })
      .returning('id');
    userIds[u.key] = id;
    if (u.seat) await db('board_members').insert({ board_id: boardId, user_id: id, seat: u.seat, is_chair: Boolean(u.chair) });
  }
  return { partnerId, userIds };
}
