import InboxIcon from '@mui/icons-material/Inbox';
import ForumIcon from '@mui/icons-material/Forum';
import ViewKanbanIcon from '@mui/icons-material/ViewKanban';
import { Badge } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Menu, useDataProvider, usePermissions, useTranslate } from 'react-admin';
import { canAccess } from '../auth/canAccess';
import type { AppDataProvider } from '../data/dataProvider';
import type { Role } from '../types';

// The badge follows new steps without a reload; any decision refreshes it at once (useRefresh).
const INBOX_POLL_MS = 30_000;

const InboxItem = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { data: count } = useQuery({ queryKey: ['steps', 'inboxCount'], queryFn: () => dataProvider.inboxCount(), refetchInterval: INBOX_POLL_MS });
  return (
    <Menu.Item
      to="/inbox"
      primaryText="app.menu.inbox"
      data-testid="menu-inbox"
      leftIcon={
        <Badge
          badgeContent={count ?? 0}
          color="error"
          data-testid="inbox-badge"
          data-count={count ?? 0}
          slotProps={{ badge: { 'aria-label': translate('app.menu.inbox_badge', { smart_count: count ?? 0 }) } }}
        >
          <InboxIcon />
        </Badge>
      }
    />
  );
};

/** Role-aware menu: the same rules as the API's role table (auth/canAccess.ts mirrors api/access.ts). */
export const AppMenu = () => {
  const { permissions: role } = usePermissions<Role>();
  const may = (resource: string) => role !== undefined && canAccess(role, { resource, action: 'list' });
  return (
    <Menu>
      {may('dashboard') && <Menu.DashboardItem />}
      {may('inbox') && <InboxItem />}
      {may('pipeline') && <Menu.Item to="/pipeline" primaryText="app.menu.pipeline" leftIcon={<ViewKanbanIcon />} data-testid="menu-pipeline" />}
      <Menu.ResourceItems />
      {may('public-comments') && <Menu.Item to="/public-comments" primaryText="app.menu.public_comments" leftIcon={<ForumIcon />} data-testid="menu-public-comments" />}
    </Menu>
  );
};
