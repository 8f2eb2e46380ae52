// The unit's board (R4): who holds which seat, from when until when. An admin seats a board member and
// ends a seat with its last day and a reason (recorded); the unit's open votes are re-evaluated at once.
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { BooleanInput, Create, DataTable, DateInput, List, ReferenceInput, SelectInput, SimpleForm, useCanAccess, useNotify, useRedirect, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { BOARD_SEATS } from '../../../domain/quorum';
import { BoardMemberCreateBody, BoardMemberEndBody } from '../../../domain/schemas';
import { useFormat } from '../i18n/useFormat';
import { EmptyState, ListErrorState } from '../layout/LoadStates';
import type { ListItemOf } from '../types';
import { boardMemberBody } from './forms';
import { useSchemaValidator } from './shared';

type SeatRow = ListItemOf<'BoardMemberSchema'>;
const Column = DataTable.Col<SeatRow>;

export const seatChoices = BOARD_SEATS.map((s) => ({ id: s, name: `app.admin.seat.${s}` }));

/** Yesterday in Vietnam: the last day of a seat that ends now. */
const yesterdayInVietnam = () => new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

/** Ends one seat: its last day and why, checked by the API's own schema before it is sent. */
const EndSeat = ({ seat }: { seat: SeatRow }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [until, setUntil] = useState(yesterdayInVietnam);
  const [reason, setReason] = useState('');
  const [update, { isPending }] = useUpdate();
  const parsed = BoardMemberEndBody.safeParse({ until, reason });
  const submit = () =>
    update(
      'board-members',
      { id: seat.id, data: { until, reason: reason.trim() }, previousData: seat },
      {
        mutationMode: 'pessimistic',
        // The list is read again: a seat that ended leaves the list of seats held.
        onSuccess: () => (setOpen(false), notify('app.admin.seat_ended', { type: 'success' }), refresh()),
        onError: (error) => notify(error instanceof Error ? error.message : 'app.errors.unexpected', { type: 'error' }),
      },
    );
  return (
    <>
      <MuiButton size="small" color="warning" onClick={() => setOpen(true)} data-testid="end-seat">
        {translate('app.admin.end_seat')}
      </MuiButton>
      <Dialog open={open} onClose={() => setOpen(false)} data-testid="end-seat-dialog">
        <DialogTitle>{translate('app.admin.end_seat_of', { name: seat.displayName })}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>{translate('app.admin.end_seat_help')}</Typography>
          <TextField type="date" label={translate('resources.board-members.fields.until')} value={until} onChange={(e) => setUntil(e.target.value)} fullWidth sx={{ mb: 2 }} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'end-seat-until' } }} />
          <TextField label={translate('app.admin.end_seat_reason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth slotProps={{ htmlInput: { 'data-testid': 'end-seat-reason' } }} />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton variant="contained" color="warning" disabled={!parsed.success || isPending} onClick={submit} data-testid="end-seat-confirm">
            {translate('app.admin.end_seat')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};

export const BoardMemberList = () => {
  const translate = useTranslate();
  const format = useFormat();
  const { canAccess: mayEnd } = useCanAccess({ resource: 'board-members', action: 'edit' });
  return (
    <List
      data-testid="board-member-list"
      filters={[<SelectInput key="seat" source="seat" choices={seatChoices} />, <BooleanInput key="current" source="current" label="app.admin.held_only" alwaysOn />]}
      filterDefaultValues={{ current: true }}
      sort={{ field: 'displayName', order: 'ASC' }}
      exporter={false}
      queryOptions={{ onError: () => undefined }}
      error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}
      empty={<EmptyState title="app.admin.no_seats" help="app.admin.seat_help" />}
    >
      <DataTable<SeatRow> bulkActionButtons={false} rowClick={false}>
        <Column source="displayName" />
        <Column source="seat" render={(m) => translate(`app.admin.seat.${m.seat}`)} />
        <Column source="isChair" disableSort render={(m) => (m.isChair ? translate('app.admin.chair') : '')} />
        <Column source="since" render={(m) => format.date(m.since)} />
        <Column source="until" disableSort render={(m) => (m.until ? format.date(m.until) : '—')} />
        <Column source="current" disableSort render={(m) => <span data-testid="seat-status">{translate(m.current ? 'app.admin.seat_held' : 'app.admin.seat_over')}</span>} />
        {mayEnd && <Column source="id" label="" disableSort render={(m) => (m.current ? <EndSeat seat={m} /> : null)} />}
      </DataTable>
    </List>
  );
};

export const BoardMemberCreate = () => {
  const validate = useSchemaValidator(BoardMemberCreateBody, boardMemberBody);
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  return (
    <Create data-testid="board-member-create" transform={boardMemberBody} mutationOptions={{ onSuccess: () => (notify('app.admin.seated', { type: 'success' }), redirect('list', 'board-members')) }}>
      <SimpleForm validate={validate} defaultValues={{ isChair: false }}>
        <p>{translate('app.admin.seat_help')}</p>
        <ReferenceInput source="userId" reference="users" filter={{ role: 'board_member', active: true }} sort={{ field: 'displayName', order: 'ASC' }}>
          <SelectInput optionText="displayName" fullWidth />
        </ReferenceInput>
        <SelectInput source="seat" choices={seatChoices} fullWidth />
        <BooleanInput source="isChair" />
        <DateInput source="since" helperText="app.admin.since_help" />
      </SimpleForm>
    </Create>
  );
};
