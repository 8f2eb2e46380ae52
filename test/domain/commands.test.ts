import { ACCESS } from '../../domain/access';
import {
  applyCommand,
  COMMAND_ROUTES,
  COMMANDS,
  commandStep,
  commandUrl,
  decisionRefusal,
  ledgerFieldsOf,
  ledgerKindOf,
  STAGE_COMMAND_KINDS,
  validateCommand,
  type CommandRecord,
  type CommandState,
  type StageCommand,
} from '../../domain/commands';
import { COMMAND_KINDS, type StepType } from '../../domain/lifecycle';
import type { OpenStepState } from '../../domain/project';
import type { Actor, Role } from '../../domain/roles';

// The command rules of the workflow (domain/commands), each refusal and each acceptance, without a server.

const person = (role: Role, extra: Partial<Actor> = {}): Actor => ({ userId: `u-${role}-${extra.teamCode ?? extra.partnerId ?? (extra.boardChair ? 'chair' : '')}`, role, displayName: role, ...extra });
const coordinator = person('coordinator');
const admin = person('admin');
const lead = person('team_lead', { teamCode: 'ENV' });
const otherLead = person('team_lead', { teamCode: 'CUL' });
const chair = person('board_member', { boardChair: true });
const member = person('board_member');
const partnerA = person('partner', { partnerId: 'pA' });
const partnerB = person('partner', { partnerId: 'pB' });

