import GavelIcon from '@mui/icons-material/Gavel';
import NoteAltIcon from '@mui/icons-material/NoteAlt';
import { Alert, Button, LinearProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, type ButtonProps } from '@mui/material';
import { useEffect, useState } from 'react';
import { useWatch } from 'react-hook-form';
import {
  Form,
  NumberInput,
  ResourceContextProvider,
  SaveButton,
  SelectInput,
  TextInput,
  useGetOne,
  useLocaleState,
  usePermissions,
  maxLength,
  required,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { choicesFor, rationaleRequired } from '../auth/canAccess';
import type { AppDataProvider } from '../data/dataProvider';
import { ApiError } from '../data/httpClient';
import { EVALUATION_OUTCOMES, RECOMMENDATIONS } from '../../../domain/lifecycle';
import { DecisionBody } from '../../../domain/schemas';
import { asAppLocale } from '../i18n/locale';
import type { ActiveStep, Choice, ProjectDetail, Role } from '../types';
import { listField, refusalErrors, schemaErrors } from './actions/commandForm';
import { IndicatorsSection } from './ProjectSections';
import { ProposalExtraFields } from './ProposalFields';
import { toDecisionBody, validateEvidence, validateNotBlank, type DecisionFormValues } from './decisionForm';
import { useStepTypeLabel } from './StatusChips';
import { createDraftStore } from './drafts';

const BUTTON_LOOK: Record<Choice, Pick<ButtonProps, 'color' | 'variant'>> = {
  accept: { color: 'success', variant: 'contained' },
  approve: { color: 'success', variant: 'contained' },
  return: { color: 'warning', variant: 'outlined' },
  resubmit: { color: 'primary', variant: 'contained' },
  reject: { color: 'error', variant: 'outlined' },
  abstain: { color: 'inherit', variant: 'outlined' },
  submit: { color: 'primary', variant: 'contained' },
  dispute: { color: 'warning', variant: 'outlined' },
  sign_off: { color: 'success', variant: 'contained' },
};

const rationaleWhenRequired = [required(), validateNotBlank, maxLength(4000)];
const rationaleWhenOptional = [validateNotBlank, maxLength(4000)];
const conflictValidators = [maxLength(2000)];

/** One button per choice the open step offers; shown only to the role that decides it. */
type DecidableStep = Pick<ActiveStep, 'id' | 'type'> & { projectId?: string };

const outcomeChoices = EVALUATION_OUTCOMES.map((o) => ({ id: o, name: `app.actions.outcome.${o}` }));
const recommendationChoices = RECOMMENDATIONS.map((r) => ({ id: r, name: `app.actions.recommendation.${r}` }));
const evidenceField = listField('evidence');

/** The impact report submits the indicators: each with baseline, target and its actual value (R5). */
const ImpactReport = ({ projectId }: { projectId: string }) => {
  const translate = useTranslate();
  const { data } = useGetOne<ProjectDetail>('projects', { id: projectId });
  if (!data?.indicators) return null;
  const missing = data.indicators.filter((i) => i.actual === null).map((i) => i.name);
  return (
    <Stack spacing={1} sx={{ mb: 2 }} data-testid="impact-report">
      <DialogContentText>{translate('app.actions.report.intro')}</DialogContentText>
      <IndicatorsSection project={data} />
      {missing.length > 0 && (
        <Alert severity="warning" data-testid="impact-report-missing">
          {translate('app.actions.report.missing', { names: missing.join(', ') })}
        </Alert>
      )}
    </Stack>
  );
};

export const DecisionButtons = ({ step, size = 'medium' }: { step: DecidableStep; size?: ButtonProps['size'] }) => {
  const translate = useTranslate();
  const [choice, setChoice] = useState<Choice | null>(null);
  return (
    <>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {choicesFor(step.type).map((option) => (
          <Button key={option} data-testid={`decide-${option}`} size={size} {...BUTTON_LOOK[option]} onClick={() => setChoice(option)}>
            {translate(`app.choice.${option}`)}
          </Button>
        ))}
      </Stack>
      {choice && <DecisionDialog step={step} choice={choice} onClose={() => setChoice(null)} />}
    </>
  );
};

/** The proposal as the form edits it (the read model's shape). */
function proposalValues(project: ProjectDetail) {
  return {
    title: project.title,
    summary: project.summary,
    requestedBudgetVnd: project.requestedBudgetVnd,
    requiredCapabilities: project.requiredCapabilities,
    indicators: project.indicators.map(({ code, name, unit, baseline, target }) => ({ code, name, unit, baseline, target })),
  };
}

/** R11: the proposer fixes what the coordinator asked for, with the reason beside the form. */
const ResubmitFields = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const returned = [...project.decisions].reverse().find((d) => d.choice === 'return');
  return (
    <Stack spacing={1} sx={{ mb: 2 }} data-testid="resubmit-fields">
      {returned?.rationale && (
        <Alert severity="warning" data-testid="return-reason">
          {translate('app.actions.resubmit.returned_because', { reason: returned.rationale })}
        </Alert>
      )}
      <DialogContentText>{translate('app.actions.resubmit.intro')}</DialogContentText>
      <TextInput source="proposal.title" label="resources.projects.fields.title" />
      <TextInput source="proposal.summary" label="resources.projects.fields.summary" multiline minRows={3} />
      <NumberInput source="proposal.requestedBudgetVnd" label="resources.projects.fields.requestedBudgetVnd" step={1_000_000} />
      <ProposalExtraFields prefix="proposal." />
    </Stack>
  );
};

