/** Impact evaluation (R5, R11): the actual value of each indicator, with evidence. */
import type { Actor } from '../roles';
import type { CommandEntry } from './types';
import { findOpen, isCoordinator, isLeadTeam, notAllowed, refuse, stageRefusal } from './rules';

export type RecordIndicatorCommand = { kind: 'record_indicator'; actor: Actor; indicatorCode: string; actual: number; evidence: string[] };

export const recordIndicator = {
  kind: 'record_indicator',
  http: {
    path: '/projects/:id/indicators/:code/actuals',
    target: 'project',
    permission: 'projects.execute',
    body: 'IndicatorActualBody',
    what: "record an indicator's actual value with evidence",
    doc: {
      operationId: 'recordIndicator',
      tag: 'Impact evaluation',
      description: "Records an indicator's actual value with evidence while the impact report is being written.",
      parameters: ['ProjectId', 'IndicatorCode'],
      errors: { 404: ['not_found'], 409: ['conflict'] },
      rules: ['UnknownIndicator', 'EvidenceRequired'],
    },
  },
  step: 'impact_reporting',
  ledgerKinds: ['record_indicator'],
  ledgerKind: () => 'record_indicator',
  ledger: (cmd) => ({ rationale: null, evidence: cmd.evidence }),
  validate: (state, cmd) => {
    const stage = stageRefusal(state, 'impact_evaluation');
    if (stage) return stage;
    if (!isCoordinator(cmd.actor) && !isLeadTeam(state, cmd.actor)) return notAllowed(state, cmd);
    if (!findOpen(state, 'impact_reporting')) return refuse('WrongStage', 'Indicators are not being reported');
    if (!state.indicatorCodes.includes(cmd.indicatorCode)) return refuse('UnknownIndicator', `No indicator ${cmd.indicatorCode}`, 'indicatorCode');
    if (cmd.evidence.length === 0) return refuse('EvidenceRequired', 'Evidence is required', 'evidence');
    return null;
  },
  apply: (state, cmd) => (state.indicatorsRecorded.includes(cmd.indicatorCode) ? {} : { indicatorsRecorded: [...state.indicatorsRecorded, cmd.indicatorCode] }),
} satisfies CommandEntry<RecordIndicatorCommand, 'IndicatorActualBody'>;
