import { STEP_RULES, type Decider, type StepType } from './lifecycle';

/**
 * No step without a decider (issue 13; R18, R20): why an open step has nobody who may decide it, and
 * who is told at once. Pure rules shared by the activities, the API and the console.
 */
export const NO_DECIDER_REASONS = ['no_team_lead', 'no_alliance_lead', 'no_board_member', 'no_board_chair', 'no_role_holder', 'no_proposer'] as const;
export type NoDeciderReason = (typeof NO_DECIDER_REASONS)[number];

/** Each reason in both languages, for e-mails (the console has its own catalogues). */
export const NO_DECIDER_TEXT: Record<NoDeciderReason, { vi: string; en: string }> = {
  no_team_lead: { vi: 'Tổ phụ trách chưa có tổ trưởng đang hoạt động.', en: 'The responsible team has no active team lead.' },
  no_alliance_lead: { vi: 'Liên minh Cộng đồng chưa có tổ trưởng đang hoạt động.', en: 'The Community Alliance has no active team lead.' },
  no_board_member: { vi: 'Không còn thành viên Ban điều phối nào được biểu quyết (vắng hoặc phải tránh xung đột lợi ích).', en: 'No board member may vote (none left, or all recused).' },
  no_board_chair: { vi: 'Ban điều phối chưa có trưởng ban được quyết định bước này.', en: 'The board has no chair who may decide this step.' },
  no_role_holder: { vi: 'Đơn vị không có ai đang hoạt động giữ vai trò quyết định bước này.', en: 'Nobody active in the unit holds the role that decides this step.' },
  no_proposer: { vi: 'Người đề xuất không còn hoạt động.', en: 'The proposer is no longer active.' },
};

/** Steps decided by a choice on the step; partner matching and execution end by coverage and milestones. */
export const isDecidedByChoice = (type: StepType): boolean => STEP_RULES[type].choices.length > 0;

/**
 * Why nobody can decide the step, or null when someone can. `eligible` is the list the engine fixed
 * (absent when the deciding role decides); `roleHolders` counts the active users of that role in the unit.
 */
export function noDeciderReason(decider: Decider, eligible: readonly string[] | undefined, roleHolders: number): NoDeciderReason | null {
  if (eligible === undefined) return roleHolders > 0 ? null : 'no_role_holder';
  if (eligible.length > 0) return null;
  switch (decider) {
    case 'lead_team':
      return 'no_team_lead';
    case 'alliance':
      return 'no_alliance_lead';
    case 'board':
      return 'no_board_member';
    case 'board_chair':
      return 'no_board_chair';
    case 'proposer':
      return 'no_proposer';
    default:
      return 'no_role_holder';
  }
}

/**
 * The next authority, told at once that a step has nobody to decide it: coordinators answer for the
 * teams' steps, the board chair for the coordinators', the unit chair for the board's. Admins are told
 * too (notification kind `no_decider_admin`), since they keep the reference data that can fix it.
 */
export function nextAuthority(decider: Decider, decidingRole: string): 'coordinator' | 'board_chair' | 'unit_chair' {
  if (decider === 'lead_team' || decider === 'alliance' || decider === 'proposer') return 'coordinator';
  if (decider === 'board' || decider === 'board_chair') return 'unit_chair';
  return decidingRole === 'coordinator' ? 'board_chair' : 'coordinator';
}

/** What happened to a step's deciders, as `decider_events.kind` records it. */
export type DeciderEventKind = 'no_decider' | 'decider_found' | 'reevaluated';

/** The event a re-evaluation records; null when nothing changed (no event, no noise). */
export function deciderEventKind(before: { eligible: readonly string[] | undefined; reason: string | null }, after: { eligible: readonly string[] | undefined; reason: string | null }): DeciderEventKind | null {
  if (after.reason) return before.reason === after.reason && sameSet(before.eligible, after.eligible) ? null : 'no_decider';
  if (before.reason) return 'decider_found';
  return sameSet(before.eligible, after.eligible) ? null : 'reevaluated';
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** What a reference-data change that may change who decides names, carried to every open step of its unit. */
export interface DeciderReview {
  /** The `eligibility_reviews` row: one per change. */
  reviewId: string;
  entity: string;
  entityId: string;
  actorUserId: string;
  requestedAt: string;
}
