import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/activity';
import { addWorkingDays } from '../domain/calendar';
import { VOLUNTEER_HOUR_RATE_VND, type CommandKind, type StepType } from '../domain/lifecycle';
import { rankCandidates, type PartnerProfile } from '../domain/matching';
import { fundingMix, type FundingSource } from '../domain/funding';
import type { FeedbackInput, InvitationState, MilestoneState, SlaCheckpoint, StageCommand } from '../domain/project';
import { ledgerFieldsOf, type CommandRecord } from '../domain/commands';
import { planCheckpoints, withOverride, type SlaOverride, type SlaOverrides } from '../domain/sla';
import { appendDecision } from '../store/ledger';
import { enqueueNotification } from './notifications';
import { loadCalendar, loadPolicy } from '../store/sla-policies';

export interface RecordCommandInput {
  projectId: string;
  workflowId: string;
  runId: string;
  updateId: string;
  stepId: string;
  stepType: StepType;
  policyVersion: number;
  unitCode: string;
  command: StageCommand;
  ledgerKind: CommandKind;
  decidedAt: string;
  /** The project's own durations (workflow input), for invitation deadlines and extensions. */
  slaOverrides?: SlaOverrides;
}

/** What the workflow's `apply` reads (domain/commands). */
export type RecordCommandResult = CommandRecord;

/** A stable id from the command's own identity, so a retried activity writes the same rows. */
function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A due date (YYYY-MM-DD) means the end of that working day in Vietnam. */
const endOfDay = (day: string) => new Date(`${day}T17:00:00+07:00`).toISOString();

async function policyOrFail(db: Knex, type: string) {
  const policy = await loadPolicy(db, type);
  if (!policy) throw ApplicationFailure.nonRetryable(`No SLA policy for ${type}`, 'ReferenceDataMissing');
  return policy;
}

