import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/activity';
import { STEP_RULES, type Choice, type Stage, type StepType } from '../domain/lifecycle';
import type { Actor } from '../domain/roles';
import type { ProjectLifecycleInput, SlaCheckpoint, StepTicket } from '../domain/project';
import { appendDecision } from './ledger-store';
import { loadCalendar, loadPolicy, planCheckpoints } from './sla-planning';

export interface OpenStepInput {
  projectId: string;
  workflowId: string;
  unitCode: string;
  leadTeamCode: string;
  proposerUserId: string;
  type: StepType;
  round: number;
  openedAt: string;
}

export interface RecordDecisionInput {
  projectId: string;
  workflowId: string;
  runId: string;
  updateId: string;
  step: { stepId: string; type: StepType; policyVersion: number; singleDecider: boolean };
  actor: Actor;
  choice: Choice;
  rationale: string | null;
  evidence: string[];
  conflictOfInterest: string | null;
  decidedAt: string;
}

/** All I/O of the project lifecycle. Each activity is idempotent: a retry changes nothing twice. */
export function createProjectActivities(db: Knex) {
  return {
    async registerProject(input: ProjectLifecycleInput): Promise<void> {
      await db('projects')
        .insert({
          id: input.projectId,
          code: input.code,
          workflow_id: `project-${input.code}`,
          unit_code: input.unitCode,
          lead_team_code: input.leadTeamCode,
          title: input.title,
          summary: input.summary,
          category: input.category,
          requested_budget_vnd: input.requestedBudgetVnd,
          stage: 'proposal',
          proposer_user_id: input.proposer.userId,
          proposer_name: input.proposer.displayName,
          created_at: input.submittedAt,
          updated_at: input.submittedAt,
        })
        .onConflict('id')
        .ignore();
    },

    /** Opens a step with its SLA plan: policy version, working-day deadline and checkpoints. */
    async openStep(input: OpenStepInput): Promise<StepTicket> {
      const stepId = `${input.workflowId}:${input.type}:${input.round}`;
      const rule = STEP_RULES[input.type];
      const openedAt = new Date(input.openedAt);
      const policy = await loadPolicy(db, input.type);
      if (!policy) throw ApplicationFailure.nonRetryable(`No SLA policy for step type ${input.type}`, 'ReferenceDataMissing');
      const calendar = await loadCalendar(db, input.unitCode, openedAt);
      const plan = planCheckpoints(policy, calendar, openedAt, input.type === 'resubmission');
      const eligibleUserIds = await eligibleDeciders(db, input);

      return db.transaction(async (trx) => {
        await trx('steps')
          .insert({
            id: stepId,
            project_id: input.projectId,
            type: input.type,
            round: input.round,
            status: 'active',
            deciding_role: rule.decidingRole,
            responsible_team_code: policy.responsibleTeamCode ?? input.leadTeamCode,
            opened_at: openedAt,
            at_risk_at: plan.atRiskAt,
            due_at: plan.dueAt,
            policy_step_type: policy.stepType,
            policy_version: policy.version,
          })
          .onConflict('id')
          .ignore();
        await trx('projects').where({ id: input.projectId }).update({ stage: rule.stage, updated_at: openedAt });
        await trx('notifications_outbox')
          .insert({
            dedupe_key: `${stepId}:opened`,
            project_id: input.projectId,
            step_id: stepId,
            kind: 'step_opened',
            recipient_role: rule.decidingRole,
            payload: JSON.stringify({ type: input.type, dueAt: plan.dueAt }),
          })
          .onConflict('dedupe_key')
          .ignore();
        return {
          stepId,
          type: input.type,
          round: input.round,
          decidingRole: rule.decidingRole,
          eligibleUserIds,
          openedAt: input.openedAt,
          dueAt: plan.dueAt,
          policyVersion: policy.version,
          checkpoints: plan.checkpoints,
        };
      });
    },

    /** Appends the decision to the ledger and updates the read model in one transaction. */
    async recordDecision(input: RecordDecisionInput): Promise<{ seq: number; hash: string }> {
      return db.transaction(async (trx) => {
        const entry = await appendDecision(trx, {
          projectId: input.projectId,
          stepId: input.step.stepId,
          stepType: input.step.type,
          workflowId: input.workflowId,
          runId: input.runId,
          updateId: input.updateId,
          actorUserId: input.actor.userId,
          actorName: input.actor.displayName,
          actorRole: input.actor.role,
          choice: input.choice,
          rationale: input.rationale,
          evidence: input.evidence,
          conflictOfInterest: input.conflictOfInterest,
          policyVersion: input.step.policyVersion,
          decidedAt: input.decidedAt,
        });
        if (input.step.singleDecider) {
          await trx('steps')
            .where({ id: input.step.stepId, status: 'active' })
            .update({ status: 'decided', outcome: input.choice, closed_at: input.decidedAt });
        }
        await trx('projects').where({ id: input.projectId }).update({ updated_at: input.decidedAt });
        return { seq: entry.seq, hash: entry.hash };
      });
    },

    /** Marks an SLA checkpoint (at risk, breached, each escalation level) and notifies (R17, R21). */
    async recordSlaEvent(input: { projectId: string; stepId: string; checkpoint: SlaCheckpoint; occurredAt: string }): Promise<void> {
      const { checkpoint } = input;
      await db.transaction(async (trx) => {
        const inserted = await trx('sla_events')
          .insert({ step_id: input.stepId, kind: checkpoint.kind, level: checkpoint.level ?? 0, target_role: checkpoint.targetRole ?? null, occurred_at: input.occurredAt })
          .onConflict(['step_id', 'kind', 'level'])
          .ignore()
          .returning('id');
        if (inserted.length === 0) return;
        const slaStatus = checkpoint.kind === 'at_risk' ? 'at_risk' : 'breached';
        const patch: Record<string, unknown> = { sla_status: slaStatus };
        if (checkpoint.kind === 'escalated') patch.escalation_level = checkpoint.level ?? 1;
        await trx('steps').where({ id: input.stepId, status: 'active' }).update(patch);
        await trx('notifications_outbox')
          .insert({
            dedupe_key: `${input.stepId}:${checkpoint.kind}:${checkpoint.level ?? 0}`,
            project_id: input.projectId,
            step_id: input.stepId,
            kind: `sla_${checkpoint.kind}`,
            recipient_role: checkpoint.targetRole ?? null,
            payload: JSON.stringify(checkpoint),
          })
          .onConflict('dedupe_key')
          .ignore();
      });
    },

    async closeStep(input: { projectId: string; stepId: string; outcome: string; nextStage: Stage; closedAt: string }): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('steps').where({ id: input.stepId }).whereNot({ status: 'closed' }).update({ status: 'closed', outcome: input.outcome, closed_at: input.closedAt });
        await trx('projects').where({ id: input.projectId }).update({ stage: input.nextStage, updated_at: input.closedAt });
      });
    },

    async closeProject(input: { projectId: string; stage: Stage; reason: string; closedAt: string; openStepId: string | null }): Promise<void> {
      await db.transaction(async (trx) => {
        if (input.openStepId) {
          await trx('steps').where({ id: input.openStepId, status: 'active' }).update({ status: 'closed', outcome: input.stage, closed_at: input.closedAt });
        }
        await trx('projects').where({ id: input.projectId }).update({ stage: input.stage, updated_at: input.closedAt, closed_at: input.closedAt });
        await trx('notifications_outbox')
          .insert({
            dedupe_key: `${input.projectId}:closed:${input.stage}`,
            project_id: input.projectId,
            kind: `project_${input.stage}`,
            payload: JSON.stringify({ reason: input.reason }),
          })
          .onConflict('dedupe_key')
          .ignore();
      });
    },
  };
}

export type ProjectActivities = ReturnType<typeof createProjectActivities>;

/**
 * Who may decide a step, fixed when it opens: the proposer for a resubmission; for the board,
 * current members minus the proposer (R21: nobody judges their own proposal).
 */
async function eligibleDeciders(db: Knex, input: OpenStepInput): Promise<string[] | undefined> {
  if (input.type === 'resubmission') return [input.proposerUserId];
  if (input.type !== 'board_review') return undefined;
  const rows: { user_id: string }[] = await db('board_members as m')
    .join('boards as b', 'b.id', 'm.board_id')
    .where('b.unit_code', input.unitCode)
    .andWhere((q) => q.whereNull('m.until').orWhere('m.until', '>=', db.raw('CURRENT_DATE')))
    .whereNot('m.user_id', input.proposerUserId)
    .orderBy('m.user_id')
    .select('m.user_id');
  return rows.map((r) => r.user_id);
}