const drafts = createDraftStore(window.sessionStorage);

/** Copies what is typed to session storage as it is typed, so an expired session or a reload loses nothing. */
const KeepDraft = ({ stepId }: { stepId: string }) => {
  const values = useWatch() as DecisionFormValues;
  useEffect(() => drafts.write(stepId, values), [stepId, values]);
  return null;
};

/** Keeps the rationale as it now reads (the member may still edit it) as a dissenting note. */
const KeepDissentButton = ({ keep }: { keep: (text: string) => Promise<void> }) => {
  const translate = useTranslate();
  const rationale = useWatch({ name: 'rationale' }) as string | undefined;
  const text = rationale?.trim() ?? '';
  return (
    <Button data-testid="keep-dissent" variant="contained" startIcon={<NoteAltIcon />} disabled={!text} onClick={() => void keep(text)}>
      {translate('app.decision.keep_dissent')}
    </Button>
  );
};

const DecisionDialog = ({ step, choice, onClose }: { step: DecidableStep; choice: Choice; onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const stepTypeLabel = useStepTypeLabel();
  const needsRationale = rationaleRequired(step.type, choice);
  const signOff = step.type === 'board_signoff';
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<Role>();
  // The vote closed while a board member was typing: their text stays, to be kept as a dissenting note.
  const [closedVote, setClosedVote] = useState<{ message: string } | null>(null);
  // The API's own schema, in the user's language; the workflow's rules (OutcomeRequired…) come back as 422 on the field.
  const resubmit = step.type === 'resubmission' && choice === 'resubmit' && Boolean(step.projectId);
  const { data: project } = useGetOne<ProjectDetail>('projects', { id: step.projectId ?? '' }, { enabled: resubmit });
  // A form-level check replaces the inputs' own validators (react-hook-form), so the step's rules are applied here too.
  const validate = (values: Record<string, unknown>) => {
    const form = values as DecisionFormValues;
    const errors = schemaErrors(DecisionBody, toDecisionBody(choice, form), asAppLocale(locale), evidenceField);
    const missing = (field: string) => {
      if (errors[field] === undefined) errors[field] = 'ra.validation.required';
    };
    if (needsRationale && !form.rationale?.trim()) missing('rationale');
    if (signOff && !form.outcome) missing('outcome');
    if (signOff && !form.recommendation) missing('recommendation');
    const badLink = validateEvidence(form.evidence);
    if (badLink && errors.evidence === undefined) errors.evidence = badLink;
    return errors;
  };

  // Returning errors puts them on the fields (422 fields.rationale); the API's sentence is notified.
  const submit = async (values: Record<string, unknown>) => {
    try {
      await dataProvider.decideStep(step.id, toDecisionBody(choice, values as DecisionFormValues));
      drafts.clear(step.id);
      notify('app.decision.recorded', { type: 'success' });
      onClose();
      refresh();
      return undefined;
    } catch (error) {
      const text = (values as DecisionFormValues).rationale?.trim();
      if (error instanceof ApiError && error.status === 409 && error.body?.code === 'StepNotActive' && permissions === 'board_member' && text) {
        // A vote that closed under a member's hands: nothing they typed is thrown away.
        setClosedVote({ message: error.message });
        return undefined;
      }
      if (error instanceof ApiError && error.status === 409) {
        // The step moved on (someone else decided, or its deadline escalated): show the new state.
        notify(error.message, { type: 'error' });
        onClose();
        refresh();
        return undefined;
      }
      const fieldErrors = refusalErrors(error, evidenceField);
      if (fieldErrors) return fieldErrors;
      notify(error instanceof Error && error.message ? error.message : 'app.errors.unexpected', { type: 'error' });
      return undefined;
    }
  };

  const keepDissent = async (text: string) => {
    try {
      await dataProvider.keepDissentNote(step.id, { text });
      drafts.clear(step.id);
      notify('app.decision.dissent_kept', { type: 'success' });
    } catch (error) {
      notify(error instanceof Error && error.message ? error.message : 'app.errors.unexpected', { type: 'error' });
    }
    onClose();
    refresh();
  };

  const choiceLabel = translate(`app.choice.${choice}`);
  // "Nộp lại — Nộp lại" says nothing twice: a step named like its choice is named once.
  const title = stepTypeLabel(step.type) === choiceLabel ? choiceLabel : translate('app.decision.title', { choice: choiceLabel, step: stepTypeLabel(step.type) });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={step.type === 'impact_reporting' || resubmit ? 'md' : 'sm'} aria-labelledby="decision-dialog-title">
      {/* The inbox is no resource page: the proposal's list inputs need to know they edit a project. */}
      <ResourceContextProvider value="projects">
        {resubmit && !project?.decisions ? (
          <DialogContent>
            <LinearProgress />
          </DialogContent>
        ) : (
        <Form onSubmit={submit} validate={validate} noValidate defaultValues={{ ...drafts.read(step.id), ...(resubmit && project ? { proposal: proposalValues(project) } : {}) }}>
          <KeepDraft stepId={step.id} />
          <DialogTitle id="decision-dialog-title">{title}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.decision.intro')}</DialogContentText>
            {step.type === 'impact_reporting' && step.projectId && <ImpactReport projectId={step.projectId} />}
            {resubmit && project && <ResubmitFields project={project} />}
            {signOff && (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <SelectInput source="outcome" label="app.actions.evaluation.outcome" choices={outcomeChoices} validate={required()} />
                <SelectInput source="recommendation" label="app.actions.evaluation.recommendation" choices={recommendationChoices} validate={required()} />
              </Stack>
            )}
            <TextInput
              source="rationale"
              label="app.decision.rationale"
              multiline
              minRows={3}
              validate={needsRationale ? rationaleWhenRequired : rationaleWhenOptional}
              helperText={needsRationale ? 'app.decision.rationale_required_help' : 'app.decision.rationale_optional_help'}
            />
            <TextInput
              source="evidence"
              label="app.decision.evidence"
              multiline
              minRows={2}
              validate={validateEvidence}
              helperText="app.decision.evidence_help"
            />
            <TextInput
              source="conflictOfInterest"
              label="app.decision.conflict"
              multiline
              validate={conflictValidators}
              helperText="app.decision.conflict_help"
            />
          </DialogContent>
          {closedVote && (
            <Alert severity="warning" data-testid="vote-closed" sx={{ mx: 3 }}>
              {closedVote.message} {translate('app.decision.vote_closed')}
            </Alert>
          )}
          <DialogActions>
            <Button onClick={closedVote ? () => { onClose(); refresh(); } : onClose}>{translate('ra.action.cancel')}</Button>
            {closedVote ? (
              <KeepDissentButton keep={keepDissent} />
            ) : (
              <SaveButton data-testid="decision-submit" label="app.decision.submit" icon={<GavelIcon />} alwaysEnable />
            )}
          </DialogActions>
        </Form>
        )}
      </ResourceContextProvider>
    </Dialog>
  );
};
