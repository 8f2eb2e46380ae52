import type { Knex } from 'knex';
import { rowToEntry } from '../store/ledger';
import { loadCalendar } from '../store/sla-policies';
import { toLocalDate, workingDaysBetween, type WorkingCalendar } from '../domain/calendar';
import { stepPeopleRow, waitingFor } from './step-people';
import type { PersonRef } from '../contract/rows';
import { nextAuthority, type NoDeciderReason } from '../domain/deciders';
import { STEP_RULES, type Decider, type StepType } from '../domain/lifecycle';
import type { LedgerNames } from '../contract/rows';
import type { Decision, Project, ProjectDetail } from '../contract/types';
import type { Role } from '../domain/roles';

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
  'p.planned_budget_vnd',
  'p.pledged_vnd',
  'p.outcome',
  'p.recommendation',
  's.id as step_id',
  's.type as step_type',
  's.due_at as step_due_at',
  's.sla_status as step_sla_status',
  's.deciding_role as step_deciding_role',
  's.escalation_level as step_escalation_level',
  's.assignee_user_id as step_assignee_user_id',
  's.assignee_name as step_assignee_name',
  's.eligible_user_ids as step_eligible_user_ids',
] as const;

/**
 * Projects joined with the main step of their stage: the first one opened that is still active.
 * Execution may have side steps open (re-matching, a change request); a project is still one row.
 */
export function projectsQuery(db: Knex): Knex.QueryBuilder {
  return db('projects as p')
    .joinRaw(`LEFT JOIN LATERAL (SELECT * FROM steps WHERE steps.project_id = p.id AND steps.status = 'active' ORDER BY steps.opened_at, steps.id LIMIT 1) s ON true`)
    .select(...projectColumns);
}

/**
 * Whole working days until a deadline by the unit's calendar (0: due later today), at most -1 once
 * it has passed (R17, R20); null without a deadline. One counter per request: each unit's calendar
 * is loaded once.
 */
export function workingDaysCounter(db: Knex, now: Date = new Date()): (unitCode: string, due: Date | string | null | undefined) => Promise<number | null> {
  const calendars = new Map<string, Promise<WorkingCalendar>>();
  const calendarFor = (unitCode: string, at: Date) => {
    const key = `${unitCode}:${at.getUTCFullYear()}`;
    let calendar = calendars.get(key);
    if (!calendar) calendars.set(key, (calendar = loadCalendar(db, unitCode, at)));
    return calendar;
  };
  // The answer depends on the unit, the deadline's local day and whether it has passed: a page's
  // many deadlines on the same days are counted once each.
  const known = new Map<string, Promise<number | null>>();
  return (unitCode, dueValue) => {
    if (!dueValue) return Promise.resolve(null);
    const due = new Date(dueValue);
    const key = `${unitCode}|${toLocalDate(due)}|${due >= now}`;
    let days = known.get(key);
    if (!days) known.set(key, (days = count(unitCode, due)));
    return days;
  };
  async function count(unitCode: string, due: Date): Promise<number | null> {
    // The calendar covers a few years around the date it is loaded for; a deadline far away needs its own.
    for (const at of [now, due]) {
      try {
        const calendar = await calendarFor(unitCode, at);
        if (due >= now) return workingDaysBetween(calendar, now, due);
        // Past its deadline a step is overdue (-1 at least), even later the same day or over a weekend.
        return -Math.max(1, workingDaysBetween(calendar, due, now));
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
      }
    }
    return null;
  }
}

/** A project row (projectsQuery) with its open step's working days left and who it waits for, found by the caller. */
export function toProject(row: Record<string, any>, workingDaysLeft: number | null, waiting: PersonRef[] = []): Project {
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
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    closedAt: iso(row.closed_at),
    plannedBudgetVnd: row.planned_budget_vnd === null || row.planned_budget_vnd === undefined ? null : Number(row.planned_budget_vnd),
    pledgedVnd: Number(row.pledged_vnd ?? 0),
    outcome: (row.outcome ?? null) as Project['outcome'],
    recommendation: (row.recommendation ?? null) as Project['recommendation'],
    activeStep: row.step_id
      ? { id: row.step_id, type: row.step_type, dueAt: iso(row.step_due_at), slaStatus: row.step_sla_status, decidingRole: row.step_deciding_role, escalationLevel: row.step_escalation_level, workingDaysLeft, assigneeUserId: row.step_assignee_user_id ?? null, assigneeName: row.step_assignee_name ?? null, waitingFor: waiting }
      : null,
  };
}

/** A step row's "nobody may decide this" flag, with the authority told (domain/deciders.ts). */
export function noDeciderOf(r: Record<string, any>): { reason: NoDeciderReason; since: string; toldRole: string } | null {
  if (!r.no_decider_reason || r.status !== 'active') return null;
  const decider = (r.decider ?? STEP_RULES[r.type as StepType].decider) as Decider;
  return { reason: r.no_decider_reason, since: iso(r.no_decider_since)!, toldRole: nextAuthority(decider, r.deciding_role) };
}

/**
 * GET /api/projects/:id, typed as the contract's ProjectDetail: a field missing or of another type does
 * not compile (timestamps of NOT NULL columns are asserted non-null).
 */
export async function projectDetail(db: Knex, id: string): Promise<ProjectDetail | undefined> {
  return projectDetailAsBuilt(db, id);
}

/** The detail as the read model builds it: api/openapi/shape-checks.ts holds its fields, and its rows', to the contract's both ways. */
export async function projectDetailAsBuilt(db: Knex, id: string) {
  const row = await projectsQuery(db).where('p.id', id).first();
  if (!row) return undefined;
  const workingDaysLeft = row.step_id ? await workingDaysCounter(db)(row.unit_code, row.step_due_at) : null;
  const waiting = row.step_id ? (await waitingFor(db, [stepPeopleRow(row, 'step_')])).get(row.step_id) : [];
  const [steps, ledger, extra, invitations, commitments, pledges, budgetLines, milestones, indicators, candidates, waivers, earlyWarnings, changeRequests, feedback, slaEvents, deciderEvents, dissentNotes] = await Promise.all([
    db('steps').where({ project_id: id }).orderBy('opened_at'),
    db('decision_ledger as l').where({ 'l.project_id': id }).orderBy('l.seq').select('l.*', ...ledgerNameColumns(db)),
    db('projects').where({ id }).first('required_capabilities', 'non_state_share', 'feedback_closes_at', 'close_reason', 'beneficiaries_description', 'beneficiaries_count'),
    db('invitations as i').join('partners as pa', 'pa.id', 'i.partner_id').where('i.project_id', id).orderBy('i.invited_at').select('i.*', 'pa.name as partner_name'),
    db('commitments as c').join('partners as pa', 'pa.id', 'c.partner_id').where('c.project_id', id).orderBy('c.committed_at').select('c.*', 'pa.name as partner_name'),
    db('pledges as pl').leftJoin('partners as pa', 'pa.id', 'pl.partner_id').where('pl.project_id', id).orderBy('pl.pledged_at').select('pl.*', 'pa.name as partner_name'),
    db('budget_lines').where({ project_id: id }).orderBy('position'),
    db('milestones').where({ project_id: id }).orderBy(['due_at', 'code']),
    db('indicators').where({ project_id: id }).orderBy('code'),
    db('match_candidates as m').join('partners as pa', 'pa.id', 'm.partner_id').where('m.project_id', id).orderBy(['m.capability', 'm.rank']).select('m.*', 'pa.name as partner_name'),
    db('waivers').where({ project_id: id }).orderBy('id'),
    db('early_warnings').where({ project_id: id }).orderBy('id'),
    db('change_requests').where({ project_id: id }).orderBy('requested_at'),
    db('feedback').where({ project_id: id }).first(db.raw('count(*)::int AS count'), db.raw('round(avg(rating)::numeric, 2)::float AS average')),
    db('sla_events as e').join('steps as s', 's.id', 'e.step_id').where('s.project_id', id).orderBy(['e.occurred_at', 'e.id']).select('e.id', 'e.step_id', 's.type as step_type', 'e.kind', 'e.level', 'e.target_role', 'e.occurred_at'),
    db('decider_events as e')
      .join('steps as s', 's.id', 'e.step_id')
      .leftJoin('eligibility_reviews as r', 'r.id', 'e.review_id')
      .leftJoin('users as u', 'u.id', 'r.actor_user_id')
      .where('e.project_id', id)
      .orderBy('e.id')
      .select('e.step_id', 's.type as step_type', 'e.kind', 'e.reason', 'e.eligible_user_ids', 'e.occurred_at', 'r.entity', 'r.entity_id', 'u.display_name as actor_name'),
    db('dissent_notes as n').join('steps as s', 's.id', 'n.step_id').where('n.project_id', id).orderBy('n.id').select('n.id', 'n.step_id', 's.type as step_type', 'n.author_user_id', 'n.author_name', 'n.text', 'n.written_at'),
  ]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const consultation = await consultationOf(db, id);
  return {
    ...toProject(row, workingDaysLeft, waiting),
    requiredCapabilities: (extra?.required_capabilities ?? []) as ProjectDetail['requiredCapabilities'],
    nonStateShare: num(extra?.non_state_share),
    feedbackClosesAt: iso(extra?.feedback_closes_at),
    closeReason: (extra?.close_reason ?? null) as string | null,
    beneficiaries: extra?.beneficiaries_description ? { who: extra.beneficiaries_description as string, count: Number(extra.beneficiaries_count ?? 0) } : null,
    invitations: invitations.map((i) => ({ id: i.id, partnerId: i.partner_id, partnerName: i.partner_name, capability: i.capability, status: i.status, invitedAt: iso(i.invited_at)!, remindAt: iso(i.remind_at)!, dueAt: iso(i.due_at)!, remindedAt: iso(i.reminded_at), respondedAt: iso(i.responded_at), resources: i.resources, reason: i.reason })),
    commitments: commitments.map((c) => ({ partnerId: c.partner_id, partnerName: c.partner_name, capability: c.capability, status: c.status, resources: c.resources, committedAt: iso(c.committed_at)!, withdrawnAt: iso(c.withdrawn_at) })),
    pledges: pledges.map((p) => ({ id: p.id, partnerId: p.partner_id, partnerName: p.partner_name, source: p.source, amountVnd: Number(p.amount_vnd), hours: num(p.hours), valueVnd: Number(p.value_vnd), status: p.status, note: p.note, pledgedAt: iso(p.pledged_at)! })),
    budgetLines: budgetLines.map((l) => ({ label: l.label, amountVnd: Number(l.amount_vnd) })),
    milestones: milestones.map((m) => ({ code: m.code, title: m.title, ownerTeamCode: m.owner_team_code, dueAt: iso(m.due_at)!, status: m.status, evidence: m.evidence, completedAt: iso(m.completed_at) })),
    indicators: indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, baseline: Number(i.baseline), target: Number(i.target), actual: num(i.actual), evidence: i.evidence, recordedAt: iso(i.recorded_at) })),
    candidates: candidates.map((c) => ({ capability: c.capability, partnerId: c.partner_id, partnerName: c.partner_name, rank: c.rank, score: c.score, reasons: c.reasons })),
    waivers: waivers.map((w) => ({ gap: w.gap, capability: w.capability, rationale: w.rationale, decidedBy: w.decided_by, ledgerSeq: Number(w.ledger_seq), decidedAt: iso(w.decided_at)! })),
    earlyWarnings: earlyWarnings.map((e) => ({ kind: e.kind, partnerId: e.partner_id, detail: e.detail, ledgerSeq: num(e.ledger_seq), occurredAt: iso(e.occurred_at)! })),
    changeRequests: changeRequests.map((c) => ({ stepId: c.step_id, kind: c.kind, description: c.description, budgetDeltaVnd: Number(c.budget_delta_vnd), scheduleShiftDays: c.schedule_shift_days, status: c.status, requestedAt: iso(c.requested_at)! })),
    feedback: { count: feedback?.count ?? 0, averageRating: feedback?.average ?? null },
    // R17, R21: every SLA transition (at risk, breached, escalated, paused, resumed, extended) for the timeline.
    slaEvents: slaEvents.map((e) => ({ stepId: e.step_id, stepType: e.step_type, kind: e.kind, level: num(e.level), targetRole: e.target_role ?? null, occurredAt: iso(e.occurred_at)! })),
    steps: steps.map((s) => ({
      id: s.id,
      type: s.type,
      round: s.round,
      status: s.status,
      decidingRole: s.deciding_role,
      openedAt: iso(s.opened_at)!,
      dueAt: iso(s.due_at),
      atRiskAt: iso(s.at_risk_at),
      slaStatus: s.sla_status,
      escalationLevel: s.escalation_level,
      outcome: s.outcome,
      closedAt: iso(s.closed_at),
      policyVersion: s.policy_version,
      decider: s.decider ?? null,
      recusals: s.recusals ?? [],
      assigneeUserId: s.assignee_user_id ?? null,
      assigneeName: s.assignee_name ?? null,
      assignedAt: iso(s.assigned_at),
      eligibleUserIds: (s.eligible_user_ids ?? null) as string[] | null,
      noDecider: noDeciderOf(s),
      separationRuleVersion: s.separation_rule_version ?? null,
      fallbackAuthority: s.fallback_authority ?? null,
    })),
    // Who may decide each step, as it changed: opened without a decider, re-evaluated after a change of reference data.
    deciderEvents: deciderEvents.map((e) => ({
      stepId: e.step_id,
      stepType: e.step_type,
      kind: e.kind,
      reason: e.reason ?? null,
      eligibleUserIds: (e.eligible_user_ids ?? null) as string[] | null,
      changedBy: e.actor_name ?? null,
      change: e.entity ? { entity: e.entity, entityId: e.entity_id } : null,
      occurredAt: iso(e.occurred_at)!,
    })),
    // Dissenting opinions typed while a vote closed (issue 14): notes beside the vote, not votes.
    dissentNotes: dissentNotes.map((n) => ({ id: Number(n.id), stepId: n.step_id, stepType: n.step_type, authorUserId: n.author_user_id, authorName: n.author_name, text: n.text, writtenAt: iso(n.written_at)! })),
    // R22: the consultation before the board's vote, when the project has one.
    consultation,
    decisions: ledger.map((r) => toDecision(r)),
  };
}

/** The project's latest consultation (R22) with its comments' count; null when it had none. */
export async function consultationOf(db: Knex, projectId: string) {
  const c = await db('consultations as c')
    .leftJoin('users as u', 'u.id', 'c.front_recorded_by')
    .where('c.project_id', projectId)
    .orderBy('c.window_opens_at', 'desc')
    .first('c.*', 'u.display_name as front_recorded_by_name', db.raw("to_char(c.front_letter_date, 'YYYY-MM-DD') AS letter_day"));
  if (!c) return null;
  const counts = await db('public_comments')
    .where({ project_id: projectId })
    .whereNull('hidden_at')
    .whereNotNull('comment')
    .first(db.raw('count(*)::int AS comments'), db.raw('count(answer)::int AS answered'));
  return {
    stepId: c.step_id as string,
    status: (c.submitted_at ? 'submitted' : 'open') as 'open' | 'submitted',
    policyVersion: c.policy_version as number,
    thresholdVnd: Number(c.threshold_vnd),
    windowOpensAt: iso(c.window_opens_at)!,
    windowClosesAt: iso(c.window_closes_at)!,
    frontOpinion: (c.front_opinion ?? null) as string | null,
    frontLetterDate: (c.letter_day ?? null) as string | null,
    frontDocumentRef: (c.front_document_ref ?? null) as string | null,
    frontRecordedBy: (c.front_recorded_by_name ?? null) as string | null,
    frontRecordedAt: iso(c.front_recorded_at),
    summary: (c.summary ?? null) as string | null,
    submittedAt: iso(c.submitted_at),
    comments: Number(counts?.comments ?? 0),
    answered: Number(counts?.answered ?? 0),
  };
}

