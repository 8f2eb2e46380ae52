/**
 * The shape of a message catalogue: the same keys as the English reference, every leaf a string.
 * A module of its own so that the per-area message files (ledger/messages.ts, admin/messages.ts, …)
 * need not import en.ts, which imports each of them.
 */
export type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };
