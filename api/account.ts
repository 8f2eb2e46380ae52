import type { Knex } from 'knex';
import type { Role } from '../domain/roles';

/** Today's date in Vietnam (board seats end on a Vietnamese day, whatever the server's time zone). */
export const VIETNAM_TODAY_SQL = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date";

/** The signed-in person as the database knows them now: read once per request by requireAuth. */
export interface Account {
  userId: string;
  email: string;
  role: Role;
  active: boolean;
  displayName: string;
  unitCode: string;
  teamCode: string | null;
  partnerId: string | null;
  /** Holds the chair of the unit's board today. */
  boardChair: boolean;
}

/** The person, when the session the token names is theirs and was not ended: one indexed query. */
export async function loadAccount(db: Knex, userId: string, sessionId: string): Promise<Account | undefined> {
  const row = await db('users as u')
    .join('sessions as s', 's.user_id', 'u.id')
    .where('u.id', userId)
    .where('s.id', sessionId)
    .whereNull('s.revoked_at')
    .first(
      'u.email',
      'u.role',
      'u.active',
      'u.display_name',
      'u.unit_code',
      'u.team_code',
      'u.partner_id',
      db.raw(`EXISTS (SELECT 1 FROM board_members m WHERE m.user_id = u.id AND m.is_chair AND (m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL})) AS board_chair`),
    );
  if (!row) return undefined;
  return {
    userId,
    email: row.email,
    role: row.role,
    active: row.active,
    displayName: row.display_name,
    unitCode: row.unit_code,
    teamCode: row.team_code ?? null,
    partnerId: row.partner_id ?? null,
    boardChair: Boolean(row.board_chair),
  };
}
