import { ApiError, createHttpClient, NO_RESPONSE, toApiError } from './httpClient';

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('createHttpClient', () => {
  it('sends the bearer token, the locale and JSON headers', async () => {
    const { fetch, calls } = fakeFetch(200, [{ id: 1 }], { 'Content-Range': 'projects 0-0/1' });
    const http = createHttpClient({ getToken: () => 'tok', getLocale: () => 'en', fetch });
    const response = await http('/api/projects', { method: 'POST', body: '{}', headers: new Headers({ Range: 'projects=0-24' }) });
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('Authorization')).toBe('Bearer tok');
    expect(headers.get('Accept-Language')).toBe('en');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Range')).toBe('projects=0-24');
    expect(response.json).toEqual([{ id: 1 }]);
    expect(response.headers.get('Content-Range')).toBe('projects 0-0/1');
  });

  it('calls anonymously when there is no token', async () => {
    const { fetch, calls } = fakeFetch(200, {});
    await createHttpClient({ getToken: () => null, getLocale: () => 'vi', fetch })('/api/auth/login');
    expect(new Headers(calls[0]!.init.headers).has('Authorization')).toBe(false);
  });

  it("rejects with the API's message and status", async () => {
    const { fetch } = fakeFetch(401, { error: { code: 'invalid_credentials', message: 'Sai email hoặc mật khẩu.' } });
    const http = createHttpClient({ getToken: () => null, getLocale: () => 'vi', fetch });
    await expect(http('/api/auth/login')).rejects.toMatchObject({ status: 401, message: 'Sai email hoặc mật khẩu.' });
  });

  it('turns a network failure into status 0 with a message key, but lets aborts through', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(createHttpClient({ getToken: () => null, getLocale: () => 'vi', fetch: down })('/api/x')).rejects.toMatchObject({
      status: NO_RESPONSE,
      message: 'app.errors.network',
    });
    const aborted = (async () => {
      throw new DOMException('aborted', 'AbortError');
    }) as typeof globalThis.fetch;
    await expect(createHttpClient({ getToken: () => null, getLocale: () => 'vi', fetch: aborted })('/api/x')).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('an expired token', () => {
  it('is renewed once and the call sent again with the new token', async () => {
    const sent: (string | null)[] = [];
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get('Authorization');
      sent.push(auth);
      return auth === 'Bearer fresh' ? new Response('{"ok":true}', { status: 200 }) : new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'Hết phiên.' } }), { status: 401 });
    }) as typeof globalThis.fetch;
    const stale: string[] = [];
    const http = createHttpClient({ getToken: () => 'stale', refreshToken: async (token) => (stale.push(token), 'fresh'), getLocale: () => 'vi', fetch });
    const response = await http('/api/steps/x/decisions', { method: 'POST', body: '{"choice":"return"}' });
    expect(response.json).toEqual({ ok: true });
    expect(sent).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(stale).toEqual(['stale']);
  });

  it('ends in the 401 when the session cannot be renewed', async () => {
    const { fetch, calls } = fakeFetch(401, { error: { code: 'unauthenticated', message: 'Hết phiên.' } });
    const http = createHttpClient({ getToken: () => 'stale', refreshToken: async () => null, getLocale: () => 'vi', fetch });
    await expect(http('/api/x')).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
  });
});

describe('toApiError', () => {
  it('puts field reasons where react-admin forms look for them, with the sentence as root error', () => {
    const error = toApiError(422, { error: { code: 'RationaleRequired', message: 'Cần nêu lý do.', fields: { rationale: 'Cần nêu lý do.' } } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Cần nêu lý do.');
    expect(error.body?.errors).toEqual({ rationale: 'Cần nêu lý do.', root: { serverError: 'Cần nêu lý do.' } });
  });

  it('has no form errors when the API names no field', () => {
    expect(toApiError(409, { error: { code: 'StepNotActive', message: 'Bước này không còn mở.', fields: {} } }).body?.errors).toBeUndefined();
  });

  it('says the server is unreachable when a proxy answers instead of the API', () => {
    expect(toApiError(502, null).message).toBe('app.errors.network');
    expect(toApiError(500, '<html>').message).toBe('app.errors.unexpected');
  });
});
