import type { Knex } from 'knex';

export interface Notification {
  /** Names the event once: a retried activity enqueues nothing twice. */
  dedupeKey: string;
  projectId: string;
  stepId?: string;
  kind: string;
  recipientRole?: string | null;
  recipientUserId?: string | null;
  recipientTeamCode?: string | null;
  payload: object;
}

/** Puts a notification in the outbox, in the caller's transaction, at most once per dedupe key. */
export async function enqueueNotification(db: Knex | Knex.Transaction, n: Notification): Promise<void> {
  await db('notifications_outbox')
    .insert({
      dedupe_key: n.dedupeKey,
      project_id: n.projectId,
      step_id: n.stepId ?? null,
      kind: n.kind,
      recipient_role: n.recipientRole ?? null,
      recipient_user_id: n.recipientUserId ?? null,
      recipient_team_code: n.recipientTeamCode ?? null,
      payload: JSON.stringify(n.payload),
    })
    .onConflict('dedupe_key')
    .ignore();
}
