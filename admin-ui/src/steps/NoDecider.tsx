import { Alert, AlertTitle, Box, Link as MuiLink, List, ListItem, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetList, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { useStepTypeLabel } from '../projects/StatusChips';
import type { StepRow } from '../types';

/** An open step nobody may decide (issue 13): why, and which authority was told when. */
export const NoDeciderAlert = ({ noDecider }: { noDecider: StepRow['noDecider'] }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (!noDecider) return null;
  return (
    <Alert severity="error" data-testid="no-decider" data-reason={noDecider.reason}>
      <AlertTitle>{translate('app.no_decider.title')}</AlertTitle>
      {translate(`app.no_decider.reason.${noDecider.reason}`)}{' '}
      {translate('app.no_decider.told', { role: translate(`app.role.${noDecider.toldRole}`, { _: noDecider.toldRole }), since: format.dateTime(noDecider.since) })}
    </Alert>
  );
};

/** Every open step nobody may decide, each with its project; nothing when there is none. */
export const StepsWithoutDecider = () => {
  const translate = useTranslate();
  const stepTypeLabel = useStepTypeLabel();
  const { data } = useGetList<StepRow>('steps', { pagination: { page: 1, perPage: 50 }, sort: { field: 'openedAt', order: 'ASC' }, filter: { status: 'active', noDecider: true } });
  if (!data?.length) return null;
  return (
    <Alert severity="error" data-testid="steps-without-decider">
      <AlertTitle>{translate('app.no_decider.list_title')}</AlertTitle>
      <List dense disablePadding>
        {data.map((step) => (
          <ListItem key={step.id} disableGutters data-testid="step-without-decider" data-step={step.id}>
            <Box>
              <MuiLink component={Link} to={`/projects/${step.projectId}/show`}>
                {step.projectCode} · {stepTypeLabel(step.type)}
              </MuiLink>
              <Typography variant="body2">{step.noDecider ? translate(`app.no_decider.reason.${step.noDecider.reason}`) : null}</Typography>
            </Box>
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};
