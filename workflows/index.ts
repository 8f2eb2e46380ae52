export { projectLifecycle } from './project-lifecycle';
export { publishLedgerHead } from './ledger-head';
export { notificationDispatcher } from './notification-dispatcher';
export { eligibilityReviewer } from './eligibility-reviewer';
