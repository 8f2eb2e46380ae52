// The dashboard's charts; loaded after the headline cards, in their own chunk.
import { Box, Card, CardContent, CardHeader, Link, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { useTeamName } from '../projects/teams';
import { FractionColumns, HorizontalBars, StackedBar, toneColor } from './Bars';
import { barPercent, escalationLevels, fundingSegments, ownCIndex, rateTone, stepsBehind, stepsBehindPath, teamRows, type FundingSource, type NumberFormats, type PipelineStats, type SlaStats } from './figures';

const SOURCE_COLORS: Record<FundingSource, string> = {
  private: 'primary.main',
  community: 'secondary.main',
  in_kind: 'info.main',
  volunteer_hours: 'success.main',
  state: 'grey.500',
};

const Section = ({ title, help, children, testId, wide }: { title: string; help: string; children: ReactNode; testId: string; wide?: boolean }) => (
  <Card data-testid={testId} variant="outlined" sx={{ gridColumn: wide ? '1 / -1' : undefined }}>
    <CardHeader title={title} subheader={help} titleTypographyProps={{ variant: 'h6', component: 'h2' }} subheaderTypographyProps={{ variant: 'body2' }} />
    <CardContent sx={{ pt: 0 }}>{children}</CardContent>
  </Card>
);

const Empty = ({ text }: { text: string }) => (
  <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
    {text}
  </Typography>
);

interface ChartsProps {
  sla: SlaStats;
  pipeline: PipelineStats;
  numbers: NumberFormats;
}

export const DashboardCharts = ({ sla, pipeline, numbers }: ChartsProps) => {
  const translate = useTranslate();
  const format = useFormat();
  const teamName = useTeamName();
  const unitCode = sla.scope.unitCode;

  const ratio = (onTime: number, closed: number) => `${numbers.count(onTime)} / ${numbers.count(closed)}`;
  const monthColumns = sla.onTimeByUnit.map((cell) => ({
    key: cell.month,
    label: numbers.month(cell.month),
    fraction: cell.rate,
    valueText: numbers.percent(cell.rate),
    detail: cell.closed === 0 ? translate('app.dashboard.kpi.on_time_empty') : translate('app.dashboard.kpi.on_time_help', { onTime: cell.onTime, closed: cell.closed }),
    tone: rateTone(cell.rate),
  }));
  const teams = teamRows(sla.onTimeByTeam);
  const months = sla.onTimeByUnit.map((c) => c.month);
  const behind = (figure: Parameters<typeof stepsBehind>[1]) => stepsBehindPath(stepsBehind(sla.scope, figure));

  const ageingMax = Math.max(0, ...sla.ageing.map((a) => a.count));
  const cycleMax = Math.max(0, ...sla.cycleTime.map((c) => c.avgWorkingDays ?? 0));
  const levels = escalationLevels(sla.escalations.open);
  const stages = pipeline.stages;
  const segments = fundingSegments(pipeline.funding);
  const cIndex = ownCIndex(pipeline);
  const target = numbers.percent(pipeline.funding.target);

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
      <Section testId="dashboard-chart-ontime-month" title={translate('app.dashboard.charts.on_time_by_month')} help={translate('app.dashboard.charts.on_time_by_month_help')} wide>
        <FractionColumns columns={monthColumns} />
      </Section>

      <Section testId="dashboard-chart-ontime-team" title={translate('app.dashboard.charts.on_time_by_team')} help={translate('app.dashboard.charts.on_time_by_team_help')} wide>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.dashboard.charts.team')}</TableCell>
                {months.map((m) => (
                  <TableCell key={m} align="center">
                    {numbers.month(m)}
                  </TableCell>
                ))}
                <TableCell align="center">{translate('app.dashboard.charts.total')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {teams.map((team) => (
                <TableRow key={team.teamCode} data-key={team.teamCode}>
                  <TableCell component="th" scope="row" title={team.teamCode}>
                    {team.total.closed === 0 ? (
                      teamName(unitCode, team.teamCode)
                    ) : (
                      <Link component={RouterLink} to={behind({ kind: 'on_time', firstMonth: months[0]!, teamCode: team.teamCode })} data-testid="figure-link">
                        {teamName(unitCode, team.teamCode)}
                      </Link>
                    )}
                  </TableCell>
                  {[...team.cells, { month: 'total', ...team.total }].map((cell) => (
                    <TableCell key={cell.month} align="center" sx={{ borderLeft: cell.month === 'total' ? 1 : undefined, borderColor: 'divider' }}>
                      {cell.closed === 0 ? (
                        <Typography variant="body2" color="text.disabled">
                          —
                        </Typography>
                      ) : (
                        <Box>
                          <Typography variant="body2" sx={{ fontWeight: 600, color: toneColor(rateTone(cell.rate)) }}>
                            {numbers.percent(cell.rate)}
                          </Typography>
                          <Typography variant="caption" color="text.secondary">
                            {ratio(cell.onTime, cell.closed)}
                          </Typography>
                        </Box>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Section>

      <Section testId="dashboard-chart-ontime-person" title={translate('app.dashboard.charts.on_time_by_person')} help={translate('app.dashboard.charts.on_time_by_person_help')} wide>
        {sla.onTimeByPerson.length === 0 ? (
          <Empty text={translate('app.dashboard.charts.on_time_by_person_empty')} />
        ) : (
          <HorizontalBars
            max={1}
            rows={sla.onTimeByPerson.map((p) => ({
              key: p.userId,
              label: p.name,
              value: p.rate ?? 0,
              valueText: translate('app.dashboard.charts.person_ratio', { percent: numbers.percent(p.rate), onTime: numbers.count(p.onTime), closed: numbers.count(p.closed) }),
              color: toneColor(rateTone(p.rate)),
            }))}
          />
        )}
      </Section>

      <Section testId="dashboard-chart-comments" title={translate('app.dashboard.charts.comments')} help={translate('app.dashboard.charts.comments_help')} wide>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.dashboard.charts.team')}</TableCell>
                <TableCell align="right">{translate('app.dashboard.charts.comments_unanswered')}</TableCell>
                <TableCell>{translate('app.dashboard.charts.comments_oldest')}</TableCell>
                <TableCell align="right">{translate('app.dashboard.charts.comments_answered')}</TableCell>
                <TableCell align="right">{translate('app.dashboard.charts.comments_median')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sla.commentsByTeam.map((t) => (
                <TableRow key={t.teamCode} data-key={t.teamCode}>
                  <TableCell component="th" scope="row" title={t.teamCode}>
                    {teamName(unitCode, t.teamCode)}
                  </TableCell>
                  <TableCell align="right" data-testid="comments-unanswered" sx={{ fontWeight: 600, color: t.unanswered > 0 ? 'warning.dark' : 'text.disabled' }}>
                    {numbers.count(t.unanswered)}
                  </TableCell>
                  <TableCell>{t.oldestUnansweredAt ? format.dateTime(t.oldestUnansweredAt) : '—'}</TableCell>
                  <TableCell align="right">{numbers.count(t.answeredInPeriod)}</TableCell>
                  <TableCell align="right" data-testid="comments-median">
                    {t.medianAnswerHours === null ? '—' : translate('app.dashboard.charts.comments_hours', { hours: numbers.decimal(t.medianAnswerHours) })}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Section>

      <Section testId="dashboard-chart-ageing" title={translate('app.dashboard.charts.ageing')} help={translate('app.dashboard.charts.ageing_help')}>
        {sla.now.open === 0 ? (
          <Empty text={translate('app.dashboard.charts.ageing_empty')} />
        ) : (
          <HorizontalBars
            max={ageingMax}
            rows={sla.ageing.map((a, i) => ({
              key: a.bucket,
              label: translate('app.dashboard.charts.ageing_bucket', { bucket: a.bucket }),
              value: a.count,
              valueText: numbers.count(a.count),
              ...(a.count > 0 && a.openedFrom && a.openedTo && { to: behind({ kind: 'ageing', openedFrom: a.openedFrom, openedTo: a.openedTo }) }),
              // Older buckets are more urgent.
              color: ['success.main', 'info.main', 'warning.main', 'error.main'][i],
            }))}
          />
        )}
      </Section>

      <Section testId="dashboard-chart-escalations" title={translate('app.dashboard.charts.escalations')} help={translate('app.dashboard.charts.escalations_help')}>
        {levels.every((l) => l.count === 0) ? (
          <Empty text={translate('app.dashboard.charts.escalations_empty')} />
        ) : (
          <HorizontalBars
            rows={levels.map((l) => ({
              key: String(l.level),
              label: translate('app.dashboard.charts.escalation_level', { level: l.level }),
              value: l.count,
              valueText: numbers.count(l.count),
              color: 'error.main',
              ...(l.count > 0 && { to: behind({ kind: 'escalated', level: l.level }) }),
            }))}
          />
        )}
      </Section>

      <Section testId="dashboard-chart-cycle-time" title={translate('app.dashboard.charts.cycle_time')} help={translate('app.dashboard.charts.cycle_time_help')} wide>
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}>
          {sla.cycleTime.map((c) => (
            <Box component="li" key={c.stage} data-key={c.stage} sx={{ display: 'grid', gridTemplateColumns: { xs: '8rem 1fr', md: 'minmax(8rem, 20%) 1fr 22rem' }, alignItems: 'center', gap: 1 }}>
              <Typography variant="body2">{translate(`app.stage.${c.stage}`)}</Typography>
              <Tooltip title={translate('app.dashboard.charts.cycle_count', { smart_count: c.closedSteps })}>
                <Box sx={{ position: 'relative', height: 14, bgcolor: 'action.hover', borderRadius: 1 }}>
                  <Box sx={{ height: '100%', width: `${barPercent(c.avgWorkingDays ?? 0, cycleMax)}%`, bgcolor: 'primary.light', borderRadius: 1 }} />
                  {c.medianWorkingDays !== null && (
                    <Box aria-hidden sx={{ position: 'absolute', top: -2, bottom: -2, left: `${barPercent(c.medianWorkingDays, cycleMax)}%`, borderLeft: '3px solid', borderColor: 'primary.dark' }} />
                  )}
                </Box>
              </Tooltip>
              <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', gridColumn: { xs: '1 / -1', md: 'auto' } }}>
                {c.closedSteps === 0
                  ? translate('app.dashboard.charts.cycle_empty')
                  : `${translate('app.dashboard.charts.cycle_avg', { days: numbers.days(c.avgWorkingDays) })}, ${translate('app.dashboard.charts.cycle_median', { days: numbers.days(c.medianWorkingDays) })} · ${translate('app.dashboard.charts.cycle_count', { smart_count: c.closedSteps })}`}
              </Typography>
            </Box>
          ))}
        </Box>
      </Section>

      <Section testId="dashboard-chart-pipeline" title={translate('app.dashboard.charts.pipeline')} help={translate('app.dashboard.charts.pipeline_help')}>
        {stages.every((s) => s.count === 0) ? (
          <Empty text={translate('app.dashboard.charts.pipeline_empty')} />
        ) : (
          <HorizontalBars rows={stages.map((s) => ({ key: s.stage, label: translate(`app.stage.${s.stage}`), value: s.count, valueText: numbers.count(s.count) }))} />
        )}
      </Section>

      <Section testId="dashboard-chart-funding" title={translate('app.dashboard.charts.funding')} help={translate('app.dashboard.charts.funding_help', { target })}>
        {segments.length === 0 ? (
          <Empty text={translate('app.dashboard.charts.funding_empty')} />
        ) : (
          <StackedBar
            marker={pipeline.funding.target}
            markerLabel={translate('app.dashboard.charts.funding_target', { target })}
            segments={segments.map((s) => ({
              key: s.source,
              label: translate(`app.funding_source.${s.source}`),
              share: s.share,
              color: SOURCE_COLORS[s.source],
              detail: `${format.money(s.valueVnd)} (${numbers.percent(s.share)})`,
            }))}
          />
        )}
      </Section>

      <Section testId="dashboard-chart-cindex" title={translate('app.dashboard.charts.cindex')} help={translate('app.dashboard.charts.cindex_help')} wide>
        {!cIndex ? (
          <Empty text={translate('app.dashboard.kpi.cindex_empty')} />
        ) : (
          <HorizontalBars
            max={1}
            rows={(
              [
                ['indicatorAchievement', 'cindex_indicators'],
                ['satisfaction', 'cindex_satisfaction'],
                ['onTimeRate', 'cindex_on_time'],
              ] as const
            ).map(([component, label]) => {
              const value = cIndex.components[component];
              return {
                key: component,
                label: translate(`app.dashboard.charts.${label}`),
                value: value ?? 0,
                valueText: value === null ? translate('app.dashboard.charts.cindex_no_component') : numbers.percent(value),
                color: value === null ? 'grey.400' : 'primary.main',
              };
            })}
          />
        )}
      </Section>
    </Box>
  );
};

