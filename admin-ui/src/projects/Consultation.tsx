// R22: the consultation before the board's vote on the project page: its window, the residents'
// comments and their answers, the Fatherland Front's opinion (a coordinator records it on the Front's
// behalf) and the proposer's summary, which the open step's decision buttons submit (choice "submit").
import { Alert, Box, Chip, Link, Stack, Typography } from '@mui/material';
import { DateInput, TextInput, useDataProvider, usePermissions, useTranslate } from 'react-admin';
import { FrontOpinionBody } from '../../../domain/schemas';
import type { AppDataProvider } from '../data/dataProvider';
import { useFormat } from '../i18n/useFormat';
import { Fact, FactGrid } from '../layout/Facts';
import type { ProjectDetail, Role } from '../types';
import { CommandDialog } from './actions/CommandDialog';
import { textOrUndefined } from './actions/commandForm';

type Consultation = NonNullable<ProjectDetail['consultation']>;

const Check = ({ done, label, testId }: { done: boolean; label: string; testId: string }) => {
  const translate = useTranslate();
  return <Chip size="small" data-testid={testId} data-done={done ? 'yes' : 'no'} color={done ? 'success' : 'default'} variant={done ? 'filled' : 'outlined'} label={`${done ? '✓' : '…'} ${translate(label)}`} />;
};

/** The coordinator records the Front's opinion: its text, the date of its letter and a reference. */
const FrontOpinionForm = ({ project }: { project: ProjectDetail }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId="action-front-opinion"
      label="app.consultation.front_button"
      title="app.consultation.front_title"
      intro="app.consultation.front_intro"
      schema={FrontOpinionBody}
      toBody={(v) => ({ opinion: String(v.opinion ?? ''), letterDate: String(v.letterDate ?? ''), ...(textOrUndefined(v.documentRef) ? { documentRef: textOrUndefined(v.documentRef) } : {}) })}
      send={(body) => dataProvider.stageCommand('record_front_opinion', { id: project.id }, body)}
    >
      <TextInput source="opinion" label="app.consultation.front_opinion" multiline minRows={3} fullWidth />
      <DateInput source="letterDate" label="app.consultation.front_letter_date" />
      <TextInput source="documentRef" label="app.consultation.front_document_ref" fullWidth />
    </CommandDialog>
  );
};

export const ConsultationSection = ({ project, consultation }: { project: ProjectDetail; consultation: Consultation }) => {
  const translate = useTranslate();
  const format = useFormat();
  const { permissions: role } = usePermissions<Role>();
  const open = consultation.status === 'open';
  const windowEnded = Date.now() >= Date.parse(consultation.windowClosesAt);
  const allAnswered = consultation.answered >= consultation.comments;
  const mayRecordFront = open && !consultation.frontOpinion && (role === 'coordinator' || role === 'admin');
  return (
    <Stack spacing={2} data-testid="consultation" data-status={consultation.status}>
      <FactGrid>
        <Fact label="app.consultation.window_closes">
          <span data-testid="consultation-window-end">{format.dateTime(consultation.windowClosesAt)}</span>
        </Fact>
        <Fact label="app.consultation.policy">{translate('app.consultation.policy_text', { version: consultation.policyVersion, threshold: format.money(consultation.thresholdVnd) })}</Fact>
        <Fact label="app.consultation.comments">
          <span data-testid="consultation-comments">{translate('app.consultation.comments_text', { answered: consultation.answered, total: consultation.comments })}</span>{' '}
          <Link href="#/public-comments" variant="body2">
            {translate('app.consultation.answer_link')}
          </Link>
        </Fact>
      </FactGrid>
      <Box>
        <Typography variant="subtitle2">{translate('app.consultation.front')}</Typography>
        {consultation.frontOpinion ? (
          <Box data-testid="front-opinion">
            <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
              {consultation.frontOpinion}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {translate('app.consultation.front_recorded', {
                date: consultation.frontLetterDate ? format.date(`${consultation.frontLetterDate}T12:00:00+07:00`) : '—',
                ref: consultation.frontDocumentRef ?? '—',
                by: consultation.frontRecordedBy ?? '—',
              })}
            </Typography>
          </Box>
        ) : (
          <Typography variant="body2" color="text.secondary" data-testid="front-opinion-missing">
            {translate('app.consultation.front_missing')}
          </Typography>
        )}
      </Box>
      {open && (
        <>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Check testId="check-window" done={windowEnded} label="app.consultation.check_window" />
            <Check testId="check-comments" done={allAnswered} label="app.consultation.check_comments" />
            <Check testId="check-front" done={Boolean(consultation.frontOpinion)} label="app.consultation.check_front" />
          </Stack>
          <Alert severity="info">{translate('app.consultation.submit_hint')}</Alert>
          {mayRecordFront && (
            <Box>
              <FrontOpinionForm project={project} />
            </Box>
          )}
        </>
      )}
      {consultation.summary && (
        <Box data-testid="consultation-summary">
          <Typography variant="subtitle2">{translate('app.consultation.summary')}</Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
            {consultation.summary}
          </Typography>
        </Box>
      )}
    </Stack>
  );
};
