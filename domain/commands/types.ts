/**
 * The shape of one stage command in the registry (domain/commands/index.ts). Pure types: the
 * workflow bundle, the API and the console all import this folder, so nothing here may do I/O or
 * pull zod in at run time (request bodies are named, and typed through `import type`).
 */
import type { Permission } from '../access';
import type { RuleErrorCode } from '../errors';
import type { ChangeInput, CommitmentState, InvitationState, MilestoneState, OpenStepState, PledgeState, SlaCheckpoint } from '../project';
import type { CommandKind, Stage, StepType } from '../lifecycle';
import type * as Schemas from '../schemas';

/** Every command carries the person who sends it (read from the database by the API, never from a body). */
export interface AnyCommand {
  kind: string;
  actor: import('../roles').Actor;
}

/** What the workflow holds that the command rules read: a read-only view built from the workflow's state. */
export interface CommandState {
  code: string;
  leadTeamCode: string;
  stage: Stage;
  /** Open steps, the stage's main step first. */
  steps: readonly OpenStepState[];
  required: readonly string[];
  waived: readonly string[];
  invitations: readonly InvitationState[];
  commitments: readonly CommitmentState[];
  planTotalVnd: number | null;
  pledges: readonly PledgeState[];
  socializationWaived: boolean;
  /** Share of resources that must come from non-state sources (R6). */
  nonStateTarget: number;
  milestones: readonly MilestoneState[];
  /** The indicators of the proposal as it stands (a resubmission may change them). */
  indicatorCodes: readonly string[];
  indicatorsRecorded: readonly string[];
  /** A change request was accepted and waits for its step to open. */
  changeRequested: boolean;
  /** The board chair's cancellation is under way. */
  cancelling: boolean;
  /** The consultation open before the board's vote (R22), or null. */
  consultation: { frontOpinion: boolean } | null;
}

/** Why the workflow refuses a command: the code the API maps to a status and a message (domain/errors.ts). */
export interface Refusal {
  code: RuleErrorCode;
  message: string;
  field?: string;
}

/** What recording a command in the ledger and the read model answered (activities' recordCommand). */
export interface CommandRecord {
  seq: number;
  hash: string;
  invitation?: Omit<InvitationState, 'status' | 'reminded'>;
  milestones?: MilestoneState[];
  ticket?: { dueAt: string; checkpoints: SlaCheckpoint[] };
}

/**
 * How a command changes the workflow's state: the fields it replaces (new arrays, never mutated
 * ones). The workflow assigns them; `step` is merged into the open step's own object, because the
 * stage code holds that object while it waits.
 */
export interface CommandPatch {
  invitations?: InvitationState[];
  commitments?: CommitmentState[];
  waived?: string[];
  socializationWaived?: boolean;
  planTotalVnd?: number;
  milestones?: MilestoneState[];
  pledges?: PledgeState[];
  indicatorsRecorded?: string[];
  /** A change request to open as a step beside execution. */
  changeRequested?: ChangeInput & { requestedBy: string };
  /** The project is to be cancelled: the workflow cancels its stages and runs the compensations. */
  cancelRequested?: { rationale: string; actorName: string };
  /** The Fatherland Front's opinion on the open consultation is recorded (R22). */
  frontOpinionRecorded?: true;
  /** The open step changed (its deadline moved): the SLA state and search attributes are refreshed. */
  step?: { stepId: string; set: Pick<OpenStepState, 'ticket' | 'checkpointsPassed' | 'extensions' | 'slaStatus'> };
}

/**
 * Which open step a command is recorded against (the ledger's step): the open step of a type,
 * the step the command names, or the project's main step (the first open one).
 */
export type StepRef = StepType | 'main' | { stepId: string };

/** Names of the request bodies in domain/schemas.ts (the zod objects the API parses with). */
export type BodyName = { [K in keyof typeof Schemas]: K extends `${string}Body` ? ((typeof Schemas)[K] extends { _zod: unknown } ? K : never) : never }[keyof typeof Schemas];
/** What the API has parsed a body into (after defaults). */
export type BodyOf<B extends BodyName> = (typeof Schemas)[B] extends { _zod: { output: infer O } } ? O : never;
/** What a client sends (fields with a default are optional): the console's form values. */
export type BodyInputOf<B extends BodyName> = (typeof Schemas)[B] extends { _zod: { input: infer I } } ? I : never;

/** The thing an HTTP command route names by its `:id`, which leads to the project. */
export type RouteTarget = 'project' | 'invitation' | 'step';

/** Path parameters, documented by name in the OpenAPI components (api/openapi/document.ts PARAMETERS). */
export type PathParameter = 'ProjectId' | 'StepId' | 'InvitationId' | 'MilestoneCode' | 'IndicatorCode';

/** The HTTP side of a command: its route, who may call it, its body and its documentation. */
export interface CommandHttp<B extends BodyName = BodyName> {
  /** Express path under /api, e.g. /projects/:id/withdrawals. */
  path: string;
  target: RouteTarget;
  /** The role table's permission (domain/access.ts): the API checks it before anything else. */
  permission: Permission;
  body: B;
  /** One line for the role table (docs/access.md) and the OpenAPI summary. */
  what: string;
  doc: {
    operationId: string;
    tag: 'Steps' | 'Projects' | 'Partner matching' | 'Funding' | 'Execution' | 'Impact evaluation';
    description: string;
    parameters: readonly PathParameter[];
    /** Errors the API route itself answers (before the workflow), by status. */
    errors?: Partial<Record<400 | 403 | 404 | 409 | 422, readonly string[]>>;
    /** The rule refusals of `validate`, besides ProjectClosed, WrongStage and NotAllowed (every command may answer those). */
    rules?: readonly RuleErrorCode[];
  };
}

/** One stage command: everything about it in one place. */
export interface CommandEntry<C extends AnyCommand, B extends BodyName = BodyName> {
  kind: C['kind'];
  http: CommandHttp<B>;
  /** The open step the command is recorded against; the main step when none of that type is open. */
  step: StepRef | ((cmd: C) => StepRef);
  /** The ledger's kind(s) of this command (R20): usually the command's own kind. */
  ledgerKinds: readonly CommandKind[];
  ledgerKind: (cmd: C) => CommandKind;
  /** What the ledger row holds besides the command's details. */
  ledger: (cmd: C) => { rationale: string | null; evidence: string[] };
  /** The workflow's Update validator: a refusal, or null to accept (nothing is recorded when refused). */
  validate: (state: CommandState, cmd: C) => Refusal | null;
  /** The state after the command was recorded. */
  apply: (state: CommandState, cmd: C, record: CommandRecord) => CommandPatch;
}

/** A registry over a union of commands: one complete entry per kind, or the file does not compile. */
export type CommandRegistry<C extends AnyCommand> = { [K in C['kind']]: CommandEntry<Extract<C, { kind: K }>> };
