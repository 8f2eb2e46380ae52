import { Alert, Box, Button, Card, CardActions, CardContent, Chip, FormControl, InputLabel, LinearProgress, MenuItem, Paper, Select, Stack, Typography } from '@mui/material';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Loading, Title, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { PROJECT_CATEGORIES } from '../../../domain/lifecycle';
import { canHaveDecisions } from '../auth/canAccess';
import { useFormat } from '../i18n/useFormat';
import { ErrorState } from '../layout/LoadStates';
import { DecisionButtons } from '../projects/DecisionPanel';
import { SlaChip, useStepTypeLabel } from '../projects/StatusChips';
import { TeamName, teamLabel, useTeams } from '../projects/teams';
import { asAppLocale } from '../i18n/locale';
import { DeadlineChip, EscalationChip } from '../steps/DeadlineChip';
import { AssigneeLine } from '../steps/Assignee';
import { QueueFilters, queueFilter, type QueueValue } from '../steps/QueueFilters';
import { WaitingFor } from '../steps/WaitingFor';
import type { Project, Role, StepRow } from '../types';
import { BOARD_COLUMNS, fundingProgress, groupByColumn, type BoardColumn } from './board';

const PAGE = 200;

const columnLabel = (column: BoardColumn) => (column === 'finished' ? 'app.pipeline.finished' : `app.stage.${column}`);

const ProjectCard = ({ project, mayDecide, vote }: { project: Project; mayDecide: boolean; vote: StepRow['vote'] | undefined }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const step = project.activeStep;
  const funding = fundingProgress(project);
  return (
    <Card variant="outlined" data-testid="pipeline-card" data-code={project.code} data-stage={project.stage}>
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="caption" color="text.secondary">
          {project.code}
        </Typography>
        <Typography variant="subtitle2" component="h3" sx={{ lineHeight: 1.3, mb: 1 }}>
          {project.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          <TeamName unitCode={project.unitCode} code={project.leadTeamCode} />
        </Typography>
        {step && (
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
            <SlaChip status={step.slaStatus} stepType={step.type} />
            <DeadlineChip workingDaysLeft={step.workingDaysLeft} />
            <EscalationChip level={step.escalationLevel} />
          </Stack>
        )}
        {project.outcome && (
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }} data-testid="card-outcome" data-outcome={project.outcome}>
            <Chip size="small" color={project.outcome === 'achieved' ? 'success' : project.outcome === 'partly' ? 'info' : 'warning'} label={translate(`app.actions.outcome.${project.outcome}`)} />
            {project.recommendation && <Chip size="small" variant="outlined" label={translate(`app.actions.recommendation.${project.recommendation}`)} />}
          </Stack>
        )}
        {step && (
          <Typography variant="caption" component="div" sx={{ mt: 0.5 }}>
            {stepTypeLabel(step.type)} · {format.date(step.dueAt)}
          </Typography>
        )}
        {step && <AssigneeLine name={step.assigneeName} />}
        {step && <WaitingFor people={step.waitingFor} vote={vote} />}
        <Box sx={{ mt: 1 }} data-testid="funding-progress" data-percent={funding?.percent ?? ''}>
          {funding ? (
            <>
              <LinearProgress variant="determinate" value={funding.percent} color={funding.ratio >= 1 ? 'success' : 'primary'} />
              <Typography variant="caption" color="text.secondary">
                {translate('app.pipeline.funded', { percent: funding.percent, target: format.money(funding.targetVnd) })}
              </Typography>
            </>
          ) : (
            <Typography variant="caption" color="text.secondary">
              {translate('app.pipeline.no_target')}
            </Typography>
          )}
        </Box>
      </CardContent>
      <CardActions sx={{ pt: 0, flexWrap: 'wrap', gap: 0.5 }}>
        <Button size="small" component={Link} to={`/projects/${project.id}/show`}>
          {translate('app.pipeline.open')}
        </Button>
        {/* A card moves only by a decision the workflow accepts (R18), never by dragging. */}
        {step && mayDecide && <DecisionButtons step={{ ...step, projectId: project.id }} size="small" />}
      </CardActions>
    </Card>
  );
};

