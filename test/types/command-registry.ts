/**
 * A type test, checked by the type check (`npm run typecheck`, `make test`; this folder is in
 * tsconfig.json's `include`): a command without a complete registry entry does not compile.
 * Each `@ts-expect-error` below fails the type check if its line ever compiles.
 */
import { COMMANDS, type CommandEntry, type CommandRegistry, type StageCommand } from '../../domain/commands';
import type { Actor } from '../../domain/roles';

/** A command someone adds (a note of a site visit, say). */
type SiteVisitCommand = { kind: 'record_site_visit'; actor: Actor; text: string };
type WithFake = StageCommand | SiteVisitCommand;

const complete = {
  kind: 'record_site_visit',
  http: {
    path: '/projects/:id/site-visits',
    target: 'project',
    permission: 'projects.match',
    body: 'CancellationBody',
    what: 'record a site visit',
    doc: { operationId: 'recordSiteVisit', tag: 'Projects', description: 'A site visit.', parameters: ['ProjectId'] },
  },
  step: 'main',
  ledgerKinds: ['cancel'],
  ledgerKind: () => 'cancel',
  ledger: (cmd) => ({ rationale: cmd.text, evidence: [] }),
  validate: () => null,
  apply: () => ({}),
} satisfies CommandEntry<SiteVisitCommand>;

// With its complete entry, the registry compiles.
export const withEntry = { ...COMMANDS, record_site_visit: complete } satisfies CommandRegistry<WithFake>;

// The new kind without an entry: does not compile.
// @ts-expect-error Property 'record_site_visit' is missing
export const withoutEntry = { ...COMMANDS } satisfies CommandRegistry<WithFake>;

// The new kind with an entry but no validator: does not compile.
const { validate: _validate, ...withoutValidator } = complete;
// @ts-expect-error Property 'validate' is missing
export const noValidator = { ...COMMANDS, record_site_visit: withoutValidator } satisfies CommandRegistry<WithFake>;

// A validator that judges another command's shape: does not compile.
export const wrongValidator = {
  ...COMMANDS,
  // @ts-expect-error 'partnerId' does not exist on the new command
  record_site_visit: { ...complete, validate: (_state, cmd: { partnerId: string }) => (cmd.partnerId ? null : null) },
} satisfies CommandRegistry<WithFake>;

// An entry filed under another kind: does not compile.
// @ts-expect-error the pledge entry is not the withdraw_partner entry
export const swapped = { ...COMMANDS, withdraw_partner: COMMANDS.pledge } satisfies CommandRegistry<StageCommand>;
