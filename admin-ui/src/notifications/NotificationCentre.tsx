import { Alert, Box, Button, Divider, IconButton, List, ListItem, ListItemText, Switch, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppLocale } from '../types';
import { notificationsApi, type NotificationPreference } from './api';
import { notificationText } from './messages';

/** The notification centre: what was delivered to me, mark read, and which kinds I receive where. */
export const NotificationCentre = ({ lang, onClose }: { lang: AppLocale; onClose: () => void }) => {
  const t = (key: Parameters<typeof notificationText>[1], values?: Record<string, string | number>) => notificationText(lang, key, values);
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['notifications', 'list'], queryFn: notificationsApi.list });
  const prefs = useQuery({ queryKey: ['notifications', 'preferences'], queryFn: notificationsApi.preferences });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({ mutationFn: notificationsApi.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: refresh });
  const save = useMutation({
    mutationFn: notificationsApi.savePreference,
    onSuccess: (next) => queryClient.setQueryData(['notifications', 'preferences'], next),
  });
  const title = (n: { titleVi: string; titleEn: string }) => (lang === 'vi' ? n.titleVi : n.titleEn);
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

  return (
    <Box sx={{ width: { xs: '100vw', sm: 440 }, p: 2 }} data-testid="notification-centre" role="region" aria-label={t('title')}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>
          {t('title')}
          {list.data ? ` · ${t('unread', { count: list.data.unread })}` : ''}
        </Typography>
        <Button size="small" disabled={!list.data?.unread || markAll.isPending} onClick={() => markAll.mutate()}>
          {t('markAllRead')}
        </Button>
        <IconButton aria-label={t('close')} onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      {list.isError && <Alert severity="error">{t('loadFailed')}</Alert>}
      {list.data && list.data.items.length === 0 && <Typography color="text.secondary">{t('empty')}</Typography>}
      <List dense>
        {list.data?.items.map((n) => (
          <ListItem
            key={n.id}
            data-testid="notification-item"
            data-unread={n.readAt ? 'false' : 'true'}
            sx={{ bgcolor: n.readAt ? undefined : 'action.hover', borderRadius: 1, mb: 0.5 }}
            secondaryAction={
              !n.readAt && (
                <Button size="small" onClick={() => markRead.mutate(n.id)} disabled={markRead.isPending}>
                  {t('markRead')}
                </Button>
              )
            }
          >
            <ListItemText
              primary={<span style={{ fontWeight: n.readAt ? 400 : 700 }}>{title(n)}</span>}
              secondary={`${n.projectCode ? `${t('project')} ${n.projectCode} · ` : ''}${when(n.createdAt)}`}
            />
          </ListItem>
        ))}
      </List>
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle1">{t('preferences')}</Typography>
      <Table size="small" data-testid="notification-preferences">
        <TableHead>
          <TableRow>
            <TableCell>{t('kind')}</TableCell>
            <TableCell align="center">{t('email')}</TableCell>
            <TableCell align="center">{t('inConsole')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {prefs.data?.map((p: NotificationPreference) => (
            <TableRow key={p.kind} data-kind={p.kind}>
              <TableCell>{title(p)}</TableCell>
              <TableCell align="center">
                <Switch size="small" checked={p.email} slotProps={{ input: { 'aria-label': `${t('email')}: ${title(p)}` } }} onChange={(_e, email) => save.mutate({ kind: p.kind, email, inConsole: p.inConsole })} />
              </TableCell>
              <TableCell align="center">
                <Switch size="small" checked={p.inConsole} slotProps={{ input: { 'aria-label': `${t('inConsole')}: ${title(p)}` } }} onChange={(_e, inConsole) => save.mutate({ kind: p.kind, email: p.email, inConsole })} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
