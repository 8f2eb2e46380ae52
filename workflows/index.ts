export { projectLifecycle } from './project-lifecycle';
export { publishLedgerHead } from './ledger-head';
export { notificationDispatcher } from './notification-dispatcher';
