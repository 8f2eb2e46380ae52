import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  Box,
  Button,
  Divider,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { ListButton, Show, TopToolbar, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { canDecide } from '../auth/canAccess';
import { temporalWorkflowUrl } from '../config';
import { useFormat } from '../i18n/useFormat';
import type { ActiveStep, Decision, ProjectDetail, Role, Step } from '../types';
import { DecisionButtons } from './DecisionPanel';
import { ChoiceChip, SlaChip, StageChip, useStepTypeLabel } from './StatusChips';
import { TeamName } from './teams';

const HASH_PREFIX = 12;

const TemporalLink = () => {
  const record = useRecordContext<ProjectDetail>();
  const translate = useTranslate();
  if (!record?.workflowId) return null;
  return (
    <Button
      component="a"
      href={temporalWorkflowUrl(record.workflowId)}
      target="_blank"
      rel="noopener noreferrer"
      size="small"
      startIcon={<OpenInNewIcon />}
    >
      {translate('app.project.temporal_link')}
    </Button>
  );
};

const ProjectShowActions = () => (
  <TopToolbar>
    <TemporalLink />
    <ListButton />
  </TopToolbar>
);

const Fact = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
};

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

const Header = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <Box component="header">
      <Typography variant="overline" color="text.secondary">
        {project.code}
      </Typography>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {project.title}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <StageChip stage={project.stage} />
        {project.activeStep && <SlaChip status={project.activeStep.slaStatus} />}
      </Stack>
      <Typography variant="body1" sx={{ whiteSpace: 'pre-line', mb: 2 }}>
        {project.summary}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}>
        <Fact label="resources.projects.fields.category">{translate(`app.category.${project.category}`, { _: project.category })}</Fact>
        <Fact label="resources.projects.fields.unitCode">{project.unitCode}</Fact>
        <Fact label="resources.projects.fields.leadTeamCode">
          <TeamName unitCode={project.unitCode} code={project.leadTeamCode} />
        </Fact>
        <Fact label="resources.projects.fields.requestedBudgetVnd">{format.money(project.requestedBudgetVnd)}</Fact>
        <Fact label="resources.projects.fields.proposerName">{project.proposerName}</Fact>
        <Fact label="resources.projects.fields.createdAt">{format.dateTime(project.createdAt)}</Fact>
        <Fact label="resources.projects.fields.updatedAt">{format.dateTime(project.updatedAt)}</Fact>
      </Box>
    </Box>
  );
};

const ActiveStepPanel = ({ step }: { step: ActiveStep | null }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const { permissions } = usePermissions<Role>();
  if (!step) return <Typography color="text.secondary">{translate('app.project.no_active_step')}</Typography>;
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}>
        <Fact label="app.step.type">{stepTypeLabel(step.type)}</Fact>
        <Fact label="app.step.due_at">{format.dateTime(step.dueAt)}</Fact>
        <Fact label="app.step.sla">
          <SlaChip status={step.slaStatus} />
        </Fact>
        <Fact label="app.ledger.actor">{translate(`app.role.${step.decidingRole}`, { _: step.decidingRole })}</Fact>
      </Box>
      {canDecide(permissions, step) && (
        <Box>
          <Typography variant="subtitle2" sx={{ mb: 1 }}>
            {translate('app.project.your_decision')}
          </Typography>
          <DecisionButtons step={step} />
        </Box>
      )}
    </Stack>
  );
};

