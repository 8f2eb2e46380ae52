import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Divider,
  LinearProgress,
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
import { ListButton, Show, TopToolbar, useCanAccess, useGetList, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { canDecide } from '../auth/canAccess';
import { temporalWorkflowUrl } from '../config';
import { useFormat } from '../i18n/useFormat';
import { DeadlineChip, EscalationChip } from '../steps/DeadlineChip';
import { NoDeciderAlert } from '../steps/NoDecider';
import { MyPart, VoteStanding } from '../steps/Inbox';
import { AssigneeName, ReassignForm } from '../steps/Assignee';
import { StepRecusals } from '../steps/Recusals';
import type { Decision, Project, ProjectDetail, Role, Step, StepRow } from '../types';
import { ChangeRequestsSection, EarlyWarnings, FeedbackSection, FundingSection, IndicatorsSection, MilestonesSection, PartnersSection, TimelineSection } from './ProjectSections';
import { DecisionButtons } from './DecisionPanel';
import { ChoiceChip, SlaChip, StageChip, useOutcomeLabel, useStepTypeLabel } from './StatusChips';
import { TeamName, UnitName } from './teams';
import { Fact, FactGrid, Section } from '../layout/Facts';
import { ProjectActions, projectActions, useViewer } from './actions/ProjectActions';
import { IndicatorActualForm, MilestoneCompletionForm, ExtensionForm } from './actions/RowForms';
import type { ProjectActionSet } from './actions/eligibility';
import { ProposalChangesSection, resubmissionChanges } from './ProposalChanges';
import { WaitingFor } from '../steps/WaitingFor';
import { ConsultationSection } from './Consultation';

const HASH_PREFIX = 12;

/** The project's workflow in the Temporal Web UI, for the roles that can read it there. */
const TemporalLink = () => {
  const record = useRecordContext<ProjectDetail>();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'temporal', action: 'show' });
  if (!record?.workflowId || canAccess !== true) return null;
  return (
    <Button
      component="a"
      data-testid="temporal-link"
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

const Header = ({ project }: { project: Project }) => {
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
        {project.activeStep && <SlaChip status={project.activeStep.slaStatus} stepType={project.activeStep.type} />}
      </Stack>
      {project.outcome && (
        <Alert severity={project.outcome === 'achieved' ? 'success' : project.outcome === 'partly' ? 'info' : 'warning'} sx={{ mb: 2 }} data-testid="project-outcome" data-outcome={project.outcome} data-recommendation={project.recommendation ?? ''}>
          <AlertTitle>{translate('app.actions.evaluation.title')}</AlertTitle>
          {translate('app.actions.evaluation.summary', {
            outcome: translate(`app.actions.outcome.${project.outcome}`, { _: project.outcome }),
            recommendation: project.recommendation ? translate(`app.actions.recommendation.${project.recommendation}`, { _: project.recommendation }) : '—',
          })}
        </Alert>
      )}
      <Typography variant="body1" sx={{ whiteSpace: 'pre-line', mb: 2 }}>
        {project.summary}
      </Typography>
      <FactGrid>
        <Fact label="resources.projects.fields.category">{translate(`app.category.${project.category}`, { _: project.category })}</Fact>
        <Fact label="resources.projects.fields.unitCode">
          <UnitName code={project.unitCode} />
        </Fact>
        <Fact label="resources.projects.fields.leadTeamCode">
          <TeamName unitCode={project.unitCode} code={project.leadTeamCode} />
        </Fact>
        <Fact label="resources.projects.fields.requestedBudgetVnd">{format.money(project.requestedBudgetVnd)}</Fact>
        <Fact label="resources.projects.fields.proposerName">{project.proposerName}</Fact>
        <Fact label="resources.projects.fields.createdAt">{format.dateTime(project.createdAt)}</Fact>
        <Fact label="resources.projects.fields.updatedAt">{format.dateTime(project.updatedAt)}</Fact>
      </FactGrid>
    </Box>
  );
};

/** A step the proposer decides (the resubmission of a returned proposal): their name, not a role. */
const ProposerToAct = ({ name }: { name: string }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="step-actor" data-actor="proposer">
      {name}
      <Typography variant="caption" color="text.secondary" component="div">
        {translate('app.step.proposer')}
      </Typography>
    </Box>
  );
};

/**
 * The open steps with the caller's part in each: eligible (buttons), already voted, or recused and
 * why (R21). Eligibility comes from GET /api/steps, as fixed by the workflow when the step opened.
 */
const OpenStepsPanel = ({ project, mayExtend }: { project: ProjectDetail; mayExtend: boolean }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const { permissions } = usePermissions<Role>();
  const { data: rows, error } = useGetList<StepRow>('steps', { pagination: { page: 1, perPage: 20 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { projectId: project.id, status: 'active' } });
  const step = project.activeStep;
  if (!step && !rows?.length) return <Typography color="text.secondary">{translate('app.project.no_active_step')}</Typography>;
  // Until the step rows arrive (or if they cannot be read) the main step shows by role, as before.
  const open: StepRow[] = rows?.length ? rows : [];
  return (
    <Stack spacing={3}>
      {open.length === 0 && step && (
        <Stack spacing={2}>
          <FactGrid>
            <Fact label="app.step.type">{stepTypeLabel(step.type)}</Fact>
            <Fact label="app.step.due_at">{format.dateTime(step.dueAt)}</Fact>
            <Fact label="app.step.sla">
              <SlaChip status={step.slaStatus} stepType={step.type} />
            </Fact>
            <Fact label="app.ledger.actor">{step.type === 'resubmission' || step.type === 'consultation' ? <ProposerToAct name={project.proposerName} /> : translate(`app.role.${step.decidingRole}`, { _: step.decidingRole })}</Fact>
            <Fact label="app.assignee.label">
              <AssigneeName name={step.assigneeName} />
            </Fact>
          </FactGrid>
          {error && canDecide(permissions, step) && <DecisionButtons step={step} />}
        </Stack>
      )}
      {open.map((row) => (
        <Stack key={row.id} spacing={2} data-testid="open-step" data-step={row.id}>
          <FactGrid>
            <Fact label="app.step.type">{stepTypeLabel(row.type)}</Fact>
            <Fact label="app.step.due_at">{format.dateTime(row.dueAt)}</Fact>
            <Fact label="app.step.sla">
              <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <SlaChip status={row.slaStatus} stepType={row.type} />
                <DeadlineChip workingDaysLeft={row.workingDaysLeft} />
                <EscalationChip level={row.escalationLevel} />
              </Stack>
            </Fact>
            <Fact label="app.ledger.actor">{row.decider === 'proposer' ? <ProposerToAct name={project.proposerName} /> : translate(`app.role.${row.decidingRole}`, { _: row.decidingRole })}</Fact>
            <Fact label="app.assignee.label">
              <AssigneeName name={row.assigneeName} />
            </Fact>
          </FactGrid>
          <NoDeciderAlert noDecider={row.noDecider} />
          {row.vote && <VoteStanding vote={row.vote} />}
          <WaitingFor people={row.waitingFor} vote={row.vote} />
          <StepRecusals step={row} />
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {mayExtend && row.dueAt && <ExtensionForm stepId={row.id} stepType={row.type} />}
            <ReassignForm stepId={row.id} stepType={row.type} />
          </Stack>
          {(row.canDecide || row.myVote || row.recusal) && (
            <Box>
              <Typography variant="subtitle2" sx={{ mb: 1 }}>
                {translate('app.project.your_decision')}
              </Typography>
              <MyPart step={row} />
            </Box>
          )}
        </Stack>
      ))}
    </Stack>
  );
};

const StepsTable = ({ steps }: { steps: Step[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const outcomeLabel = useOutcomeLabel();
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
            <TableCell>{translate('app.assignee.label')}</TableCell>
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
                <SlaChip status={step.slaStatus} stepType={step.status === 'active' ? step.type : undefined} />
              </TableCell>
              <TableCell>
                <AssigneeName name={step.assigneeName} />
              </TableCell>
              <TableCell>{outcomeLabel(step.outcome)}</TableCell>
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
            <TableRow key={decision.seq} sx={{ verticalAlign: 'top' }} data-testid="decision-row" data-seq={decision.seq} data-choice={decision.choice}>
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

const isDetail = (project: ProjectDetail | Project): project is ProjectDetail => Array.isArray((project as ProjectDetail).steps);

const ProjectDetailView = () => {
  const project = useRecordContext<ProjectDetail | Project>();
  const viewer = useViewer();
  if (!project) return null;
  // react-admin first shows the row the list already holds; the sections wait for the full record.
  if (!isDetail(project))
    return (
      <Box sx={{ p: 2 }}>
        <Header project={project} />
        <LinearProgress sx={{ mt: 3 }} />
      </Box>
    );
  const actions: ProjectActionSet | null = viewer ? projectActions(project, viewer) : null;
  const completable = new Set(actions?.completeMilestones ?? []);
  return (
    <Box sx={{ p: 2 }}>
      <Header project={project} />
      <Divider sx={{ mt: 3 }} />
      <EarlyWarnings project={project} />
      <Section title="app.project.active_step">
        <OpenStepsPanel project={project} mayExtend={Boolean(actions?.extend)} />
        {actions && <ProjectActions project={project} actions={actions} />}
      </Section>
      {project.consultation && (
        <Section title="app.consultation.title">
          <ConsultationSection project={project} consultation={project.consultation} />
        </Section>
      )}
      {resubmissionChanges(project).length > 0 && (
        <Section title="app.actions.resubmit.changes">
          <ProposalChangesSection project={project} />
        </Section>
      )}
      <Section title="app.timeline.title">
        <TimelineSection project={project} />
      </Section>
      <Section title="app.project.funding">
        <FundingSection project={project} />
      </Section>
      <Section title="app.project.partners">
        <PartnersSection project={project} />
      </Section>
      <Section title="app.project.milestones">
        <MilestonesSection project={project} rowAction={completable.size ? (code) => (completable.has(code) ? <MilestoneCompletionForm project={project} code={code} /> : null) : undefined} />
        <ChangeRequestsSection project={project} />
      </Section>
      <Section title="app.project.indicators">
        <IndicatorsSection project={project} rowAction={actions?.indicators ? (indicator) => <IndicatorActualForm project={project} indicator={indicator} /> : undefined} />
      </Section>
      <Section title="app.project.feedback">
        <FeedbackSection project={project} />
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
