// What GET /api/ledger and GET /api/users answer: the API's own schemas, type-only (see ../types.ts).
export type { LedgerEntry, Person } from '../types';
