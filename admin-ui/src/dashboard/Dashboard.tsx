// The dashboard (issue 6): headline cards first, the charts in a chunk of their own behind them.
import RefreshIcon from '@mui/icons-material/Refresh';
import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, AlertTitle, Box, Button, Card, CardActionArea, CardContent, LinearProgress, Link, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useMemo, useState, type ReactNode } from 'react';
import { Title, useDataProvider, useLocaleState, useLogoutIfAccessDenied, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../data/dataProvider';
import { ApiError } from '../data/httpClient';
import { asAppLocale } from '../i18n/locale';
import { useFormat } from '../i18n/useFormat';
import { useTeamName, useUnitName } from '../projects/teams';
import { StepsWithoutDecider } from '../steps/NoDecider';
import { toneColor } from './Bars';
import { DEFAULT_PERIOD, PERIOD_CHOICES, cIndexTone, createNumberFormats, ownCIndex, periodOnTime, rateTone, shareTone, stepsBehind, stepsBehindPath, type Tone } from './figures';

const DashboardCharts = lazy(() => import('./DashboardCharts.js').then((module) => ({ default: module.DashboardCharts })));

/** Both figures, refused or failed calls passed through react-admin's sign-out check first. */
function useFigures(months: number) {
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const dataProvider = useDataProvider<AppDataProvider>();
  async function guarded<T>(load: Promise<T>): Promise<T> {
    try {
      return await load;
    } catch (error) {
      await logoutIfAccessDenied(error);
      throw error;
    }
  }
  // Changing the period keeps the previous figures on screen until the new ones arrive.
  const sla = useQuery({ queryKey: ['stats', 'sla', months], queryFn: ({ signal }) => guarded(dataProvider.slaStats(months, signal)), placeholderData: keepPreviousData });
  const pipeline = useQuery({ queryKey: ['stats', 'pipeline'], queryFn: ({ signal }) => guarded(dataProvider.pipelineStats(signal)) });
  return { sla, pipeline };
}

interface KpiProps {
  testId: string;
  label: string;
  value: string;
  help: string;
  tone: Tone;
  /** Where the steps behind the figure are listed. */
  to?: string;
  extra?: ReactNode;
}

const Kpi = ({ testId, label, value, help, tone, to, extra }: KpiProps) => {
  const content = (
    <CardContent>
      <Typography variant="overline" color="text.secondary" component="h2">
        {label}
      </Typography>
      <Typography variant="h4" component="p" data-testid={`${testId}-value`} sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {help}
      </Typography>
    </CardContent>
  );
  return (
    <Card variant="outlined" data-testid={testId} data-tone={tone} sx={{ borderLeft: 6, borderLeftColor: toneColor(tone) }}>
      {to ? (
        <CardActionArea component={RouterLink} to={to} data-testid={`${testId}-link`}>
          {content}
        </CardActionArea>
      ) : (
        content
      )}
      {extra && <Box sx={{ px: 2, pb: 1.5 }}>{extra}</Box>}
    </Card>
  );
};

const Loading = ({ text }: { text: string }) => (
  <Box role="status" aria-live="polite" sx={{ py: 3 }}>
    <LinearProgress />
    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
      {text}
    </Typography>
  </Box>
);

const Failure = ({ error, onRetry }: { error: unknown; onRetry: () => void }) => {
  const translate = useTranslate();
  const forbidden = error instanceof ApiError && error.status === 403;
  const message = error instanceof Error ? translate(error.message, { _: error.message }) : translate('app.errors.unexpected');
  return (
    <Alert
      severity={forbidden ? 'info' : 'error'}
      data-testid="dashboard-error"
      action={
        forbidden ? undefined : (
          <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={onRetry}>
            {translate('app.dashboard.error.retry')}
          </Button>
        )
      }
    >
      <AlertTitle>{translate(forbidden ? 'app.dashboard.error.forbidden_title' : 'app.dashboard.error.title')}</AlertTitle>
      {!forbidden && <Typography variant="body2">{message}</Typography>}
      <Typography variant="body2">{translate(forbidden ? 'app.dashboard.error.forbidden_help' : 'app.dashboard.error.help')}</Typography>
    </Alert>
  );
};

const Frame = ({ header, children }: { header?: ReactNode; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="dashboard" component="section" sx={{ p: { xs: 1, md: 2 }, display: 'grid', gap: 2 }}>
      <Title title={translate('app.dashboard.title')} />
      {header}
      {children}
    </Box>
  );
};

export const Dashboard = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const numbers = useMemo(() => createNumberFormats(asAppLocale(locale)), [locale]);
  const format = useFormat();
  const teamName = useTeamName();
  const unitName = useUnitName();
  const [months, setMonths] = useState<number>(DEFAULT_PERIOD);
  const { sla, pipeline } = useFigures(months);
  const retry = () => void Promise.all([sla.refetch(), pipeline.refetch()]);

  const error = sla.error ?? pipeline.error;
  if (error && !(sla.data && pipeline.data)) {
    return (
      <Frame>
        <Failure error={error} onRetry={retry} />
      </Frame>
    );
  }
  if (!sla.data || !pipeline.data) {
    return (
      <Frame>
        <Loading text={translate('app.dashboard.loading')} />
      </Frame>
    );
  }

  const { scope, now, escalations } = sla.data;
  const funding = pipeline.data.funding;
  const onTime = periodOnTime(sla.data.onTimeByUnit);
  const cIndex = ownCIndex(pipeline.data);
  const escalatedNow = escalations.open.reduce((sum, e) => sum + e.count, 0);
  const behind = (figure: Parameters<typeof stepsBehind>[1]) => stepsBehindPath(stepsBehind(scope, figure));

  const header = (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, justifyContent: 'space-between' }}>
      <Box>
        <Typography variant="h5" component="h1">
          {translate('app.dashboard.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="dashboard-scope">
          {scope.teamCode
            ? translate('app.dashboard.scope_team', { unit: unitName(scope.unitCode), team: teamName(scope.unitCode, scope.teamCode) })
            : translate('app.dashboard.scope_unit', { unit: unitName(scope.unitCode) })}
          {' · '}
          {translate('app.dashboard.generated_at', { time: format.dateTime(sla.data.generatedAt) })}
        </Typography>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={months}
          aria-label={translate('app.dashboard.period')}
          data-testid="dashboard-period"
          onChange={(_event, value: number | null) => value !== null && setMonths(value)}
        >
          {PERIOD_CHOICES.map((choice) => (
            <ToggleButton key={choice} value={choice}>
              {translate('app.dashboard.months', { smart_count: choice })}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Button size="small" startIcon={<RefreshIcon />} onClick={retry} disabled={sla.isFetching || pipeline.isFetching}>
          {translate('app.dashboard.refresh')}
        </Button>
      </Box>
    </Box>
  );

  return (
    <Frame header={header}>
      {(sla.isFetching || pipeline.isFetching) && <LinearProgress aria-label={translate('app.dashboard.loading')} />}
      {error && <Failure error={error} onRetry={retry} />}
      <StepsWithoutDecider />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(3, 1fr)', xl: 'repeat(6, 1fr)' } }}>
        <Kpi
          testId="dashboard-ontime-rate"
          label={translate('app.dashboard.kpi.on_time')}
          value={numbers.percent(onTime.rate)}
          help={onTime.closed === 0 ? translate('app.dashboard.kpi.on_time_empty') : translate('app.dashboard.kpi.on_time_help', { onTime: numbers.count(onTime.onTime), closed: numbers.count(onTime.closed) })}
          tone={rateTone(onTime.rate)}
          to={onTime.closed > 0 ? behind({ kind: 'on_time', firstMonth: sla.data.onTimeByUnit[0]!.month }) : undefined}
        />
        <Kpi
          testId="dashboard-open"
          label={translate('app.dashboard.kpi.open')}
          value={numbers.count(now.open)}
          help={translate('app.dashboard.kpi.open_help', { onTrack: numbers.count(now.onTrack), paused: numbers.count(now.paused) })}
          tone="neutral"
          to={now.open > 0 ? behind({ kind: 'open' }) : undefined}
        />
        <Kpi
          testId="dashboard-at-risk"
          label={translate('app.dashboard.kpi.at_risk')}
          value={numbers.count(now.atRisk)}
          help={translate('app.dashboard.kpi.at_risk_help')}
          tone={now.atRisk > 0 ? 'warning' : 'success'}
          to={now.atRisk > 0 ? behind({ kind: 'at_risk' }) : undefined}
        />
        <Kpi
          testId="dashboard-breached"
          label={translate('app.dashboard.kpi.breached')}
          value={numbers.count(now.breached)}
          help={translate('app.dashboard.kpi.breached_help', { escalated: numbers.count(escalatedNow), events: numbers.count(escalations.eventsInPeriod) })}
          tone={now.breached > 0 ? 'error' : 'success'}
          to={now.breached > 0 ? behind({ kind: 'breached' }) : undefined}
          extra={
            escalatedNow > 0 && (
              <Link component={RouterLink} to={behind({ kind: 'escalated' })} variant="body2" data-testid="dashboard-escalated-link">
                {translate('app.work.escalated_link', { smart_count: escalatedNow })}
              </Link>
            )
          }
        />
        <Kpi
          testId="dashboard-funding-share"
          label={translate('app.dashboard.kpi.funding_share')}
          value={numbers.percent(funding.nonStateShare)}
          help={
            funding.nonStateShare === null
              ? translate('app.dashboard.kpi.funding_empty')
              : translate('app.dashboard.kpi.funding_share_help', { nonState: format.money(funding.nonStateVnd), total: format.money(funding.totalVnd), target: numbers.percent(funding.target) })
          }
          tone={shareTone(funding.nonStateShare, funding.target)}
        />
        <Kpi
          testId="dashboard-cindex"
          label={translate('app.dashboard.kpi.cindex')}
          value={numbers.decimal(cIndex?.value ?? null)}
          help={cIndex && cIndex.value !== null ? translate('app.dashboard.kpi.cindex_help', { smart_count: cIndex.projects }) : translate('app.dashboard.kpi.cindex_empty')}
          tone={cIndexTone(cIndex?.value ?? null)}
        />
      </Box>
      <Suspense fallback={<Loading text={translate('app.dashboard.loading_charts')} />}>
        <DashboardCharts sla={sla.data} pipeline={pipeline.data} numbers={numbers} />
      </Suspense>
    </Frame>
  );
};

