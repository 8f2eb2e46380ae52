/**
 * Rule violations the engine reports. The code travels from the workflow validator (as the
 * ApplicationFailure type) to the API, which maps it to an HTTP status and a message in the
 * caller's language.
 */
export const RULE_ERRORS = {
  StepNotActive: { status: 409, en: 'This step is no longer open for decisions.', vi: 'Bước này không còn mở để quyết định.' },
  AlreadyDecided: { status: 409, en: 'You have already decided on this step.', vi: 'Bạn đã quyết định ở bước này rồi.' },
  AlreadySubmitted: { status: 409, en: 'A project with this code already exists.', vi: 'Đã có dự án với mã này.' },
  NotEligible: { status: 403, en: 'You are not among the people who decide this step.', vi: 'Bạn không thuộc những người quyết định bước này.' },
  ChoiceNotAllowed: { status: 422, en: 'This choice is not available for this step.', vi: 'Lựa chọn này không áp dụng cho bước này.' },
  RationaleRequired: { status: 422, en: 'Give a rationale for this choice.', vi: 'Cần nêu lý do cho lựa chọn này.' },
  NotAllowed: { status: 403, en: 'You may not do this on this project.', vi: 'Bạn không được làm việc này trên dự án này.' },
  WrongStage: { status: 409, en: 'The project is not at the stage where this can be done.', vi: 'Dự án chưa ở giai đoạn cho phép việc này.' },
  ProjectClosed: { status: 409, en: 'The project has ended; nothing more can be done on it.', vi: 'Dự án đã kết thúc; không thể thao tác thêm.' },
  CapabilityNotNeeded: { status: 422, en: 'This capability is not among those still needed.', vi: 'Năng lực này không nằm trong số năng lực còn thiếu.' },
  AlreadyInvited: { status: 409, en: 'This partner already has an open invitation for this capability.', vi: 'Đối tác này đã có lời mời đang mở cho năng lực này.' },
  InvitationClosed: { status: 409, en: 'This invitation is no longer open.', vi: 'Lời mời này không còn mở.' },
  NoCommitment: { status: 422, en: 'This partner has no live commitment on the project.', vi: 'Đối tác này không có cam kết còn hiệu lực trong dự án.' },
  PlanMissing: { status: 422, en: 'Set the budget plan before approving the funding.', vi: 'Cần lập kế hoạch ngân sách trước khi phê duyệt tài chính.' },
  BudgetNotCovered: { status: 422, en: 'The pledges do not cover the budget plan yet.', vi: 'Các cam kết tài trợ chưa đủ cho kế hoạch ngân sách.' },
  SocializationShortfall: { status: 422, en: 'The non-state share is below the target: raise more or ask the board chair for a waiver.', vi: 'Tỷ lệ xã hội hóa chưa đạt mục tiêu: cần huy động thêm hoặc đề nghị Chủ tịch Ban điều phối miễn trừ.' },
  NothingToWaive: { status: 422, en: 'There is no gap to waive.', vi: 'Không có thiếu hụt nào để miễn trừ.' },
  UnknownMilestone: { status: 422, en: 'No milestone with this code on the project.', vi: 'Dự án không có mốc với mã này.' },
  MilestoneDone: { status: 409, en: 'This milestone is already complete.', vi: 'Mốc này đã hoàn thành.' },
  EvidenceRequired: { status: 422, en: 'Attach at least one evidence link.', vi: 'Cần đính kèm ít nhất một liên kết minh chứng.' },
  ChangeAlreadyOpen: { status: 409, en: 'Another change request is still being decided.', vi: 'Một đề nghị thay đổi khác đang chờ quyết định.' },
  UnknownIndicator: { status: 422, en: 'No indicator with this code on the project.', vi: 'Dự án không có chỉ số với mã này.' },
  IndicatorsMissing: { status: 422, en: 'Record an actual value for every indicator before submitting.', vi: 'Cần ghi giá trị thực tế cho mọi chỉ số trước khi nộp.' },
  OutcomeRequired: { status: 422, en: 'Give the outcome and the recommendation.', vi: 'Cần nêu kết quả và khuyến nghị.' },
  InvalidData: { status: 422, en: 'A value could not be stored (the database refused it); nothing was recorded. Correct it and send again.', vi: 'Không lưu được một giá trị (cơ sở dữ liệu từ chối); chưa có gì được ghi nhận. Hãy sửa và gửi lại.' },
  NotRecorded: { status: 503, en: 'This could not be recorded now; nothing was recorded. Try again shortly with a new Idempotency-Key.', vi: 'Hiện chưa ghi nhận được; chưa có gì được ghi nhận. Hãy thử lại sau ít phút với Idempotency-Key mới.' },
  AssigneeNotEligible: { status: 422, en: 'This person cannot be made accountable for this step: choose an active person of the unit with the role that decides it, not recused and not already assigned.', vi: 'Không thể giao bước này cho người này: hãy chọn một người đang hoạt động của đơn vị, có vai trò quyết định bước này, không thuộc diện rút lui và chưa được giao.' },
  // R22: the consultation closes only when its window has ended, the Front has spoken and every comment is answered.
  ConsultationWindowOpen: { status: 409, en: 'The consultation window is still open: the summary is submitted after it ends.', vi: 'Thời hạn lấy ý kiến chưa kết thúc: chỉ nộp bản tổng hợp sau khi hết thời hạn.' },
  FrontOpinionMissing: { status: 409, en: "Record the Fatherland Front's opinion before submitting the consultation's summary.", vi: 'Cần ghi nhận ý kiến của Ủy ban MTTQ trước khi nộp bản tổng hợp lấy ý kiến.' },
  CommentsUnanswered: { status: 409, en: "Some residents' comments have not been answered yet: answer every comment first.", vi: 'Còn góp ý của người dân chưa được trả lời: hãy trả lời mọi góp ý trước.' },
  FrontOpinionRecorded: { status: 409, en: "The Fatherland Front's opinion is already recorded for this consultation.", vi: 'Ý kiến của Ủy ban MTTQ cho đợt lấy ý kiến này đã được ghi nhận.' },
  NotInConsultation: { status: 409, en: 'The project is not in consultation.', vi: 'Dự án không trong giai đoạn lấy ý kiến.' },
  FeedbackClosed: { status: 409, en: 'The feedback window for this project is not open.', vi: 'Thời gian nhận góp ý cho dự án này không mở.' },
} as const;
export type RuleErrorCode = keyof typeof RULE_ERRORS;

export function isRuleErrorCode(code: unknown): code is RuleErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(RULE_ERRORS, code);
}
