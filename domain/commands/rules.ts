/** Small pure helpers the command entries share (who acts, which stage, what is covered). */
import type { RuleErrorCode } from '../errors';
import { isFinalStage, VOLUNTEER_HOUR_RATE_VND, type Stage, type StepType } from '../lifecycle';
import { coverage, type Coverage } from '../matching';
import { fundingMix, type FundingMix } from '../funding';
import type { CommitmentState, OpenStepState } from '../project';
import type { Actor } from '../roles';
import type { AnyCommand, CommandState, Refusal } from './types';

export const refuse = (code: RuleErrorCode, message: string, field?: string): Refusal => (field ? { code, message, field } : { code, message });

/** The project has ended (ProjectClosed), or is not at one of these stages (WrongStage). */
export function stageRefusal(state: CommandState, ...allowed: Stage[]): Refusal | null {
  if (isFinalStage(state.stage)) return refuse('ProjectClosed', `Project ${state.code} has ended (${state.stage})`);
  if (!allowed.includes(state.stage)) return refuse('WrongStage', `Project ${state.code} is at ${state.stage}`);
  return null;
}

/** The project has ended: nothing more is done on it. */
export function closedRefusal(state: CommandState): Refusal | null {
  return isFinalStage(state.stage) ? refuse('ProjectClosed', `Project ${state.code} has ended (${state.stage})`) : null;
}

export const isCoordinator = (actor: Actor) => actor.role === 'coordinator' || actor.role === 'admin';
export const isLeadTeam = (state: CommandState, actor: Actor) => actor.role === 'team_lead' && actor.teamCode === state.leadTeamCode;
export const notAllowed = (state: CommandState, cmd: AnyCommand) => refuse('NotAllowed', `${cmd.actor.displayName} (${cmd.actor.role}) may not ${cmd.kind} on ${state.code}`);

export const findOpen = (state: Pick<CommandState, 'steps'>, type: StepType): OpenStepState | undefined => state.steps.find((s) => s.ticket.type === type);
export const findStep = (state: Pick<CommandState, 'steps'>, stepId: string): OpenStepState | undefined => state.steps.find((s) => s.ticket.stepId === stepId);

export const coverageOf = (state: Pick<CommandState, 'required' | 'commitments' | 'waived'>): Coverage => coverage(state.required, state.commitments, state.waived);

export const liveCommitments = (state: Pick<CommandState, 'commitments'>, partnerId: string): CommitmentState[] =>
  state.commitments.filter((c) => c.partnerId === partnerId && c.status === 'committed');

/** The funding mix of the pledges that stand (volunteer hours valued at the R6 rate). */
export const mixOf = (state: Pick<CommandState, 'pledges'>): FundingMix =>
  fundingMix(
    state.pledges.map((p) => ({ source: p.source, amountVnd: p.amountVnd, hours: p.hours, status: 'pledged' as const })),
    { volunteerHourRateVnd: VOLUNTEER_HOUR_RATE_VND },
  );

/** A text the command must carry (a rationale, a reason) is blank. */
export const blank = (text: string | undefined) => !text?.trim();
