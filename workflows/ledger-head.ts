import { proxyActivities } from '@temporalio/workflow';
import type { createLedgerAnchorActivities } from '../activities/ledger-anchors';

const { signLedgerHead } = proxyActivities<ReturnType<typeof createLedgerAnchorActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '5 seconds' },
});

/**
 * Publishes the ledger's head once: signs it with the key outside the database and records it in
 * the database and the outside log (store/ledger-anchors.ts). The daily Schedule starts it
 * (worker/ledger-head-schedule.ts); an unchanged head is not signed again.
 */
export async function publishLedgerHead(): Promise<{ published: boolean; reason?: string; seq: number | null }> {
  return signLedgerHead();
}
