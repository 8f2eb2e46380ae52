import type { StepType } from './lifecycle';

/**
 * Separation of duties (R18, R21; DOMAIN.md "separation of duties"): who may not decide a step, and
 * who decides it instead. Versioned data like the quorum rules: a step keeps the version in force
 * when it opened.
 */

/** Who a step falls back to when the rule leaves its usual deciders out, in the order the rule names them. */
export const FALLBACK_AUTHORITIES = ['coordinator', 'board_chair', 'unit_chair'] as const;
export type FallbackAuthority = (typeof FALLBACK_AUTHORITIES)[number];

export interface SeparationRule {
  /** Step types no one decides on a project they proposed. */
  proposerExcluded: StepType[];
  /** Step types no lead of the project's lead team decides: no one verifies or signs off their own team's work. */
  deliveringTeamExcluded: StepType[];
  /** Per step type, where the step goes when the rule leaves nobody: another coordinator, the board chair, the unit chair. */
  fallback: Partial<Record<StepType, FallbackAuthority[]>>;
}

/** Why someone is left out of a step's deciders; the console words each code in both languages. */
export const RECUSAL_CODES = ['proposer', 'delivering_team', 'conflict_of_interest', 'partner_link'] as const;
export type RecusalCode = (typeof RECUSAL_CODES)[number];

/** The reason recorded with each code, in English (the ledger's and the API's language for reasons). */
export const RECUSAL_REASONS: Record<RecusalCode, string> = {
  proposer: 'proposer of this project',
  delivering_team: 'leads the team that delivered this project',
  conflict_of_interest: 'declared conflict of interest',
  partner_link: 'linked to a partner or funder of this project',
};

/** The rule before any version is stored (version 0): every decided step keeps its proposer out. */
export const DEFAULT_SEPARATION_RULE: SeparationRule = {
  proposerExcluded: ['screening', 'board_review', 'funding_approval', 'change_request', 'impact_reporting', 'impact_verification', 'board_signoff'],
  deliveringTeamExcluded: ['impact_verification', 'board_signoff'],
  fallback: {
    screening: ['coordinator', 'board_chair', 'unit_chair'],
    change_request: ['coordinator', 'board_chair', 'unit_chair'],
    funding_approval: ['board_chair', 'unit_chair'],
    impact_reporting: ['coordinator', 'board_chair', 'unit_chair'],
    impact_verification: ['board_chair', 'unit_chair'],
    board_signoff: ['unit_chair'],
  },
};

/** Someone who could decide a step, with what the rule looks at. */
export interface Candidate {
  userId: string;
  role: string;
  teamCode: string | null;
}

/** The exclusion the rule makes for one candidate on one step, if any. */
export function excludedBy(rule: SeparationRule, step: { type: StepType; proposerUserId: string; leadTeamCode: string }, c: Candidate): RecusalCode | null {
  if (rule.proposerExcluded.includes(step.type) && c.userId === step.proposerUserId) return 'proposer';
  if (rule.deliveringTeamExcluded.includes(step.type) && c.role === 'team_lead' && c.teamCode === step.leadTeamCode) return 'delivering_team';
  return null;
}

/** What a person left out of a step hears when they try to decide it anyway (403 NotEligible). */
export const RECUSAL_REFUSALS: Record<RecusalCode, { en: string; vi: string }> = {
  proposer: {
    en: 'You proposed this project, so you may not decide this step: under the separation of duties another person decides it.',
    vi: 'Bạn là người đề xuất dự án này nên không được quyết định bước này: theo nguyên tắc phân tách nhiệm vụ, người khác sẽ quyết định.',
  },
  delivering_team: {
    en: 'You lead the team that delivered this project, so you may not verify or sign off its results.',
    vi: 'Bạn là tổ trưởng của tổ thực hiện dự án này nên không được thẩm định hoặc phê duyệt kết quả của chính tổ mình.',
  },
  conflict_of_interest: {
    en: 'You declared a conflict of interest on this project, so you do not take part in this step.',
    vi: 'Bạn đã khai báo xung đột lợi ích với dự án này nên không tham gia bước này.',
  },
  partner_link: {
    en: 'You are linked to a partner or funder of this project, so you do not take part in this step.',
    vi: 'Bạn có liên hệ với một đối tác hoặc nhà tài trợ của dự án này nên không tham gia bước này.',
  },
};
