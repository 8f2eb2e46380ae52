/** Commands of any stage: cancellation (R24), a deadline extension (R17), a reassignment (issue 13). */
import { mayReassign } from '../assignment';
import type { Actor } from '../roles';
import type { CommandEntry } from './types';
import { blank, closedRefusal, findStep, isCoordinator, notAllowed, refuse } from './rules';

export type CancelCommand = { kind: 'cancel'; actor: Actor; rationale: string };
export type ExtendSlaCommand = { kind: 'extend_sla'; actor: Actor; stepId: string; workingDays: number; reason: string };
/** The step's accountable person changes (domain/assignment.ts); the API has checked the new one is eligible. */
export type ReassignCommand = {
  kind: 'reassign';
  actor: Actor;
  stepId: string;
  assigneeUserId: string;
  assigneeName: string;
  previousUserId: string | null;
  previousName: string | null;
  responsibleTeamCode: string | null;
  reason: string;
};

export const cancel = {
  kind: 'cancel',
  http: {
    path: '/projects/:id/cancellation',
    target: 'project',
    permission: 'projects.cancel',
    body: 'CancellationBody',
    what: 'cancel the project with a rationale; the board chair only',
    doc: {
      operationId: 'cancelProject',
      tag: 'Projects',
      description: 'The board chair cancels the project; pledges are released and open invitations cancelled (compensation). Answers once the project has ended.',
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['RationaleRequired'],
    },
  },
  step: 'main',
  ledgerKinds: ['cancel'],
  ledgerKind: () => 'cancel',
  ledger: (cmd) => ({ rationale: cmd.rationale, evidence: [] }),
  validate: (state, cmd) => {
    const closed = closedRefusal(state);
    if (closed) return closed;
    if (!cmd.actor.boardChair) return notAllowed(state, cmd);
    if (blank(cmd.rationale)) return refuse('RationaleRequired', 'A cancellation needs a rationale', 'rationale');
    if (state.cancelling) return refuse('ProjectClosed', 'The project is being cancelled');
    return null;
  },
  // The workflow cancels its stages; the compensations release pledges and tell the partners.
  apply: (_state, cmd) => ({ cancelRequested: { rationale: cmd.rationale, actorName: cmd.actor.displayName } }),
} satisfies CommandEntry<CancelCommand, 'CancellationBody'>;

export const extendSla = {
  kind: 'extend_sla',
  http: {
    path: '/steps/:id/extensions',
    target: 'step',
    permission: 'steps.extend',
    body: 'ExtensionBody',
    what: "extend a step's deadline by working days, with a reason",
    doc: {
      operationId: 'extendStep',
      tag: 'Steps',
      description: "Moves an open step's deadline by a number of working days; the reason goes to the ledger.",
      parameters: ['StepId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['StepNotActive', 'RationaleRequired'],
    },
  },
  step: (cmd) => ({ stepId: cmd.stepId }),
  ledgerKinds: ['extend_sla'],
  ledgerKind: () => 'extend_sla',
  ledger: (cmd) => ({ rationale: cmd.reason, evidence: [] }),
  validate: (state, cmd) => {
    const closed = closedRefusal(state);
    if (closed) return closed;
    if (!isCoordinator(cmd.actor)) return notAllowed(state, cmd);
    const open = findStep(state, cmd.stepId);
    if (!open || open.claimed || !open.ticket.dueAt) return refuse('StepNotActive', `Step ${cmd.stepId} is not open`);
    if (blank(cmd.reason)) return refuse('RationaleRequired', 'Say why the deadline moves', 'reason');
    return null;
  },
  // The new deadline and checkpoints come from the activity (working days need the calendar); the clock starts over.
  apply: (state, cmd, record) => {
    const open = findStep(state, cmd.stepId);
    if (!open || !record.ticket) return {};
    return {
      step: {
        stepId: cmd.stepId,
        set: { ticket: { ...open.ticket, dueAt: record.ticket.dueAt, checkpoints: record.ticket.checkpoints }, checkpointsPassed: 0, extensions: (open.extensions ?? 0) + 1, slaStatus: 'on_track' },
      },
    };
  },
} satisfies CommandEntry<ExtendSlaCommand, 'ExtensionBody'>;

export const reassign = {
  kind: 'reassign',
  http: {
    path: '/steps/:id/assignee',
    target: 'step',
    permission: 'steps.reassign',
    body: 'ReassignmentBody',
    what: "reassign a step to another accountable person, with a reason; a team lead only their own team's steps",
    doc: {
      operationId: 'reassignStep',
      tag: 'Steps',
      description:
        "Makes another person accountable for an open step, with a required reason: a Temporal Update recorded in the ledger as `reassign` (who, when, why, the previous and the new person); the new person is notified. A coordinator or admin reassigns any step, a team lead only their own team's. The new person must be an active member of the unit with the step's deciding role, not recused from it.",
      parameters: ['StepId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['StepNotActive', 'RationaleRequired', 'AssigneeNotEligible'],
    },
  },
  step: (cmd) => ({ stepId: cmd.stepId }),
  ledgerKinds: ['reassign'],
  ledgerKind: () => 'reassign',
  ledger: (cmd) => ({ rationale: cmd.reason, evidence: [] }),
  validate: (state, cmd) => {
    // A command kind of its own: histories recorded before it never carry it, so they replay unchanged.
    const closed = closedRefusal(state);
    if (closed) return closed;
    if (!mayReassign(cmd.actor, cmd)) return notAllowed(state, cmd);
    const open = findStep(state, cmd.stepId);
    if (!open || open.claimed) return refuse('StepNotActive', `Step ${cmd.stepId} is not open`);
    if (blank(cmd.reason)) return refuse('RationaleRequired', 'Say why the step changes hands', 'reason');
    return null;
  },
  // The accountable person lives in the read model only; the workflow's state does not change.
  apply: () => ({}),
} satisfies CommandEntry<ReassignCommand, 'ReassignmentBody'>;
