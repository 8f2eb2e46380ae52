import { HttpError } from 'react-admin';
import type { ApiErrorBody, AppLocale } from '../types';

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
  getToken: () => string | null;
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
 * The API's `{ error: { code, message, fields } }` as react-admin's HttpError: `message` is shown
 * as is (already in the user's language); `body.errors` feeds form fields, with `root.serverError`
 * so the form's notification shows the API's sentence instead of a generic one.
 */
export function toHttpError(status: number, statusText: string, json: unknown): HttpError {
  if (!isApiErrorBody(json)) return new HttpError(statusText || 'app.errors.unexpected', status, json);
  const { code, message, fields } = json.error;
  const hasFields = fields !== undefined && Object.keys(fields).length > 0;
  return new HttpError(message, status, {
    code,
    message,
    fields: fields ?? {},
    ...(hasFields ? { errors: { ...fields, root: { serverError: message } } } : {}),
  });
}

export function createHttpClient({ getToken, getLocale, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: HttpClientDeps): HttpClient {
  return async (url, options = {}) => {
    const headers = new Headers(options.headers);
    headers.set('Accept', 'application/json');
    headers.set('Accept-Language', getLocale());
    if (options.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const token = getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);

    let response: Response;
    try {
      response = await fetchImpl(url, { ...options, headers });
    } catch (error) {
      // A cancelled query is not a failure; react-query needs to see the AbortError itself.
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new HttpError('app.errors.network', NO_RESPONSE, null);
    }
    const body = await response.text();
    const json = parseJson(body);
    if (!response.ok) throw toHttpError(response.status, response.statusText, json);
    return { status: response.status, headers: response.headers, body, json };
  };
}
