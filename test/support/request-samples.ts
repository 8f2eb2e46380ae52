import { randomUUID } from 'node:crypto';
import { inDays } from './lifecycle-driver';

/**
 * One request body per request schema of api/openapi/schemas.ts (REQUEST_BODY_SCHEMAS) that the schema
 * accepts, so a test can spoil one field at a time and know that field alone is at fault.
 */
export const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  LoginBody: () => ({ email: 'nobody@donghanh.vn', password: 'sai-mat-khau-123' }),
  RefreshBody: () => ({ refreshToken: 'x'.repeat(40) }),
  LogoutBody: () => ({ refreshToken: 'x'.repeat(40) }),
  PublishHeadBody: () => ({}),
  NotificationReadBody: () => ({ ids: ['1'] }),
  NotificationPreferencesBody: () => ({ preferences: [{ kind: 'sla_at_risk', email: false, inConsole: true }] }),
  PublicCommentBody: () => ({ ratings: { access: 4, procedure: 3, officers: 5, result: 4, handling: 3 }, comment: 'Vườn rau đẹp, nhưng cần thêm vòi nước.' }),
  CommentAnswerBody: () => ({ answer: 'Tổ đã tiếp thu; vòi nước sẽ được lắp trong tuần này.' }),
  CommentHideBody: () => ({ reason: 'Nội dung quảng cáo' }),
  PublicProposalBody: () => ({ title: 'Sân chơi cho trẻ em tổ 9', summary: 'Cải tạo bãi đất trống cạnh chợ thành sân chơi an toàn cho trẻ em.', category: 'public_space', leadTeamCode: 'BD-CUL', requestedBudgetVnd: 50_000_000, name: 'Nhóm cư dân tổ 9', phone: '0912 345 678' }),
  ProposalBody: () => ({
    title: 'Vườn rau cộng đồng tổ 5',
    summary: 'Biến khoảng đất trống cạnh nhà văn hóa thành vườn rau sạch do cư dân chăm sóc.',
    category: 'environment',
    leadTeamCode: 'BD-ENV',
    requestedBudgetVnd: 10_000_000,
    indicators: [{ code: 'HH', name: 'Hộ tham gia', unit: 'hộ', baseline: 0, target: 30 }],
    beneficiaries: { who: 'Các hộ gia đình tổ 5', count: 120 },
  }),
  DecisionBody: () => ({ choice: 'approve', rationale: 'Phù hợp kế hoạch', evidence: ['https://example.org/bien-ban'], conflictOfInterest: 'Không có' }),
  ExtensionBody: () => ({ workingDays: 2, reason: 'Chờ ý kiến cư dân' }),
  DissentNoteBody: () => ({ text: 'Tôi không đồng ý: ngân sách chưa tính chi phí bảo trì.' }),
  ReassignmentBody: () => ({ assigneeUserId: randomUUID(), reason: 'Tổ trưởng đi học tập trung hai tuần' }),
  InvitationBody: () => ({ partnerId: randomUUID(), capability: 'venue' }),
  InvitationResponseBody: () => ({ accept: true, resources: 'Hội trường tầng 1', reason: 'Sẵn sàng hỗ trợ' }),
  WaiverBody: () => ({ gap: 'capability', capability: 'venue', rationale: 'Dùng nhà văn hóa sẵn có' }),
  PlanBody: () => ({
    lines: [{ label: 'Vật tư', amountVnd: 5_000_000 }],
    milestones: [{ code: 'M1', title: 'Làm luống', ownerTeamCode: 'BD-ENV', dueDate: inDays(30) }],
  }),
  PledgeBody: () => ({ source: 'community', amountVnd: 1_000_000, partnerId: randomUUID(), note: 'Tổ dân phố góp' }),
  MilestoneCompletionBody: () => ({ evidence: ['https://example.org/anh'] }),
  ChangeRequestBody: () => ({ kind: 'schedule', description: 'Lùi một tuần vì mưa', budgetDeltaVnd: 0, scheduleShiftDays: 5 }),
  WithdrawalBody: () => ({ partnerId: randomUUID(), reason: 'Hết nguồn lực' }),
  IndicatorActualBody: () => ({ actual: 12, evidence: ['https://example.org/so-lieu'] }),
  CancellationBody: () => ({ rationale: 'Không còn phù hợp' }),
  FeedbackBody: () => ({ rating: 4, comment: 'Vườn rau rất đẹp', channel: 'portal' }),
  UserCreateBody: () => ({ email: `u-${randomUUID().slice(0, 8)}@donghanh.vn`, displayName: 'Người Thử', role: 'auditor', password: 'mat-khau-du-dai-1', unitCode: 'BD', active: true }),
  UserUpdateBody: () => ({ displayName: 'Người Thử Mới' }),
  PartnerCreateBody: () => ({ name: `Đối tác ${randomUUID().slice(0, 8)}`, kind: 'coop', capabilities: ['venue'], contactEmail: 'lienhe@example.org', unitCode: 'BD' }),
  PartnerUpdateBody: () => ({ name: 'Đối tác đổi tên' }),
  ConflictOfInterestBody: () => ({ projectId: randomUUID(), reason: 'Người nhà là thành viên' }),
  SlaPolicyVersionBody: () => ({
    stepType: 'screening',
    responsibleTeamCode: 'BD-ENV',
    durationValue: 5,
    durationUnit: 'working_days',
    atRiskRatio: 0.6,
    escalationLadder: [{ level: 1, role: 'team_lead', after: 1 }],
  }),
  QuorumRuleVersionBody: () => ({ minVoters: 3, majority: 'simple', requireNonGovernment: true, abstentionsCountAsPresent: true }),
  ConsultationPolicyVersionBody: () => ({ thresholdVnd: 100_000_000, windowWorkingDays: 10, reason: 'Mức mới / new threshold' }),
  FrontOpinionBody: () => ({ opinion: 'Ủy ban MTTQ phường đồng ý với kế hoạch', letterDate: '2026-03-10' }),
  UnitUpdateBody: () => ({ chairUserId: null }),
  BoardMemberCreateBody: () => ({ userId: randomUUID(), seat: 'residents', isChair: false }),
  BoardMemberEndBody: () => ({ until: inDays(-1), reason: 'Chuyển công tác sang phường khác' }),
};

/** A value of the right form for each path parameter that names nothing that exists. */
export function absentPathValue(path: string, name: string): string {
  if (name === 'code') return path.includes('/public/') ? 'XX-2000-0000' : 'M-NONE';
  if (path.startsWith('/api/steps/')) return 'project-XX-2000-0000:screening:1';
  if (path.startsWith('/api/board-members/')) return `${randomUUID()}:${randomUUID()}`;
  if (path.startsWith('/api/ledger/') || path.startsWith('/api/conflicts-of-interest/')) return '999999';
  return randomUUID();
}

/** Express path with each :param filled in (URL-encoded). */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(value(name)));
}
