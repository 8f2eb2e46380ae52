import knexFactory, { type Knex } from 'knex';
import { types } from 'pg';

// bigint columns (seq, budgets in đồng) fit in a JS number for the amounts this product handles.
types.setTypeParser(20, (v) => Number(v));
// numeric (policy durations, ratios) as numbers
types.setTypeParser(1700, (v) => Number(v));

export function createDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: databaseUrl, connectionTimeoutMillis: 5000, application_name: 'dong-hanh' },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: 10000,
  });
}
