/**
 * Consultation (R22: large projects consult the Fatherland Front, organisations, businesses and
 * residents). A project whose requested budget is at or above the threshold in force when its
 * screening is accepted passes a `consultation` step before the board votes. The threshold and the
 * window (working days) are a versioned policy, like the SLA policies: each version has the moment
 * it takes effect, who recorded it and why.
 */
export interface ConsultationPolicy {
  version: number;
  thresholdVnd: number;
  windowWorkingDays: number;
}

/** The first version, in force from the start (migration 017 writes it). */
export const DEFAULT_CONSULTATION_POLICY: ConsultationPolicy = { version: 1, thresholdVnd: 100_000_000, windowWorkingDays: 10 };

/** Whether a project of this budget must be consulted on under `policy`. */
export const needsConsultation = (policy: Pick<ConsultationPolicy, 'thresholdVnd'>, requestedBudgetVnd: number): boolean => requestedBudgetVnd >= policy.thresholdVnd;

/** What the workflow knows of an open consultation: its window's end and whether the Front has spoken. */
export interface ConsultationState {
  stepId: string;
  policyVersion: number;
  windowClosesAt: string;
  frontOpinion: boolean;
}

