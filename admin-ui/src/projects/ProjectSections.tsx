// The project page below the header: funding, partners, milestones, indicators, feedback, timeline.
import { Alert, Box, LinearProgress, Link, List, ListItem, ListItemText, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { NON_STATE_TARGET } from '../../../domain/funding';
import { useFormat } from '../i18n/useFormat';
import { fundingProgress } from '../pipeline/board';
import type { ProjectDetail } from '../types';
import { ChoiceChip, useOutcomeLabel, useStepTypeLabel } from './StatusChips';
import { useEntrySentence } from '../ledger/useEntrySentence';
import { TeamName } from './teams';
import { buildTimeline, type TimelineEntry } from './timeline';

const Empty = ({ text }: { text: string }) => {
  const translate = useTranslate();
  return <Typography color="text.secondary">{translate(text)}</Typography>;
};

const SimpleTable = ({ label, head, children }: { label: string; head: string[]; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <TableContainer>
      <Table size="small" aria-label={translate(label)}>
        <TableHead>
          <TableRow>
            {head.map((h) => (
              <TableCell key={h}>{translate(h)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>{children}</TableBody>
      </Table>
    </TableContainer>
  );
};

const EvidenceLinks = ({ urls }: { urls: string[] }) =>
  urls.length === 0 ? (
    <>—</>
  ) : (
    <>
      {urls.map((url) => (
        <Link key={url} href={url} target="_blank" rel="noopener noreferrer" variant="body2" sx={{ display: 'block', wordBreak: 'break-all' }}>
          {url}
        </Link>
      ))}
    </>
  );

/** R6: pledges by source against the plan and the 70% non-state target. */
export const FundingSection = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  const progress = fundingProgress(project);
  return (
    <Box data-testid="project-funding">
      {progress && (
        <Box sx={{ mb: 1, maxWidth: 480 }}>
          <LinearProgress variant="determinate" value={progress.percent} color={progress.ratio >= 1 ? 'success' : 'primary'} />
          <Typography variant="body2">
            {translate('app.project.funding_progress', { pledged: format.money(project.pledgedVnd), target: format.money(progress.targetVnd), percent: progress.percent })}
          </Typography>
        </Box>
      )}
      {project.nonStateShare !== null && (
        <Typography variant="body2" color={project.nonStateShare >= NON_STATE_TARGET ? 'success.main' : 'warning.main'} sx={{ mb: 1 }}>
          {translate('app.project.non_state_share', { share: Math.round(project.nonStateShare * 100) })}
        </Typography>
      )}
      {project.budgetLines.length > 0 && (
        <Box sx={{ mb: 2 }}>
          <Typography variant="subtitle2">{translate('app.project.budget_lines')}</Typography>
          <SimpleTable label="app.project.budget_lines" head={['app.project.col_line', 'app.project.col_amount']}>
            {project.budgetLines.map((line, i) => (
              <TableRow key={i}>
                <TableCell>{line.label}</TableCell>
                <TableCell>{format.money(line.amountVnd)}</TableCell>
              </TableRow>
            ))}
          </SimpleTable>
        </Box>
      )}
      {project.pledges.length === 0 ? (
        <Empty text="app.project.no_pledges" />
      ) : (
        <SimpleTable label="app.project.funding" head={['app.project.col_partner', 'app.project.col_source', 'app.project.col_amount', 'app.project.col_status']}>
          {project.pledges.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.partnerName ?? '—'}</TableCell>
              <TableCell>{translate(`app.funding_source.${p.source}`, { _: p.source })}</TableCell>
              <TableCell>{format.money(p.valueVnd)}</TableCell>
              <TableCell>{translate(`app.record_status.${p.status}`, { _: p.status })}</TableCell>
            </TableRow>
          ))}
        </SimpleTable>
      )}
    </Box>
  );
};

/** R1: who was invited for which capability, who committed, who left. */
export const PartnersSection = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (project.invitations.length === 0 && project.commitments.length === 0) return <Empty text="app.project.no_partners" />;
  return (
    <SimpleTable label="app.project.partners" head={['app.project.col_partner', 'app.project.col_capability', 'app.project.col_status', 'app.project.col_due']}>
      {project.invitations.map((i) => (
        <TableRow key={i.id}>
          <TableCell>{i.partnerName}</TableCell>
          <TableCell>{translate(`app.capability.${i.capability}`, { _: i.capability })}</TableCell>
          <TableCell>
            {translate(`app.record_status.${i.status}`, { _: i.status })}
            {i.resources && (
              <Typography variant="caption" component="div" color="text.secondary">
                {i.resources}
              </Typography>
            )}
          </TableCell>
          <TableCell>{format.dateTime(i.dueAt)}</TableCell>
        </TableRow>
      ))}
      {project.commitments
        .filter((c) => c.status === 'withdrawn')
        .map((c) => (
          <TableRow key={`${c.partnerId}:${c.capability}:withdrawn`}>
            <TableCell>{c.partnerName}</TableCell>
            <TableCell>{translate(`app.capability.${c.capability}`, { _: c.capability })}</TableCell>
            <TableCell>{translate('app.record_status.withdrawn')}</TableCell>
            <TableCell>{format.dateTime(c.withdrawnAt)}</TableCell>
          </TableRow>
        ))}
    </SimpleTable>
  );
};

