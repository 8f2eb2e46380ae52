import { z } from 'zod';
import { list, type ListDef } from '../../api/list-params';
import { LISTS } from '../../api/lists';

// A list's rows are held to its row schema (contract/lists.ts) at compile time: `tsc` (make typecheck,
// and the type check of make test) fails on each line marked @ts-expect-error below if it compiles.

const Row = z.object({ id: z.string(), count: z.number().int() });
const base = {
  resource: 'fake',
  permission: 'projects.list',
  path: '/fake',
  component: 'Fake',
  item: Row,
  tag: 'Fake',
  operationId: 'listFake',
  description: 'A list for the type test only.',
  base: () => {
    throw new Error('never run');
  },
  unit: 'installation',
  sortable: { id: 'id' },
  defaultSort: ['id', 'ASC'],
  idColumn: 'id',
  filters: {},
} satisfies Omit<ListDef<typeof Row>, 'toRows'>;

export const fits = list({ ...base, toRows: (rows) => rows.map((r) => ({ id: String(r.id), count: Number(r.count) })) });
// @ts-expect-error a field of the schema is missing
export const missing = list({ ...base, toRows: (rows) => rows.map((r) => ({ id: String(r.id) })) });
// @ts-expect-error a field has the wrong type
export const wrongType = list({ ...base, toRows: (rows) => rows.map((r) => ({ id: String(r.id), count: String(r.count) })) });
// @ts-expect-error a field the schema does not have
export const extra = list({ ...base, toRows: (rows) => rows.map((r) => ({ id: String(r.id), count: Number(r.count), secret: 'x' })) });
// @ts-expect-error async rows are checked too
export const asyncMissing = list({ ...base, toRows: async (rows) => rows.map((r) => ({ count: Number(r.count) })) });

describe('list rows are typed against their schemas', () => {
  it('every list of the table names its row schema', () => {
    for (const def of Object.values(LISTS) as ListDef[]) expect([def.resource, def.item instanceof z.ZodType]).toEqual([def.resource, true]);
    expect(typeof fits.toRows).toBe('function');
  });
});
