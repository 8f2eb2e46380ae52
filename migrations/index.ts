import type { Knex } from 'knex';
import * as coreSchema from './20261122_001_core_schema';
import * as decisionLedger from './20261122_002_decision_ledger';
import * as refreshTokens from './20261122_003_refresh_tokens';
import * as laterStages from './20261123_004_later_stages';
import * as listIndexes from './20261130_005_list_indexes';
import * as sessionsSignInThrottle from './20261201_006_sessions_sign_in_throttle';
import * as idempotencyKeys from './20261201_007_idempotency_keys';
import * as ledgerAnchors from './20261201_008_ledger_anchors';
import * as notificationDelivery from './20261201_009_notification_delivery';
import * as separationOfDuties from './20261201_010_separation_of_duties';
import * as deciderReviews from './20261201_011_decider_reviews';
import * as stepAssignees from './20261201_013_step_assignees';
import * as publicPortal from './20261201_014_public_portal';
import * as listSpeed from './20261201_015_list_speed';
import * as dissentNotes from './20261201_016_dissent_notes';
import * as consultation from './20261201_017_consultation';
import * as listSummaries from './20261201_018_list_summaries';

/** Migrations in order. A static list, so they run the same under tsx, jest and a bundler. */
const MIGRATIONS: Record<string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }> = {
  '20261122_001_core_schema': coreSchema,
  '20261122_002_decision_ledger': decisionLedger,
  '20261122_003_refresh_tokens': refreshTokens,
  '20261123_004_later_stages': laterStages,
  '20261130_005_list_indexes': listIndexes,
  '20261201_006_sessions_sign_in_throttle': sessionsSignInThrottle,
  '20261201_007_idempotency_keys': idempotencyKeys,
  '20261201_008_ledger_anchors': ledgerAnchors,
  '20261201_009_notification_delivery': notificationDelivery,
  '20261201_010_separation_of_duties': separationOfDuties,
  '20261201_011_decider_reviews': deciderReviews,
  '20261201_013_step_assignees': stepAssignees,
  '20261201_014_public_portal': publicPortal,
  '20261201_015_list_speed': listSpeed,
  '20261201_016_dissent_notes': dissentNotes,
  '20261201_017_consultation': consultation,
  '20261201_018_list_summaries': listSummaries,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};

export const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };
