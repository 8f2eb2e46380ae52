import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/activity';
import { DEFAULT_CAPABILITIES, STEP_RULES, type Choice, type Decider, type Stage, type StepType } from '../domain/lifecycle';
import type { Actor } from '../domain/roles';
import type { ChangeInput, ProjectLifecycleInput, ProposalEdit, Recusal, SlaCheckpoint, StepTicket } from '../domain/project';
import { planCheckpoints, withOverride, type SlaOverride } from '../domain/sla';
import { DEFAULT_QUORUM, type BoardSeat, type EligibleVoter, type QuorumRule } from '../domain/quorum';
import { DEFAULT_SEPARATION_RULE, excludedBy, RECUSAL_REASONS, type Candidate, type FallbackAuthority, type RecusalCode, type SeparationRule } from '../domain/separation';
import { appendDecision } from '../store/ledger';
import { withDataErrorsClassified } from './data-errors';
import { enqueueNotification } from './notifications';
import { loadCalendar, loadPolicy } from '../store/sla-policies';
import { createStageActivities } from './stage-activities';
import { createConsultationActivities, openConsultation } from './consultation';
import type { ConsultationPolicy } from '../domain/consultation';
import { assignDefaultAccountable } from './step-assignment';
import { createDeciderReviewActivities, flagIfNoDecider } from './decider-review';

export interface OpenStepInput {
  projectId: string;
  workflowId: string;
  unitCode: string;
  leadTeamCode: string;
  proposerUserId: string;
  type: StepType;
  round: number;
  openedAt: string;
  /** Overrides the step type's usual decider (funding and change requests depend on the amount). */
  decider?: Decider;
  /** Screening resumed after a return for changes: its clock moves by the length of the pause. */
  pause?: { stepId: string; from: string };
  /** The stage the project stays at, for a step opened beside the stage's own (re-matching). */
  stage?: Stage;
  /** The change a change_request step decides. */
  change?: ChangeInput & { requestedBy: string };
  /** The consultation a consultation step opens (R22): the policy it follows and its window's end. */
  consultation?: { policy: ConsultationPolicy; windowClosesAt: string };
  /** The project's own duration for this step type (workflow input `slaOverrides`). */
  slaOverride?: SlaOverride;
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
  details?: Record<string, unknown>;
  /** A resubmission that changed the proposal: applied to the read model with the ledger entry. */
  proposal?: ProposalEdit;
}

/** All I/O of the project lifecycle. Each activity is idempotent: a retry changes nothing twice. */
export function createProjectActivities(db: Knex) {
  return withDataErrorsClassified(projectActivities(db));
}

function projectActivities(db: Knex) {
  return {
    ...createStageActivities(db),
    ...createDeciderReviewActivities(db),
    ...createConsultationActivities(db),
    async registerProject(input: ProjectLifecycleInput): Promise<void> {
      await db.transaction(async (trx) => {
      await trx('projects')
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
          required_capabilities: input.requiredCapabilities ?? DEFAULT_CAPABILITIES[input.category],
          beneficiaries_description: input.beneficiaries?.who ?? null,
          beneficiaries_count: input.beneficiaries?.count ?? null,
          origin: input.origin ?? 'staff',
        })
        .onConflict('id')
        .ignore();
      if (input.indicators?.length) {
        await trx('indicators')
          .insert(input.indicators.map((i) => ({ project_id: input.projectId, code: i.code, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target })))
          .onConflict(['project_id', 'code'])
          .ignore();
      }
      });
    },

    /** Opens a step with its SLA plan: policy version, working-day deadline and checkpoints. */
    async openStep(input: OpenStepInput): Promise<StepTicket> {
      const stepId = `${input.workflowId}:${input.type}:${input.round}`;
      const rule = STEP_RULES[input.type];
      const decider = input.decider ?? rule.decider;
      const usualRole = usualDecidingRole(input.type, decider);
      const openedAt = new Date(input.openedAt);
      const stored = await loadPolicy(db, input.type);
      if (!stored) throw ApplicationFailure.nonRetryable(`No SLA policy for step type ${input.type}`, 'ReferenceDataMissing');
      const policy = withOverride(stored, input.slaOverride);
      const calendar = await loadCalendar(db, input.unitCode, openedAt);
      // A resumed screening keeps the clock it had: its plan starts later by the length of the pause.
      let clockStart = openedAt;
      if (input.pause) {
        const paused = await db('steps').where({ id: input.pause.stepId }).first('opened_at');
        if (paused) clockStart = new Date(new Date(paused.opened_at).getTime() + (openedAt.getTime() - new Date(input.pause.from).getTime()));
      }
      const plan = planCheckpoints(policy, calendar, clockStart, input.type === 'resubmission');
      const checkpoints = plan.checkpoints.filter((c) => !input.pause || Date.parse(c.at) > openedAt.getTime() || c.kind !== 'at_risk');
      const deciders = await eligibleDeciders(db, input, decider);
      // A step the separation-of-duties rule handed to another authority is that authority's to decide.
      const decidingRole = deciders.decidingRole ?? usualRole;

      return db.transaction(async (trx) => {
        await trx('steps')
          .insert({
            id: stepId,
            project_id: input.projectId,
            type: input.type,
            round: input.round,
            status: 'active',
            deciding_role: decidingRole,
            responsible_team_code: policy.responsibleTeamCode ?? input.leadTeamCode,
            opened_at: openedAt,
            at_risk_at: plan.atRiskAt,
            due_at: plan.dueAt,
            policy_step_type: policy.stepType,
            policy_version: policy.version,
            sla_status: input.type === 'resubmission' ? 'paused' : 'on_track',
            decider,
            eligible_user_ids: deciders.eligible ? JSON.stringify(deciders.eligible) : null,
            recusals: JSON.stringify(deciders.recusals),
            quorum_rule_version: deciders.vote?.ruleVersion ?? null,
            separation_rule_version: deciders.separation?.ruleVersion ?? null,
            fallback_authority: deciders.separation?.fallback ?? null,
          })
          .onConflict('id')
          .ignore();
        await assignDefaultAccountable(trx, stepId);
        if (input.type === 'resubmission') {
          // The screening clock stops while the proposer works on the changes (R20: honest deadlines).
          const screeningId = `${input.workflowId}:screening:${input.round}`;
          await trx('sla_events').insert({ step_id: screeningId, kind: 'paused', level: 0, occurred_at: openedAt }).onConflict(['step_id', 'kind', 'level']).ignore();
        }
        if (input.pause) {
          await trx('sla_events').insert({ step_id: stepId, kind: 'resumed', level: 0, occurred_at: openedAt }).onConflict(['step_id', 'kind', 'level']).ignore();
        }
        if (input.change) {
          await trx('change_requests')
            .insert({
              step_id: stepId,
              project_id: input.projectId,
              kind: input.change.kind,
              description: input.change.description,
              budget_delta_vnd: input.change.budgetDeltaVnd,
              schedule_shift_days: input.change.scheduleShiftDays,
              requested_by: input.change.requestedBy,
              requested_at: openedAt,
            })
            .onConflict('step_id')
            .ignore();
        }
        if (input.consultation) await openConsultation(trx, { projectId: input.projectId, stepId, policy: input.consultation.policy, openedAt: input.openedAt, windowClosesAt: input.consultation.windowClosesAt });
        await trx('projects').where({ id: input.projectId }).update({ stage: input.stage ?? rule.stage, updated_at: openedAt });
        await enqueueNotification(trx, { dedupeKey: `${stepId}:opened`, projectId: input.projectId, stepId, kind: 'step_opened', recipientRole: deciders.notify ?? decidingRole, payload: { type: input.type, dueAt: plan.dueAt } });
        if (input.type === 'resubmission' || input.type === 'consultation') {
          // Residents without an account hear of it by phone: the coordinators are asked to call (no SMS gateway here).
          const contact = await trx('resident_proposals').where({ project_id: input.projectId }).first('contact_name', 'contact_phone');
          if (contact) {
            await enqueueNotification(trx, {
              dedupeKey: `${stepId}:resident_call_due`,
              projectId: input.projectId,
              stepId,
              kind: 'resident_call_due',
              recipientRole: 'coordinator',
              payload: { type: input.type, dueAt: plan.dueAt, contactName: contact.contact_name, contactPhone: contact.contact_phone },
            });
          }
        }
        const ticket: StepTicket = {
          stepId,
          type: input.type,
          round: input.round,
          decidingRole,
          eligibleUserIds: deciders.eligible,
          openedAt: input.openedAt,
          dueAt: plan.dueAt,
          policyVersion: policy.version,
          checkpoints,
          decider,
          recusals: deciders.recusals,
        };
        if (deciders.vote) ticket.vote = deciders.vote;
        if (deciders.separation?.fallback) ticket.fallback = deciders.separation.fallback;
        await flagIfNoDecider(trx, input, { ...ticket, decider }, deciders);
        return ticket;
      });
    },

    /** Appends the decision to the ledger and updates the read model in one transaction. */
    async recordDecision(input: RecordDecisionInput): Promise<{ seq: number; hash: string }> {
      return db.transaction(async (trx) => {
        // The read model first, the ledger last: the ledger's lock (one tail) is then held only for
        // the append and the commit, not across the other writes' round trips (issue 17).
        if (input.step.singleDecider) {
          await trx('steps')
            .where({ id: input.step.stepId, status: 'active' })
            .update({ status: 'decided', outcome: input.choice, closed_at: input.decidedAt });
        }
        if (input.step.type === 'consultation' && input.choice === 'submit') {
          // R22: the proposer's summary of what the consultation heard and how it was answered.
          await trx('consultations').where({ step_id: input.step.stepId }).whereNull('submitted_at').update({ summary: input.rationale, submitted_at: input.decidedAt });
        }
        const edit = input.proposal;
        const patch: Record<string, unknown> = { updated_at: input.decidedAt };
        if (edit?.title !== undefined) patch.title = edit.title;
        if (edit?.summary !== undefined) patch.summary = edit.summary;
        if (edit?.requestedBudgetVnd !== undefined) patch.requested_budget_vnd = edit.requestedBudgetVnd;
        if (edit?.requiredCapabilities !== undefined) patch.required_capabilities = edit.requiredCapabilities;
        await trx('projects').where({ id: input.projectId }).update(patch);
        if (edit?.indicators !== undefined) {
          await trx('indicators').where({ project_id: input.projectId }).delete();
          if (edit.indicators.length) {
            await trx('indicators').insert(edit.indicators.map((i) => ({ project_id: input.projectId, code: i.code, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target })));
          }
        }
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
          details: input.details ?? null,
        });
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
        await enqueueNotification(trx, {
          dedupeKey: `${input.stepId}:${checkpoint.kind}:${checkpoint.level ?? 0}`,
          projectId: input.projectId,
          stepId: input.stepId,
          kind: `sla_${checkpoint.kind}`,
          recipientRole: checkpoint.targetRole,
          payload: checkpoint,
        });
      });
    },

    async closeStep(input: { projectId: string; stepId: string; outcome: string; nextStage: Stage; closedAt: string }): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('steps').where({ id: input.stepId }).whereNot({ status: 'closed' }).update({ status: 'closed', outcome: input.outcome, closed_at: input.closedAt });
        await trx('projects').where({ id: input.projectId }).update({ stage: input.nextStage, updated_at: input.closedAt });
      });
    },

    async closeProject(input: {
      projectId: string;
      stage: Stage;
      reason: string;
      closedAt: string;
      openStepId: string | null;
      evaluation?: { outcome: string; recommendation: string };
    }): Promise<void> {
      await db.transaction(async (trx) => {
        // Every step still open ends with the project (execution may have side steps open); a step
        // already decided keeps its decision and the time it was made (R21: the record says what happened when).
        await trx('steps').where({ project_id: input.projectId, status: 'active' }).update({ status: 'closed', outcome: input.stage, closed_at: input.closedAt });
        await trx('projects')
          .where({ id: input.projectId })
          .update({
            stage: input.stage,
            updated_at: input.closedAt,
            closed_at: input.closedAt,
            close_reason: input.reason,
            ...(input.evaluation ? { outcome: input.evaluation.outcome, recommendation: input.evaluation.recommendation } : {}),
          });
        await enqueueNotification(trx, { dedupeKey: `${input.projectId}:closed:${input.stage}`, projectId: input.projectId, kind: `project_${input.stage}`, payload: { reason: input.reason } });
      });
    },
  };
}

export type ProjectActivities = ReturnType<typeof createProjectActivities>;

/** The role that decides a step when no separation-of-duties fallback applies. */
export function usualDecidingRole(type: StepType, decider: Decider): string {
  return decider === 'board' || decider === 'board_chair' ? 'board_member' : decider === 'lead_team' || decider === 'alliance' ? 'team_lead' : STEP_RULES[type].decidingRole;
}

export interface Deciders {
  eligible?: string[];
  recusals: Recusal[];
  vote?: { rule: QuorumRule; ruleVersion: number; voters: EligibleVoter[] };
  /** The separation-of-duties rule applied, and the authority the step fell back to (null: none needed). */
  separation?: { ruleVersion: number; fallback: FallbackAuthority | null };
  /** Set when the step fell back: the role of those who decide it now, and whom its opening notifies. */
  decidingRole?: string;
  notify?: string;
}

/** The separation-of-duties rule in force now (R18), or the built-in one (version 0) before any is stored. */
export async function loadSeparationRule(db: Knex): Promise<{ rule: SeparationRule; version: number }> {
  const row = await db('separation_rules').where('active_from', '<=', db.fn.now()).orderBy('version', 'desc').first();
  if (!row) return { rule: DEFAULT_SEPARATION_RULE, version: 0 };
  return { rule: { proposerExcluded: row.proposer_excluded, deliveringTeamExcluded: row.delivering_team_excluded, fallback: row.fallback }, version: row.version };
}

/** Active users of the unit holding an authority the rule may fall back to. */
async function authorityCandidates(db: Knex, unitCode: string, authority: FallbackAuthority): Promise<Candidate[]> {
  const q = db('users as u').where({ 'u.active': true, 'u.unit_code': unitCode }).orderBy('u.id').select('u.id as userId', 'u.role', 'u.team_code as teamCode');
  if (authority === 'coordinator') q.where('u.role', 'coordinator');
  else if (authority === 'board_chair') {
    q.whereExists((m) =>
      m
        .select(db.raw('1'))
        .from('board_members as m')
        .join('boards as b', 'b.id', 'm.board_id')
        .whereRaw('m.user_id = u.id AND m.is_chair AND b.unit_code = ?', [unitCode])
        .andWhere((w) => w.whereNull('m.until').orWhere('m.until', '>=', db.raw(VIETNAM_TODAY_SQL))),
    );
  } else q.whereIn('u.id', db('units').where({ code: unitCode }).whereNotNull('chair_user_id').select('chair_user_id'));
  return q;
}

/** The usual deciders of a step decided by one person: the role's people in the unit, or a team's leads. */
async function usualCandidates(db: Knex, input: OpenStepInput, decider: Decider): Promise<Candidate[]> {
  if (decider === 'lead_team' || decider === 'alliance') {
    const q = db('users as u').join('teams as t', 't.code', 'u.team_code').where({ 'u.role': 'team_lead', 'u.active': true, 't.unit_code': input.unitCode });
    if (decider === 'lead_team') q.where('t.code', input.leadTeamCode);
    else q.where('t.oversight', true);
    return q.orderBy('u.id').select('u.id as userId', 'u.role', 'u.team_code as teamCode');
  }
  return db('users as u')
    .where({ 'u.active': true, 'u.unit_code': input.unitCode, 'u.role': STEP_RULES[input.type].decidingRole })
    .orderBy('u.id')
    .select('u.id as userId', 'u.role', 'u.team_code as teamCode');
}

const VIETNAM_TODAY_SQL = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date";

/**
 * Who may decide a step, fixed when it opens (R18, R21). Board steps: current members minus the
 * proposer, anyone who declared a conflict on this project or with one of its partners, and anyone
 * linked to a partner of the project; each left out is told why. Steps one person decides: the
 * role's people in the unit (or the team's leads) minus those the separation-of-duties rule leaves
 * out; when it leaves nobody, the step goes to the next authority the rule names (another
 * coordinator, the board chair, the unit chair), and the fallback is recorded with the rule version.
 * Exported: re-evaluating an open step's deciders calls it with the same input.
 */
export async function eligibleDeciders(db: Knex, input: OpenStepInput, decider: Decider): Promise<Deciders> {
  if (decider === 'proposer') {
    // Residents who proposed from the portal have no account (issue 16): the unit's coordinators act
    // for them (a resubmission, a consultation's summary), and the ledger names who did.
    const project = await db('projects').where({ id: input.projectId }).first('origin');
    if (project?.origin !== 'residents') return { eligible: [input.proposerUserId], recusals: [] };
    const coordinators: string[] = await db('users').where({ active: true, unit_code: input.unitCode, role: 'coordinator' }).orderBy('id').pluck('id');
    return { eligible: coordinators, recusals: [], decidingRole: 'coordinator', notify: 'coordinator' };
  }
  const separation = await loadSeparationRule(db);
  const step = { type: input.type, proposerUserId: input.proposerUserId, leadTeamCode: input.leadTeamCode };
  const recusals: Recusal[] = [];
  const recuse = (userId: string, code: RecusalCode, ruleVersion?: number, detail?: string) => {
    if (recusals.some((r) => r.userId === userId)) return;
    recusals.push({ userId, code, reason: detail ? `${RECUSAL_REASONS[code]}: ${detail}` : RECUSAL_REASONS[code], ...(ruleVersion !== undefined ? { ruleVersion } : {}) });
  };
  /** Those of `people` the rule keeps; the others are recorded as recused. */
  const keep = (people: Candidate[]): string[] =>
    people
      .filter((c) => {
        const code = excludedBy(separation.rule, step, c);
        if (code) recuse(c.userId, code, separation.version);
        return !code;
      })
      .map((c) => c.userId);
  /** Walks the rule's fallback authorities once the usual deciders are all left out. */
  const fallBack = async (): Promise<Deciders> => {
    for (const authority of separation.rule.fallback[input.type] ?? []) {
      const people = await authorityCandidates(db, input.unitCode, authority);
      const eligible = keep(people);
      if (eligible.length) {
        const decidingRole = authority === 'coordinator' ? 'coordinator' : authority === 'board_chair' ? 'board_member' : people.find((p) => p.userId === eligible[0])!.role;
        return { eligible, recusals, separation: { ruleVersion: separation.version, fallback: authority }, decidingRole, notify: authority };
      }
    }
    // Nobody is left: the step opens without a decider and says so (its escalation reaches the unit).
    return { eligible: [], recusals, separation: { ruleVersion: separation.version, fallback: null } };
  };

  if (decider !== 'board' && decider !== 'board_chair') {
    const people = await usualCandidates(db, input, decider);
    const eligible = keep(people);
    if (eligible.length || recusals.length === 0) return { eligible, recusals, ...(recusals.length ? { separation: { ruleVersion: separation.version, fallback: null } } : {}) };
    return fallBack();
  }

  const members: { user_id: string; seat: BoardSeat; is_chair: boolean; partner_id: string | null; role: string; team_code: string | null }[] = await db('board_members as m')
    .join('boards as b', 'b.id', 'm.board_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where('b.unit_code', input.unitCode)
    .andWhere('u.active', true)
    // A seat held today in Vietnam, whatever the database server's time zone.
    .andWhere((q) => q.whereNull('m.until').orWhere('m.until', '>=', db.raw(VIETNAM_TODAY_SQL)))
    .orderBy('m.user_id')
    .select('m.user_id', 'm.seat', 'm.is_chair', 'u.partner_id', 'u.role', 'u.team_code');
  const projectPartners = new Set<string>(
    (
      await db
        .select('partner_id')
        .from('commitments')
        .where({ project_id: input.projectId })
        .union((q) => q.select('partner_id').from('pledges').where({ project_id: input.projectId }).whereNotNull('partner_id'))
    ).map((r: { partner_id: string }) => r.partner_id),
  );
  const declared: { user_id: string; project_id: string | null; partner_id: string | null; reason: string }[] = await db('conflicts_of_interest')
    .whereIn('user_id', members.map((m) => m.user_id))
    .andWhere((q) => q.where('project_id', input.projectId).orWhereIn('partner_id', [...projectPartners]))
    .select('user_id', 'project_id', 'partner_id', 'reason');

  const eligible: typeof members = [];
  for (const m of members) {
    const conflict = declared.find((d) => d.user_id === m.user_id);
    // A board vote always leaves its proposer out, whatever the rule in force says (the first release did).
    const code = m.user_id === input.proposerUserId ? 'proposer' : excludedBy(separation.rule, step, { userId: m.user_id, role: m.role, teamCode: m.team_code });
    if (code) recuse(m.user_id, code, separation.rule.proposerExcluded.includes(input.type) || code !== 'proposer' ? separation.version : undefined);
    else if (conflict) recuse(m.user_id, 'conflict_of_interest', undefined, conflict.reason);
    else if (m.partner_id && projectPartners.has(m.partner_id)) recuse(m.user_id, 'partner_link');
    else eligible.push(m);
  }
  if (decider === 'board_chair') {
    const chairs = members.filter((m) => m.is_chair).map((m) => m.user_id);
    const chairRecusals = recusals.filter((r) => chairs.includes(r.userId));
    recusals.splice(0, recusals.length, ...chairRecusals);
    const eligibleChairs = eligible.filter((m) => m.is_chair).map((m) => m.user_id);
    if (eligibleChairs.length || chairRecusals.length === 0) return { eligible: eligibleChairs, recusals };
    return fallBack();
  }

  const ruleRow = await db('quorum_rules').where('active_from', '<=', db.fn.now()).orderBy('version', 'desc').first();
  const rule: QuorumRule = ruleRow
    ? { minVoters: ruleRow.min_voters, majority: ruleRow.majority, requireNonGovernment: ruleRow.require_non_government, abstentionsCountAsPresent: ruleRow.abstentions_count_as_present }
    : DEFAULT_QUORUM;
  return {
    eligible: eligible.map((m) => m.user_id),
    recusals,
    vote: { rule, ruleVersion: ruleRow?.version ?? 0, voters: eligible.map((m) => ({ userId: m.user_id, seat: m.seat })) },
  };
}
