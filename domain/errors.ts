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
} as const;
export type RuleErrorCode = keyof typeof RULE_ERRORS;

export function isRuleErrorCode(code: unknown): code is RuleErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(RULE_ERRORS, code);
}
