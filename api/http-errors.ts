import type { ErrorRequestHandler, Request } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, ServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isRuleErrorCode, RULE_ERRORS } from '../domain/errors';
import { TEXT_RULES, type TextRule } from '../domain/schemas';

export type Lang = 'vi' | 'en';

/** Messages users see, in both languages (STYLE.md: say what was wrong and what to do). */
const MESSAGES = {
  invalid_input: { en: 'Some fields are not valid: see the reasons next to each field.', vi: 'Một số trường không hợp lệ: xem lý do ở từng trường.' },
  invalid_json: { en: 'The request body is not valid JSON.', vi: 'Nội dung yêu cầu không phải JSON hợp lệ.' },
  payload_too_large: { en: 'The request body is too large.', vi: 'Nội dung yêu cầu quá lớn.' },
  bad_request: { en: 'The request is malformed (its address or body cannot be read).', vi: 'Yêu cầu sai định dạng (không đọc được địa chỉ hoặc nội dung).' },
  unsupported_media_type: { en: 'Send the body as JSON in UTF-8, uncompressed or gzip/deflate.', vi: 'Hãy gửi nội dung dạng JSON, mã UTF-8, không nén hoặc nén gzip/deflate.' },
  method_not_allowed: { en: 'This address only answers GET.', vi: 'Địa chỉ này chỉ hỗ trợ GET.' },
  unauthenticated: { en: 'Sign in first: the token is missing, expired or invalid.', vi: 'Hãy đăng nhập: mã truy cập thiếu, hết hạn hoặc không hợp lệ.' },
  invalid_credentials: { en: 'Wrong email or password.', vi: 'Sai email hoặc mật khẩu.' },
  sign_in_throttled: { en: 'Too many failed sign-ins for this email from your network: wait a little before the next try (each failure doubles the wait).', vi: 'Đăng nhập sai quá nhiều lần với email này từ mạng của bạn: hãy chờ một lát trước khi thử lại (mỗi lần sai, thời gian chờ tăng gấp đôi).' },
  forbidden: { en: 'Your role may not do this.', vi: 'Vai trò của bạn không được phép làm việc này.' },
  not_found: { en: 'Not found.', vi: 'Không tìm thấy.' },
  conflict: { en: 'This conflicts with the current state; reload and try again.', vi: 'Xung đột với trạng thái hiện tại; hãy tải lại và thử lại.' },
  idempotency_key_required: { en: 'Send an Idempotency-Key header (8–200 letters, digits, . _ : -) with every command.', vi: 'Mỗi lệnh cần header Idempotency-Key (8–200 ký tự: chữ, số, . _ : -).' },
  idempotency_key_reused: {
    en: 'This Idempotency-Key was already used for another request (another route, step or body). Send a new key with a new command; send a retry exactly as the first request.',
    vi: 'Idempotency-Key này đã dùng cho một yêu cầu khác (đường dẫn, bước hoặc nội dung khác). Hãy gửi khóa mới cho lệnh mới; khi thử lại, gửi đúng như yêu cầu đầu.',
  },
  rate_limited: { en: 'Too many requests; wait a moment and try again.', vi: 'Quá nhiều yêu cầu; hãy chờ một lát rồi thử lại.' },
  unavailable: { en: 'A service the system needs is unreachable; try again shortly.', vi: 'Một dịch vụ cần thiết đang không truy cập được; hãy thử lại sau ít phút.' },
  internal: { en: 'Something went wrong on our side; it has been logged.', vi: 'Có lỗi phía hệ thống; lỗi đã được ghi lại.' },
} as const;
export type MessageCode = keyof typeof MESSAGES;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { en: string; vi: string },
    readonly fields?: Record<string, string | { en: string; vi: string }>,
    readonly retryAfterSeconds?: number,
  ) {
    super(messages.en);
  }
  static of(status: number, code: MessageCode, fields?: Record<string, string | { en: string; vi: string }>): HttpError {
    return new HttpError(status, code, MESSAGES[code], fields);
  }
}

export function requestLang(req: Request): Lang {
  const header = req.headers['accept-language'] ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : first.startsWith('vi') ? 'vi' : header.toLowerCase().includes('vi') ? 'vi' : 'en';
}

const zodLocales = { en: z.locales.en().localeError, vi: z.locales.vi().localeError };

/** zod's locale, plus the reasons of domain/schemas.ts's text rules in the same language. */
const errorMaps: Record<Lang, z.core.$ZodErrorMap> = {
  en: (issue) => textRuleMessage(issue, 'en') ?? zodLocales.en(issue),
  vi: (issue) => textRuleMessage(issue, 'vi') ?? zodLocales.vi(issue),
};

function textRuleMessage(issue: z.core.$ZodRawIssue, lang: Lang): string | undefined {
  const rule = issue.code === 'custom' ? (issue.params as { textRule?: string } | undefined)?.textRule : undefined;
  return rule && Object.hasOwn(TEXT_RULES, rule) ? TEXT_RULES[rule as TextRule][lang] : undefined;
}

