import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState } from 'react';
import { DataTable, Form, List, SaveButton, TextInput, maxLength, minLength, required, useDataProvider, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../data/dataProvider';
import { ApiError } from '../data/httpClient';
import { PartnerWork } from './PartnerWork';
import { useFormat } from '../i18n/useFormat';
import type { InvitationRow, Role } from '../types';

const Column = DataTable.Col<InvitationRow>;
const resourcesValidators = [required(), minLength(3), maxLength(2000)];
const reasonValidators = [maxLength(2000)];

/** The partner's answer: accept with what it commits, or decline with an optional reason (R1, R4). */
const RespondDialog = ({ invitation, accept, onClose }: { invitation: InvitationRow; accept: boolean; onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const submit = async (values: Record<string, unknown>) => {
    try {
      const text = String(values[accept ? 'resources' : 'reason'] ?? '').trim();
      await dataProvider.respondToInvitation(invitation.id, accept ? { accept, resources: text } : { accept, ...(text && { reason: text }) });
      notify(accept ? 'app.invitations.accepted' : 'app.invitations.declined', { type: 'success' });
      onClose();
      refresh();
      return undefined;
    } catch (error) {
      const fieldErrors: unknown = error instanceof ApiError ? error.body?.errors : undefined;
      if (fieldErrors) return fieldErrors;
      notify(error instanceof Error && error.message ? error.message : 'app.errors.unexpected', { type: 'error' });
      if (error instanceof ApiError && error.status === 409) (onClose(), refresh());
      return undefined;
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="respond-title">
      <Form onSubmit={submit} noValidate>
        <DialogTitle id="respond-title">{translate(accept ? 'app.invitations.accept' : 'app.invitations.decline')} — {invitation.projectTitle}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.invitations.intro', { capability: translate(`app.capability.${invitation.capability}`, { _: invitation.capability }) })}</DialogContentText>
          {accept ? (
            <TextInput source="resources" label="app.invitations.resources" multiline minRows={3} validate={resourcesValidators} helperText="app.invitations.resources_help" />
          ) : (
            <TextInput source="reason" label="app.invitations.reason" multiline minRows={2} validate={reasonValidators} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SaveButton data-testid="invitation-submit" label={accept ? 'app.invitations.accept' : 'app.invitations.decline'} alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
};

const RespondButtons = ({ invitation }: { invitation: InvitationRow }) => {
  const translate = useTranslate();
  const [answer, setAnswer] = useState<boolean | null>(null);
  if (invitation.status !== 'invited') return null;
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button size="small" variant="contained" color="success" data-testid="invitation-accept" onClick={() => setAnswer(true)}>
        {translate('app.invitations.accept')}
      </Button>
      <Button size="small" variant="outlined" color="error" data-testid="invitation-decline" onClick={() => setAnswer(false)}>
        {translate('app.invitations.decline')}
      </Button>
      {answer !== null && <RespondDialog invitation={invitation} accept={answer} onClose={() => setAnswer(null)} />}
    </Stack>
  );
};

/** Invitations to partners; a partner sees only its own (the API scopes it) and answers them here. */
export const InvitationList = () => {
  const format = useFormat();
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  return (
    <>
    <List data-testid="invitations-list" sort={{ field: 'dueAt', order: 'ASC' }} perPage={50} exporter={false} actions={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="projectCode" disableSort render={(i) => `${i.projectCode} — ${i.projectTitle}`} />
        {role !== 'partner' && <Column source="partnerName" disableSort />}
        <Column source="capability" disableSort render={(i) => translate(`app.capability.${i.capability}`, { _: i.capability })} />
        <Column source="status" render={(i) => translate(`app.record_status.${i.status}`, { _: i.status })} />
        <Column source="dueAt" render={(i) => format.dateTime(i.dueAt)} />
        <Column source="resources" disableSort render={(i) => i.resources ?? i.reason ?? '—'} />
        {role === 'partner' && <Column source="id" label="app.invitations.answer" disableSort render={(i) => <RespondButtons invitation={i} />} />}
      </DataTable>
    </List>
    {role === 'partner' && <PartnerWork />}
    </>
  );
};
