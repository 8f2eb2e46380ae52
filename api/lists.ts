import type { Knex } from 'knex';
import { z } from 'zod';
import { CHOICES, COMMAND_KINDS, PROJECT_CATEGORIES, SLA_STATUSES, STAGES, STEP_RULES, STEP_TYPES } from '../domain/lifecycle';
import { CAPABILITIES, INVITATION_STATUSES } from '../domain/matching';
import { FUNDING_SOURCES, PLEDGE_STATUSES } from '../domain/funding';
import { BOARD_SEATS, DEFAULT_QUORUM, evaluateQuorum, VOTE_CHOICES, type BoardSeat, type QuorumRule, type VoteChoice } from '../domain/quorum';
import { tallyBoardVotes } from '../domain/board-vote';
import { toLocalDate } from '../domain/calendar';
import { ROLES, type Role } from '../domain/roles';
import type { Recusal } from '../domain/project';
import { PARTNER_KINDS, SLA_POLICY_TYPES, plainText } from '../domain/schemas';
import type { Choice } from '../domain/lifecycle';
import { ACCESS } from './access';
import { CODE, INT_ID, SERIAL, UUID } from './path-params';
import { VIETNAM_TODAY_SQL } from './account';
import { STEP_OUTCOMES_OUTSIDE_SLA_FIGURES, STEP_TYPES_OUTSIDE_SLA_FIGURES } from '../domain/stats';
import { QUEUES, type Queue } from '../domain/queues';
import { displayNames, stepPeopleRow, waitingFor } from './step-people';
import { list, type ListContext, type ListDef, type ListFilter } from './list-params';
import { ledgerNameColumns, noDeciderOf, projectsQuery, toDecision, toProject, workingDaysCounter } from './read-model';
import {
  ADMIN_CHANGE_ENTITIES,
  AdminChangeSchema,
  BoardMemberSchema,
  BoardSchema,
  ConflictOfInterestSchema,
  FeedbackItemSchema,
  IndicatorListItemSchema,
  InvitationListItemSchema,
  MilestoneListItemSchema,
  NotificationSchema,
  PartnerSchema,
  PledgeListItemSchema,
  QuorumRuleVersionSchema,
  ConsultationPolicyVersionSchema,
  SeparationRuleVersionSchema,
  SlaPolicySchema,
  StepListItemSchema,
  UnitSchema,
  UserSchema,
  VoteTallySchema,
  type AdminChangeEntity,
} from '../contract/lists';
import { LedgerEntrySchema, ProjectSchema } from '../contract/projects';
import { TeamSchema } from '../contract/session';

/**
 * Every list the API serves, in one table: its base query, data scope, sort fields, filters (each a
 * zod schema the route validates with and the OpenAPI document shows), default order and row shape.
 * The list routes (api/routes/lists.ts) and the OpenAPI document (api/openapi/) both read this table;
 * each list's rows are typed against its row schema (contract/) by list(), so a mismatch does not compile.
 */

// ---------------------------------------------------------------------------------------------
// Unit of an admin change (SQL), one entry per kind of row the trail records (contract/lists.ts).

/** Where the row an admin changed belongs: a unit, or null for installation-wide reference data (R18). */
/**
 * SQL: the row of a versioned rule table (`alias`) is the version in force now: active, and no later
 * active version exists (of the same `scope` column, e.g. a policy's step type). Table and column names
 * are this file's constants, never input.
 */
function currentVersion(table: string, alias: string, scope?: string): string {
  const same = scope ? `n.${scope} = ${alias}.${scope} AND ` : '';
  return `(${alias}.active_from <= now() AND NOT EXISTS (SELECT 1 FROM ${table} n WHERE ${same}n.active_from <= now() AND n.version > ${alias}.version))`;
}

export const ADMIN_CHANGE_UNITS = {
  users: "(SELECT x.unit_code FROM users x WHERE x.id::text = a.entity_id)",
  partners: "(SELECT x.unit_code FROM partners x WHERE x.id::text = a.entity_id)",
  // The unit of the person who holds the conflict (the row itself is gone after a withdrawal).
  conflicts_of_interest: "(SELECT x.unit_code FROM users x WHERE x.id::text = COALESCE(a.after->>'userId', a.before->>'userId'))",
  sla_policies: null,
  quorum_rules: null,
  consultation_policies: null,
  // A unit's own row: its code is the entity id.
  units: 'a.entity_id',
  // A seat's id is <boardId>:<userId>; the board's unit.
  board_members: "(SELECT x.unit_code FROM boards x WHERE x.id::text = split_part(a.entity_id, ':', 1))",
} as const satisfies Record<AdminChangeEntity, string | null>;
/** A change of any other kind of row has no unit anyone holds ('') until it is named above: hidden, not shown to every unit. */
const ADMIN_CHANGE_UNIT = `(CASE a.entity ${Object.entries(ADMIN_CHANGE_UNITS)
  .map(([entity, unit]) => `WHEN '${entity}' THEN ${unit ?? 'NULL'}`)
  .join(' ')} ELSE '' END)`;


// ---------------------------------------------------------------------------------------------
// Helpers for the table below.

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
const isoDay = (v: unknown): string | null => (v ? (v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10)) : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const described = <S extends z.ZodType>(schema: S, description: string): S => schema.meta({ description }) as S;

/** One value or several (react-admin's multi-selects send arrays). */
const oneOrMany = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  described(z.union([z.enum(values), z.array(z.enum(values)).min(1).max(values.length)]), `${what}: one value or an array of values.`);
const eqOrIn = (q: Knex.QueryBuilder, column: string, v: string | string[]) => void (Array.isArray(v) ? q.whereIn(column, v) : q.where(column, v));
const text = (description: string) => described(plainText().trim().min(1).max(200), description);
const id = (description: string) => described(z.uuid(), description);
const flag = (description: string) => described(z.boolean(), description);
const likeOf = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const filter = <S extends z.ZodType>(schema: S, example: z.infer<S>, apply: (q: Knex.QueryBuilder, value: z.infer<S>, ctx: ListContext) => void): ListFilter => ({ schema, example, apply });
const EXAMPLE_UUID = '00000000-0000-4000-8000-000000000000';

/** A partner sees only rows of its own partner; every other role sees all (the role table decides who lists at all). */
const ownPartnerOnly = (column: string) => (q: Knex.QueryBuilder, ctx: ListContext) => {
  if (ctx.actor.role !== 'partner') return;
  if (ctx.actor.partnerId) q.where(column, ctx.actor.partnerId);
  else q.whereRaw('false');
};

/** Dates from a filter: a day is a whole Vietnamese day (UTC+7), a date-time is taken as it is. */
const dayOrInstant = (description: string) => described(z.union([z.iso.date(), z.iso.datetime({ offset: true })]), description);
const startOf = (v: string) => (v.length === 10 ? `${v}T00:00:00+07:00` : v);
const endOf = (v: string) => (v.length === 10 ? new Date(Date.parse(`${v}T00:00:00+07:00`) + 86_400_000).toISOString() : v);

// ---------------------------------------------------------------------------------------------
// Steps: who can decide what (R18, R20), computed in SQL so the filter and the row agree.

/** Steps that are decided by a choice on the step (partner matching and execution end otherwise). */
const DECIDABLE_TYPES = STEP_TYPES.filter((t) => STEP_RULES[t].choices.length > 0);
const inList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** The caller's own choice on a step (the first, the only one the workflow counts). */
function myVoteSql(ctx: ListContext): Knex.Raw {
  return ctx.db.raw(`(SELECT l.choice FROM decision_ledger l WHERE l.step_id = s.id AND l.actor_user_id = ? AND l.choice IN (${inList(CHOICES)}) ORDER BY l.seq LIMIT 1) AS my_vote`, [ctx.actor.userId]);
}

