import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator } from 'react-admin';
import { AppMenu } from './AppMenu';
import { LocaleSwitcher } from './LocaleSwitcher';
import { NotificationBell } from '../notifications/NotificationBell';

const AppBarWithLocale = () => (
  <AppBar
    toolbar={
      <>
        <LocaleSwitcher />
        <NotificationBell />
        <LoadingIndicator />
      </>
    }
  />
);

export const AppLayout = ({ children }: { children: ReactNode }) => <Layout appBar={AppBarWithLocale} menu={AppMenu}>{children}</Layout>;
