import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import type { ListItemOf } from '../types';

type PledgeRow = ListItemOf<'PledgeListItemSchema'>;
type MilestoneRow = ListItemOf<'MilestoneListItemSchema'>;

/** A partner's own pledges and the milestones of the projects it committed to (the API scopes both). */
export const PartnerWork = () => {
  const translate = useTranslate();
  const format = useFormat();
  const pledges = useGetList<PledgeRow>('pledges', { pagination: { page: 1, perPage: 100 }, sort: { field: 'pledgedAt', order: 'DESC' } });
  const milestones = useGetList<MilestoneRow>('milestones', { pagination: { page: 1, perPage: 100 }, sort: { field: 'dueAt', order: 'ASC' } });
  return (
    <Box sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2">
        {translate('app.actions.partner.pledges')}
      </Typography>
      {pledges.data?.length ? (
        <Table size="small" data-testid="partner-pledges">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.actions.partner.project')}</TableCell>
              <TableCell>{translate('app.project.col_source')}</TableCell>
              <TableCell>{translate('app.project.col_amount')}</TableCell>
              <TableCell>{translate('app.project.col_status')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pledges.data.map((p) => (
              <TableRow key={p.id} data-testid="partner-pledge" data-project={p.projectCode}>
                <TableCell>{p.projectCode}</TableCell>
                <TableCell>{translate(`app.funding_source.${p.source}`, { _: p.source })}</TableCell>
                <TableCell>{format.money(p.valueVnd)}</TableCell>
                <TableCell>{translate(`app.record_status.${p.status}`, { _: p.status })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="text.secondary">{translate('app.actions.partner.no_pledges')}</Typography>
      )}
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>
        {translate('app.actions.partner.milestones')}
      </Typography>
      {milestones.data?.length ? (
        <Table size="small" data-testid="partner-milestones">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.actions.partner.project')}</TableCell>
              <TableCell>{translate('app.project.col_title')}</TableCell>
              <TableCell>{translate('app.project.col_due')}</TableCell>
              <TableCell>{translate('app.project.col_status')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {milestones.data.map((m) => (
              <TableRow key={m.id} data-testid="partner-milestone" data-project={m.projectCode}>
                <TableCell>{m.projectCode}</TableCell>
                <TableCell>{m.title}</TableCell>
                <TableCell>{format.date(m.dueAt)}</TableCell>
                <TableCell>{translate(`app.record_status.${m.status}`, { _: m.status })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="text.secondary">{translate('app.actions.partner.no_milestones')}</Typography>
      )}
    </Box>
  );
};
