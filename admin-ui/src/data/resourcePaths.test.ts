import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { createDataProvider } from './dataProvider';
import { ApiError } from './httpClient';
import { LEDGER_ENTRY_NOT_FOUND, resourcePath, withResourcePaths } from './resourcePaths';

type Call = { method: string; resource: string; params: any };

/** A provider over an in-memory table per path, recording what it was asked (simple-rest semantics). */
function tableProvider(tables: Record<string, RaRecord[]>): { provider: DataProvider; calls: Call[] } {
  const calls: Call[] = [];
  const rows = (resource: string) => {
    const table = tables[resource];
    if (!table) throw new ApiError('not_found', 404);
    return table;
  };
  const page = (all: RaRecord[], { pagination }: GetListParams) => {
    const { page: p = 1, perPage = 25 } = pagination ?? {};
    return all.slice((p - 1) * perPage, p * perPage);
  };
  const record = (resource: string, method: string) => async (_r: string, params: any) => {
    calls.push({ method, resource: _r, params });
    return { data: { id: params.id ?? 'new', ...(params.data ?? {}) } };
  };
  const provider: DataProvider = {
    getList: async (resource, params) => {
      calls.push({ method: 'getList', resource, params });
      const all = rows(resource);
      return { data: page(all, params) as any, total: all.length };
    },
    getOne: async (resource, params) => {
      calls.push({ method: 'getOne', resource, params });
      const found = rows(resource).find((r) => String(r.id) === String(params.id));
      if (!found) throw new ApiError('not_found', 404);
      return { data: found as any };
    },
    getMany: async (resource, params) => {
      calls.push({ method: 'getMany', resource, params });
      return { data: rows(resource).filter((r) => params.ids.includes(r.id)) as any };
    },
    getManyReference: async (resource, params) => {
      calls.push({ method: 'getManyReference', resource, params });
      const all = rows(resource).filter((r) => r[params.target] === params.id);
      return { data: all as any, total: all.length };
    },
    create: record('create', 'create') as any,
    update: record('update', 'update') as any,
    updateMany: async (resource, params) => (calls.push({ method: 'updateMany', resource, params }), { data: [] }),
    delete: record('delete', 'delete') as any,
    deleteMany: async (resource, params) => (calls.push({ method: 'deleteMany', resource, params }), { data: [] }),
  };
  return { provider, calls };
}

const entries = (seqs: number[]) => seqs.map((seq) => ({ id: seq, seq, actorUserId: seq % 2 ? 'u1' : 'u2' }));

describe('resourcePath', () => {
  it('sends the ledger\'s "decisions" to /api/ledger and every other resource to its own name', () => {
    expect(resourcePath('decisions')).toBe('ledger');
    expect(resourcePath('users')).toBe('users');
    expect(resourcePath('projects')).toBe('projects');
    // An inherited property name is not a mapping.
    expect(resourcePath('toString')).toBe('toString');
  });
});

describe('withResourcePaths', () => {
  it('lists, references and writes under the mapped path', async () => {
    const { provider, calls } = tableProvider({ ledger: entries([1, 2, 3]), projects: [{ id: 'p1' }] });
    const mapped = withResourcePaths(provider);
    const list = await mapped.getList('decisions', { pagination: { page: 1, perPage: 2 }, sort: { field: 'seq', order: 'DESC' }, filter: { q: 'BD' } });
    expect(list.total).toBe(3);
    const trail = await mapped.getManyReference('decisions', { target: 'actorUserId', id: 'u1', pagination: { page: 1, perPage: 25 }, sort: { field: 'seq', order: 'DESC' }, filter: {} });
    expect(trail.data.map((r) => r.seq)).toEqual([1, 3]);
    await mapped.getList('projects', { pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'ASC' }, filter: {} });
    await mapped.update('decisions', { id: 1, data: {}, previousData: { id: 1 } });
    expect(calls.map((c) => `${c.method} ${c.resource}`)).toEqual(['getList ledger', 'getManyReference ledger', 'getList projects', 'update ledger']);
    expect(calls[0]!.params.filter).toEqual({ q: 'BD' });
  });

  it('reads ledger entry N from /api/ledger/N', async () => {
    const { provider, calls } = tableProvider({ ledger: entries([1, 2, 5, 6, 7]) });
    const { data } = await withResourcePaths(provider).getOne('decisions', { id: 6 });
    expect(data.seq).toBe(6);
    expect(calls).toEqual([{ method: 'getOne', resource: 'ledger', params: { id: 6 } }]);
  });

  it('answers 404 with a catalogue key for an entry that is not there', async () => {
    const { provider } = tableProvider({ ledger: entries([1, 2, 3]) });
    const mapped = withResourcePaths(provider);
    for (const id of [9, 0, 'abc']) {
      await expect(mapped.getOne('decisions', { id })).rejects.toMatchObject({ status: 404, message: LEDGER_ENTRY_NOT_FOUND });
    }
  });

  it('asks for each user by id (no list route takes an id filter) and leaves out the ones that are gone', async () => {
    const { provider, calls } = tableProvider({ users: [{ id: 'a' }, { id: 'b' }] });
    const { data } = await withResourcePaths(provider).getMany('users', { ids: ['a', 'zz', 'b'] });
    expect(data.map((u) => u.id)).toEqual(['a', 'b']);
    expect(calls.map((c) => `${c.method} ${c.resource} ${c.params.id}`)).toEqual(['getOne users a', 'getOne users zz', 'getOne users b']);
  });

  it('lets getMany fail when a lookup fails for another reason than "not found"', async () => {
    const { provider } = tableProvider({ users: [{ id: 'a' }] });
    const failing: DataProvider = { ...provider, getOne: async () => Promise.reject(new ApiError('app.errors.network', 0)) };
    await expect(withResourcePaths(failing).getMany('users', { ids: ['a'] })).rejects.toMatchObject({ status: 0 });
  });

  it('keeps getMany of other resources as it was', async () => {
    const { provider, calls } = tableProvider({ teams: [{ id: 'p1' }] });
    await withResourcePaths(provider).getMany('teams', { ids: ['p1'] });
    expect(calls.map((c) => c.method)).toEqual(['getMany']);
  });
});

describe('the console data provider with ra-data-simple-rest', () => {
  it('reads "decisions" from /api/ledger, with the filter and a person\'s trail as simple-rest sends them', async () => {
    const urls: string[] = [];
    const http = async (url: string) => {
      urls.push(url);
      return { status: 200, headers: new Headers({ 'Content-Range': 'decisions 0-0/1' }), body: '[{"id":1}]', json: [{ id: 1, seq: 1 }] };
    };
    const provider = createDataProvider(http);
    await provider.getList('decisions', { pagination: { page: 1, perPage: 25 }, sort: { field: 'seq', order: 'DESC' }, filter: { stepType: 'screening' } });
    await provider.getManyReference('decisions', { target: 'actorUserId', id: 'u-1', pagination: { page: 1, perPage: 25 }, sort: { field: 'seq', order: 'DESC' }, filter: {} });
    const [list, trail] = urls.map((u) => new URL(u, 'http://console'));
    expect(list!.pathname).toBe('/api/ledger');
    expect(list!.searchParams.get('filter')).toBe('{"stepType":"screening"}');
    expect(trail!.pathname).toBe('/api/ledger');
    expect(JSON.parse(trail!.searchParams.get('filter')!)).toEqual({ actorUserId: 'u-1' });
  });
});
