import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from '../domain/config';
import type { Logger } from '../platform/logger';

/**
 * What the API's routes are built from. A module of its own so that the route files do not import
 * api/app.ts, which imports every one of them.
 */
export interface ApiDeps {
  config: ApiConfig;
  db: Knex;
  temporal: Client;
  log: Logger;
  /** Folder of the built console; served at / when present. */
  consoleDir?: string;
  /** Public feedback accepted per project and hour, whatever the senders' addresses (default 120). */
  feedbackPerProjectPerHour?: number;
}