/**
 * The workflow's own test of who decides (eligible ids computed when the step opened or re-evaluated
 * since, or the deciding role when none were), for an open step the caller has not decided yet.
 */
function canDecideSql(ctx: ListContext): { sql: string; bindings: string[] } {
  if (!(ACCESS['steps.decide'] as readonly Role[]).includes(ctx.actor.role)) return { sql: 'false', bindings: [] };
  return {
    sql: `(s.status = 'active' AND s.type IN (${inList(DECIDABLE_TYPES)})
      AND CASE WHEN s.eligible_user_ids IS NULL THEN s.deciding_role = ? ELSE s.eligible_user_ids @> jsonb_build_array(?::text) END
      AND NOT EXISTS (SELECT 1 FROM decision_ledger l WHERE l.step_id = s.id AND l.actor_user_id = ? AND l.choice IN (${inList(CHOICES)})))`,
    bindings: [ctx.actor.role, ctx.actor.userId, ctx.actor.userId],
  };
}

/** Open steps the caller still has to decide: the inbox (and its badge). */
export function whereCanDecide(q: Knex.QueryBuilder, ctx: ListContext): Knex.QueryBuilder {
  const { sql, bindings } = canDecideSql(ctx);
  return q.whereRaw(sql, bindings);
}

// ---------------------------------------------------------------------------------------------
// Queues a team lead works from (R20, R25), on the steps list and the pipeline alike: each is a
// condition on an open step `s` of a project `p`; several queues narrow together.

/** A team lead's team's steps (responsible or lead team), the coordinator's or the board's steps; everyone else: all. */
function whereMine(q: Knex.QueryBuilder, ctx: ListContext): void {
  const { role, teamCode } = ctx.actor;
  if (role === 'team_lead') q.where((w) => w.where('s.responsible_team_code', teamCode ?? '').orWhere('p.lead_team_code', teamCode ?? ''));
  else if (role === 'coordinator' || role === 'board_member') q.where('s.deciding_role', role);
}

function whereQueue(q: Knex.QueryBuilder, queue: Queue, ctx: ListContext): void {
  const now = ctx.now.toISOString();
  switch (queue) {
    case 'mine':
      return whereMine(q, ctx);
    case 'late':
      // Past the deadline, whether or not the workflow's checkpoint has marked it breached yet; a paused clock is not late.
      return void q.where('s.status', 'active').where((w) => w.where('s.sla_status', 'breached').orWhere((x) => x.whereNot('s.sla_status', 'paused').where('s.due_at', '<', now)));
    case 'due_this_week':
      // From now to the end of Sunday, Vietnam time (weeks start on Monday).
      return void q
        .where('s.status', 'active')
        .where('s.due_at', '>=', now)
        .whereRaw(`s.due_at < (date_trunc('week', ?::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '7 days') AT TIME ZONE 'Asia/Ho_Chi_Minh'`, [now]);
    case 'waiting_on_others': {
      // Open steps a choice decides that the caller cannot decide now: someone else must act.
      const { sql, bindings } = canDecideSql(ctx);
      return void q.where('s.status', 'active').whereIn('s.type', DECIDABLE_TYPES).whereRaw(`NOT ${sql}`, bindings);
    }
  }
}

const queueFilter = () =>
  filter(oneOrMany(QUEUES, "Queue: mine (the caller's team or role), late (past the deadline), due_this_week (due from now to Sunday, Vietnam time), waiting_on_others (open, and someone else must decide); several narrow together"), 'late', (q, v, ctx) => {
    for (const queue of Array.isArray(v) ? v : [v]) whereQueue(q, queue, ctx);
  });

interface SeatRow {
  user_id: string;
  seat: BoardSeat;
  unit_code: string;
  until: string | null;
}

interface VoteRow {
  step_id: string;
  actor_user_id: string;
  choice: string;
  seq: string | number;
}

/** The vote of each board step, counted by the same functions the workflow settles it with. */
async function voteTallies(db: Knex, rows: Record<string, any>[]): Promise<Map<string, z.infer<typeof VoteTallySchema>>> {
  // The workflow's own test of a vote (isVote in workflows/project-lifecycle.ts).
  const voteSteps = rows.filter((r) => r.quorum_rule_version !== null || r.type === 'board_review' || r.decider === 'board');
  const tallies = new Map<string, z.infer<typeof VoteTallySchema>>();
  if (voteSteps.length === 0) return tallies;
  const eligibleOf = (r: Record<string, any>): string[] => [...new Set<string>((r.eligible_user_ids as string[] | null) ?? [])];
  const versions = [...new Set(voteSteps.map((r) => r.quorum_rule_version).filter((v): v is number => v !== null && v !== undefined))];
  const [votes, rules, seats] = await Promise.all([
    db('decision_ledger').whereIn('step_id', voteSteps.map((r) => r.id)).whereIn('choice', VOTE_CHOICES).orderBy('seq').select<VoteRow[]>('step_id', 'actor_user_id', 'choice', 'seq'),
    versions.length ? db('quorum_rules').whereIn('version', versions).select('*') : Promise.resolve([]),
    db('board_members as m')
      .join('boards as b', 'b.id', 'm.board_id')
      .whereIn('m.user_id', [...new Set(voteSteps.flatMap(eligibleOf))])
      .select<SeatRow[]>('m.user_id', 'm.seat', 'b.unit_code', db.raw(`to_char(m.until, 'YYYY-MM-DD') AS until`)),
  ]);
  const ruleOf = (version: number): QuorumRule => {
    const row = (rules as Record<string, any>[]).find((r) => r.version === version);
    // Version 0: no rule was on file when the vote opened, and the workflow used the default.
    return row ? { minVoters: row.min_voters, majority: row.majority, requireNonGovernment: row.require_non_government, abstentionsCountAsPresent: row.abstentions_count_as_present } : DEFAULT_QUORUM;
  };
  for (const step of voteSteps) {
    const eligible = eligibleOf(step);
    const cast = votes.filter((v) => v.step_id === step.id);
    if (step.quorum_rule_version !== null && step.quorum_rule_version !== undefined) {
      const rule = ruleOf(step.quorum_rule_version);
      // The seat held on the (Vietnamese) day the vote opened, as the workflow fixed it: a seat ended by then does not count.
      const openedDay = toLocalDate(new Date(step.opened_at));
      const heldThen = (s: SeatRow) => s.unit_code === step.unit_code && (s.until === null || s.until >= openedDay);
      const seatOf = (userId: string): BoardSeat => seats.find((s) => s.user_id === userId && heldThen(s))?.seat ?? 'government';
      const result = evaluateQuorum(
        rule,
        eligible.map((userId) => ({ userId, seat: seatOf(userId) })),
        cast.map((v) => ({ userId: v.actor_user_id, choice: v.choice as VoteChoice })),
      );
      const counted = result.approvals + result.rejections + result.abstentions;
      tallies.set(step.id, {
        eligible: eligible.length,
        approve: result.approvals,
        reject: result.rejections,
        abstain: result.abstentions,
        outstanding: eligible.length - counted,
        minVoters: rule.minVoters,
        majority: rule.majority,
        stillNeeded: result.quorumStillNeeded,
        quorumMet: result.quorumMet,
      });
    } else {
      // First-release board reviews: a majority of the eligible members (domain/board-vote.ts).
      const tally = tallyBoardVotes(eligible, cast.map((v) => ({ userId: v.actor_user_id, choice: v.choice as Choice, seq: Number(v.seq) })));
      const majority = Math.floor(eligible.length / 2) + 1;
      const counted = tally.approvals + tally.rejections + tally.abstentions;
      tallies.set(step.id, {
        eligible: tally.eligible,
        approve: tally.approvals,
        reject: tally.rejections,
        abstain: tally.abstentions,
        outstanding: eligible.length - counted,
        minVoters: majority,
        majority: 'simple',
        // No quorum rule: what the first release needed was a majority of the eligible approving.
        stillNeeded: tally.needed,
        quorumMet: tally.needed === 0,
      });
    }
  }
  return tallies;
}

