import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/common';
import { publishLedgerHead, type LedgerAnchoring } from '../store/ledger-anchors';

/** The daily run's activity (workflows/ledger-head.ts): signs the head unless it is already anchored. */
export function createLedgerAnchorActivities(db: Knex, anchoring: LedgerAnchoring | undefined) {
  return {
    async signLedgerHead(): Promise<{ published: boolean; reason?: string; seq: number | null }> {
      if (!anchoring) throw ApplicationFailure.nonRetryable('LEDGER_SIGNING_KEY is not set on the worker: the ledger head cannot be signed', 'LedgerSigningKeyMissing');
      const result = await publishLedgerHead(db, anchoring, { trigger: 'daily', onlyIfMoved: true });
      return { published: result.published, reason: result.published ? undefined : result.reason, seq: result.anchor?.seq ?? null };
    },
  };
}