/** R20: clear task, clear owner, clear deadline, with the evidence of completion. */
export const MilestonesSection = ({ project, rowAction }: { project: ProjectDetail; rowAction?: (code: string) => ReactNode }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (project.milestones.length === 0) return <Empty text="app.project.no_milestones" />;
  return (
    <SimpleTable label="app.project.milestones" head={['app.project.col_title', 'app.project.col_team', 'app.project.col_due', 'app.project.col_status', 'app.project.col_evidence', ...(rowAction ? [''] : [])]}>
      {project.milestones.map((m) => (
        <TableRow key={m.code} data-testid="milestone-row" data-code={m.code} data-status={m.status} sx={{ verticalAlign: 'top' }}>
          <TableCell>{m.title}</TableCell>
          <TableCell>
            <TeamName unitCode={project.unitCode} code={m.ownerTeamCode} />
          </TableCell>
          <TableCell>{format.date(m.dueAt)}</TableCell>
          <TableCell>
            {translate(`app.record_status.${m.status}`, { _: m.status })}
            {m.completedAt && (
              <Typography variant="caption" component="div" color="text.secondary">
                {format.dateTime(m.completedAt)}
              </Typography>
            )}
          </TableCell>
          <TableCell>
            <EvidenceLinks urls={m.evidence} />
          </TableCell>
          {rowAction && <TableCell>{rowAction(m.code)}</TableCell>}
        </TableRow>
      ))}
    </SimpleTable>
  );
};

/** R5, R8: outcomes against baseline and target, with evidence. */
export const IndicatorsSection = ({ project, rowAction }: { project: Pick<ProjectDetail, 'indicators'>; rowAction?: (indicator: ProjectDetail['indicators'][number]) => ReactNode }) => {
  if (project.indicators.length === 0) return <Empty text="app.project.no_indicators" />;
  return (
    <SimpleTable label="app.project.indicators" head={['app.project.col_indicator', 'app.project.col_baseline', 'app.project.col_target', 'app.project.col_actual', 'app.project.col_evidence', ...(rowAction ? [''] : [])]}>
      {project.indicators.map((i) => (
        <TableRow key={i.code} data-testid="indicator-row" data-code={i.code} data-actual={i.actual ?? ''} sx={{ verticalAlign: 'top' }}>
          <TableCell>
            {i.name} ({i.unit})
          </TableCell>
          <TableCell>{i.baseline}</TableCell>
          <TableCell>{i.target}</TableCell>
          <TableCell>{i.actual ?? '—'}</TableCell>
          <TableCell>
            <EvidenceLinks urls={i.evidence} />
          </TableCell>
          {rowAction && <TableCell>{rowAction(i)}</TableCell>}
        </TableRow>
      ))}
    </SimpleTable>
  );
};

/** R20: change requests and how each was decided. */
export const ChangeRequestsSection = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (project.changeRequests.length === 0) return null;
  return (
    <SimpleTable label="app.actions.change.list" head={['app.actions.change.col_kind', 'app.actions.change.col_description', 'app.actions.change.col_delta', 'app.actions.change.col_status']}>
      {project.changeRequests.map((c) => (
        <TableRow key={c.stepId} data-testid="change-request-row" data-status={c.status} sx={{ verticalAlign: 'top' }}>
          <TableCell>{translate(`app.actions.change.kind_${c.kind}`)}</TableCell>
          <TableCell sx={{ whiteSpace: 'pre-line' }}>{c.description}</TableCell>
          <TableCell>{c.kind === 'budget' ? format.money(c.budgetDeltaVnd) : c.kind === 'schedule' ? c.scheduleShiftDays : '—'}</TableCell>
          <TableCell>{translate(`app.record_status.${c.status}`, { _: translate(`app.step_outcome.${c.status}`, { _: c.status }) })}</TableCell>
        </TableRow>
      ))}
    </SimpleTable>
  );
};