async function toStepRows(rows: Record<string, any>[], ctx: ListContext): Promise<z.infer<typeof StepListItemSchema>[]> {
  const workingDaysLeft = workingDaysCounter(ctx.db, ctx.now);
  // Who declared a conflict is open to the board and to oversight, as the conflicts list is.
  const seesConflicts = (ACCESS['conflicts.list'] as readonly Role[]).includes(ctx.actor.role);
  const [tallies, waiting, names] = await Promise.all([
    voteTallies(ctx.db, rows),
    waitingFor(ctx.db, rows.map((r) => stepPeopleRow(r))),
    displayNames(ctx.db, seesConflicts ? rows.flatMap((r) => ((r.recusals ?? []) as { userId: string }[]).map((x) => x.userId)) : []),
  ]);
  return Promise.all(
    rows.map(async (r) => {
      const recusals = (r.recusals ?? []) as Recusal[];
      const recusal = recusals.find((x) => x.userId === ctx.actor.userId);
      return {
        id: r.id,
        projectId: r.project_id,
        projectCode: r.project_code,
        projectTitle: r.project_title,
        unitCode: r.unit_code,
        leadTeamCode: r.lead_team_code,
        type: r.type,
        round: r.round,
        status: r.status,
        decidingRole: r.deciding_role,
        decider: r.decider ?? null,
        responsibleTeamCode: r.responsible_team_code ?? null,
        openedAt: iso(r.opened_at)!,
        dueAt: iso(r.due_at),
        atRiskAt: iso(r.at_risk_at),
        slaStatus: r.sla_status,
        escalationLevel: r.escalation_level,
        workingDaysLeft: r.status === 'active' ? await workingDaysLeft(r.unit_code, r.due_at) : null,
        vote: tallies.get(r.id) ?? null,
        myVote: r.my_vote ?? null,
        canDecide: Boolean(r.can_decide),
        recusal: recusal ? { reason: recusal.reason, code: recusal.code ?? null } : null,
        // Who was left out and why goes to the roles that read the conflicts of interest; the others see that someone was, not who.
        recusals: recusals.map((x) => ({ userId: x.userId, name: seesConflicts ? (names.get(x.userId) ?? null) : null, reason: x.reason, code: x.code ?? null, ruleVersion: x.ruleVersion ?? null })),
        fallbackAuthority: r.fallback_authority ?? null,
        separationRuleVersion: r.separation_rule_version ?? null,
        assigneeUserId: r.assignee_user_id ?? null,
        assigneeName: r.assignee_name ?? null,
        waitingFor: waiting.get(r.id) ?? [],
        recused: seesConflicts ? recusals.map((x) => ({ userId: x.userId, displayName: names.get(x.userId) ?? '—', reason: x.reason })) : [],
        noDecider: noDeciderOf(r),
      };
    }),
  );
}

const stepsList = list({
  resource: 'steps',
  permission: 'steps.list',
  path: '/steps',
  component: 'StepListItem',
  item: StepListItemSchema,
  tag: 'Steps',
  operationId: 'listSteps',
  description:
    "Steps of every project with the caller's part in them: whether they can decide (canDecide), their own vote, a recusal, and a board vote's count. For a team lead, with no sort given, their own team's steps come first, then by deadline.",
  unit: { column: 'p.unit_code' },
  base: (ctx) => {
    const { sql, bindings } = canDecideSql(ctx);
    return ctx.db('steps as s')
      .join('projects as p', 'p.id', 's.project_id')
      .select('s.*', 'p.code as project_code', 'p.title as project_title', 'p.unit_code', 'p.lead_team_code', myVoteSql(ctx), ctx.db.raw(`${sql} AS can_decide`, bindings));
  },
  sortable: { dueAt: 's.due_at', openedAt: 's.opened_at', escalationLevel: 's.escalation_level', slaStatus: 's.sla_status', id: 's.id' },
  notNull: ['openedAt', 'escalationLevel', 'slaStatus', 'id'],
  defaultSort: ['dueAt', 'ASC'],
  preferredOrder: (q, ctx) => {
    if (ctx.actor.role === 'team_lead' && ctx.actor.teamCode) {
      q.orderByRaw('CASE WHEN s.responsible_team_code = ? OR p.lead_team_code = ? THEN 0 ELSE 1 END', [ctx.actor.teamCode, ctx.actor.teamCode]);
    }
  },
  idColumn: 's.id',
  filters: {
    status: filter(oneOrMany(['active', 'decided', 'closed'], 'Step status'), 'active', (q, v) => eqOrIn(q, 's.status', v)),
    type: filter(oneOrMany(STEP_TYPES, 'Step type'), 'board_review', (q, v) => eqOrIn(q, 's.type', v)),
    projectId: filter(id('Steps of one project.'), EXAMPLE_UUID, (q, v) => void q.where('s.project_id', v)),
    teamCode: filter(text('Responsible team.'), 'BD-ENV', (q, v) => void q.where('s.responsible_team_code', v)),
    unitCode: filter(text('Unit of the project.'), 'BD', (q, v) => void q.where('p.unit_code', v)),
    slaStatus: filter(oneOrMany(SLA_STATUSES, 'Deadline state'), 'at_risk', (q, v) => eqOrIn(q, 's.sla_status', v)),
    noDecider: filter(flag('true: open steps nobody may decide now; false: the others.'), true, (q, v) =>
      void (v ? q.where('s.status', 'active').whereNotNull('s.no_decider_reason') : q.whereNull('s.no_decider_reason')),
    ),
    awaitingMe: filter(flag('true: open steps the caller can decide now (the inbox).'), true, (q, v, ctx) => void (v && whereCanDecide(q, ctx))),
    mine: filter(flag("true: a team lead's team's steps (responsible or lead team), the coordinator's steps, the board's steps; everyone else: all."), true, (q, v, ctx) => void (v && whereMine(q, ctx))),
    queue: queueFilter(),
    q: filter(text("Part of the project's code or title (case-insensitive)."), 'BD-2026', (q, v) => void q.where((w) => w.whereILike('p.title', likeOf(v)).orWhereILike('p.code', likeOf(v)))),
    // The dashboard's figures open the steps behind them with these (api/routes/stats.ts counts the same way).
    escalated: filter(flag('true: steps escalated at least once (escalation level 1 or more); false: never escalated.'), true, (q, v) => void q.where('s.escalation_level', v ? '>' : '=', 0)),
    escalationLevel: filter(described(z.number().int().min(0).max(99), 'Steps at this escalation level.'), 1, (q, v) => void q.where('s.escalation_level', v)),
    openedFrom: filter(dayOrInstant('Opened on or after this day (Vietnam time) or instant.'), '2026-01-01', (q, v) => void q.where('s.opened_at', '>=', startOf(v))),
    openedTo: filter(dayOrInstant('Opened on or before this day (Vietnam time) or instant.'), '2026-12-31', (q, v) => void (v.length === 10 ? q.where('s.opened_at', '<', endOf(v)) : q.where('s.opened_at', '<=', v))),
    closedFrom: filter(dayOrInstant('Closed on or after this day (Vietnam time) or instant.'), '2026-01-01', (q, v) => void q.where('s.closed_at', '>=', startOf(v))),
    slaCounted: filter(flag("true: closed steps the on-time rate counts (with a deadline; not a resubmission, the proposer's time; not ended by a cancellation or withdrawal)."), true, (q, v) => {
      if (!v) return;
      q.whereNotNull('s.closed_at')
        .whereNotNull('s.due_at')
        .whereNotIn('s.type', STEP_TYPES_OUTSIDE_SLA_FIGURES)
        .where((w) => w.whereNull('s.outcome').orWhereNotIn('s.outcome', STEP_OUTCOMES_OUTSIDE_SLA_FIGURES));
    }),
  },
  toRows: toStepRows,
});

