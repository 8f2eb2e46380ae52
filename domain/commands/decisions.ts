/**
 * The rules a decision on a later stage's step must meet besides who decides it (STEP_RULES): the
 * funding must be covered before it is approved (R6), every indicator measured before the report
 * is submitted (R5), a sign-off must say how it went (R11). The workflow's decide validator asks this.
 */
import { checkSocialization } from '../funding';
import type { StepType } from '../lifecycle';
import type { DecisionCommand } from '../project';
import type { CommandState, Refusal } from './types';
import { mixOf, refuse } from './rules';

export function decisionRefusal(state: CommandState, type: StepType, cmd: Pick<DecisionCommand, 'choice' | 'outcome' | 'recommendation'>): Refusal | null {
  if (type === 'funding_approval' && cmd.choice === 'approve') {
    if (state.planTotalVnd === null) return refuse('PlanMissing', 'No budget plan yet');
    const m = mixOf(state);
    if (m.totalVnd < state.planTotalVnd) return refuse('BudgetNotCovered', `Pledged ${m.totalVnd} of ${state.planTotalVnd} VND`);
    if (!state.socializationWaived && !checkSocialization(m, state.nonStateTarget).meets) return refuse('SocializationShortfall', checkSocialization(m, state.nonStateTarget).message.en);
  }
  if (type === 'impact_reporting' && cmd.choice === 'submit' && state.indicatorCodes.some((c) => !state.indicatorsRecorded.includes(c))) {
    return refuse('IndicatorsMissing', 'Every indicator needs an actual value');
  }
  if (type === 'board_signoff' && (!cmd.outcome || !cmd.recommendation)) return refuse('OutcomeRequired', 'Sign-off needs an outcome and a recommendation', 'outcome');
  return null;
}