const UNKNOWN_FIELD = { en: 'unknown field: remove it', vi: 'trường không được hỗ trợ: hãy bỏ trường này' } as const;

/** Parses with the caller's language for field reasons; a failure becomes a 400 naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, req: Request): z.infer<S> {
  const lang = requestLang(req);
  const result = schema.safeParse(data, { error: errorMaps[lang] });
  if (result.success) return result.data;
  // No prototype: a field named constructor or __proto__ is named like any other.
  const fields: Record<string, string> = Object.create(null);
  for (const issue of result.error.issues) {
    // A strict object names each field it does not know, not the object around it.
    const names = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of names) {
      const name = path.length ? path.join('.') : '_';
      if (!Object.hasOwn(fields, name)) fields[name] = issue.code === 'unrecognized_keys' ? UNKNOWN_FIELD[lang] : issue.message;
    }
  }
  throw HttpError.of(400, 'invalid_input', fields);
}

/** Maps what the workflow engine answered to the API's error classes. */
export function fromTemporalError(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && isRuleErrorCode(cause.type)) {
      const rule = RULE_ERRORS[cause.type];
      const detail = cause.details?.[0] as { field?: string } | undefined;
      const fields = detail?.field ? { [detail.field]: { en: rule.en, vi: rule.vi } } : undefined;
      return new HttpError(rule.status, cause.type, { en: rule.en, vi: rule.vi }, fields, rule.status === 503 ? 5 : undefined);
    }
    return HttpError.of(409, 'conflict');
  }
  if (err instanceof WorkflowNotFoundError) return HttpError.of(404, 'not_found');
  if (err instanceof ServiceError || isGrpcUnavailable(err)) {
    const e = HttpError.of(503, 'unavailable');
    return new HttpError(503, e.code, e.messages, undefined, 5);
  }
  return undefined;
}

function isGrpcUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 14 || code === 4 || /UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED/.test(String((err as Error)?.message ?? ''));
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  const message = String((err as Error)?.message ?? '');
  // "timeout expired": node-postgres gave up connecting (connectionTimeoutMillis), as under heavy load.
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || /Timeout acquiring a connection|Connection terminated|ECONNREFUSED|^timeout expired$/.test(message);
}

/**
 * The 4xx that Express and body-parser raise themselves (a path parameter that is not valid
 * percent-encoding, an unsupported charset or encoding, an aborted body): the client's fault, never a 500.
 */
function clientErrorStatus(err: unknown): number | undefined {
  if (err instanceof URIError) return 400;
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose !== false ? status : undefined;
}

function clientError(err: unknown, status: number): HttpError {
  if (status === 415) return HttpError.of(415, 'unsupported_media_type');
  if (err instanceof URIError || /decode param/i.test(String((err as Error)?.message))) {
    return new HttpError(400, 'bad_request', MESSAGES.bad_request, { path: { en: 'not valid percent-encoding (RFC 3986)', vi: 'mã hóa phần trăm không hợp lệ (RFC 3986)' } });
  }
  return new HttpError(status, 'bad_request', MESSAGES.bad_request);
}

/** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the request's values, not the server. */
function databaseRefusal(err: unknown): HttpError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return undefined;
  if (code === '23505') return HttpError.of(409, 'conflict');
  return new HttpError(422, 'InvalidData', { en: RULE_ERRORS.InvalidData.en, vi: RULE_ERRORS.InvalidData.vi });
}

/** The one error shape: { error: { code, message, fields } }, never a stack trace. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let httpError: HttpError;
  if (err instanceof HttpError) httpError = err;
  else if ((err as { type?: string })?.type === 'entity.parse.failed') httpError = HttpError.of(400, 'invalid_json');
  else if ((err as { type?: string })?.type === 'entity.too.large') httpError = HttpError.of(413, 'payload_too_large');
  else if (clientErrorStatus(err)) httpError = clientError(err, clientErrorStatus(err)!);
  else if (isDatabaseUnavailable(err)) httpError = new HttpError(503, 'unavailable', MESSAGES.unavailable, undefined, 5);
  else if (databaseRefusal(err)) {
    // Validation should have caught it: logged as a bug to fix, answered as the refusal it is.
    req.log?.warn({ err }, 'PostgreSQL refused a value the API let through');
    httpError = databaseRefusal(err)!;
  }
  else httpError = fromTemporalError(err) ?? HttpError.of(500, 'internal');
  if (httpError.status >= 500) req.log?.error({ err }, 'request failed');
  if (httpError.retryAfterSeconds) res.setHeader('Retry-After', String(httpError.retryAfterSeconds));
  // The metrics (api/metrics.ts) count errors by this code.
  res.locals.errorCode = httpError.code;
  const lang = requestLang(req);
  const fields = Object.fromEntries(Object.entries(httpError.fields ?? {}).map(([name, reason]) => [name, typeof reason === 'string' ? reason : reason[lang]]));
  res.status(httpError.status).json({ error: { code: httpError.code, message: httpError.messages[lang], fields } });
};
