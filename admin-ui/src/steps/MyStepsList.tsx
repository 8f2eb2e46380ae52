import { Alert, Box, Button, Typography } from '@mui/material';
import { useCallback, useMemo } from 'react';
import { DataTable, List, useListContext, useTranslate } from 'react-admin';
import { QUEUES, type Queue } from '../../../domain/queues';
import { useFormat } from '../i18n/useFormat';
import { SlaChip, useStepTypeLabel } from '../projects/StatusChips';
import { TeamName } from '../projects/teams';
import type { StepRow } from '../types';
import { DeadlineChip, EscalationChip } from './DeadlineChip';
import { AssigneeName } from './Assignee';
import { QueueFilters, type QueueValue } from './QueueFilters';
import { WaitingFor } from './WaitingFor';

const Column = DataTable.Col<StepRow>;

/** What the list opens with: the open steps of the caller's team or role. */
const DEFAULT_FILTER = { status: 'active', queue: ['mine'] };
/** Filters the queue chips and the search set; any other filter came from a dashboard figure. */
const QUEUE_KEYS = new Set(['status', 'queue', 'q']);

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography sx={{ p: 3 }} color="text.secondary" data-testid="my-steps-empty">
      {translate('app.my_steps.empty')}
    </Typography>
  );
};

const asQueues = (value: unknown): Queue[] => (Array.isArray(value) ? value : value ? [value] : []).filter((q): q is Queue => (QUEUES as readonly string[]).includes(q));

/** The queue chips and search over the list's own filter; a figure's filter is named, with a way back. */
const StepsToolbar = () => {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext<StepRow>();
  const value = useMemo<QueueValue>(() => ({ queues: asQueues(filterValues.queue), search: typeof filterValues.q === 'string' ? filterValues.q : '' }), [filterValues.queue, filterValues.q]);
  const onChange = useCallback(
    (next: QueueValue) => {
      const { queue: _queue, q: _q, ...rest } = filterValues;
      setFilters({ ...rest, ...(next.queues.length && { queue: next.queues }), ...(next.search && { q: next.search }) }, {});
    },
    [filterValues, setFilters],
  );
  const fromFigure = Object.keys(filterValues).some((key) => !QUEUE_KEYS.has(key));
  return (
    <Box sx={{ px: 2, pt: 1, display: 'grid', gap: 1 }}>
      <Typography variant="body2" color="text.secondary">
        {translate('app.my_steps.intro')}
      </Typography>
      {fromFigure && (
        <Alert
          severity="info"
          data-testid="steps-from-figure"
          action={
            <Button color="inherit" size="small" onClick={() => setFilters(DEFAULT_FILTER, {})}>
              {translate('app.work.clear')}
            </Button>
          }
        >
          {translate('app.work.filtered')}
        </Alert>
      )}
      <QueueFilters value={value} onChange={onChange} testId="steps-queues" />
    </Box>
  );
};

/**
 * "My team's steps", deadline first (R20, R25), with the queues a team lead works from. The API
 * scopes `mine` by role: a team lead's team, the coordinator's own steps, the board's votes. A
 * dashboard figure opens this list with its own filter (dashboard/figures.ts stepsBehind).
 */
export const MyStepsList = () => {
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  return (
    <List
      data-testid="my-steps"
      title="app.my_steps.title"
      filterDefaultValues={DEFAULT_FILTER}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={50}
      exporter={false}
      empty={false}
      actions={false}
    >
      <StepsToolbar />
      <DataTable rowClick={(_id, _resource, step) => `/projects/${(step as StepRow).projectId}/show`} bulkActionButtons={false} empty={<Empty />}>
        <Column source="projectCode" label="app.my_steps.project" render={(s) => `${s.projectCode} — ${s.projectTitle}`} disableSort />
        <Column source="type" render={(s) => stepTypeLabel(s.type)} disableSort />
        <Column source="responsibleTeamCode" disableSort render={(s) => (s.responsibleTeamCode ? <TeamName unitCode={s.unitCode} code={s.responsibleTeamCode} /> : '—')} />
        <Column source="assigneeName" label="app.assignee.label" disableSort render={(s) => <AssigneeName name={s.assigneeName} />} />
        <Column source="waitingFor" label="app.work.waiting_column" disableSort render={(s) => <WaitingFor people={s.waitingFor} vote={s.vote} />} />
        <Column source="dueAt" render={(s) => format.dateTime(s.dueAt)} />
        <Column source="workingDaysLeft" disableSort render={(s) => <DeadlineChip workingDaysLeft={s.workingDaysLeft} />} />
        <Column source="slaStatus" render={(s) => <SlaChip status={s.slaStatus} stepType={s.type} />} />
        <Column source="escalationLevel" render={(s) => <EscalationChip level={s.escalationLevel} />} />
      </DataTable>
    </List>
  );
};
