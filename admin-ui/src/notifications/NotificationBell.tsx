import { Suspense, lazy, useState } from 'react';
import { Badge, CircularProgress, Drawer, IconButton, Tooltip } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useQuery } from '@tanstack/react-query';
import { useLocaleState } from 'react-admin';
import { asAppLocale } from '../i18n/locale';
import { notificationsApi } from './api';
import { notificationText } from './messages';

// The list and preferences load on first open (the top bar stays small).
const NotificationCentre = lazy(() => import('./NotificationCentre.js').then((m) => ({ default: m.NotificationCentre })));

/** The top bar's bell: unread count, opens the notification centre. */
export const NotificationBell = () => {
  const [locale] = useLocaleState();
  const lang = asAppLocale(locale);
  const [open, setOpen] = useState(false);
  const { data: unread = 0 } = useQuery({ queryKey: ['notifications', 'unread'], queryFn: notificationsApi.unreadCount, refetchInterval: 30_000 });
  const label = `${notificationText(lang, 'bell')}: ${notificationText(lang, 'unread', { count: unread })}`;
  return (
    <>
      <Tooltip title={label}>
        <IconButton color="inherit" aria-label={label} data-testid="notification-bell" data-count={unread} onClick={() => setOpen(true)}>
          <Badge badgeContent={unread} color="error" data-testid="notification-unread" max={99}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Drawer anchor="right" open={open} onClose={() => setOpen(false)}>
        {open && (
          <Suspense fallback={<CircularProgress sx={{ m: 4 }} />}>
            <NotificationCentre lang={lang} onClose={() => setOpen(false)} />
          </Suspense>
        )}
      </Drawer>
    </>
  );
};
