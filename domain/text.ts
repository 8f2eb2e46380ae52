import { z } from 'zod';

/** Why a text was refused; the API shows the reason in the caller's language (api/http-errors.ts). */
export const TEXT_RULES = {
  control_character: {
    en: 'must not contain control characters (U+0000–U+001F, U+007F); only tab and line breaks are allowed, and only in multi-line text',
    vi: 'không được chứa ký tự điều khiển (U+0000–U+001F, U+007F); chỉ cho phép tab và xuống dòng, và chỉ trong văn bản nhiều dòng',
  },
  lone_surrogate: {
    en: 'is not valid Unicode (an unpaired surrogate)',
    vi: 'không phải Unicode hợp lệ (một nửa cặp surrogate đứng riêng)',
  },
} as const;
export type TextRule = keyof typeof TEXT_RULES;

// PostgreSQL cannot store NUL and the other C0 controls only corrupt logs and exports (issue 11).
const CONTROL_ANYWHERE = /[\u0000-\u001F\u007F]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Adds the text rules to a string schema; they run first so the reason is the first one named. */
export function safeText<S extends z.ZodType<string, string>>(schema: S, opts: { multiline?: boolean } = {}): S {
  const control = opts.multiline ? CONTROL_BUT_LINES : CONTROL_ANYWHERE;
  return schema.check(
    z.superRefine((value: string, ctx) => {
      if (control.test(value)) ctx.addIssue({ code: 'custom', input: value, params: { textRule: 'control_character' satisfies TextRule } });
      else if (LONE_SURROGATE.test(value)) ctx.addIssue({ code: 'custom', input: value, params: { textRule: 'lone_surrogate' satisfies TextRule } });
    }),
  ) as S;
}

/** Every free string of a request: one line (names, codes, labels), or several (`multiline`: reasons, notes). */
export const plainText = (opts: { multiline?: boolean } = {}) => safeText(z.string(), opts);
