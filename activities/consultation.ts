import type { Knex } from 'knex';
import { addWorkingDays } from '../domain/calendar';
import { DEFAULT_CONSULTATION_POLICY, needsConsultation, type ConsultationPolicy } from '../domain/consultation';
import { withOverride, planCheckpoints, type SlaOverride } from '../domain/sla';
import { enqueueNotification } from './notifications';
import { loadCalendar } from '../store/sla-policies';

/** The consultation policy version in force at `at` (R22): the newest whose active_from has passed. */
export async function consultationPolicyAt(db: Knex, at: Date): Promise<ConsultationPolicy> {
  const row = await db('consultation_policies').where('active_from', '<=', at).orderBy('version', 'desc').first();
  if (!row) return DEFAULT_CONSULTATION_POLICY;
  return { version: row.version, thresholdVnd: Number(row.threshold_vnd), windowWorkingDays: row.window_working_days };
}

/** The consultation's I/O: which policy applies, the window it opens with, the row the console and the portal read. */
export function createConsultationActivities(db: Knex) {
  return {
    /**
     * Whether the project must be consulted on, under the policy in force when its screening was
     * accepted (`at`), and when the window ends: `windowWorkingDays` of the unit's calendar, or the
     * project's own duration (workflow input `slaOverrides.consultation_window`, for tests and demos).
     */
    async consultationPlan(input: { unitCode: string; requestedBudgetVnd: number; at: string; windowOverride?: SlaOverride }): Promise<{ required: boolean; policy: ConsultationPolicy; windowClosesAt: string }> {
      const at = new Date(input.at);
      const policy = await consultationPolicyAt(db, at);
      const calendar = await loadCalendar(db, input.unitCode, at);
      const windowClosesAt = input.windowOverride
        ? planCheckpoints(withOverride({ stepType: 'consultation_window', version: policy.version, responsibleTeamCode: null, durationValue: policy.windowWorkingDays, durationUnit: 'working_days', atRiskRatio: 0.5, escalationLadder: [] }, input.windowOverride), calendar, at, true).dueAt
        : addWorkingDays(calendar, at, policy.windowWorkingDays).toISOString();
      return { required: needsConsultation(policy, input.requestedBudgetVnd), policy, windowClosesAt };
    },
  };
}

/** The consultation's row beside its step, in the step's own transaction: the portal shows the plan "in consultation" until the window's end. */
export async function openConsultation(trx: Knex.Transaction, input: { projectId: string; stepId: string; policy: ConsultationPolicy; openedAt: string; windowClosesAt: string }): Promise<void> {
  await trx('consultations')
    .insert({
      step_id: input.stepId,
      project_id: input.projectId,
      policy_version: input.policy.version,
      threshold_vnd: input.policy.thresholdVnd,
      window_opens_at: input.openedAt,
      window_closes_at: input.windowClosesAt,
    })
    .onConflict('step_id')
    .ignore();
  await enqueueNotification(trx, {
    dedupeKey: `${input.stepId}:consultation_opened`,
    projectId: input.projectId,
    stepId: input.stepId,
    kind: 'consultation_opened',
    recipientRole: 'coordinator',
    payload: { stepId: input.stepId, windowClosesAt: input.windowClosesAt },
  });
}
