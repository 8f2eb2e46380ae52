import { createCommandKeys } from './commandKeys';
import { createDataProvider } from './dataProvider';
import { ApiError, type HttpClient } from './httpClient';

type Call = { url: string; init: RequestInit };

function scriptedHttp(answers: Array<() => unknown>) {
  const calls: Call[] = [];
  const http: HttpClient = async (url, init = {}) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected call');
    const json = answer();
    return { status: 200, headers: new Headers({ 'Content-Range': 'projects 0-0/7' }), body: JSON.stringify(json), json };
  };
  return { http, calls };
}

const keyOf = (call: Call | undefined) => new Headers(call?.init.headers).get('Idempotency-Key');

const proposal = { title: 'Sân chơi', summary: 'Cải tạo sân chơi khu phố 3', category: 'public_space' as const, leadTeamCode: 'KGS', requestedBudgetVnd: 50_000_000 };
const accept = { choice: 'accept' as const, evidence: [] };

describe('createDataProvider', () => {
  it('lists with the simple-rest query and reads the total from Content-Range', async () => {
    const { http, calls } = scriptedHttp([() => [{ id: 'p1' }]]);
    const result = await createDataProvider(http).getList('projects', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'updatedAt', order: 'DESC' },
      filter: { stage: 'proposal' },
    });
    expect(result.total).toBe(7);
    const url = new URL(calls[0]!.url, 'http://x');
    expect(url.pathname).toBe('/api/projects');
    expect(url.searchParams.get('sort')).toBe('["updatedAt","DESC"]');
    expect(url.searchParams.get('range')).toBe('[0,24]');
    expect(url.searchParams.get('filter')).toBe('{"stage":"proposal"}');
  });

  it('posts a proposal with an Idempotency-Key, a fresh one per proposal', async () => {
    const { http, calls } = scriptedHttp([() => ({ id: 'p1', code: 'A' }), () => ({ id: 'p2', code: 'B' })]);
    const dataProvider = createDataProvider(http);
    await dataProvider.createProject(proposal);
    await dataProvider.createProject(proposal);
    expect(calls[0]!.url).toBe('/api/projects');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(proposal);
    expect(keyOf(calls[0])).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyOf(calls[1])).not.toBe(keyOf(calls[0]));
  });

  it('retries an identical decision with the same key after an ambiguous failure, not after a refusal', async () => {
    const { http, calls } = scriptedHttp([
      () => {
        throw new ApiError('app.errors.network', 0);
      },
      () => ({ project: {} }),
      () => {
        throw new ApiError('Bước này không còn mở.', 409);
      },
      () => ({ project: {} }),
    ]);
    let n = 0;
    const dataProvider = createDataProvider(http, { keys: createCommandKeys(() => `key-${++n}`) });
    await expect(dataProvider.decideStep('s1', accept)).rejects.toMatchObject({ status: 0 });
    await dataProvider.decideStep('s1', accept);
    await expect(dataProvider.decideStep('s1', accept)).rejects.toMatchObject({ status: 409 });
    await dataProvider.decideStep('s1', accept);
    expect(calls.map((c) => c.url)).toEqual(Array(4).fill('/api/steps/s1/decisions'));
    expect(calls.map(keyOf)).toEqual(['key-1', 'key-1', 'key-2', 'key-3']);
  });

  it('creates and changes reference data with commands: POST and PATCH with an Idempotency-Key', async () => {
    const { http, calls } = scriptedHttp([() => ({ id: 'u1', email: 'a@b.vn' }), () => ({ id: 'u1', teamCode: 'BD-ECO' }), () => [{ id: 'p1' }]]);
    const dataProvider = createDataProvider(http);
    await dataProvider.create('users', { data: { email: 'a@b.vn' } });
    const updated = await dataProvider.update('users', { id: 'u1', data: { teamCode: 'BD-ECO' }, previousData: { id: 'u1' } });
    expect(updated.data).toEqual({ id: 'u1', teamCode: 'BD-ECO' });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['POST /api/users', 'PATCH /api/users/u1']);
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ teamCode: 'BD-ECO' });
    expect(keyOf(calls[0])).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyOf(calls[1])).toMatch(/^[0-9a-f-]{36}$/);
    await dataProvider.getList('partners', { pagination: { page: 1, perPage: 5 }, sort: { field: 'name', order: 'ASC' }, filter: {} });
    expect(keyOf(calls[2])).toBeNull();
  });
});