// ---------------------------------------------------------------------------------------------
// The table.

function makeLists() {
  const lists = {
    projects: list({
      resource: 'projects',
      permission: 'projects.list',
      path: '/projects',
      component: 'Project',
      item: ProjectSchema,
      tag: 'Projects',
      operationId: 'listProjects',
      description: 'Projects with their open step, if any; one row per project even when side steps are open.',
      unit: { column: 'p.unit_code' },
      base: (ctx) => projectsQuery(ctx.db),
      // dueAt: the open main step's deadline as the project row keeps it (migration 018), so an index serves the pipeline.
      sortable: { code: 'p.code', title: 'p.title', stage: 'p.stage', createdAt: 'p.created_at', updatedAt: 'p.updated_at', dueAt: 'p.open_step_due_at', id: 'p.id' },
      notNull: ['code', 'title', 'stage', 'createdAt', 'updatedAt', 'id'],
      defaultSort: ['updatedAt', 'DESC'],
      idColumn: 'p.id',
      // Every sort and every filter but the queue (the open step's) reads `projects` alone.
      pageFirst: { base: (ctx) => ctx.db('projects as p'), sorts: ['code', 'title', 'stage', 'createdAt', 'updatedAt', 'dueAt', 'id'], filters: ['q', 'stage', 'unitCode', 'leadTeamCode', 'category'] },
      filters: {
        q: filter(text('Part of the title or code (case-insensitive).'), 'BD-2026', (q, v) => void q.where((w) => w.whereILike('p.title', likeOf(v)).orWhereILike('p.code', likeOf(v)))),
        stage: filter(oneOrMany(STAGES, 'Stage'), 'proposal', (q, v) => eqOrIn(q, 'p.stage', v)),
        unitCode: filter(text('Unit.'), 'BD', (q, v) => void q.where('p.unit_code', v)),
        leadTeamCode: filter(text('Lead team.'), 'BD-CUL', (q, v) => void q.where('p.lead_team_code', v)),
        category: filter(oneOrMany(PROJECT_CATEGORIES, 'Category'), 'culture', (q, v) => eqOrIn(q, 'p.category', v)),
        // On the project's open step (a project with none is only in `mine`, by its lead team).
        queue: queueFilter(),
      },
      toRows: async (rows, ctx) => {
        const workingDaysLeft = workingDaysCounter(ctx.db, ctx.now);
        const waiting = await waitingFor(ctx.db, rows.filter((r) => r.step_id).map((r) => stepPeopleRow(r, 'step_')));
        return Promise.all(rows.map(async (r) => toProject(r, r.step_id ? await workingDaysLeft(r.unit_code, r.step_due_at) : null, waiting.get(r.step_id) ?? [])));
      },
    }),
    steps: stepsList,
    decisions: list({
      resource: 'decisions',
      permission: 'ledger.list',
      path: '/ledger',
      single: true,
      component: 'LedgerEntry',
      item: LedgerEntrySchema,
      tag: 'Ledger',
      operationId: 'listLedger',
      description: 'Every decision and stage command ever recorded, append-only and hash-chained, with the code of its project.',
      unit: { column: 'p.unit_code' },
      base: (ctx) => ctx.db('decision_ledger as l').join('projects as p', 'p.id', 'l.project_id').select('l.*', 'p.code as project_code', ...ledgerNameColumns(ctx.db)),
      sortable: { seq: 'l.seq', id: 'l.seq', decidedAt: 'l.decided_at' },
      notNull: ['seq', 'id', 'decidedAt'],
      defaultSort: ['seq', 'DESC'],
      idColumn: 'l.seq',
      idPattern: SERIAL,
      filters: {
        projectId: filter(id('Entries of one project.'), EXAMPLE_UUID, (q, v) => void q.where('l.project_id', v)),
        actorUserId: filter(id('Entries recorded by one person.'), EXAMPLE_UUID, (q, v) => void q.where('l.actor_user_id', v)),
        stepId: filter(text('Entries on one step.'), 'project-BD-2026-0001:screening:1', (q, v) => void q.where('l.step_id', v)),
        from: filter(dayOrInstant('Decided on or after this day (Vietnam time) or instant.'), '2026-01-01', (q, v) => void q.where('l.decided_at', '>=', startOf(v))),
        to: filter(dayOrInstant('Decided on or before this day (Vietnam time) or instant.'), '2026-12-31', (q, v) => void (v.length === 10 ? q.where('l.decided_at', '<', endOf(v)) : q.where('l.decided_at', '<=', v))),
        choice: filter(oneOrMany([...CHOICES, ...COMMAND_KINDS], 'Choice or command kind'), 'approve', (q, v) => eqOrIn(q, 'l.choice', v)),
        stepType: filter(oneOrMany(STEP_TYPES, 'Step type'), 'board_review', (q, v) => eqOrIn(q, 'l.step_type', v)),
        q: filter(text('Part of the project code (case-insensitive).'), 'BD-2026', (q, v, ctx) => void q.whereIn('l.project_id', ctx.db('projects').whereILike('code', likeOf(v)).select('id'))),
      },
      toRows: (rows) => rows.map((r) => ({ ...toDecision(r), projectCode: r.project_code as string })),
    }),
    teams: list({
      resource: 'teams',
      permission: 'teams.list',
      path: '/teams',
      component: 'Team',
      item: TeamSchema,
      tag: 'Reference',
      operationId: 'listTeams',
      description: 'The multi-task teams of each unit (R3).',
      unit: { column: 't.unit_code' },
      base: (ctx) => ctx.db('teams as t').select('t.code', 't.name', 't.name_vi', 't.unit_code'),
      sortable: { code: 't.code', id: 't.code', name: 't.name' },
      defaultSort: ['code', 'ASC'],
      idColumn: 't.code',
      filters: { unitCode: filter(text('Unit.'), 'BD', (q, v) => void q.where('t.unit_code', v)) },
      toRows: (rows) => rows.map((t) => ({ id: t.code, code: t.code, name: t.name, nameVi: t.name_vi, unitCode: t.unit_code })),
    }),
    users: list({
      resource: 'users',
      permission: 'users.list',
      path: '/users',
      single: true,
      component: 'User',
      item: UserSchema,
      tag: 'Administration',
      operationId: 'listUsers',
      description: 'People who sign in, with how many ledger entries each recorded. Never the password hash.',
      unit: { column: 'u.unit_code' },
      base: (ctx) =>
        ctx.db('users as u').select(
          'u.id',
          'u.email',
          'u.display_name',
          'u.role',
          'u.unit_code',
          'u.team_code',
          'u.partner_id',
          'u.active',
          ctx.db.raw('(SELECT count(*) FROM decision_ledger l WHERE l.actor_user_id = u.id)::int AS decision_count'),
        ),
      sortable: { email: 'lower(u.email)', displayName: 'u.display_name', role: 'u.role', teamCode: 'u.team_code', createdAt: 'u.created_at', id: 'u.id' },
      defaultSort: ['displayName', 'ASC'],
      idColumn: 'u.id',
      idPattern: UUID,
      filters: {
        q: filter(text('Part of the name or email (case-insensitive).'), 'donghanh', (q, v) => void q.where((w) => w.whereILike('u.display_name', likeOf(v)).orWhereILike('u.email', likeOf(v)))),
        role: filter(oneOrMany(ROLES, 'Role'), 'team_lead', (q, v) => eqOrIn(q, 'u.role', v)),
        teamCode: filter(text('Team.'), 'BD-ENV', (q, v) => void q.where('u.team_code', v)),
        active: filter(flag('Accounts that can sign in (true) or are switched off (false).'), true, (q, v) => void q.where('u.active', v)),
      },
      toRows: (rows) =>
        rows.map((u) => ({ id: u.id, email: u.email, displayName: u.display_name, role: u.role, unitCode: u.unit_code, teamCode: u.team_code, partnerId: u.partner_id, active: u.active, decisionCount: u.decision_count })),
    }),
    partners: list({
      resource: 'partners',
      permission: 'partners.list',
      path: '/partners',
      single: true,
      component: 'Partner',
      item: PartnerSchema,
      tag: 'Reference',
      operationId: 'listPartners',
      description: 'Registered partners (R1). A partner account sees only its own partner.',
      unit: { column: 'pa.unit_code' },
      base: (ctx) => ctx.db('partners as pa').select('pa.*'),
      scope: ownPartnerOnly('pa.id'),
      sortable: { name: 'pa.name', kind: 'pa.kind', createdAt: 'pa.created_at', id: 'pa.id' },
      defaultSort: ['name', 'ASC'],
      idColumn: 'pa.id',
      idPattern: UUID,
      filters: {
        q: filter(text('Part of the name (case-insensitive).'), 'Ba Đình', (q, v) => void q.whereILike('pa.name', likeOf(v))),
        kind: filter(oneOrMany(PARTNER_KINDS, 'Kind of partner'), 'coop', (q, v) => eqOrIn(q, 'pa.kind', v)),
        capability: filter(described(z.enum(CAPABILITIES), 'Partners offering this capability.'), 'volunteers', (q, v) => void q.whereRaw('pa.capabilities @> ARRAY[?]::text[]', [v])),
        unitCode: filter(text('Unit.'), 'BD', (q, v) => void q.where('pa.unit_code', v)),
      },
      toRows: (rows) =>
        rows.map((p) => ({ id: p.id, name: p.name, kind: p.kind, unitCode: p.unit_code, capabilities: p.capabilities, contactEmail: p.contact_email ?? null, createdAt: iso(p.created_at)!, updatedAt: iso(p.updated_at) })),
    }),
    invitations: list({
      resource: 'invitations',
      permission: 'invitations.list',
      path: '/invitations',
      single: true,
      component: 'InvitationListItem',
      item: InvitationListItemSchema,
      tag: 'Partner matching',
      operationId: 'listInvitations',
      description: "Invitations to partners. A partner account sees only its own; another partner's invitation does not exist for it (404).",
      unit: { column: 'p.unit_code' },
      base: (ctx) =>
        ctx.db('invitations as i').join('projects as p', 'p.id', 'i.project_id').join('partners as pa', 'pa.id', 'i.partner_id').select('i.*', 'p.code as project_code', 'p.title as project_title', 'pa.name as partner_name'),
      scope: ownPartnerOnly('i.partner_id'),
      sortable: { invitedAt: 'i.invited_at', dueAt: 'i.due_at', status: 'i.status', id: 'i.id' },
      notNull: ['invitedAt', 'status', 'id'],
      defaultSort: ['invitedAt', 'DESC'],
      idColumn: 'i.id',
      idPattern: UUID,
      filters: {
        projectId: filter(id('Invitations of one project.'), EXAMPLE_UUID, (q, v) => void q.where('i.project_id', v)),
        partnerId: filter(id('Invitations of one partner.'), EXAMPLE_UUID, (q, v) => void q.where('i.partner_id', v)),
        status: filter(oneOrMany(INVITATION_STATUSES, 'Status'), 'invited', (q, v) => eqOrIn(q, 'i.status', v)),
        capability: filter(described(z.enum(CAPABILITIES), 'Capability invited for.'), 'venue', (q, v) => void q.where('i.capability', v)),
      },
      toRows: (rows) =>
        rows.map((i) => ({
          id: i.id,
          projectId: i.project_id,
          projectCode: i.project_code,
          projectTitle: i.project_title,
          partnerId: i.partner_id,
          partnerName: i.partner_name,
          capability: i.capability,
          status: i.status,
          invitedAt: iso(i.invited_at)!,
          remindAt: iso(i.remind_at)!,
          remindedAt: iso(i.reminded_at),
          dueAt: iso(i.due_at)!,
          respondedAt: iso(i.responded_at),
          resources: i.resources ?? null,
          reason: i.reason ?? null,
        })),
    }),
    pledges: list({
      resource: 'pledges',
      permission: 'pledges.list',
      path: '/pledges',
      single: true,
      component: 'PledgeListItem',
      item: PledgeListItemSchema,
      tag: 'Funding',
      operationId: 'listPledges',
      description: "Pledges by source (R6). A partner account sees only its own; another partner's pledge does not exist for it (404).",
      unit: { column: 'p.unit_code' },
      base: (ctx) => ctx.db('pledges as pl').join('projects as p', 'p.id', 'pl.project_id').leftJoin('partners as pa', 'pa.id', 'pl.partner_id').select('pl.*', 'p.code as project_code', 'pa.name as partner_name'),
      scope: ownPartnerOnly('pl.partner_id'),
      sortable: { pledgedAt: 'pl.pledged_at', valueVnd: 'pl.value_vnd', amountVnd: 'pl.amount_vnd', id: 'pl.id' },
      defaultSort: ['pledgedAt', 'DESC'],
      idColumn: 'pl.id',
      idPattern: UUID,
      filters: {
        projectId: filter(id('Pledges to one project.'), EXAMPLE_UUID, (q, v) => void q.where('pl.project_id', v)),
        partnerId: filter(id('Pledges of one partner.'), EXAMPLE_UUID, (q, v) => void q.where('pl.partner_id', v)),
        source: filter(oneOrMany(FUNDING_SOURCES, 'Source'), 'private', (q, v) => eqOrIn(q, 'pl.source', v)),
        status: filter(oneOrMany([...PLEDGE_STATUSES, 'cancelled'], 'Status'), 'pledged', (q, v) => eqOrIn(q, 'pl.status', v)),
      },
      toRows: (rows) =>
        rows.map((p) => ({
          id: p.id,
          projectId: p.project_id,
          projectCode: p.project_code,
          partnerId: p.partner_id ?? null,
          partnerName: p.partner_name ?? null,
          source: p.source,
          amountVnd: Number(p.amount_vnd),
          hours: num(p.hours),
          valueVnd: Number(p.value_vnd),
          status: p.status,
          note: p.note ?? null,
          pledgedAt: iso(p.pledged_at)!,
        })),
    }),
    milestones: list({
      resource: 'milestones',
      permission: 'milestones.list',
      path: '/milestones',
      component: 'MilestoneListItem',
      item: MilestoneListItemSchema,
      tag: 'Execution',
      operationId: 'listMilestones',
      description: 'Milestones of every project, each owned by a team (R20, R25: what is due, what is late). A partner account sees those of the projects it has a standing commitment to.',
      unit: { column: 'p.unit_code' },
      base: (ctx) => ctx.db('milestones as m').join('projects as p', 'p.id', 'm.project_id').select('m.*', 'p.code as project_code'),
      scope: (q, ctx) => {
        if (ctx.actor.role !== 'partner') return;
        if (!ctx.actor.partnerId) return void q.whereRaw('false');
        q.whereExists(ctx.db('commitments as c').whereRaw('c.project_id = m.project_id').where({ 'c.partner_id': ctx.actor.partnerId, 'c.status': 'committed' }).select(ctx.db.raw('1')));
      },
      sortable: { dueAt: 'm.due_at', status: 'm.status', code: 'm.code', completedAt: 'm.completed_at', id: "(m.project_id::text || ':' || m.code)" },
      defaultSort: ['dueAt', 'ASC'],
      idColumn: "(m.project_id::text || ':' || m.code)",
      filters: {
        projectId: filter(id('Milestones of one project.'), EXAMPLE_UUID, (q, v) => void q.where('m.project_id', v)),
        ownerTeamCode: filter(text('Owner team.'), 'BD-CUL', (q, v) => void q.where('m.owner_team_code', v)),
        status: filter(oneOrMany(['open', 'completed'], 'Status'), 'open', (q, v) => eqOrIn(q, 'm.status', v)),
        overdue: filter(flag('true: open milestones past their due time.'), true, (q, v, ctx) => void (v && q.where('m.status', 'open').where('m.due_at', '<', ctx.now))),
      },
      toRows: (rows) =>
        rows.map((m) => ({
          id: `${m.project_id}:${m.code}`,
          projectId: m.project_id,
          projectCode: m.project_code,
          code: m.code,
          title: m.title,
          ownerTeamCode: m.owner_team_code,
          dueAt: iso(m.due_at)!,
          status: m.status,
          evidence: m.evidence,
          completedAt: iso(m.completed_at),
        })),
    }),
    indicators: list({
      resource: 'indicators',
      permission: 'indicators.list',
      path: '/indicators',
      component: 'IndicatorListItem',
      item: IndicatorListItemSchema,
      tag: 'Impact evaluation',
      operationId: 'listIndicators',
      description: 'Quality-of-life indicators of every project, with baseline, target and actual (R5).',
      unit: { column: 'p.unit_code' },
      base: (ctx) => ctx.db('indicators as x').join('projects as p', 'p.id', 'x.project_id').select('x.*', 'p.code as project_code'),
      sortable: { code: 'x.code', recordedAt: 'x.recorded_at', id: "(x.project_id::text || ':' || x.code)" },
      defaultSort: ['id', 'ASC'],
      idColumn: "(x.project_id::text || ':' || x.code)",
      filters: {
        projectId: filter(id('Indicators of one project.'), EXAMPLE_UUID, (q, v) => void q.where('x.project_id', v)),
        recorded: filter(flag('true: an actual value is recorded; false: not yet.'), true, (q, v) => void (v ? q.whereNotNull('x.actual') : q.whereNull('x.actual'))),
      },
      toRows: (rows) =>
        rows.map((x) => ({
          id: `${x.project_id}:${x.code}`,
          projectId: x.project_id,
          projectCode: x.project_code,
          code: x.code,
          name: x.name,
          unit: x.unit,
          baseline: Number(x.baseline),
          target: Number(x.target),
          actual: num(x.actual),
          evidence: x.evidence,
          recordedAt: iso(x.recorded_at),
        })),
    }),
    feedback: list({
      resource: 'feedback',
      permission: 'feedback.list',
      path: '/feedback',
      component: 'FeedbackItem',
      item: FeedbackItemSchema,
      tag: 'Impact evaluation',
      operationId: 'listFeedback',
      description: "Residents' feedback on projects (R8, R19).",
      unit: { column: 'p.unit_code' },
      base: (ctx) => ctx.db('feedback as f').join('projects as p', 'p.id', 'f.project_id').select('f.id', 'f.project_id', 'f.rating', 'f.comment', 'f.channel', 'f.submitted_at', 'p.code as project_code'),
      sortable: { submittedAt: 'f.submitted_at', rating: 'f.rating', id: 'f.id' },
      notNull: ['submittedAt', 'id'],
      defaultSort: ['submittedAt', 'DESC'],
      idColumn: 'f.id',
      filters: {
        projectId: filter(id('Feedback on one project.'), EXAMPLE_UUID, (q, v) => void q.where('f.project_id', v)),
        rating: filter(described(z.number().int().min(1).max(5), 'Rating 1–5.'), 5, (q, v) => void q.where('f.rating', v)),
        channel: filter(described(z.enum(['portal', 'meeting', 'hotline']), 'Channel.'), 'portal', (q, v) => void q.where('f.channel', v)),
      },
      toRows: (rows) => rows.map((f) => ({ id: String(f.id), projectId: f.project_id, projectCode: f.project_code, rating: f.rating, comment: f.comment ?? null, channel: f.channel, submittedAt: iso(f.submitted_at)! })),
    }),
    units: list({
      resource: 'units',
      permission: 'units.list',
      path: '/units',
      component: 'Unit',
      item: UnitSchema,
      tag: 'Reference',
      operationId: 'listUnits',
      description: 'Wards, communes and special zones.',
      unit: { column: 'un.code' },
      base: (ctx) => ctx.db('units as un').leftJoin('users as chair', 'chair.id', 'un.chair_user_id').select('un.*', 'chair.display_name as chair_name'),
      sortable: { code: 'un.code', id: 'un.code', name: 'un.name' },
      defaultSort: ['code', 'ASC'],
      idColumn: 'un.code',
      single: true,
      idPattern: CODE,
      filters: {
        kind: filter(described(z.enum(['ward', 'commune', 'special_zone']), 'Kind of unit.'), 'ward', (q, v) => void q.where('un.kind', v)),
        province: filter(text('Province.'), 'Hà Nội', (q, v) => void q.where('un.province', v)),
      },
      toRows: (rows) => rows.map((u) => ({ id: u.code, code: u.code, name: u.name, nameVi: u.name_vi, kind: u.kind, province: u.province, chairUserId: u.chair_user_id ?? null, chairName: u.chair_name ?? null, iatiOrgId: u.iati_org_id ?? null })),
    }),
    separationRules: list({
      resource: 'separation-rules',
      permission: 'policies.list',
      path: '/separation-rules',
      component: 'SeparationRuleVersion',
      unit: 'installation',
      item: SeparationRuleVersionSchema,
      tag: 'Administration',
      operationId: 'listSeparationRules',
      description: 'Every version of the separation-of-duties rule: who may not decide which step, and where a step goes when nobody is left (R18, R21).',
      base: (ctx) =>
        ctx.db('separation_rules as sr').select('sr.*', ctx.db.raw(`${currentVersion('separation_rules', 'sr')} AS current`)),
      sortable: { version: 'sr.version', id: 'sr.version', activeFrom: 'sr.active_from' },
      defaultSort: ['version', 'DESC'],
      idColumn: 'sr.version',
      filters: {
        current: filter(flag('true: only the version steps open with now.'), true, (q, v) =>
          void q.whereRaw(`${v ? '' : 'NOT '}${currentVersion('separation_rules', 'sr')}`),
        ),
      },
      toRows: (rows) =>
        rows.map((r) => ({
          id: r.version,
          version: r.version,
          proposerExcluded: r.proposer_excluded,
          deliveringTeamExcluded: r.delivering_team_excluded,
          fallback: r.fallback,
          activeFrom: iso(r.active_from)!,
          createdBy: r.created_by,
          current: Boolean(r.current),
        })),
    }),
    boards: list({
      resource: 'boards',
      permission: 'boards.list',
      path: '/boards',
      component: 'Board',
      item: BoardSchema,
      tag: 'Reference',
      operationId: 'listBoards',
      description: 'Coordination boards, one per unit (R4).',
      unit: { column: 'b.unit_code' },
      base: (ctx) =>
        ctx.db('boards as b').select('b.*', ctx.db.raw(`(SELECT count(*) FROM board_members m WHERE m.board_id = b.id AND (m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL}))::int AS current_members`)),
      sortable: { unitCode: 'b.unit_code', name: 'b.name', id: 'b.id' },
      defaultSort: ['unitCode', 'ASC'],
      idColumn: 'b.id',
      filters: { unitCode: filter(text('Unit.'), 'BD', (q, v) => void q.where('b.unit_code', v)) },
      toRows: (rows) => rows.map((b) => ({ id: b.id, unitCode: b.unit_code, name: b.name, currentMembers: b.current_members, createdAt: iso(b.created_at)! })),
    }),
    boardMembers: list({
      resource: 'board-members',
      permission: 'boards.list',
      path: '/board-members',
      component: 'BoardMember',
      item: BoardMemberSchema,
      tag: 'Reference',
      operationId: 'listBoardMembers',
      description: 'Seats on the boards: who, which seat, chair or not, since and until when (R4).',
      unit: { column: '(SELECT b.unit_code FROM boards b WHERE b.id = m.board_id)' },
      base: (ctx) =>
        ctx
          .db('board_members as m')
          .join('users as u', 'u.id', 'm.user_id')
          .select('m.*', 'u.display_name', ctx.db.raw(`(m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL}) AS current`), ctx.db.raw(`to_char(m.since, 'YYYY-MM-DD') AS since_day`), ctx.db.raw(`to_char(m.until, 'YYYY-MM-DD') AS until_day`)),
      sortable: { since: 'm.since', seat: 'm.seat', displayName: 'u.display_name', id: "(m.board_id::text || ':' || m.user_id::text)" },
      defaultSort: ['displayName', 'ASC'],
      idColumn: "(m.board_id::text || ':' || m.user_id::text)",
      filters: {
        boardId: filter(id('Members of one board.'), EXAMPLE_UUID, (q, v) => void q.where('m.board_id', v)),
        seat: filter(oneOrMany(BOARD_SEATS, 'Seat'), 'business', (q, v) => eqOrIn(q, 'm.seat', v)),
        current: filter(flag('true: seats held today.'), true, (q, v) => void q.whereRaw(v ? `(m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL})` : `m.until < ${VIETNAM_TODAY_SQL}`)),
      },
      toRows: (rows) =>
        rows.map((m) => ({ id: `${m.board_id}:${m.user_id}`, boardId: m.board_id, userId: m.user_id, displayName: m.display_name, seat: m.seat, isChair: m.is_chair, since: m.since_day ?? isoDay(m.since)!, until: m.until_day ?? null, current: Boolean(m.current) })),
    }),
    slaPolicies: list({
      resource: 'sla-policies',
      permission: 'policies.list',
      path: '/sla-policies',
      component: 'SlaPolicy',
      item: SlaPolicySchema,
      tag: 'Administration',
      operationId: 'listSlaPolicies',
      description: 'Every version of every SLA policy; new versions are appended, never edited (R17, R20).',
      unit: 'installation',
      base: (ctx) =>
        ctx
          .db('sla_policies as sp')
          .select('sp.*', ctx.db.raw(`${currentVersion('sla_policies', 'sp', 'step_type')} AS current`)),
      sortable: { stepType: 'sp.step_type', version: 'sp.version', activeFrom: 'sp.active_from', id: "(sp.step_type || ':' || lpad(sp.version::text, 6, '0'))" },
      defaultSort: ['stepType', 'ASC'],
      idColumn: "(sp.step_type || ':' || lpad(sp.version::text, 6, '0'))",
      filters: {
        stepType: filter(oneOrMany(SLA_POLICY_TYPES, 'Step type'), 'screening', (q, v) => eqOrIn(q, 'sp.step_type', v)),
        current: filter(flag('true: only the version each step type uses now.'), true, (q, v) =>
          void q.whereRaw(`${v ? '' : 'NOT '}${currentVersion('sla_policies', 'sp', 'step_type')}`),
        ),
      },
      toRows: (rows) =>
        rows.map((p) => ({
          id: `${p.step_type}:${p.version}`,
          stepType: p.step_type,
          version: p.version,
          responsibleTeamCode: p.responsible_team_code ?? null,
          durationValue: Number(p.duration_value),
          durationUnit: p.duration_unit,
          atRiskRatio: Number(p.at_risk_ratio),
          escalationLadder: p.escalation_ladder,
          activeFrom: iso(p.active_from)!,
          createdBy: p.created_by,
          createdAt: iso(p.created_at)!,
          current: Boolean(p.current),
        })),
    }),
    quorumRules: list({
      resource: 'quorum-rules',
      permission: 'policies.list',
      path: '/quorum-rules',
      component: 'QuorumRuleVersion',
      item: QuorumRuleVersionSchema,
      tag: 'Administration',
      operationId: 'listQuorumRules',
      description: 'Every version of the board quorum rule; new versions are appended, never edited (R4).',
      unit: 'installation',
      base: (ctx) =>
        ctx.db('quorum_rules as qr').select('qr.*', ctx.db.raw(`${currentVersion('quorum_rules', 'qr')} AS current`)),
      sortable: { version: 'qr.version', id: 'qr.version', activeFrom: 'qr.active_from' },
      defaultSort: ['version', 'DESC'],
      idColumn: 'qr.version',
      filters: {
        current: filter(flag('true: only the version votes open with now.'), true, (q, v) =>
          void q.whereRaw(`${v ? '' : 'NOT '}${currentVersion('quorum_rules', 'qr')}`),
        ),
      },
      toRows: (rows) =>
        rows.map((r) => ({
          id: r.version,
          version: r.version,
          minVoters: r.min_voters,
          majority: r.majority,
          requireNonGovernment: r.require_non_government,
          abstentionsCountAsPresent: r.abstentions_count_as_present,
          activeFrom: iso(r.active_from)!,
          createdBy: r.created_by,
          current: Boolean(r.current),
        })),
    }),
    consultationPolicies: list({
      resource: 'consultation-policies',
      permission: 'policies.list',
      path: '/consultation-policies',
      component: 'ConsultationPolicyVersion',
      item: ConsultationPolicyVersionSchema,
      tag: 'Administration',
      operationId: 'listConsultationPolicies',
      description: 'Every version of the consultation policy (budget threshold, window in working days); new versions are appended, never edited (R22).',
      unit: 'installation',
      base: (ctx) =>
        ctx.db('consultation_policies as cp').leftJoin('users as rb', 'rb.id', 'cp.recorded_by').select('cp.*', 'rb.display_name as recorded_by_name', ctx.db.raw(`${currentVersion('consultation_policies', 'cp')} AS current`)),
      sortable: { version: 'cp.version', id: 'cp.version', activeFrom: 'cp.active_from' },
      defaultSort: ['version', 'DESC'],
      idColumn: 'cp.version',
      filters: {
        current: filter(flag('true: only the version projects screened now follow.'), true, (q, v) =>
          void q.whereRaw(`${v ? '' : 'NOT '}${currentVersion('consultation_policies', 'cp')}`),
        ),
      },
      toRows: (rows) =>
        rows.map((r) => ({
          id: r.version,
          version: r.version,
          thresholdVnd: Number(r.threshold_vnd),
          windowWorkingDays: r.window_working_days,
          activeFrom: iso(r.active_from)!,
          recordedBy: r.recorded_by_name ?? null,
          reason: r.reason,
          createdAt: iso(r.created_at)!,
          current: Boolean(r.current),
        })),
    }),
    notifications: list({
      resource: 'notifications',
      permission: 'notifications.list',
      path: '/notifications',
      component: 'Notification',
      item: NotificationSchema,
      tag: 'Reference',
      operationId: 'listNotifications',
      description:
        "Notifications addressed to the caller: to them by name, to their role or to their team (the board chair also gets the chair's, the unit chair the unit chair's). A partner gets its role's only when they name its partner or one of its invitations.",
      unit: { column: 'p.unit_code', orNull: true },
      base: (ctx) => ctx.db('notifications_outbox as n').leftJoin('projects as p', 'p.id', 'n.project_id').select('n.*', 'p.code as project_code'),
      scope: (q, ctx) => {
        const { userId, role, teamCode, partnerId, boardChair } = ctx.actor;
        const roles = boardChair ? [role, 'board_chair'] : [role];
        q.where((w) => {
          w.where('n.recipient_user_id', userId);
          if (teamCode) w.orWhere('n.recipient_team_code', teamCode);
          if (role !== 'partner') {
            w.orWhereIn('n.recipient_role', roles);
            // The unit chair gets the last rung of escalations about their unit's projects.
            w.orWhere((c) => c.where('n.recipient_role', 'unit_chair').whereIn('p.unit_code', ctx.db('units').where({ chair_user_id: userId }).select('code')));
          } else if (partnerId) {
            // Outbox rows for "partners" name which one in their payload; another partner's are not addressed to this one.
            w.orWhere((p) =>
              p
                .where('n.recipient_role', 'partner')
                .andWhere((x) => x.whereRaw("n.payload->>'partnerId' = ?", [partnerId]).orWhereRaw("n.payload->>'invitationId' IN (SELECT id::text FROM invitations WHERE partner_id = ?)", [partnerId])),
            );
          }
        });
      },
      sortable: { createdAt: 'n.created_at', id: 'n.id' },
      notNull: ['createdAt', 'id'],
      defaultSort: ['createdAt', 'DESC'],
      idColumn: 'n.id',
      filters: {
        kind: filter(text('Kind of notification.'), 'step_opened', (q, v) => void q.where('n.kind', v)),
        projectId: filter(id('About one project.'), EXAMPLE_UUID, (q, v) => void q.where('n.project_id', v)),
        unsent: filter(flag('true: not delivered yet.'), true, (q, v) => void (v ? q.whereNull('n.sent_at') : q.whereNotNull('n.sent_at'))),
        dead: filter(flag('true: dead letters (the dispatcher gave up).'), true, (q, v) => void (v ? q.whereNotNull('n.dead_at') : q.whereNull('n.dead_at'))),
      },
      toRows: (rows) =>
        rows.map((n) => ({
          id: String(n.id),
          kind: n.kind,
          projectId: n.project_id ?? null,
          projectCode: n.project_code ?? null,
          stepId: n.step_id ?? null,
          recipientRole: n.recipient_role ?? null,
          recipientUserId: n.recipient_user_id ?? null,
          recipientTeamCode: n.recipient_team_code ?? null,
          payload: n.payload ?? {},
          createdAt: iso(n.created_at)!,
          sentAt: iso(n.sent_at),
          attempts: n.attempts ?? 0,
          lastError: n.last_error ?? null,
          deadAt: iso(n.dead_at),
        })),
    }),
    conflictsOfInterest: list({
      resource: 'conflicts-of-interest',
      permission: 'conflicts.list',
      path: '/conflicts-of-interest',
      single: true,
      component: 'ConflictOfInterest',
      item: ConflictOfInterestSchema,
      tag: 'Administration',
      operationId: 'listConflictsOfInterest',
      description: 'Declared conflicts of interest (R21), open to the board and to oversight.',
      unit: { column: 'u.unit_code' },
      base: (ctx) =>
        ctx
          .db('conflicts_of_interest as c')
          .join('users as u', 'u.id', 'c.user_id')
          .leftJoin('projects as p', 'p.id', 'c.project_id')
          .leftJoin('partners as pa', 'pa.id', 'c.partner_id')
          .select('c.*', 'u.display_name as user_name', 'p.code as project_code', 'pa.name as partner_name'),
      sortable: { declaredAt: 'c.declared_at', id: 'c.id' },
      notNull: ['declaredAt', 'id'],
      defaultSort: ['declaredAt', 'DESC'],
      idColumn: 'c.id',
      idPattern: INT_ID,
      filters: {
        userId: filter(id('Declared by or for one person.'), EXAMPLE_UUID, (q, v) => void q.where('c.user_id', v)),
        projectId: filter(id('On one project.'), EXAMPLE_UUID, (q, v) => void q.where('c.project_id', v)),
        partnerId: filter(id('With one partner.'), EXAMPLE_UUID, (q, v) => void q.where('c.partner_id', v)),
      },
      toRows: (rows) =>
        rows.map((c) => ({
          id: c.id,
          userId: c.user_id,
          userName: c.user_name,
          projectId: c.project_id ?? null,
          projectCode: c.project_code ?? null,
          partnerId: c.partner_id ?? null,
          partnerName: c.partner_name ?? null,
          reason: c.reason,
          declaredAt: iso(c.declared_at)!,
          declaredBy: c.declared_by ?? null,
        })),
    }),
    adminChanges: list({
      resource: 'admin-changes',
      permission: 'adminChanges.list',
      path: '/admin-changes',
      component: 'AdminChange',
      item: AdminChangeSchema,
      tag: 'Administration',
      operationId: 'listAdminChanges',
      description: 'Every change to reference data (users, partners, conflicts, SLA policies, quorum rules): who, when, before and after.',
      unit: { column: ADMIN_CHANGE_UNIT, orNull: true },
      base: (ctx) => ctx.db('admin_changes as a').select('a.*'),
      sortable: { changedAt: 'a.changed_at', id: 'a.id' },
      notNull: ['changedAt', 'id'],
      defaultSort: ['id', 'DESC'],
      idColumn: 'a.id',
      filters: {
        entity: filter(described(z.enum(ADMIN_CHANGE_ENTITIES), 'Table changed.'), 'users', (q, v) => void q.where('a.entity', v)),
        entityId: filter(text('Row changed.'), EXAMPLE_UUID, (q, v) => void q.where('a.entity_id', v)),
        actorUserId: filter(id('Changed by one person.'), EXAMPLE_UUID, (q, v) => void q.where('a.actor_user_id', v)),
      },
      toRows: (rows) =>
        rows.map((a) => ({ id: Number(a.id), entity: a.entity, entityId: a.entity_id, action: a.action, actorUserId: a.actor_user_id, actorRole: a.actor_role, before: a.before ?? null, after: a.after ?? null, changedAt: iso(a.changed_at)! })),
    }),
  } satisfies Record<string, ListDef>;
  return lists;
}

export const LISTS = makeLists();
export type ListName = keyof typeof LISTS;
