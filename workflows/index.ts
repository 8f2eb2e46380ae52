export { projectLifecycle } from './project-lifecycle';
export { publishLedgerHead } from './ledger-head';
