/** Partner matching (R1, R10, R12): invitations, the partner's answer, the board chair's waiver. */
import type { Actor } from '../roles';
import type { CommandEntry } from './types';
import { blank, coverageOf, findOpen, isCoordinator, isLeadTeam, notAllowed, refuse, stageRefusal } from './rules';

export type InviteCommand = { kind: 'invite'; actor: Actor; partnerId: string; capability: string };
/** The invited partner accepts (with what it commits) or declines: two ledger kinds. */
export type RespondCommand = { kind: 'respond'; actor: Actor; invitationId: string; accept: boolean; resources?: string; reason?: string };
export type WaiveCommand = { kind: 'waive'; actor: Actor; gap: 'capability' | 'socialization'; capability?: string; rationale: string };

export const invite = {
  kind: 'invite',
  http: {
    path: '/projects/:id/invitations',
    target: 'project',
    permission: 'projects.match',
    body: 'InvitationBody',
    what: 'invite a partner for a missing capability',
    doc: {
      operationId: 'invitePartner',
      tag: 'Partner matching',
      description: 'Invites a registered partner for a capability the project still misses, while partner matching is open. The coordinator or the lead team.',
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'], 422: ['unknown_partner', 'partner_lacks_capability'] },
      rules: ['CapabilityNotNeeded', 'AlreadyInvited'],
    },
  },
  step: 'partner_matching',
  ledgerKinds: ['invite'],
  ledgerKind: () => 'invite',
  ledger: () => ({ rationale: null, evidence: [] }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'partner_matching', 'execution');
    if (stage) return stage;
    if (!isCoordinator(cmd.actor) && !isLeadTeam(state, cmd.actor)) return notAllowed(state, cmd);
    if (!findOpen(state, 'partner_matching')) return refuse('WrongStage', 'Partner matching is not open');
    if (!coverageOf(state).missing.includes(cmd.capability)) return refuse('CapabilityNotNeeded', `${cmd.capability} is not missing`, 'capability');
    if (state.invitations.some((i) => i.partnerId === cmd.partnerId && i.capability === cmd.capability && i.status === 'invited')) {
      return refuse('AlreadyInvited', 'Invitation already open', 'partnerId');
    }
    return null;
  },
  apply: (state, _cmd, record) => (record.invitation ? { invitations: [...state.invitations, { ...record.invitation, status: 'invited', reminded: false }] } : {}),
} satisfies CommandEntry<InviteCommand, 'InvitationBody'>;

export const respond = {
  kind: 'respond',
  http: {
    path: '/invitations/:id/response',
    target: 'invitation',
    permission: 'invitations.respond',
    body: 'InvitationResponseBody',
    what: 'accept (with a commitment) or decline; only the invited partner',
    doc: {
      operationId: 'respondToInvitation',
      tag: 'Partner matching',
      description: "The invited partner accepts (resources is then required: what it commits) or declines. Another partner's invitation answers 404.",
      parameters: ['InvitationId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['InvitationClosed'],
    },
  },
  step: 'partner_matching',
  ledgerKinds: ['accept_invitation', 'decline_invitation'],
  ledgerKind: (cmd) => (cmd.accept ? 'accept_invitation' : 'decline_invitation'),
  ledger: (cmd) => ({ rationale: cmd.reason ?? null, evidence: [] }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'partner_matching', 'execution');
    if (stage) return stage;
    const inv = state.invitations.find((i) => i.id === cmd.invitationId);
    if (!inv || inv.status !== 'invited' || !findOpen(state, 'partner_matching')) return refuse('InvitationClosed', 'The invitation is not open');
    if (cmd.actor.role !== 'partner' || cmd.actor.partnerId !== inv.partnerId) return notAllowed(state, cmd);
    return null;
  },
  apply: (state, cmd) => {
    const inv = state.invitations.find((i) => i.id === cmd.invitationId);
    if (!inv) return {};
    const invitations = state.invitations.map((i) => (i === inv ? { ...i, status: cmd.accept ? ('accepted' as const) : ('declined' as const) } : i));
    if (!cmd.accept) return { invitations };
    return { invitations, commitments: [...state.commitments, { partnerId: inv.partnerId, capability: inv.capability, status: 'committed' }] };
  },
} satisfies CommandEntry<RespondCommand, 'InvitationResponseBody'>;

export const waive = {
  kind: 'waive',
  http: {
    path: '/projects/:id/waivers',
    target: 'project',
    permission: 'projects.waive',
    body: 'WaiverBody',
    what: 'waive a capability gap or the socialization shortfall; the board chair only',
    doc: {
      operationId: 'waiveGap',
      tag: 'Partner matching',
      description: 'The board chair waives a missing capability (capability is then required) during partner matching, or the socialization shortfall during funding.',
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['RationaleRequired', 'NothingToWaive'],
    },
  },
  // A capability gap is waived on partner matching, the socialization shortfall on the funding decision.
  step: (cmd) => (cmd.gap === 'capability' ? 'partner_matching' : 'funding_approval'),
  ledgerKinds: ['waive'],
  ledgerKind: () => 'waive',
  ledger: (cmd) => ({ rationale: cmd.rationale, evidence: [] }),
  validate: (state, cmd) => {
    if (!cmd.actor.boardChair) return notAllowed(state, cmd);
    if (blank(cmd.rationale)) return refuse('RationaleRequired', 'A waiver needs a rationale', 'rationale');
    if (cmd.gap === 'capability') {
      const stage = stageRefusal(state, 'partner_matching', 'execution');
      if (stage) return stage;
      if (!findOpen(state, 'partner_matching') || !cmd.capability || !coverageOf(state).missing.includes(cmd.capability)) {
        return refuse('NothingToWaive', 'That capability is not missing', 'capability');
      }
      return null;
    }
    const stage = stageRefusal(state, 'funding');
    if (stage) return stage;
    if (state.socializationWaived) return refuse('NothingToWaive', 'Already waived');
    return null;
  },
  apply: (state, cmd) => (cmd.gap === 'capability' && cmd.capability ? { waived: [...state.waived, cmd.capability] } : { socializationWaived: true }),
} satisfies CommandEntry<WaiveCommand, 'WaiverBody'>;
