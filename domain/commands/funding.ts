/** Funding (R6, R18): the budget plan with its milestones, and pledges by source. */
import type { FundingSource } from '../funding';
import type { PlanInput } from '../project';
import type { Actor } from '../roles';
import type { CommandEntry, CommandState } from './types';
import { findOpen, isCoordinator, isLeadTeam, notAllowed, refuse, stageRefusal } from './rules';

export type SetPlanCommand = { kind: 'set_plan'; actor: Actor; plan: PlanInput };
export type PledgeCommand = { kind: 'pledge'; actor: Actor; source: FundingSource; amountVnd: number; hours?: number; partnerId?: string; note?: string };

/** Funding commands are the coordinator's or the lead team's while funding is being decided; a partner pledges for itself. */
function fundingRefusal(state: CommandState, cmd: SetPlanCommand | PledgeCommand) {
  const stage = stageRefusal(state, 'funding');
  if (stage) return stage;
  const isOwnPartner = cmd.kind === 'pledge' && cmd.actor.role === 'partner' && cmd.partnerId !== undefined && cmd.actor.partnerId === cmd.partnerId && cmd.source !== 'state';
  if (!isCoordinator(cmd.actor) && !isLeadTeam(state, cmd.actor) && !isOwnPartner) return notAllowed(state, cmd);
  if (!findOpen(state, 'funding_approval')) return refuse('WrongStage', 'Funding is being decided');
  return null;
}

export const setPlan = {
  kind: 'set_plan',
  http: {
    path: '/projects/:id/plan',
    target: 'project',
    permission: 'projects.fund',
    body: 'PlanBody',
    what: 'set the budget plan and milestones',
    doc: {
      operationId: 'setPlan',
      tag: 'Funding',
      description: "Sets (or replaces) the budget lines and the milestones while funding is being decided. Milestone codes must be unique; owner teams must belong to the project's unit.",
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'], 422: ['unknown_team'] },
    },
  },
  step: 'funding_approval',
  ledgerKinds: ['set_plan'],
  ledgerKind: () => 'set_plan',
  ledger: () => ({ rationale: null, evidence: [] }),
  validate: fundingRefusal,
  apply: (_state, cmd, record) => ({ planTotalVnd: cmd.plan.lines.reduce((sum, l) => sum + l.amountVnd, 0), ...(record.milestones ? { milestones: record.milestones } : {}) }),
} satisfies CommandEntry<SetPlanCommand, 'PlanBody'>;

export const pledge = {
  kind: 'pledge',
  http: {
    path: '/projects/:id/pledges',
    target: 'project',
    permission: 'projects.pledge',
    body: 'PledgeBody',
    what: 'pledge funding by source; a partner pledges only for itself',
    doc: {
      operationId: 'pledge',
      tag: 'Funding',
      description:
        'Records a pledge by source while funding is being decided: amountVnd above 0, or hours for volunteer time. A partner pledges only for itself (partnerId is taken from its account) and never as the state.',
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
    },
  },
  step: 'funding_approval',
  ledgerKinds: ['pledge'],
  ledgerKind: () => 'pledge',
  ledger: () => ({ rationale: null, evidence: [] }),
  validate: fundingRefusal,
  apply: (state, cmd) => ({ pledges: [...state.pledges, { source: cmd.source, amountVnd: cmd.amountVnd, hours: cmd.hours, partnerId: cmd.partnerId }] }),
} satisfies CommandEntry<PledgeCommand, 'PledgeBody'>;