export const FeedbackSection = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (!project.feedback.count) return <Empty text="app.project.no_feedback" />;
  // "4,5 / 5" in Vietnamese, "4.5 / 5" in English.
  return <Typography data-testid="feedback-summary">{translate('app.project.feedback_summary', { smart_count: project.feedback.count, average: format.number(project.feedback.averageRating, 1) })}</Typography>;
};

/** R10: signals that something is going wrong (a partner leaving, participation falling). */
export const EarlyWarnings = ({ project }: { project: ProjectDetail }) => {
  const format = useFormat();
  if (project.earlyWarnings.length === 0) return null;
  return (
    <Box sx={{ mt: 2 }} data-testid="early-warnings">
      {project.earlyWarnings.map((w, i) => (
        <Alert key={i} severity="warning" sx={{ mb: 1 }}>
          {format.dateTime(w.occurredAt)} — {w.detail}
        </Alert>
      ))}
    </Box>
  );
};

const TimelineLine = ({ entry }: { entry: TimelineEntry }) => {
  const translate = useTranslate();
  const stepTypeLabel = useStepTypeLabel();
  const outcomeLabel = useOutcomeLabel();
  const sentence = useEntrySentence();
  switch (entry.kind) {
    case 'step_opened':
      return <>{translate('app.timeline.step_opened', { step: stepTypeLabel(entry.step.type) })}</>;
    case 'step_closed':
      return <>{translate('app.timeline.step_closed', { step: stepTypeLabel(entry.step.type), outcome: outcomeLabel(entry.step.outcome) })}</>;
    case 'decision': {
      const d = entry.decision;
      return (
        <>
          <span data-testid="timeline-sentence">{sentence(d)}</span> <ChoiceChip choice={d.choice} />
          <Typography variant="caption" component="span" color="text.secondary" sx={{ ml: 1 }}>
            {translate(`app.role.${d.actorRole}`, { _: d.actorRole })}
          </Typography>
          {d.rationale && (
            <Typography variant="caption" component="div" color="text.secondary" sx={{ whiteSpace: 'pre-line' }}>
              {d.rationale}
            </Typography>
          )}
        </>
      );
    }
    case 'sla': {
      const e = entry.event;
      const known = ['at_risk', 'breached', 'escalated', 'paused', 'resumed', 'extended'].includes(e.kind);
      return (
        <>
          {translate(known ? `app.timeline.sla_${e.kind}` : 'app.timeline.sla_other', {
            step: stepTypeLabel(e.stepType),
            kind: e.kind,
            level: e.level ?? '',
            role: e.targetRole ? translate(`app.role.${e.targetRole}`, { _: e.targetRole }) : '—',
          })}
        </>
      );
    }
    case 'dissent': {
      const n = entry.note;
      return (
        <span data-testid="dissent-note">
          {translate('app.timeline.dissent_note', { name: n.authorName, step: stepTypeLabel(n.stepType) })}
          <Typography variant="caption" component="div" color="text.secondary" sx={{ whiteSpace: 'pre-line' }}>
            {n.text}
          </Typography>
        </span>
      );
    }
  }
};

/** R13, R21: everything that happened on the project, in order, from the read model. */
export const TimelineSection = ({ project }: { project: ProjectDetail }) => {
  const format = useFormat();
  const entries = buildTimeline(project);
  if (entries.length === 0) return <Empty text="app.timeline.empty" />;
  return (
    <List dense data-testid="project-timeline" sx={{ maxWidth: 900 }}>
      {entries.map((entry, i) => (
        <ListItem key={i} data-kind={entry.kind} divider sx={{ alignItems: 'flex-start' }}>
          <ListItemText
            primary={<TimelineLine entry={entry} />}
            secondary={format.dateTime(entry.at)}
            slotProps={{ primary: { component: 'div', variant: 'body2' }, secondary: { variant: 'caption' } }}
          />
        </ListItem>
      ))}
    </List>
  );
};
