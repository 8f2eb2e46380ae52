import type { Knex } from 'knex';
import { DEFAULT_ASSIGNEE_BY_DECIDER } from '../domain/assignment';
import type { Decider } from '../domain/lifecycle';

type Person = { id: string; display_name: string };

const activeUsers = (db: Knex | Knex.Transaction) => db('users as u').where('u.active', true).orderBy('u.id').select('u.id', 'u.display_name');

/** The person a newly opened step is assigned to by default (domain/assignment.ts), or undefined. */
async function defaultAssignee(db: Knex | Knex.Transaction, step: Record<string, any>, project: Record<string, any>): Promise<Person | undefined> {
  const eligible: string[] = step.eligible_user_ids ?? [];
  const recused: string[] = ((step.recusals ?? []) as { userId: string }[]).map((r) => r.userId);
  switch (DEFAULT_ASSIGNEE_BY_DECIDER[(step.decider ?? 'role') as Decider]) {
    case 'proposer':
      // A residents' proposal: its proposer never signs in; the first coordinator acting for them.
      return (await activeUsers(db).where('u.id', project.proposer_user_id).first()) ?? (eligible.length ? await activeUsers(db).whereIn('u.id', eligible).first() : undefined);
    case 'team_lead':
      return (
        (await activeUsers(db).where({ 'u.role': 'team_lead', 'u.team_code': step.responsible_team_code ?? project.lead_team_code }).first()) ??
        (eligible.length ? await activeUsers(db).whereIn('u.id', eligible).first() : undefined)
      );
    case 'alliance_lead':
      return activeUsers(db)
        .join('teams as t', 't.code', 'u.team_code')
        .where({ 'u.role': 'team_lead', 't.oversight': true, 't.unit_code': project.unit_code })
        .modify((q) => void (eligible.length && q.whereIn('u.id', eligible)))
        .first();
    case 'coordinator':
      // The proposer last: a coordinator is not made accountable for screening their own proposal if another exists.
      return activeUsers(db)
        .where({ 'u.role': 'coordinator', 'u.unit_code': project.unit_code })
        .clearOrder()
        .orderByRaw('CASE WHEN u.id = ? THEN 1 ELSE 0 END', [project.proposer_user_id])
        .orderBy('u.id')
        .first();
    case 'board_chair':
      // A chair recused from the step (the proposer, a declared conflict) leaves it to the first eligible member.
      return (
        (await activeUsers(db)
          .join('board_members as m', 'm.user_id', 'u.id')
          .join('boards as b', 'b.id', 'm.board_id')
          .where({ 'b.unit_code': project.unit_code, 'm.is_chair': true })
          .andWhere((q) => q.whereNull('m.until').orWhere('m.until', '>=', db.raw("(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")))
          .whereNotIn('u.id', recused)
          .first()) ?? (eligible.length ? await activeUsers(db).whereIn('u.id', eligible).first() : undefined)
      );
  }
}

/**
 * Names the accountable person of a step that has just opened (issue 13, R20), in the caller's
 * transaction. Once only: a retried openStep or a later reassignment is never overwritten.
 */
export async function assignDefaultAccountable(trx: Knex.Transaction, stepId: string): Promise<void> {
  const step = await trx('steps').where({ id: stepId }).first();
  if (!step || step.assigned_at) return;
  const project = await trx('projects').where({ id: step.project_id }).first('unit_code', 'lead_team_code', 'proposer_user_id');
  const person = await defaultAssignee(trx, step, project);
  await trx('steps')
    .where({ id: stepId })
    .whereNull('assigned_at')
    .update({ assignee_user_id: person?.id ?? null, assignee_name: person?.display_name ?? null, assigned_at: step.opened_at });
}
