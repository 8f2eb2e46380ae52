import type { Knex } from 'knex';
import { rowToEntry } from '../activities/ledger-store';

/** Read-model shapes the console and other systems see (PostgreSQL is the truth of records). */
export const projectColumns = [
  'p.id',
  'p.code',
  'p.title',
  'p.summary',
  'p.category',
  'p.stage',
  'p.unit_code',
  'p.lead_team_code',
  'p.requested_budget_vnd',
  'p.proposer_name',
  'p.workflow_id',
  'p.created_at',
  'p.updated_at',
  'p.closed_at',
  's.id as step_id',
  's.type as step_type',
  's.due_at as step_due_at',
  's.sla_status as step_sla_status',
  's.deciding_role as step_deciding_role',
  's.escalation_level as step_escalation_level',
] as const;

/** Projects joined with their active step (at most one per project in this slice). */
export function projectsQuery(db: Knex): Knex.QueryBuilder {
  return db('projects as p')
    .leftJoin('steps as s', (j) => j.on('s.project_id', 'p.id').andOnVal('s.status', 'active'))
    .select(...projectColumns);
}

export function toProject(row: Record<string, any>) {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    summary: row.summary,
    category: row.category,
    stage: row.stage,
    unitCode: row.unit_code,
    leadTeamCode: row.lead_team_code,
    requestedBudgetVnd: Number(row.requested_budget_vnd),
    proposerName: row.proposer_name,
    workflowId: row.workflow_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    closedAt: iso(row.closed_at),
    activeStep: row.step_id
      ? { id: row.step_id, type: row.step_type, dueAt: iso(row.step_due_at), slaStatus: row.step_sla_status, decidingRole: row.step_deciding_role, escalationLevel: row.step_escalation_level }
      : null,
  };
}

export async function projectDetail(db: Knex, id: string) {
  const row = await projectsQuery(db).where('p.id', id).first();
  if (!row) return undefined;
  const steps = await db('steps').where({ project_id: id }).orderBy('opened_at');
  const ledger = await db('decision_ledger').where({ project_id: id }).orderBy('seq');
  return {
    ...toProject(row),
    steps: steps.map((s) => ({
      id: s.id,
      type: s.type,
      round: s.round,
      status: s.status,
      decidingRole: s.deciding_role,
      openedAt: iso(s.opened_at),
      dueAt: iso(s.due_at),
      atRiskAt: iso(s.at_risk_at),
      slaStatus: s.sla_status,
      escalationLevel: s.escalation_level,
      outcome: s.outcome,
      closedAt: iso(s.closed_at),
      policyVersion: s.policy_version,
    })),
    decisions: ledger.map((r) => toDecision(r)),
  };
}

export function toDecision(row: Record<string, any>) {
  const e = rowToEntry(row);
  return { id: e.seq, ...e };
}

function iso(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}
