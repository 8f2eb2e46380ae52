import { addWorkingDays, addWorkingHours, type WorkingCalendar } from './calendar';
import type { SlaCheckpoint } from './project';

import type { DurationUnit } from './durations';
export { DURATION_UNITS, type DurationUnit } from './durations';

export interface EscalationRung {
  level: number;
  role: string;
  /** Measured from the due time, in the policy's unit; 0 means at the deadline itself. */
  after: number;
}

/** A versioned SLA policy for one step type (DESIGN.md "SLA"). `seconds` exists for tests and demos. */
export interface SlaPolicy {
  stepType: string;
  version: number;
  responsibleTeamCode: string | null;
  durationValue: number;
  durationUnit: DurationUnit;
  atRiskRatio: number;
  escalationLadder: EscalationRung[];
}

/**
 * A project's own durations for some step types (and `invitation_response`, `feedback_window`),
 * given as a workflow input: the demo ward and `npm run drive` use it instead of writing short
 * policies that every other project would inherit. The escalation ladder keeps its rungs, counted
 * in the override's unit. The policy version recorded stays the one in force.
 */
export interface SlaOverride {
  durationValue: number;
  durationUnit: DurationUnit;
  atRiskRatio?: number;
}
export type SlaOverrides = Partial<Record<string, SlaOverride>>;

/** The policy with a project's override applied; the policy itself when there is none. */
export function withOverride(policy: SlaPolicy, override: SlaOverride | undefined): SlaPolicy {
  if (!override) return policy;
  return { ...policy, durationValue: override.durationValue, durationUnit: override.durationUnit, atRiskRatio: override.atRiskRatio ?? policy.atRiskRatio };
}

export interface SlaPlan {
  dueAt: string;
  atRiskAt: string;
  checkpoints: SlaCheckpoint[];
}

function advance(unit: DurationUnit, calendar: WorkingCalendar, from: Date, amount: number): Date {
  if (amount === 0) return from;
  switch (unit) {
    case 'working_days':
      return addWorkingDays(calendar, from, Math.ceil(amount));
    case 'working_hours':
      return addWorkingHours(calendar, from, amount);
    case 'seconds':
      return new Date(from.getTime() + Math.round(amount * 1000));
  }
}

/**
 * The instants at which a step's SLA changes state: at risk, breached, then each escalation level
 * (R17, R20). A step that only waits on the proposer (resubmission) expires instead of escalating.
 */
export function planCheckpoints(policy: SlaPolicy, calendar: WorkingCalendar, openedAt: Date, expiresInsteadOfEscalating = false): SlaPlan {
  const due = advance(policy.durationUnit, calendar, openedAt, policy.durationValue);
  const atRisk = new Date(openedAt.getTime() + Math.round((due.getTime() - openedAt.getTime()) * policy.atRiskRatio));
  const checkpoints: SlaCheckpoint[] = [{ kind: 'at_risk', at: atRisk.toISOString(), targetRole: 'team_lead' }];
  if (expiresInsteadOfEscalating) {
    checkpoints.push({ kind: 'expired', at: due.toISOString() });
  } else {
    checkpoints.push({ kind: 'breached', at: due.toISOString(), targetRole: 'team_lead' });
    for (const rung of [...policy.escalationLadder].sort((a, b) => a.level - b.level)) {
      checkpoints.push({ kind: 'escalated', level: rung.level, targetRole: rung.role, at: advance(policy.durationUnit, calendar, due, rung.after).toISOString() });
    }
  }
  return { dueAt: due.toISOString(), atRiskAt: atRisk.toISOString(), checkpoints };
}
