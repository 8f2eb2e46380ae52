import type { DataProvider, GetOneParams, GetOneResult, Identifier, RaRecord } from 'react-admin';
import { toLedgerApiFilter } from '../ledger/ledgerFilter';
import { ApiError } from './httpClient';

/**
 * Console resource names whose route under /api has another name. ra-data-simple-rest builds
 * `${API_ROOT}/${resource}`; the ledger's rows are "decisions" (the list's Content-Range says so).
 */
export const RESOURCE_PATHS: Readonly<Record<string, string>> = { decisions: 'ledger' };

/** No list route takes an `id` filter (what simple-rest's getMany sends), so these ask for each record. */
export const MANY_BY_ONE: ReadonlySet<string> = new Set(['users', 'decisions', 'partners', 'projects']);

const LEDGER_RESOURCE = 'decisions';

/** Reference data the admin screens change through commands (api/routes/admin.ts), never by simple-rest's PUT. */
export const ADMIN_RESOURCES: ReadonlySet<string> = new Set(['users', 'partners', 'board-members', 'conflicts-of-interest', 'sla-policies', 'quorum-rules', 'consultation-policies', 'units']);
export const isAdminResource = (resource: string): boolean => ADMIN_RESOURCES.has(resource);

export function resourcePath(resource: string): string {
  return Object.prototype.hasOwnProperty.call(RESOURCE_PATHS, resource) ? RESOURCE_PATHS[resource]! : resource;
}

/** What getOne answers when the entry does not exist; the message is a catalogue key. */
export const LEDGER_ENTRY_NOT_FOUND = 'app.audit.entry.not_found';

/** GET /api/ledger/:seq; a missing entry is said in the ledger's own words. */
async function ledgerEntry<R extends RaRecord>(provider: DataProvider, params: GetOneParams<R>): Promise<GetOneResult<R>> {
  try {
    return await provider.getOne<R>(resourcePath(LEDGER_RESOURCE), params);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new ApiError(LEDGER_ENTRY_NOT_FOUND, 404);
    throw error;
  }
}

/** The same provider, with console resource names mapped to their /api paths. */
export function withResourcePaths<P extends DataProvider>(provider: P): P {
  const mapped: DataProvider = {
    ...provider,
    // The ledger's filter as the API takes it: dates typed day/month/year sent as YYYY-MM-DD (ledgerFilter.ts).
    getList: (resource, params) => provider.getList(resourcePath(resource), resource === LEDGER_RESOURCE ? { ...params, filter: toLedgerApiFilter(params.filter) } : params),
    getOne: (resource, params) => (resource === LEDGER_RESOURCE ? ledgerEntry(provider, params) : provider.getOne(resourcePath(resource), params)),
    getMany: async (resource, params) => {
      if (!MANY_BY_ONE.has(resource)) return provider.getMany(resourcePath(resource), params);
      const one = (id: Identifier) => mapped.getOne(resource, { id, meta: params.meta, signal: params.signal });
      // A record that is gone is left out, as simple-rest's getMany would; any other failure is shown.
      const found = await Promise.all(
        params.ids.map((id) => one(id).then((r) => r.data, (error: unknown) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error)))),
      );
      return { data: found.filter((record): record is NonNullable<typeof record> => record !== null) };
    },
    getManyReference: (resource, params) => provider.getManyReference(resourcePath(resource), params),
    create: (resource, params) => provider.create(resourcePath(resource), params),
    update: (resource, params) => provider.update(resourcePath(resource), params),
    updateMany: (resource, params) => provider.updateMany(resourcePath(resource), params),
    delete: (resource, params) => provider.delete(resourcePath(resource), params),
    deleteMany: (resource, params) => provider.deleteMany(resourcePath(resource), params),
  };
  return mapped as P;
}