const FilterSelect = ({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: { id: string; name: string }[] }) => {
  const translate = useTranslate();
  const id = `pipeline-filter-${label.split('.').pop()}`;
  return (
    <FormControl size="small" fullWidth={false} sx={{ minWidth: 220 }}>
      <InputLabel id={id}>{translate(label)}</InputLabel>
      <Select labelId={id} label={translate(label)} value={value} onChange={(e) => onChange(String(e.target.value))} data-testid={id}>
        <MenuItem value="">{translate('app.pipeline.all')}</MenuItem>
        {options.map((o) => (
          <MenuItem key={o.id} value={o.id}>
            {o.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};

/** The team lead's pipeline: projects as cards in stage columns (R13, R20, R25). */
export const PipelineBoard = () => {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  // Decision buttons only on cards whose open step waits for this person (eligible, not recused, not yet voted).
  const { data: awaiting } = useGetList<StepRow>('steps', { pagination: { page: 1, perPage: 200 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { awaitingMe: true } }, { enabled: role !== undefined && canHaveDecisions(role) });
  const decidable = useMemo(() => new Set((awaiting ?? []).map((s) => s.id)), [awaiting]);
  // Board votes' counts, for "(1/3 votes)" next to the names a card waits for.
  const { data: votes } = useGetList<StepRow>('steps', { pagination: { page: 1, perPage: 200 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { status: 'active' } });
  const voteOf = useMemo(() => new Map((votes ?? []).map((s) => [s.id, s.vote])), [votes]);
  const [queues, setQueues] = useState<QueueValue>({ queues: [], search: '' });
  const onQueues = useCallback((next: QueueValue) => setQueues(next), []);
  const [unitCode, setUnitCode] = useState('');
  const [leadTeamCode, setLeadTeamCode] = useState('');
  const [category, setCategory] = useState('');
  const { data: teams } = useTeams();
  const [locale] = useLocaleState();
  const filter = useMemo(() => ({ ...(unitCode && { unitCode }), ...(leadTeamCode && { leadTeamCode }), ...(category && { category }), ...queueFilter(queues) }), [unitCode, leadTeamCode, category, queues]);
  const { data, total, isPending, error, refetch } = useGetList<Project>('projects', { pagination: { page: 1, perPage: PAGE }, sort: { field: 'dueAt', order: 'ASC' }, filter });
  const columns = useMemo(() => groupByColumn(data ?? []), [data]);
  const units = [...new Set((teams ?? []).map((t) => t.unitCode))].map((u) => ({ id: u, name: u }));
  const teamOptions = (teams ?? []).filter((t) => !unitCode || t.unitCode === unitCode).map((t) => ({ id: t.code, name: teamLabel(t, asAppLocale(locale)) }));

  return (
    <Box data-testid="pipeline-board" sx={{ p: 2, minWidth: 0, maxWidth: '100%' }}>
      <Title title="app.pipeline.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.pipeline.intro')}
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
        {units.length > 1 && <FilterSelect label="app.pipeline.filter_unit" value={unitCode} onChange={setUnitCode} options={units} />}
        <FilterSelect label="app.pipeline.filter_team" value={leadTeamCode} onChange={setLeadTeamCode} options={teamOptions} />
        <FilterSelect label="app.pipeline.filter_category" value={category} onChange={setCategory} options={PROJECT_CATEGORIES.map((c) => ({ id: c, name: translate(`app.category.${c}`) }))} />
      </Stack>
      <Box sx={{ mb: 2 }}>
        <QueueFilters value={queues} onChange={onQueues} testId="pipeline-queues" />
      </Box>
      {error ? (
        <ErrorState error={error} title="app.errors.load_failed" help="app.errors.load_help" onRetry={() => void refetch()} testId="load-error" />
      ) : isPending ? (
        <Loading />
      ) : (
        <>
          {total !== undefined && total > PAGE && (
            <Alert severity="info" sx={{ mb: 2 }}>
              {translate('app.pipeline.truncated', { shown: PAGE, total })}
            </Alert>
          )}
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: `repeat(${BOARD_COLUMNS.length}, minmax(200px, 1fr))`, lg: `repeat(${BOARD_COLUMNS.length}, minmax(0, 1fr))` }, gap: 1.5, overflowX: 'auto', pb: 2, alignItems: 'start' }}>
            {BOARD_COLUMNS.map((column) => (
              // Each column scrolls inside the board, which stays within the window, rather than growing the page.
              <Paper key={column} variant="outlined" sx={{ p: 1, bgcolor: 'action.hover', minHeight: 200, maxHeight: { md: 'calc(100vh - 260px)' }, overflowY: { md: 'auto' } }} data-testid={`pipeline-column-${column}`} component="section">
                <Typography variant="subtitle1" component="h2" sx={{ px: 1, py: 0.5 }}>
                  {translate(columnLabel(column))}{' '}
                  <Typography component="span" variant="caption" color="text.secondary">
                    {translate('app.pipeline.count', { smart_count: columns[column].length })}
                  </Typography>
                </Typography>
                <Stack spacing={1}>
                  {columns[column].length === 0 ? (
                    <Typography variant="body2" color="text.secondary" sx={{ px: 1 }}>
                      {translate('app.pipeline.empty_column')}
                    </Typography>
                  ) : (
                    columns[column].map((project) => (
                      <ProjectCard key={project.id} project={project} mayDecide={project.activeStep !== null && decidable.has(project.activeStep.id)} vote={project.activeStep ? voteOf.get(project.activeStep.id) : undefined} />
                    ))
                  )}
                </Stack>
              </Paper>
            ))}
          </Box>
        </>
      )}
    </Box>
  );
};