const step = (type: StepType, extra: Partial<OpenStepState> = {}): OpenStepState => ({
  ticket: { stepId: `project-BD-1:${type}:1`, type, round: 1, decidingRole: 'coordinator', openedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-16T10:00:00.000Z', policyVersion: 1, checkpoints: [] },
  votes: [],
  claimed: false,
  checkpointsPassed: 0,
  slaStatus: 'on_track',
  ...extra,
});

/** Frozen all the way down: `validate` and `apply` must not change what they read. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const base: CommandState = {
  code: 'BD-1',
  leadTeamCode: 'ENV',
  stage: 'proposal',
  steps: [step('screening')],
  required: [],
  waived: [],
  invitations: [],
  commitments: [],
  planTotalVnd: null,
  pledges: [],
  socializationWaived: false,
  nonStateTarget: 0.7,
  milestones: [],
  indicatorCodes: [],
  indicatorsRecorded: [],
  changeRequested: false,
  cancelling: false,
  consultation: null,
};
const at = (over: Partial<CommandState>): CommandState => deepFreeze({ ...base, ...over });

const invitation = { id: 'inv-1', partnerId: 'pA', partnerName: 'HTX Xanh', capability: 'venue', status: 'invited' as const, remindAt: '2026-03-05T10:00:00.000Z', dueAt: '2026-03-09T10:00:00.000Z', reminded: false };
const matching = at({ stage: 'partner_matching', steps: [step('partner_matching')], required: ['venue', 'volunteers'], invitations: [invitation], commitments: [{ partnerId: 'pB', capability: 'volunteers', status: 'committed' }] });
const funding = at({
  stage: 'funding',
  steps: [step('funding_approval')],
  required: ['volunteers'],
  commitments: [{ partnerId: 'pA', capability: 'volunteers', status: 'committed' }],
  planTotalVnd: 100_000_000,
  pledges: [
    { source: 'state', amountVnd: 20_000_000 },
    { source: 'private', amountVnd: 50_000_000, partnerId: 'pA' },
  ],
});
const milestones = [
  { code: 'M1', ownerTeamCode: 'CUL', dueAt: '2026-05-01T10:00:00.000Z', completed: false },
  { code: 'M2', ownerTeamCode: 'ENV', dueAt: '2026-06-01T10:00:00.000Z', completed: true },
];
const execution = at({
  stage: 'execution',
  steps: [step('execution')],
  required: ['volunteers'],
  commitments: [{ partnerId: 'pA', capability: 'volunteers', status: 'committed' }],
  planTotalVnd: 100_000_000,
  pledges: [{ source: 'private', amountVnd: 80_000_000, partnerId: 'pA' }, { source: 'state', amountVnd: 20_000_000 }],
  milestones,
});
const impact = at({ stage: 'impact_evaluation', steps: [step('impact_reporting')], indicatorCodes: ['trees', 'households'], indicatorsRecorded: ['trees'] });
const closed = at({ stage: 'closed', steps: [] });

const invite = (actor: Actor, capability = 'venue', partnerId = 'pC'): StageCommand => ({ kind: 'invite', actor, partnerId, capability });
const respond = (actor: Actor, accept = true, invitationId = 'inv-1'): StageCommand => ({ kind: 'respond', actor, invitationId, accept, ...(accept ? { resources: 'the hall' } : { reason: 'busy' }) });
const waiveCapability = (actor: Actor, capability = 'venue', rationale = 'the ward hall is free'): StageCommand => ({ kind: 'waive', actor, gap: 'capability', capability, rationale });
const waiveSocialization = (actor: Actor, rationale = 'a poor ward'): StageCommand => ({ kind: 'waive', actor, gap: 'socialization', rationale });
const setPlan = (actor: Actor): StageCommand => ({ kind: 'set_plan', actor, plan: { lines: [{ label: 'Cây', amountVnd: 60_000_000 }, { label: 'Công', amountVnd: 40_000_000 }], milestones: [{ code: 'M1', title: 'Trồng', ownerTeamCode: 'ENV', dueDate: '2026-05-01' }] } });
const pledge = (actor: Actor, source: 'state' | 'private' | 'volunteer_hours' = 'private', partnerId?: string): StageCommand => ({ kind: 'pledge', actor, source, amountVnd: 10_000_000, ...(partnerId ? { partnerId } : {}) });
const complete = (actor: Actor, milestoneCode = 'M1', evidence = ['https://example.org/m1.jpg']): StageCommand => ({ kind: 'complete_milestone', actor, milestoneCode, evidence });
const change = (actor: Actor): StageCommand => ({ kind: 'request_change', actor, change: { kind: 'schedule', description: 'rain', budgetDeltaVnd: 0, scheduleShiftDays: 10 } });
const withdraw = (actor: Actor, partnerId = 'pA', reason = 'no longer able'): StageCommand => ({ kind: 'withdraw_partner', actor, partnerId, reason });
const indicator = (actor: Actor, indicatorCode = 'households', evidence = ['https://example.org/survey.pdf']): StageCommand => ({ kind: 'record_indicator', actor, indicatorCode, actual: 120, evidence });
const consulting = at({ stage: 'proposal', steps: [step('consultation')], consultation: { frontOpinion: false } });
const frontOpinion = (actor: Actor): StageCommand => ({ kind: 'record_front_opinion', actor, opinion: 'Ủy ban MTTQ phường đồng ý, đề nghị công khai danh sách hộ hưởng lợi', letterDate: '2026-03-10' });
const cancel = (actor: Actor, rationale = 'the land was reclaimed'): StageCommand => ({ kind: 'cancel', actor, rationale });
const extend = (actor: Actor, stepId = 'project-BD-1:screening:1', reason = 'waiting for the survey'): StageCommand => ({ kind: 'extend_sla', actor, stepId, workingDays: 3, reason });
const reassign = (actor: Actor, stepId = 'project-BD-1:screening:1', responsibleTeamCode: string | null = 'ENV', reason = 'on leave'): StageCommand => ({
  kind: 'reassign',
  actor,
  stepId,
  assigneeUserId: 'u-2',
  assigneeName: 'Chị Lan',
  previousUserId: 'u-1',
  previousName: 'Anh Minh',
  responsibleTeamCode,
  reason,
});

type Case = [string, CommandState, StageCommand, string | null];
const cases: Case[] = [
  // invite
  ['invite: the coordinator invites for a missing capability', matching, invite(coordinator), null],
  ['invite: the lead team invites', matching, invite(lead), null],
  ['invite: a team lead of another team may not', matching, invite(otherLead), 'NotAllowed'],
  ['invite: a covered capability is not needed', matching, invite(coordinator, 'volunteers'), 'CapabilityNotNeeded'],
  ['invite: the same partner for the same capability twice', matching, invite(coordinator, 'venue', 'pA'), 'AlreadyInvited'],
  ['invite: not at funding', funding, invite(coordinator), 'WrongStage'],
  ['invite: during execution only while matching is open again', execution, invite(coordinator, 'volunteers'), 'WrongStage'],
  ['invite: the project ended', closed, invite(coordinator), 'ProjectClosed'],
  // respond
  ['respond: the invited partner accepts', matching, respond(partnerA), null],
  ['respond: the invited partner declines', matching, respond(partnerA, false), null],
  ['respond: another partner may not', matching, respond(partnerB), 'NotAllowed'],
  ['respond: staff may not answer for the partner', matching, respond(coordinator), 'NotAllowed'],
  ['respond: an unknown invitation', matching, respond(partnerA, true, 'inv-9'), 'InvitationClosed'],
  ['respond: an expired invitation', at({ ...matching, invitations: [{ ...invitation, status: 'expired' }] }), respond(partnerA), 'InvitationClosed'],
  // waive
  ['waive: the board chair waives a missing capability', matching, waiveCapability(chair), null],
  ['waive: a board member who is not the chair may not', matching, waiveCapability(member), 'NotAllowed'],
  ['waive: a waiver needs a rationale', matching, waiveCapability(chair, 'venue', '   '), 'RationaleRequired'],
  ['waive: a covered capability is nothing to waive', matching, waiveCapability(chair, 'volunteers'), 'NothingToWaive'],
  ['waive: a capability waiver names the capability', matching, { kind: 'waive', actor: chair, gap: 'capability', rationale: 'the ward hall is free' }, 'NothingToWaive'],
  ['waive: a capability gap at funding', funding, waiveCapability(chair), 'WrongStage'],
  ['waive: the chair waives the socialization shortfall at funding', funding, waiveSocialization(chair), null],
  ['waive: the socialization shortfall only once', at({ ...funding, socializationWaived: true }), waiveSocialization(chair), 'NothingToWaive'],
  ['waive: the socialization shortfall only at funding', execution, waiveSocialization(chair), 'WrongStage'],
  // set_plan and pledge
  ['set_plan: the lead team sets the plan', funding, setPlan(lead), null],
  ['set_plan: the coordinator sets the plan', funding, setPlan(coordinator), null],
  ['set_plan: another team may not', funding, setPlan(otherLead), 'NotAllowed'],
  ['set_plan: a partner may not', funding, setPlan(partnerA), 'NotAllowed'],
  ['set_plan: not before funding', matching, setPlan(lead), 'WrongStage'],
  ['set_plan: not while no funding step is open', at({ ...funding, steps: [] }), setPlan(lead), 'WrongStage'],
  ['pledge: the coordinator records a state pledge', funding, pledge(coordinator, 'state'), null],
  ['pledge: a partner pledges for itself', funding, pledge(partnerA, 'private', 'pA'), null],
  ['pledge: a partner never pledges as the state', funding, pledge(partnerA, 'state', 'pA'), 'NotAllowed'],
  ['pledge: a partner never pledges for another', funding, pledge(partnerA, 'private', 'pB'), 'NotAllowed'],
  ['pledge: not during execution', execution, pledge(coordinator), 'WrongStage'],
  ['pledge: the project ended', closed, pledge(coordinator), 'ProjectClosed'],
  // complete_milestone
  ["complete_milestone: the owner team's lead", execution, complete(otherLead), null],
  ['complete_milestone: the lead team', execution, complete(lead), null],
  ['complete_milestone: the coordinator', execution, complete(coordinator), null],
  ['complete_milestone: a partner may not', execution, complete(partnerA), 'NotAllowed'],
  ['complete_milestone: an unknown milestone', execution, complete(coordinator, 'M9'), 'UnknownMilestone'],
  ['complete_milestone: a milestone already done', execution, complete(coordinator, 'M2'), 'MilestoneDone'],
  ['complete_milestone: evidence is required', execution, complete(coordinator, 'M1', []), 'EvidenceRequired'],
  ['complete_milestone: not at funding', funding, complete(coordinator), 'WrongStage'],
  // request_change
  ['request_change: the lead team asks for a schedule change', execution, change(lead), null],
  ['request_change: another team may not', execution, change(otherLead), 'NotAllowed'],
  ['request_change: one at a time (waiting to open)', at({ ...execution, changeRequested: true }), change(lead), 'ChangeAlreadyOpen'],
  ['request_change: one at a time (its step is open)', at({ ...execution, steps: [step('execution'), step('change_request')] }), change(lead), 'ChangeAlreadyOpen'],
  ['request_change: only during execution', funding, change(lead), 'WrongStage'],
  // withdraw_partner
  ['withdraw_partner: the coordinator records a withdrawal', execution, withdraw(coordinator), null],
  ['withdraw_partner: a partner withdraws itself', execution, withdraw(partnerA), null],
  ['withdraw_partner: at funding too', funding, withdraw(coordinator), null],
  ['withdraw_partner: a partner never withdraws another', execution, withdraw(partnerB), 'NotAllowed'],
  ['withdraw_partner: the lead team may not', execution, withdraw(lead), 'NotAllowed'],
  ['withdraw_partner: no live commitment', execution, withdraw(coordinator, 'pB'), 'NoCommitment'],
  ['withdraw_partner: a reason is required', execution, withdraw(coordinator, 'pA', ' '), 'RationaleRequired'],
  ['withdraw_partner: not at impact evaluation', impact, withdraw(coordinator), 'WrongStage'],
  // record_indicator
  ['record_indicator: the lead team records an actual', impact, indicator(lead), null],
  ['record_indicator: again, for a recorded indicator', impact, indicator(coordinator, 'trees'), null],
  ['record_indicator: another team may not', impact, indicator(otherLead), 'NotAllowed'],
  ['record_indicator: an unknown indicator', impact, indicator(lead, 'bikes'), 'UnknownIndicator'],
  ['record_indicator: evidence is required', impact, indicator(lead, 'households', []), 'EvidenceRequired'],
  ['record_indicator: not while the report is verified', at({ ...impact, steps: [step('impact_verification')] }), indicator(lead), 'WrongStage'],
  ['record_indicator: only at impact evaluation', execution, indicator(lead), 'WrongStage'],
  // record_front_opinion (R22)
  ['record_front_opinion: a coordinator records it on the Front\'s behalf', consulting, frontOpinion(coordinator), null],
  ['record_front_opinion: a team lead may not', consulting, frontOpinion(lead), 'NotAllowed'],
  ['record_front_opinion: only once', at({ ...consulting, consultation: { frontOpinion: true } }), frontOpinion(coordinator), 'FrontOpinionRecorded'],
  ['record_front_opinion: no consultation open', at({ stage: 'proposal', steps: [step('board_review')] }), frontOpinion(coordinator), 'NotInConsultation'],
  ['record_front_opinion: not after the proposal stage', matching, frontOpinion(coordinator), 'WrongStage'],
  ['record_front_opinion: the project ended', closed, frontOpinion(coordinator), 'ProjectClosed'],
  // cancel
  ['cancel: the board chair cancels at any stage', matching, cancel(chair), null],
  ['cancel: a board member who is not the chair may not', matching, cancel(member), 'NotAllowed'],
  ['cancel: a rationale is required', matching, cancel(chair, ''), 'RationaleRequired'],
  ['cancel: not twice', at({ ...matching, cancelling: true }), cancel(chair), 'ProjectClosed'],
  ['cancel: the project ended', closed, cancel(chair), 'ProjectClosed'],
  // extend_sla
  ['extend_sla: the coordinator moves an open deadline', base, extend(coordinator), null],
  ['extend_sla: an admin too', base, extend(admin), null],
  ['extend_sla: a team lead may not', base, extend(lead), 'NotAllowed'],
  ['extend_sla: a step that is not open', base, extend(coordinator, 'project-BD-1:board_review:1'), 'StepNotActive'],
  ['extend_sla: a step being decided', at({ steps: [step('screening', { claimed: true })] }), extend(coordinator), 'StepNotActive'],
  ['extend_sla: a step without a deadline', at({ steps: [step('screening', { ticket: { ...step('screening').ticket, dueAt: null } })] }), extend(coordinator), 'StepNotActive'],
  ['extend_sla: a reason is required', base, extend(coordinator, 'project-BD-1:screening:1', ''), 'RationaleRequired'],
  ['extend_sla: the project ended', closed, extend(coordinator), 'ProjectClosed'],
  // reassign
  ['reassign: the coordinator reassigns any step', base, reassign(coordinator, 'project-BD-1:screening:1', null), null],
  ["reassign: a team lead reassigns their own team's step", base, reassign(lead), null],
  ["reassign: a team lead may not reassign another team's step", base, reassign(otherLead), 'NotAllowed'],
  ['reassign: a step that is not open', base, reassign(coordinator, 'project-BD-1:funding_approval:1'), 'StepNotActive'],
  ['reassign: a step being decided', at({ steps: [step('screening', { claimed: true })] }), reassign(coordinator), 'StepNotActive'],
  ['reassign: a reason is required', base, reassign(coordinator, 'project-BD-1:screening:1', 'ENV', ''), 'RationaleRequired'],
  ['reassign: the project ended', closed, reassign(coordinator), 'ProjectClosed'],
];

describe('stage command rules (domain/commands validate)', () => {
  it.each(cases)('%s', (_name, state, cmd, expected) => {
    expect(validateCommand(state, cmd)?.code ?? null).toBe(expected);
  });

  it('covers every command kind with an acceptance and a refusal', () => {
    for (const kind of STAGE_COMMAND_KINDS) {
      const mine = cases.filter(([, , cmd]) => cmd.kind === kind);
      expect([kind, mine.some(([, , , e]) => e === null)]).toEqual([kind, true]);
      expect([kind, mine.some(([, , , e]) => e !== null)]).toEqual([kind, true]);
    }
  });

  it('refuses a command of an unknown kind (no kind passes unchecked)', () => {
    expect(validateCommand(matching, { kind: 'launch_rocket', actor: coordinator } as unknown as StageCommand)?.code).toBe('NotAllowed');
  });

  it('names the field a refusal is about', () => {
    expect(validateCommand(matching, invite(coordinator, 'volunteers'))).toEqual({ code: 'CapabilityNotNeeded', message: 'volunteers is not missing', field: 'capability' });
    expect(validateCommand(execution, withdraw(coordinator, 'pA', ''))).toMatchObject({ code: 'RationaleRequired', field: 'reason' });
  });
});

describe('what a recorded command changes (domain/commands apply)', () => {
  const record: CommandRecord = { seq: 7, hash: 'h' };

  it('invite: the invitation the activity wrote is open', () => {
    const { id, partnerId, partnerName, capability, remindAt, dueAt } = { ...invitation, id: 'inv-2', partnerId: 'pC' };
    const patch = applyCommand(matching, invite(coordinator), { ...record, invitation: { id, partnerId, partnerName, capability, remindAt, dueAt } });
    expect(patch.invitations).toEqual([invitation, { id: 'inv-2', partnerId: 'pC', partnerName, capability, remindAt, dueAt, status: 'invited', reminded: false }]);
  });

  it('respond: an acceptance commits the partner; a refusal does not', () => {
    const accepted = applyCommand(matching, respond(partnerA), record);
    expect(accepted.invitations?.[0]?.status).toBe('accepted');
    expect(accepted.commitments).toEqual([...matching.commitments, { partnerId: 'pA', capability: 'venue', status: 'committed' }]);
    const declined = applyCommand(matching, respond(partnerA, false), record);
    expect(declined.invitations?.[0]?.status).toBe('declined');
    expect(declined.commitments).toBeUndefined();
  });

  it('waive: a capability joins the waived ones; the socialization waiver is a flag', () => {
    expect(applyCommand(matching, waiveCapability(chair), record)).toEqual({ waived: ['venue'] });
    expect(applyCommand(funding, waiveSocialization(chair), record)).toEqual({ socializationWaived: true });
  });

  it('set_plan: the plan total and the milestones the activity wrote', () => {
    const ms = [{ code: 'M1', ownerTeamCode: 'ENV', dueAt: '2026-05-01T10:00:00.000Z', completed: false }];
    expect(applyCommand(funding, setPlan(lead), { ...record, milestones: ms })).toEqual({ planTotalVnd: 100_000_000, milestones: ms });
  });

  it('pledge: the pledge stands', () => {
    expect(applyCommand(funding, pledge(partnerA, 'private', 'pA'), record).pledges).toEqual([...funding.pledges, { source: 'private', amountVnd: 10_000_000, hours: undefined, partnerId: 'pA' }]);
  });

  it('complete_milestone: that milestone is done', () => {
    expect(applyCommand(execution, complete(otherLead), record).milestones).toEqual([{ ...milestones[0], completed: true }, milestones[1]]);
  });

  it('request_change: the change waits for its step, with who asked', () => {
    expect(applyCommand(execution, change(lead), record)).toEqual({ changeRequested: { kind: 'schedule', description: 'rain', budgetDeltaVnd: 0, scheduleShiftDays: 10, requestedBy: lead.userId } });
  });

  it('withdraw_partner: its commitments are withdrawn and its pledges go (R10)', () => {
    const patch = applyCommand(execution, withdraw(partnerA), record);
    expect(patch.commitments).toEqual([...execution.commitments, { partnerId: 'pA', capability: 'volunteers', status: 'withdrawn' }]);
    expect(patch.pledges).toEqual([{ source: 'state', amountVnd: 20_000_000 }]);
  });

  it('record_indicator: recorded once', () => {
    expect(applyCommand(impact, indicator(lead), record)).toEqual({ indicatorsRecorded: ['trees', 'households'] });
    expect(applyCommand(impact, indicator(lead, 'trees'), record)).toEqual({});
  });

  it('record_front_opinion: the consultation has the Front\'s opinion', () => {
    expect(applyCommand(consulting, frontOpinion(coordinator), record)).toEqual({ frontOpinionRecorded: true });
  });

  it('cancel: asks the workflow to cancel, with the rationale', () => {
    expect(applyCommand(matching, cancel(chair), record)).toEqual({ cancelRequested: { rationale: 'the land was reclaimed', actorName: 'board_member' } });
  });

  it('extend_sla: the step takes the new deadline and its clock starts over', () => {
    const checkpoints = [{ kind: 'breached' as const, at: '2026-03-19T10:00:00.000Z', level: 1 }];
    const state = at({ steps: [step('screening', { checkpointsPassed: 1, slaStatus: 'at_risk', extensions: 1 })] });
    const patch = applyCommand(state, extend(coordinator), { ...record, ticket: { dueAt: '2026-03-19T10:00:00.000Z', checkpoints } });
    expect(patch.step).toEqual({
      stepId: 'project-BD-1:screening:1',
      set: { ticket: { ...state.steps[0]!.ticket, dueAt: '2026-03-19T10:00:00.000Z', checkpoints }, checkpointsPassed: 0, extensions: 2, slaStatus: 'on_track' },
    });
    expect(applyCommand(state, extend(coordinator), record)).toEqual({});
  });

  it('reassign: the workflow state does not change', () => {
    expect(applyCommand(base, reassign(coordinator), record)).toEqual({});
  });
});

describe('funding approval, impact report and sign-off rules (domain/commands decisionRefusal)', () => {
  const covered = at({ ...funding, pledges: [{ source: 'state', amountVnd: 30_000_000 }, { source: 'private', amountVnd: 70_000_000, partnerId: 'pA' }] });
  const stateHeavy = at({ ...funding, pledges: [{ source: 'state', amountVnd: 60_000_000 }, { source: 'private', amountVnd: 40_000_000 }] });
  type DecisionCase = [string, CommandState, StepType, { choice: 'approve' | 'submit' | 'sign_off' | 'return'; outcome?: 'achieved'; recommendation?: 'continue' }, string | null];
  const decisionCases: DecisionCase[] = [
    ['funding approval without a plan', at({ ...funding, planTotalVnd: null }), 'funding_approval', { choice: 'approve' }, 'PlanMissing'],
    ['funding approval with pledges short of the plan', funding, 'funding_approval', { choice: 'approve' }, 'BudgetNotCovered'],
    ['funding approval with too small a non-state share (R6)', stateHeavy, 'funding_approval', { choice: 'approve' }, 'SocializationShortfall'],
    ['funding approval with the shortfall waived', at({ ...stateHeavy, socializationWaived: true }), 'funding_approval', { choice: 'approve' }, null],
    ['funding approval covered, 70% non-state', covered, 'funding_approval', { choice: 'approve' }, null],
    ['a funding return needs no coverage', funding, 'funding_approval', { choice: 'return' }, null],
    ['an impact report with an indicator unmeasured', impact, 'impact_reporting', { choice: 'submit' }, 'IndicatorsMissing'],
    ['an impact report with every indicator measured', at({ ...impact, indicatorsRecorded: ['trees', 'households'] }), 'impact_reporting', { choice: 'submit' }, null],
    ['a sign-off without outcome', impact, 'board_signoff', { choice: 'sign_off', recommendation: 'continue' }, 'OutcomeRequired'],
    ['a sign-off without recommendation', impact, 'board_signoff', { choice: 'sign_off', outcome: 'achieved' }, 'OutcomeRequired'],
    ['a sign-off with both', impact, 'board_signoff', { choice: 'sign_off', outcome: 'achieved', recommendation: 'continue' }, null],
  ];
  it.each(decisionCases)('%s', (_name, state, type, cmd, expected) => {
    expect(decisionRefusal(state, type, cmd)?.code ?? null).toBe(expected);
  });
});

describe('the registry', () => {
  it('names every ledger kind of the lifecycle, and no other', () => {
    const kinds = Object.values(COMMANDS).flatMap((e) => [...e.ledgerKinds]);
    expect(new Set(kinds)).toEqual(new Set(COMMAND_KINDS));
    expect(ledgerKindOf(respond(partnerA))).toBe('accept_invitation');
    expect(ledgerKindOf(respond(partnerA, false))).toBe('decline_invitation');
    expect(ledgerKindOf(withdraw(coordinator))).toBe('withdraw_partner');
  });

  it('gives every command its own route, a permission of the role table and a documented operation', () => {
    expect(new Set(COMMAND_ROUTES.map((r) => r.path)).size).toBe(COMMAND_ROUTES.length);
    expect(new Set(COMMAND_ROUTES.map((r) => r.doc.operationId)).size).toBe(COMMAND_ROUTES.length);
    for (const r of COMMAND_ROUTES) {
      expect(Object.keys(ACCESS)).toContain(r.permission);
      expect([...r.path.matchAll(/:(\w+)/g)].length).toBe(r.doc.parameters.length);
    }
  });

  it('records each command against its step, or the main one', () => {
    const twoSteps = at({ ...execution, steps: [step('execution'), step('partner_matching')] });
    expect(commandStep(twoSteps, invite(coordinator))?.ticket.type).toBe('partner_matching');
    expect(commandStep(twoSteps, complete(coordinator))?.ticket.type).toBe('execution');
    expect(commandStep(twoSteps, withdraw(coordinator))?.ticket.type).toBe('execution');
    expect(commandStep(funding, waiveSocialization(chair))?.ticket.type).toBe('funding_approval');
    expect(commandStep(matching, waiveCapability(chair))?.ticket.type).toBe('partner_matching');
    expect(commandStep(base, extend(coordinator))?.ticket.stepId).toBe('project-BD-1:screening:1');
    expect(commandStep(base, indicator(lead))).toBeUndefined();
  });

  it('writes the ledger fields each command names', () => {
    expect(ledgerFieldsOf(withdraw(coordinator))).toEqual({ rationale: 'no longer able', evidence: [], details: { partnerId: 'pA', reason: 'no longer able' } });
    expect(ledgerFieldsOf(complete(lead))).toMatchObject({ rationale: null, evidence: ['https://example.org/m1.jpg'] });
    expect(ledgerFieldsOf(indicator(lead))).toMatchObject({ rationale: null, evidence: ['https://example.org/survey.pdf'] });
    expect(ledgerFieldsOf(respond(partnerA, false))).toMatchObject({ rationale: 'busy' });
  });

  it('builds the URL of a command', () => {
    expect(commandUrl('withdraw_partner', { id: 'p-1' })).toBe('/api/projects/p-1/withdrawals');
    expect(commandUrl('complete_milestone', { id: 'p-1', code: 'M 1' })).toBe('/api/projects/p-1/milestones/M%201/completion');
    expect(commandUrl('extend_sla', { id: 'project-BD-1:screening:1' })).toBe('/api/steps/project-BD-1%3Ascreening%3A1/extensions');
    expect(() => commandUrl('record_indicator', { id: 'p-1' })).toThrow(/:code/);
  });
});
