/** The consultation before the board's vote (R22): the Fatherland Front's opinion, recorded on its behalf. */
import type { Actor } from '../roles';
import type { CommandEntry } from './types';
import { findOpen, isCoordinator, notAllowed, refuse, stageRefusal } from './rules';

/** R22: the Fatherland Front's opinion on a plan in consultation, recorded by a coordinator on its behalf. */
export type RecordFrontOpinionCommand = { kind: 'record_front_opinion'; actor: Actor; opinion: string; letterDate: string; documentRef?: string };

export const recordFrontOpinion = {
  kind: 'record_front_opinion',
  http: {
    path: '/projects/:id/front-opinion',
    target: 'project',
    permission: 'projects.consult',
    body: 'FrontOpinionBody',
    what: "record the Fatherland Front's opinion on a plan in consultation, on the Front's behalf (R22)",
    doc: {
      operationId: 'recordFrontOpinion',
      tag: 'Projects',
      description:
        "A coordinator records the opinion of the ward's Fatherland Front committee (Ủy ban MTTQ) on a plan in consultation: its text, the date of the Front's letter and an optional document reference. Once per consultation; the proposer's summary is refused until it is recorded.",
      parameters: ['ProjectId'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['NotInConsultation', 'FrontOpinionRecorded'],
    },
  },
  step: 'consultation',
  ledgerKinds: ['record_front_opinion'],
  ledgerKind: () => 'record_front_opinion',
  ledger: (cmd) => ({ rationale: cmd.opinion, evidence: [] }),
  validate: (state, cmd) => {
    // A command kind of its own (R22): histories recorded before it never carry it.
    const stage = stageRefusal(state, 'proposal');
    if (stage) return stage;
    if (!isCoordinator(cmd.actor)) return notAllowed(state, cmd);
    if (!state.consultation || !findOpen(state, 'consultation')) return refuse('NotInConsultation', `Project ${state.code} is not in consultation`);
    if (state.consultation.frontOpinion) return refuse('FrontOpinionRecorded', "The Front's opinion is already recorded", 'opinion');
    return null;
  },
  apply: () => ({ frontOpinionRecorded: true }),
} satisfies CommandEntry<RecordFrontOpinionCommand, 'FrontOpinionBody'>;
