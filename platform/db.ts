import knexFactory, { type Knex } from 'knex';
import { types } from 'pg';

// bigint columns (seq, budgets in đồng) fit in a JS number for the amounts this product handles.
types.setTypeParser(20, (v) => Number(v));
// numeric (policy durations, ratios) as numbers
types.setTypeParser(1700, (v) => Number(v));

/**
 * `connectTimeoutMs` (5 s) bounds one connection attempt, so an outage answers 503 quickly; tests on a
 * loaded machine pass a longer one, since a slow connect there is load, not an outage.
 */
export function createDb(databaseUrl: string, pool: { min?: number; max?: number; connectTimeoutMs?: number } = {}): Knex {
  const connectTimeoutMs = pool.connectTimeoutMs ?? 5000;
  return knexFactory({
    client: 'pg',
    connection: { connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs, application_name: 'dong-hanh' },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: Math.max(10_000, 2 * connectTimeoutMs),
  });
}
