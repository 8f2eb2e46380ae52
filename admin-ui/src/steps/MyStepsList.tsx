import { Typography } from '@mui/material';
import { DataTable, List, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { SlaChip, useStepTypeLabel } from '../projects/StatusChips';
import { TeamName } from '../projects/teams';
import type { StepRow } from '../types';
import { DeadlineChip, EscalationChip } from './DeadlineChip';

const Column = DataTable.Col<StepRow>;

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography sx={{ p: 3 }} color="text.secondary" data-testid="my-steps-empty">
      {translate('app.my_steps.empty')}
    </Typography>
  );
};

/**
 * "My team's steps", deadline first (R20, R25). The API scopes `mine` by role: a team lead's team,
 * the coordinator's own steps, the board's votes; the most urgent at the top.
 */
export const MyStepsList = () => {
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const translate = useTranslate();
  return (
    <List
      data-testid="my-steps"
      title="app.my_steps.title"
      filter={{ mine: true, status: 'active' }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={50}
      exporter={false}
      empty={<Empty />}
      actions={false}
    >
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        {translate('app.my_steps.intro')}
      </Typography>
      <DataTable rowClick={(_id, _resource, step) => `/projects/${(step as StepRow).projectId}/show`} bulkActionButtons={false}>
        <Column source="projectCode" label="app.my_steps.project" render={(s) => `${s.projectCode} — ${s.projectTitle}`} disableSort />
        <Column source="type" render={(s) => stepTypeLabel(s.type)} disableSort />
        <Column source="responsibleTeamCode" disableSort render={(s) => (s.responsibleTeamCode ? <TeamName unitCode={s.unitCode} code={s.responsibleTeamCode} /> : '—')} />
        <Column source="dueAt" render={(s) => format.dateTime(s.dueAt)} />
        <Column source="workingDaysLeft" disableSort render={(s) => <DeadlineChip workingDaysLeft={s.workingDaysLeft} />} />
        <Column source="slaStatus" render={(s) => <SlaChip status={s.slaStatus} stepType={s.type} />} />
        <Column source="escalationLevel" render={(s) => <EscalationChip level={s.escalationLevel} />} />
      </DataTable>
    </List>
  );
};
