import type { ApiErrorBody, AppLocale } from '../types';

/** What react-admin forms read on a failed submit: field reasons, plus the sentence as root error. */
export type FormErrors = Record<string, string | { serverError: string }>;

export interface ApiErrorDetails {
  code?: string;
  fields?: Record<string, string>;
  errors?: FormErrors;
}

/**
 * A failed call. Shaped like react-admin's HttpError (message, status, body.errors), which is all
 * react-admin looks at (checkError reads status), without tying the data layer to the UI package.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: ApiErrorDetails | null = null,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  // `any` because ra-data-simple-rest's httpClient contract types it so.
  json: any;
}

export type HttpClient = (url: string, options?: RequestInit) => Promise<HttpResponse>;

export interface HttpClientDeps {
  /** The bearer token, or null to call anonymously (login). */
  getToken: () => string | null | Promise<string | null>;
  /** A new token after the API refused `staleToken` (401), or null; the call is then sent once more. */
  refreshToken?: (staleToken: string) => Promise<string | null>;
  /** Errors come back in this language (the API reads Accept-Language). */
  getLocale: () => AppLocale;
  fetch?: typeof fetch;
}

/** Status 0: no HTTP answer at all (offline, DNS, server down). */
export const NO_RESPONSE = 0;

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * The API's `{ error: { code, message, fields } }` as an ApiError: `message` is shown as is (already
 * in the user's language); `body.errors` feeds form fields, with `root.serverError` so the form's
 * notification shows the API's sentence instead of a generic one.
 */
export function toApiError(status: number, json: unknown): ApiError {
  if (!isApiErrorBody(json)) {
    // Not the API speaking: a proxy in front of it (502/503/504 when the API is down) or a bug.
    const message = status === 502 || status === 503 || status === 504 ? 'app.errors.network' : 'app.errors.unexpected';
    return new ApiError(message, status);
  }
  const { code, message, fields } = json.error;
  const hasFields = fields !== undefined && Object.keys(fields).length > 0;
  return new ApiError(message, status, {
    code,
    fields: fields ?? {},
    ...(hasFields ? { errors: { ...fields, root: { serverError: message } } } : {}),
  });
}

/** Fetch with the console's headers (token, language); failures become ApiError, as for every call. */
function createSender({ getToken, refreshToken, getLocale, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: HttpClientDeps) {
  const attempt = async (url: string, options: RequestInit, accept: string, token: string | null): Promise<Response> => {
    const headers = new Headers(options.headers);
    headers.set('Accept', accept);
    headers.set('Accept-Language', getLocale());
    if (options.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetchImpl(url, { ...options, headers });
    } catch (error) {
      // A cancelled query is not a failure; react-query needs to see the AbortError itself.
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError('app.errors.network', NO_RESPONSE);
    }
  };
  return async (url: string, options: RequestInit, accept: string): Promise<Response> => {
    const token = await getToken();
    let response = await attempt(url, options, accept, token);
    // An expired token: trade the refresh token and send once more, so the user's work goes through.
    if (response.status === 401 && token && refreshToken) {
      const fresh = await refreshToken(token);
      if (fresh && fresh !== token) response = await attempt(url, options, accept, fresh);
    }
    if (!response.ok) throw toApiError(response.status, parseJson(await response.text()));
    return response;
  };
}

export function createHttpClient(deps: HttpClientDeps): HttpClient {
  const send = createSender(deps);
  return async (url, options = {}) => {
    const response = await send(url, options, 'application/json');
    const body = await response.text();
    return { status: response.status, headers: response.headers, body, json: parseJson(body) };
  };
}

export interface DownloadedFile {
  blob: Blob;
  /** The Content-Disposition header, which may name the file. */
  disposition: string | null;
}

export type FileClient = (url: string, accept: string) => Promise<DownloadedFile>;

/** Downloads with the Bearer token (it lives in localStorage, so a plain link cannot); bytes untouched. */
export function createFileClient(deps: HttpClientDeps): FileClient {
  const send = createSender(deps);
  return async (url, accept) => {
    const response = await send(url, {}, accept);
    return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
  };
}
