/** Execution (R10, R11, R18): milestones with evidence, change requests, a partner withdrawing. */
import type { ChangeInput } from '../project';
import type { Actor } from '../roles';
import type { CommandEntry } from './types';
import { blank, findOpen, isCoordinator, isLeadTeam, liveCommitments, notAllowed, refuse, stageRefusal } from './rules';

export type CompleteMilestoneCommand = { kind: 'complete_milestone'; actor: Actor; milestoneCode: string; evidence: string[]; note?: string };
export type RequestChangeCommand = { kind: 'request_change'; actor: Actor; change: ChangeInput };
export type WithdrawPartnerCommand = { kind: 'withdraw_partner'; actor: Actor; partnerId: string; reason: string };

export const completeMilestone = {
  kind: 'complete_milestone',
  http: {
    path: '/projects/:id/milestones/:code/completion',
    target: 'project',
    permission: 'projects.execute',
    body: 'MilestoneCompletionBody',
    what: 'complete a milestone with evidence',
    doc: {
      operationId: 'completeMilestone',
      tag: 'Execution',
      description: "Completes a milestone with at least one evidence link. The coordinator, the lead team or the milestone's owner team.",
      parameters: ['ProjectId', 'MilestoneCode'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['UnknownMilestone', 'MilestoneDone', 'EvidenceRequired'],
    },
  },
  step: 'execution',
  ledgerKinds: ['complete_milestone'],
  ledgerKind: () => 'complete_milestone',
  ledger: (cmd) => ({ rationale: cmd.note ?? null, evidence: cmd.evidence }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'execution');
    if (stage) return stage;
    const ms = state.milestones.find((m) => m.code === cmd.milestoneCode);
    if (!ms) return refuse('UnknownMilestone', `No milestone ${cmd.milestoneCode}`, 'milestoneCode');
    const ownerLead = cmd.actor.role === 'team_lead' && cmd.actor.teamCode === ms.ownerTeamCode;
    if (!isCoordinator(cmd.actor) && !ownerLead && !isLeadTeam(state, cmd.actor)) return notAllowed(state, cmd);
    if (ms.completed) return refuse('MilestoneDone', `${ms.code} is complete`);
    if (cmd.evidence.length === 0) return refuse('EvidenceRequired', 'Evidence is required', 'evidence');
    return null;
  },
  apply: (state, cmd) => {
    // The plan's milestone codes are unique: the first with the code is the one.
    const index = state.milestones.findIndex((m) => m.code === cmd.milestoneCode);
    if (index < 0) return {};
    return { milestones: state.milestones.map((m, i) => (i === index ? { ...m, completed: true } : m)) };
  },
} satisfies CommandEntry<CompleteMilestoneCommand, 'MilestoneCompletionBody'>;

export const requestChange = {
  kind: 'request_change',
  http: {
    path: '/projects/:id/change-requests',
    target: 'project',
    permission: 'projects.execute',
    body: 'ChangeRequestBody',
    what: 'request a scope, budget or schedule change',
    doc: {
      operationId: 'requestChange',
      tag: 'Execution',
      description: "Opens a change-request step during execution: schedule changes are the coordinator's to decide; scope changes and large budget changes, the board's. One at a time.",
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['ChangeAlreadyOpen'],
    },
  },
  step: 'execution',
  ledgerKinds: ['request_change'],
  ledgerKind: () => 'request_change',
  ledger: () => ({ rationale: null, evidence: [] }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'execution');
    if (stage) return stage;
    if (!isCoordinator(cmd.actor) && !isLeadTeam(state, cmd.actor)) return notAllowed(state, cmd);
    if (state.changeRequested || findOpen(state, 'change_request')) return refuse('ChangeAlreadyOpen', 'A change request is open');
    return null;
  },
  // The workflow's execution loop opens the change's step with the right decider (lifecycle.ts changeDecider).
  apply: (_state, cmd) => ({ changeRequested: { ...cmd.change, requestedBy: cmd.actor.userId } }),
} satisfies CommandEntry<RequestChangeCommand, 'ChangeRequestBody'>;

export const withdrawPartner = {
  kind: 'withdraw_partner',
  http: {
    path: '/projects/:id/withdrawals',
    target: 'project',
    permission: 'projects.withdraw',
    body: 'WithdrawalBody',
    what: 'a partner withdraws (early warning, re-matching)',
    doc: {
      operationId: 'withdrawPartner',
      tag: 'Execution',
      description: 'A partner withdraws its commitments (staff name the partner in partnerId; a partner withdraws itself). Raises an early warning and re-opens matching for what is missing.',
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'], 422: ['partner_required'] },
      rules: ['NoCommitment', 'RationaleRequired'],
    },
  },
  step: 'main',
  ledgerKinds: ['withdraw_partner'],
  ledgerKind: () => 'withdraw_partner',
  ledger: (cmd) => ({ rationale: cmd.reason, evidence: [] }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'partner_matching', 'funding', 'execution');
    if (stage) return stage;
    if (!isCoordinator(cmd.actor) && !(cmd.actor.role === 'partner' && cmd.actor.partnerId === cmd.partnerId)) return notAllowed(state, cmd);
    if (!liveCommitments(state, cmd.partnerId).length) return refuse('NoCommitment', 'No live commitment', 'partnerId');
    if (blank(cmd.reason)) return refuse('RationaleRequired', 'Say why the partner withdraws', 'reason');
    return null;
  },
  // R10: a partner leaving takes its commitments and its pledges with it.
  apply: (state, cmd) => ({
    commitments: [...state.commitments, ...liveCommitments(state, cmd.partnerId).map((c) => ({ ...c, status: 'withdrawn' as const }))],
    pledges: state.pledges.filter((p) => p.partnerId !== cmd.partnerId),
  }),
} satisfies CommandEntry<WithdrawPartnerCommand, 'WithdrawalBody'>;