/**
 * What the ids in a stage command's details name today (a partner, a milestone, an indicator), so the
 * console can say what happened in a sentence; read beside the entry, never part of its hash.
 */
export function ledgerNameColumns(db: Knex): Knex.Raw[] {
  return [
    db.raw(`(SELECT pa.name FROM partners pa WHERE pa.id::text = l.details->>'partnerId') AS name_partner`),
    db.raw(`(SELECT pa.name FROM invitations i JOIN partners pa ON pa.id = i.partner_id WHERE i.id::text = l.details->>'invitationId') AS name_invited_partner`),
    db.raw(`(SELECT i.capability FROM invitations i WHERE i.id::text = l.details->>'invitationId') AS name_invited_capability`),
    db.raw(`(SELECT m.title FROM milestones m WHERE m.project_id = l.project_id AND m.code = l.details->>'milestoneCode') AS name_milestone`),
    db.raw(`(SELECT ind.name FROM indicators ind WHERE ind.project_id = l.project_id AND ind.code = l.details->>'indicatorCode') AS name_indicator`),
    db.raw(`(SELECT s.type FROM steps s WHERE s.id = l.details->>'stepId') AS name_step_type`),
  ];
}

function ledgerNames(r: Record<string, any>): LedgerNames {
  const names: LedgerNames = {};
  const partner = r.name_partner ?? r.name_invited_partner;
  if (partner) names.partner = partner;
  if (r.name_invited_capability) names.capability = r.name_invited_capability;
  if (r.name_milestone) names.milestone = r.name_milestone;
  if (r.name_indicator) names.indicator = r.name_indicator;
  if (r.name_step_type) names.stepType = r.name_step_type;
  return names;
}

export function toDecision(row: Record<string, any>): Decision {
  const e = rowToEntry(row);
  // The ledger keeps kinds as the strings it hashed; the wire names their values (contract/projects.ts).
  return { id: e.seq, ...e, stepType: e.stepType as StepType, actorRole: e.actorRole as Role, choice: e.choice as Decision['choice'], details: e.details ?? null, names: ledgerNames(row) };
}

function iso(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}