/** The I/O of partner matching, funding, execution and evaluation. Every activity is idempotent. */
export function createStageActivities(db: Knex) {
  return {
    /** Ranks registered partners for each needed capability, with reasons (R1, R12). */
    async proposeCandidates(input: { projectId: string; unitCode: string; capabilities: string[] }): Promise<{ capability: string; partnerIds: string[] }[]> {
      const rows = await db('partners as p')
        .select(
          'p.id',
          'p.name',
          'p.kind',
          'p.capabilities',
          'p.unit_code',
          db.raw(`(SELECT count(*) FROM commitments c JOIN projects pr ON pr.id = c.project_id WHERE c.partner_id = p.id AND c.status = 'committed' AND pr.closed_at IS NULL)::int AS active`),
          db.raw(`(SELECT count(*) FROM commitments c WHERE c.partner_id = p.id AND c.status = 'withdrawn')::int AS withdrawals`),
          db.raw(`(SELECT count(*) FROM commitments c JOIN projects pr ON pr.id = c.project_id WHERE c.partner_id = p.id AND c.status = 'committed' AND pr.stage = 'closed')::int AS completed`),
        )
        .orderBy('p.id');
      const partners: PartnerProfile[] = rows.map((r: Record<string, any>) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        capabilities: r.capabilities,
        unitCode: r.unit_code,
        activeCommitments: r.active,
        withdrawals: r.withdrawals,
        completedProjects: r.completed,
      }));
      const computedAt = new Date();
      const result: { capability: string; partnerIds: string[] }[] = [];
      await db.transaction(async (trx) => {
        for (const capability of input.capabilities) {
          const ranked = rankCandidates({ capability, unitCode: input.unitCode }, partners, 5);
          result.push({ capability, partnerIds: ranked.map((c) => c.partner.id) });
          await trx('match_candidates').where({ project_id: input.projectId, capability }).delete();
          if (ranked.length) {
            await trx('match_candidates').insert(
              ranked.map((c, i) => ({ project_id: input.projectId, capability, partner_id: c.partner.id, rank: i + 1, score: c.score, reasons: JSON.stringify(c.reasons), computed_at: computedAt })),
            );
          }
        }
      });
      return result;
    },

    /** Appends a stage command to the ledger and applies it to the read model, in one transaction. */
    async recordCommand(input: RecordCommandInput): Promise<RecordCommandResult> {
      const { command: cmd } = input;
      const at = new Date(input.decidedAt);
      // Plans and deadlines read before the transaction: they depend only on reference data.
      const invitePlan =
        cmd.kind === 'invite'
          ? planCheckpoints(withOverride(await policyOrFail(db, 'invitation_response'), input.slaOverrides?.invitation_response), await loadCalendar(db, input.unitCode, at), at, true)
          : null;
      return db.transaction(async (trx) => {
        // Rationale and evidence as the command's registry entry names them; the rest of the command as details.
        const fields = ledgerFieldsOf(cmd);
        const entry = await appendDecision(trx, {
          projectId: input.projectId,
          stepId: input.stepId,
          stepType: input.stepType,
          workflowId: input.workflowId,
          runId: input.runId,
          updateId: input.updateId,
          actorUserId: cmd.actor.userId,
          actorName: cmd.actor.displayName,
          actorRole: cmd.actor.role,
          choice: input.ledgerKind,
          rationale: fields.rationale,
          evidence: fields.evidence,
          conflictOfInterest: null,
          policyVersion: input.policyVersion,
          decidedAt: input.decidedAt,
          details: fields.details,
        });
        const result: RecordCommandResult = { seq: entry.seq, hash: entry.hash };
        const outbox = (dedupeKey: string, kind: string, payload: object, recipientRole: string) =>
          enqueueNotification(trx, { dedupeKey, projectId: input.projectId, stepId: input.stepId, kind, recipientRole, payload });

        switch (cmd.kind) {
          case 'invite': {
            const id = derivedUuid(input.workflowId, input.updateId);
            const partner = await trx('partners').where({ id: cmd.partnerId }).first('name');
            await trx('invitations')
              .insert({ id, project_id: input.projectId, partner_id: cmd.partnerId, capability: cmd.capability, status: 'invited', invited_by: cmd.actor.userId, invited_at: at, remind_at: invitePlan!.atRiskAt, due_at: invitePlan!.dueAt })
              .onConflict('id')
              .ignore();
            await outbox(`${id}:invited`, 'invitation_sent', { invitationId: id, capability: cmd.capability, dueAt: invitePlan!.dueAt, partnerId: cmd.partnerId }, 'partner');
            result.invitation = { id, partnerId: cmd.partnerId, partnerName: partner?.name ?? '', capability: cmd.capability, remindAt: invitePlan!.atRiskAt, dueAt: invitePlan!.dueAt };
            break;
          }
          case 'respond': {
            const inv = await trx('invitations').where({ id: cmd.invitationId }).first();
            await trx('invitations')
              .where({ id: cmd.invitationId, status: 'invited' })
              .update({ status: cmd.accept ? 'accepted' : 'declined', responded_at: at, resources: cmd.resources ?? null, reason: cmd.reason ?? null });
            if (cmd.accept && inv) {
              await trx('commitments')
                .insert({ project_id: input.projectId, partner_id: inv.partner_id, capability: inv.capability, status: 'committed', resources: cmd.resources ?? null, committed_at: at })
                .onConflict(['project_id', 'partner_id', 'capability'])
                .merge({ status: 'committed', resources: cmd.resources ?? null, committed_at: at, withdrawn_at: null });
            }
            await outbox(`${cmd.invitationId}:${cmd.accept ? 'accepted' : 'declined'}`, cmd.accept ? 'invitation_accepted' : 'invitation_declined', { invitationId: cmd.invitationId }, 'coordinator');
            break;
          }
          case 'waive':
            await trx('waivers').insert({ project_id: input.projectId, gap: cmd.gap, capability: cmd.capability ?? null, rationale: cmd.rationale, decided_by: cmd.actor.userId, ledger_seq: entry.seq, decided_at: at }).onConflict().ignore();
            break;
          case 'set_plan': {
            await trx('budget_lines').where({ project_id: input.projectId }).delete();
            await trx('budget_lines').insert(cmd.plan.lines.map((l, i) => ({ project_id: input.projectId, position: i + 1, label: l.label, amount_vnd: l.amountVnd })));
            await trx('milestones').where({ project_id: input.projectId, status: 'open' }).delete();
            const milestones = cmd.plan.milestones.map((m) => ({ project_id: input.projectId, code: m.code, title: m.title, owner_team_code: m.ownerTeamCode, due_at: endOfDay(m.dueDate), status: 'open' }));
            await trx('milestones').insert(milestones).onConflict(['project_id', 'code']).ignore();
            const total = cmd.plan.lines.reduce((s, l) => s + l.amountVnd, 0);
            await trx('projects').where({ id: input.projectId }).update({ planned_budget_vnd: total, updated_at: at });
            result.milestones = milestones.map((m) => ({ code: m.code, ownerTeamCode: m.owner_team_code, dueAt: m.due_at, completed: false }));
            break;
          }
          case 'pledge': {
            const valueVnd = cmd.source === 'volunteer_hours' ? Math.round((cmd.hours ?? 0) * VOLUNTEER_HOUR_RATE_VND) : cmd.amountVnd;
            await trx('pledges')
              .insert({
                id: derivedUuid(input.workflowId, input.updateId),
                project_id: input.projectId,
                partner_id: cmd.partnerId ?? null,
                source: cmd.source,
                amount_vnd: cmd.amountVnd,
                hours: cmd.hours ?? null,
                value_vnd: valueVnd,
                status: 'pledged',
                note: cmd.note ?? null,
                recorded_by: cmd.actor.userId,
                pledged_at: at,
              })
              .onConflict('id')
              .ignore();
            await refreshFunding(trx, input.projectId, at);
            break;
          }
          case 'complete_milestone':
            await trx('milestones')
              .where({ project_id: input.projectId, code: cmd.milestoneCode, status: 'open' })
              .update({ status: 'completed', evidence: JSON.stringify(cmd.evidence), completed_by: cmd.actor.userId, completed_at: at });
            break;
          case 'withdraw_partner': {
            await trx('commitments').where({ project_id: input.projectId, partner_id: cmd.partnerId, status: 'committed' }).update({ status: 'withdrawn', withdrawn_at: at });
            await trx('pledges').where({ project_id: input.projectId, partner_id: cmd.partnerId, status: 'pledged' }).update({ status: 'cancelled', cancelled_at: at });
            await refreshFunding(trx, input.projectId, at);
            const exists = await trx('early_warnings').where({ project_id: input.projectId, ledger_seq: entry.seq }).first('id');
            if (!exists) {
              await trx('early_warnings').insert({ project_id: input.projectId, kind: 'partner_withdrawal', partner_id: cmd.partnerId, detail: cmd.reason, ledger_seq: entry.seq, occurred_at: at });
            }
            await outbox(`${input.projectId}:withdrawal:${entry.seq}`, 'early_warning', { kind: 'partner_withdrawal', partnerId: cmd.partnerId, reason: cmd.reason }, 'team_lead');
            break;
          }
          case 'record_indicator':
            await trx('indicators').where({ project_id: input.projectId, code: cmd.indicatorCode }).update({ actual: cmd.actual, evidence: JSON.stringify(cmd.evidence), recorded_at: at });
            break;
          case 'extend_sla': {
            const step = await trx('steps').where({ id: cmd.stepId }).first();
            const stored = await loadPolicy(trx, step.policy_step_type);
            const policy = stored && withOverride(stored, input.slaOverrides?.[step.policy_step_type]);
            const calendar = await loadCalendar(trx, input.unitCode, at);
            const oldDue = new Date(step.due_at);
            const newDue = addWorkingDays(calendar, oldDue, cmd.workingDays);
            const shift = newDue.getTime() - oldDue.getTime();
            const plan = policy ? planCheckpoints(policy, calendar, new Date(step.opened_at)) : null;
            const checkpoints = (plan?.checkpoints ?? [])
              .map((c) => ({ ...c, at: new Date(Date.parse(c.at) + shift).toISOString() }))
              .filter((c) => Date.parse(c.at) > at.getTime());
            const atRisk = checkpoints.find((c) => c.kind === 'at_risk');
            await trx('steps')
              .where({ id: cmd.stepId })
              .update({ due_at: newDue, at_risk_at: atRisk ? atRisk.at : step.at_risk_at, sla_status: 'on_track', escalation_level: 0 });
            await trx('sla_events').insert({ step_id: cmd.stepId, kind: `extended`, level: entry.seq, occurred_at: at }).onConflict(['step_id', 'kind', 'level']).ignore();
            result.ticket = { dueAt: newDue.toISOString(), checkpoints };
            break;
          }
          case 'reassign':
            // Issue 13: the step's accountable person changes; the new one is told (R20).
            await trx('steps').where({ id: cmd.stepId }).update({ assignee_user_id: cmd.assigneeUserId, assignee_name: cmd.assigneeName, assigned_at: at });
            await enqueueNotification(trx, {
              dedupeKey: `${cmd.stepId}:reassigned:${entry.seq}`,
              projectId: input.projectId,
              stepId: cmd.stepId,
              kind: 'step_reassigned',
              recipientUserId: cmd.assigneeUserId,
              payload: { stepId: cmd.stepId, stepType: input.stepType, reason: cmd.reason, by: cmd.actor.displayName, previous: cmd.previousName },
            });
            break;
          case 'record_front_opinion':
            // R22: the Fatherland Front's opinion, recorded by a coordinator on the Front's behalf.
            await trx('consultations').where({ step_id: input.stepId }).whereNull('front_opinion').update({
              front_opinion: cmd.opinion,
              front_letter_date: cmd.letterDate,
              front_document_ref: cmd.documentRef ?? null,
              front_recorded_by: cmd.actor.userId,
              front_recorded_at: at,
            });
            break;
          case 'request_change':
          case 'cancel':
            // The workflow opens the change's step, or runs the cancellation's compensations.
            break;
          default: {
            // Every command kind has its read-model writes here (a new kind fails to compile until it does).
            const unhandled: never = cmd;
            throw ApplicationFailure.nonRetryable(`No read-model writes for command ${(unhandled as StageCommand).kind}`, 'InvalidData');
          }
        }
        await trx('projects').where({ id: input.projectId }).update({ updated_at: at });
        return result;
      });
    },

    /** An invitation's reminder or expiry (its response deadline passed without an answer). */
    async invitationEvent(input: { projectId: string; invitationId: string; event: 'reminded' | 'expired'; at: string }): Promise<void> {
      await db.transaction(async (trx) => {
        if (input.event === 'reminded') await trx('invitations').where({ id: input.invitationId }).update({ reminded_at: input.at });
        else await trx('invitations').where({ id: input.invitationId, status: 'invited' }).update({ status: 'expired' });
        await enqueueNotification(trx, {
          dedupeKey: `${input.invitationId}:${input.event}`,
          projectId: input.projectId,
          kind: `invitation_${input.event}`,
          recipientRole: input.event === 'reminded' ? 'partner' : 'coordinator',
          payload: { invitationId: input.invitationId },
        });
      });
    },

    /** Applies an approved change (budget, schedule) or records its rejection. */
    async applyChange(input: { projectId: string; stepId: string; approved: boolean; unitCode: string; at: string }): Promise<{ planTotalVnd: number | null; milestoneDueAt: Record<string, string> }> {
      return db.transaction(async (trx) => {
        const change = await trx('change_requests').where({ step_id: input.stepId }).first();
        const project = await trx('projects').where({ id: input.projectId }).first('planned_budget_vnd');
        const current = project?.planned_budget_vnd == null ? null : Number(project.planned_budget_vnd);
        if (!change || change.status !== 'open') {
          const rows = await trx('milestones').where({ project_id: input.projectId }).select('code', 'due_at');
          return { planTotalVnd: current, milestoneDueAt: Object.fromEntries(rows.map((r: any) => [r.code, new Date(r.due_at).toISOString()])) };
        }
        await trx('change_requests').where({ step_id: input.stepId }).update({ status: input.approved ? 'approved' : 'rejected' });
        let planTotalVnd = current;
        if (input.approved && change.kind === 'budget') {
          planTotalVnd = (current ?? 0) + Number(change.budget_delta_vnd);
          await trx('projects').where({ id: input.projectId }).update({ planned_budget_vnd: planTotalVnd });
        }
        if (input.approved && change.kind === 'schedule' && change.schedule_shift_days !== 0) {
          const calendar = await loadCalendar(trx, input.unitCode, new Date(input.at));
          const open = await trx('milestones').where({ project_id: input.projectId, status: 'open' }).select('code', 'due_at');
          for (const m of open) {
            const due = addWorkingDays(calendar, new Date(m.due_at), change.schedule_shift_days);
            await trx('milestones').where({ project_id: input.projectId, code: m.code }).update({ due_at: due });
          }
        }
        const rows = await trx('milestones').where({ project_id: input.projectId }).select('code', 'due_at');
        return { planTotalVnd, milestoneDueAt: Object.fromEntries(rows.map((r: any) => [r.code, new Date(r.due_at).toISOString()])) };
      });
    },

    /** Opens the citizens' feedback window (R8, R19); its length is the `feedback_window` policy. */
    async openFeedbackWindow(input: { projectId: string; unitCode: string; openedAt: string; slaOverride?: SlaOverride }): Promise<{ closesAt: string }> {
      const at = new Date(input.openedAt);
      const existing = await db('projects').where({ id: input.projectId }).first('feedback_closes_at');
      if (existing?.feedback_closes_at) return { closesAt: new Date(existing.feedback_closes_at).toISOString() };
      const plan = planCheckpoints(withOverride(await policyOrFail(db, 'feedback_window'), input.slaOverride), await loadCalendar(db, input.unitCode, at), at, true);
      await db.transaction(async (trx) => {
        await trx('projects').where({ id: input.projectId }).update({ feedback_closes_at: plan.dueAt });
        await enqueueNotification(trx, { dedupeKey: `${input.projectId}:feedback_open`, projectId: input.projectId, kind: 'feedback_open', payload: { closesAt: plan.dueAt } });
      });
      return { closesAt: plan.dueAt };
    },

    async closeFeedbackWindow(input: { projectId: string; at: string }): Promise<void> {
      const summary = await db('feedback').where({ project_id: input.projectId }).first(db.raw('count(*)::int AS count'), db.raw('avg(rating)::float AS average'));
      await enqueueNotification(db, { dedupeKey: `${input.projectId}:feedback_closed`, projectId: input.projectId, kind: 'feedback_closed', payload: summary ?? {} });
    },

    async recordFeedback(input: { projectId: string; updateId: string; feedback: FeedbackInput; submittedAt: string }): Promise<void> {
      await db('feedback')
        .insert({ project_id: input.projectId, update_id: input.updateId, rating: input.feedback.rating, comment: input.feedback.comment ?? null, channel: input.feedback.channel, submitted_at: input.submittedAt })
        .onConflict('update_id')
        .ignore();
    },

    /**
     * Compensation when a project is cancelled or fails: pledges are released, open invitations
     * withdrawn, and every partner involved is told. Safe to run more than once.
     */
    async compensateCancellation(input: { projectId: string; reason: string; at: string }): Promise<{ pledgesReleased: number; partnersNotified: number }> {
      return db.transaction(async (trx) => {
        const released = await trx('pledges').where({ project_id: input.projectId, status: 'pledged' }).update({ status: 'cancelled', cancelled_at: input.at });
        await trx('invitations').where({ project_id: input.projectId, status: 'invited' }).update({ status: 'cancelled' });
        await refreshFunding(trx, input.projectId, new Date(input.at));
        const partners: { partner_id: string }[] = await trx
          .select('partner_id')
          .from('commitments')
          .where({ project_id: input.projectId })
          .union((q) => q.select('partner_id').from('invitations').where({ project_id: input.projectId }))
          .union((q) => q.select('partner_id').from('pledges').where({ project_id: input.projectId }).whereNotNull('partner_id'));
        for (const p of partners) {
          await enqueueNotification(trx, {
            dedupeKey: `${input.projectId}:cancelled:${p.partner_id}`,
            projectId: input.projectId,
            kind: 'project_cancelled_partner',
            recipientRole: 'partner',
            payload: { partnerId: p.partner_id, reason: input.reason },
          });
        }
        return { pledgesReleased: released, partnersNotified: partners.length };
      });
    },
  };
}

/** Pledged total and non-state share of a project, from its live pledges (R6). */
async function refreshFunding(trx: Knex.Transaction, projectId: string, at: Date): Promise<void> {
  const rows: { source: FundingSource; amount_vnd: string; hours: string | null }[] = await trx('pledges').where({ project_id: projectId, status: 'pledged' }).select('source', 'amount_vnd', 'hours');
  const mix = fundingMix(
    rows.map((r) => ({ source: r.source, amountVnd: Number(r.amount_vnd), hours: r.hours === null ? undefined : Number(r.hours), status: 'pledged' as const })),
    { volunteerHourRateVnd: VOLUNTEER_HOUR_RATE_VND },
  );
  await trx('projects').where({ id: projectId }).update({ pledged_vnd: mix.totalVnd, non_state_share: mix.totalVnd ? mix.nonStateShare : null, updated_at: at });
}
