/**
 * The stage commands: one typed entry per command kind (docs/adding-a-command.md).
 *
 * An entry holds everything about its command: the HTTP route, the permission and the request body
 * (by name; the API parses with the zod object of that name in domain/schemas.ts), its OpenAPI text,
 * the step it is recorded against, its ledger kind and ledger fields, and the workflow's pure rules:
 * `validate` (the Update validator) and `apply` (the state after the command was recorded).
 *
 * Derived from it: the API's command routes (api/routes/commands.ts, one loop), their rows in the
 * role table (api/access.ts ROUTES), their OpenAPI operations (api/openapi/commands.ts), the ledger
 * fields (activities/stage-activities.ts), the workflow's command handler
 * (workflows/project-lifecycle.ts) and the console's command calls (admin-ui/src/data/dataProvider.ts).
 *
 * Pure and deterministic: the workflow bundle imports this folder.
 */
import type { CommandKind } from '../lifecycle';
import type { OpenStepState } from '../project';
import { cancel, extendSla, reassign, type CancelCommand, type ExtendSlaCommand, type ReassignCommand } from './any-stage';
import { completeMilestone, requestChange, withdrawPartner, type CompleteMilestoneCommand, type RequestChangeCommand, type WithdrawPartnerCommand } from './execution';
import { pledge, setPlan, type PledgeCommand, type SetPlanCommand } from './funding';
import { recordIndicator, type RecordIndicatorCommand } from './impact';
import { recordFrontOpinion, type RecordFrontOpinionCommand } from './consultation';
import { invite, respond, waive, type InviteCommand, type RespondCommand, type WaiveCommand } from './partner-matching';
import { findOpen, findStep, refuse } from './rules';
import type { CommandEntry, CommandHttp, CommandPatch, CommandRecord, CommandRegistry, CommandState, Refusal, StepRef } from './types';

export type { AnyCommand, BodyInputOf, BodyName, BodyOf, CommandEntry, CommandHttp, CommandPatch, CommandRecord, CommandRegistry, CommandState, PathParameter, Refusal, RouteTarget, StepRef } from './types';
export type { CancelCommand, ExtendSlaCommand, ReassignCommand, CompleteMilestoneCommand, RequestChangeCommand, WithdrawPartnerCommand, PledgeCommand, SetPlanCommand, RecordIndicatorCommand, RecordFrontOpinionCommand, InviteCommand, RespondCommand, WaiveCommand };
export { decisionRefusal } from './decisions';

/** Commands of the later stages; each is a Temporal Update recorded in the ledger (R20). */
export type StageCommand =
  | InviteCommand
  | RespondCommand
  | WaiveCommand
  | SetPlanCommand
  | PledgeCommand
  | CompleteMilestoneCommand
  | RequestChangeCommand
  | WithdrawPartnerCommand
  | RecordIndicatorCommand
  | RecordFrontOpinionCommand
  | CancelCommand
  | ExtendSlaCommand
  | ReassignCommand;
export type StageCommandKind = StageCommand['kind'];
export type CommandOf<K extends StageCommandKind> = Extract<StageCommand, { kind: K }>;

/**
 * The registry. `satisfies CommandRegistry<StageCommand>`: a kind of StageCommand without an entry,
 * or an entry without its validator (or any other part), does not compile (test/types/command-registry.ts).
 * The order is the order of the routes in the role table and the API document.
 */
export const COMMANDS = {
  reassign,
  extend_sla: extendSla,
  invite,
  respond,
  waive,
  set_plan: setPlan,
  pledge,
  complete_milestone: completeMilestone,
  request_change: requestChange,
  withdraw_partner: withdrawPartner,
  record_indicator: recordIndicator,
  record_front_opinion: recordFrontOpinion,
  cancel,
} as const satisfies CommandRegistry<StageCommand>;

/** The body name each command's route parses with. */
export type CommandBodyName<K extends StageCommandKind> = (typeof COMMANDS)[K]['http']['body'];

// Every ledger kind of domain/lifecycle.ts (COMMAND_KINDS, the console's labels) is some entry's, and no entry invents one.
type LedgerKindsOfRegistry = { [K in StageCommandKind]: (typeof COMMANDS)[K]['ledgerKinds'][number] }[StageCommandKind];
const everyLedgerKindHasACommand: [Exclude<CommandKind, LedgerKindsOfRegistry>] extends [never] ? true : false = true;
void everyLedgerKindHasACommand;

export const STAGE_COMMAND_KINDS = Object.keys(COMMANDS) as StageCommandKind[];

export function isStageCommandKind(kind: unknown): kind is StageCommandKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, kind);
}

/** The entry of a command, typed by its kind. */
export function entryOf<C extends StageCommand>(cmd: C): CommandEntry<C> {
  return COMMANDS[cmd.kind as StageCommandKind] as unknown as CommandEntry<C>;
}

/** The workflow's Update validator: the first rule the command breaks, or null. */
export function validateCommand(state: CommandState, cmd: StageCommand): Refusal | null {
  const kind: unknown = (cmd as { kind?: unknown } | undefined)?.kind;
  if (!isStageCommandKind(kind)) return refuse('NotAllowed', `Unknown command ${String(kind)}`);
  return entryOf(cmd).validate(state, cmd);
}

/** How recording the command changes the workflow's state. */
export function applyCommand(state: CommandState, cmd: StageCommand, record: CommandRecord): CommandPatch {
  return entryOf(cmd).apply(state, cmd, record);
}

export function stepRefOf(cmd: StageCommand): StepRef {
  const { step } = entryOf(cmd);
  return typeof step === 'function' ? step(cmd) : step;
}

/** The open step the command is recorded against (the ledger's step), when it is open. */
export function commandStep(state: Pick<CommandState, 'steps'>, cmd: StageCommand): OpenStepState | undefined {
  const ref = stepRefOf(cmd);
  if (ref === 'main') return state.steps[0];
  if (typeof ref === 'object') return findStep(state, ref.stepId);
  return findOpen(state, ref);
}

/** What a stage command's ledger kind is called (R20). */
export function ledgerKindOf(cmd: StageCommand): CommandKind {
  return entryOf(cmd).ledgerKind(cmd);
}

/** Ledger fields of a stage command: rationale, evidence and the details an auditor needs (R20). */
export function ledgerFieldsOf(cmd: StageCommand): { rationale: string | null; evidence: string[]; details: Record<string, unknown> } {
  const { actor: _actor, kind: _kind, ...details } = cmd;
  return { ...entryOf(cmd).ledger(cmd), details };
}

/** The HTTP routes of the commands, in registry order: the API mounts them, the role table and the API document list them. */
export const COMMAND_ROUTES: readonly (CommandHttp & { kind: StageCommandKind; method: 'POST' })[] = STAGE_COMMAND_KINDS.map((kind) => ({ kind, method: 'POST' as const, ...COMMANDS[kind].http }));

/** The URL of a command's route with its parameters filled in (`/api/projects/<id>/withdrawals`). */
export function commandUrl(kind: StageCommandKind, params: { id: string; code?: string }): string {
  return `/api${COMMANDS[kind].http.path}`.replace(/:(\w+)/g, (_m, name: string) => {
    const value = (params as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`commandUrl: ${kind} needs :${name}`);
    return encodeURIComponent(value);
  });
}