const StepsTable = ({ steps }: { steps: Step[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  if (steps.length === 0) return <Typography color="text.secondary">{translate('app.project.no_steps')}</Typography>;
  return (
    <TableContainer>
      <Table size="small" aria-label={translate('app.project.steps')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.step.type')}</TableCell>
            <TableCell>{translate('app.step.status')}</TableCell>
            <TableCell>{translate('app.step.opened_at')}</TableCell>
            <TableCell>{translate('app.step.due_at')}</TableCell>
            <TableCell>{translate('app.step.sla')}</TableCell>
            <TableCell>{translate('app.step.outcome')}</TableCell>
            <TableCell>{translate('app.step.closed_at')}</TableCell>
            <TableCell align="right">{translate('app.step.policy_version')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {steps.map((step) => (
            <TableRow key={step.id} selected={step.status === 'active'}>
              <TableCell>{stepTypeLabel(step.type)}</TableCell>
              <TableCell>{translate(`app.step_status.${step.status}`, { _: step.status })}</TableCell>
              <TableCell>{format.dateTime(step.openedAt)}</TableCell>
              <TableCell>{format.dateTime(step.dueAt)}</TableCell>
              <TableCell>
                <SlaChip status={step.slaStatus} />
              </TableCell>
              <TableCell>{step.outcome ? translate(`app.choice.${step.outcome}`, { _: step.outcome }) : '—'}</TableCell>
              <TableCell>{format.dateTime(step.closedAt)}</TableCell>
              <TableCell align="right">v{step.policyVersion}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

const ShortHash = ({ hash }: { hash: string }) => {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('app.ledger.full_hash', { hash })}>
      <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
        {hash.slice(0, HASH_PREFIX)}
      </Box>
    </Tooltip>
  );
};

/** The project's rows of the append-only ledger: who, when, what, why, on what evidence (R21). */
const DecisionsTable = ({ decisions }: { decisions: Decision[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  if (decisions.length === 0) return <Typography color="text.secondary">{translate('app.project.no_decisions')}</Typography>;
  return (
    <TableContainer>
      <Table size="small" aria-label={translate('app.project.decisions')}>
        <TableHead>
          <TableRow>
            <TableCell align="right">{translate('app.ledger.seq')}</TableCell>
            <TableCell>{translate('app.ledger.decided_at')}</TableCell>
            <TableCell>{translate('app.ledger.step')}</TableCell>
            <TableCell>{translate('app.ledger.actor')}</TableCell>
            <TableCell>{translate('app.ledger.choice')}</TableCell>
            <TableCell>{translate('app.ledger.rationale')}</TableCell>
            <TableCell>{translate('app.ledger.hash')}</TableCell>
            <TableCell>{translate('app.ledger.prev_hash')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {decisions.map((decision) => (
            <TableRow key={decision.seq} sx={{ verticalAlign: 'top' }}>
              <TableCell align="right">{decision.seq}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{format.dateTime(decision.decidedAt)}</TableCell>
              <TableCell>{stepTypeLabel(decision.stepType)}</TableCell>
              <TableCell>
                {decision.actorName}
                <Typography variant="caption" color="text.secondary" component="div">
                  {translate(`app.role.${decision.actorRole}`, { _: decision.actorRole })}
                </Typography>
              </TableCell>
              <TableCell>
                <ChoiceChip choice={decision.choice} />
              </TableCell>
              <TableCell sx={{ maxWidth: 360 }}>
                <Box sx={{ whiteSpace: 'pre-line' }}>{decision.rationale || '—'}</Box>
                {decision.evidence && decision.evidence.length > 0 && (
                  <Box sx={{ mt: 0.5 }}>
                    <Typography variant="caption" color="text.secondary">
                      {translate('app.ledger.evidence')}
                    </Typography>
                    {decision.evidence.map((url) => (
                      <Link key={url} href={url} target="_blank" rel="noopener noreferrer" variant="body2" sx={{ display: 'block', wordBreak: 'break-all' }}>
                        {url}
                      </Link>
                    ))}
                  </Box>
                )}
                {decision.conflictOfInterest && (
                  <Box sx={{ mt: 0.5 }}>
                    <Typography variant="caption" color="text.secondary">
                      {translate('app.ledger.conflict')}
                    </Typography>
                    <Typography variant="body2">{decision.conflictOfInterest}</Typography>
                  </Box>
                )}
              </TableCell>
              <TableCell>
                <ShortHash hash={decision.hash} />
              </TableCell>
              <TableCell>
                <ShortHash hash={decision.prevHash} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

const ProjectDetailView = () => {
  const project = useRecordContext<ProjectDetail>();
  if (!project) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Header project={project} />
      <Divider sx={{ mt: 3 }} />
      <Section title="app.project.active_step">
        <ActiveStepPanel step={project.activeStep} />
      </Section>
      <Section title="app.project.steps">
        <StepsTable steps={project.steps ?? []} />
      </Section>
      <Section title="app.project.decisions">
        <DecisionsTable decisions={project.decisions ?? []} />
      </Section>
    </Box>
  );
};

export const ProjectShow = () => (
  <Show actions={<ProjectShowActions />}>
    <ProjectDetailView />
  </Show>
);
