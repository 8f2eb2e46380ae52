import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Choice, Decision, SlaStatus, Stage } from '../types';

const STAGE_COLOR: Record<Stage, ChipProps['color']> = {
  proposal: 'info',
  partner_matching: 'primary',
  funding: 'primary',
  execution: 'primary',
  impact_evaluation: 'primary',
  closed: 'success',
  rejected: 'error',
  cancelled: 'default',
  withdrawn: 'default',
};

const SLA_COLOR: Record<SlaStatus, ChipProps['color']> = {
  on_track: 'success',
  at_risk: 'warning',
  breached: 'error',
  paused: 'default',
};

const CHOICE_COLOR: Partial<Record<Decision['choice'], ChipProps['color']>> = {
  accept: 'success',
  approve: 'success',
  return: 'warning',
  resubmit: 'info',
  reject: 'error',
  abstain: 'default',
  submit: 'info',
  dispute: 'warning',
  sign_off: 'success',
  cancel: 'error',
  withdraw_partner: 'warning',
  waive: 'warning',
  extend_sla: 'warning',
  reassign: 'info',
} satisfies Record<Choice, ChipProps['color']> & Partial<Record<Decision['choice'], ChipProps['color']>>;

export const StageChip = ({ stage }: { stage: Stage }) => {
  const translate = useTranslate();
  return <Chip size="small" variant="outlined" color={STAGE_COLOR[stage] ?? 'default'} label={translate(`app.stage.${stage}`, { _: stage })} />;
};

/**
 * A returned proposal's resubmission pauses the unit's clock, but its own deadline runs (missing it
 * withdraws the proposal): it reads as waiting for the proposer, not as paused.
 */
export function shownSla(status: SlaStatus, stepType?: string): SlaStatus | 'awaiting_proposer' {
  return stepType === 'resubmission' && status === 'paused' ? 'awaiting_proposer' : status;
}

/** R17/R20: the deadline state of the open step, the headline figure for team leads. */
export const SlaChip = ({ status, stepType }: { status: SlaStatus; stepType?: string }) => {
  const translate = useTranslate();
  const shown = shownSla(status, stepType);
  return (
    <Chip
      data-testid="sla-chip"
      data-sla={shown}
      size="small"
      color={shown === 'awaiting_proposer' ? 'info' : (SLA_COLOR[status] ?? 'default')}
      label={translate(`app.sla.${shown}`, { _: shown })}
    />
  );
};

/** A decision or a stage command (invite, pledge, cancel…), as the ledger names it. */
export const ChoiceChip = ({ choice }: { choice: Decision['choice'] }) => {
  const translate = useTranslate();
  return <Chip size="small" variant="outlined" color={CHOICE_COLOR[choice] ?? 'default'} label={translate(`app.choice.${choice}`, { _: choice })} />;
};

/** A step type by name; a type added on the server later still shows, untranslated. */
export const useStepTypeLabel = () => {
  const translate = useTranslate();
  return (type: string) => translate(`app.step_type.${type}`, { _: type });
};

/** How a step ended: its own outcome words first (approved, no quorum…), else the choice that closed it. */
export const useOutcomeLabel = () => {
  const translate = useTranslate();
  return (outcome: string | null | undefined) => (outcome ? translate(`app.step_outcome.${outcome}`, { _: translate(`app.choice.${outcome}`, { _: outcome }) }) : '—');
};
