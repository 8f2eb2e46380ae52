/** The people who use Đồng Hành (DOMAIN.md "Who uses it"). */
export const ROLES = ['admin', 'coordinator', 'team_lead', 'board_member', 'auditor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** The real person behind a command, always taken from the verified token, never from a request body. */
export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  /** Filled by the API from the database, never from a request body. */
  teamCode?: string | null;
  partnerId?: string | null;
  boardChair?: boolean;
}
