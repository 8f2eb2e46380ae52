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

/**
 * The page never grows wider than the screen (react-admin's layout is `min-width: fit-content`, so
 * one wide table pushed the top bar's language switch and account menu off a phone): wide tables
 * and boards scroll inside their own box instead.
 */
const FIT_THE_SCREEN = {
  minWidth: 0,
  '& .RaLayout-contentWithSidebar, & .RaLayout-content, & .RaList-root, & .RaList-main, & .RaList-content, & .RaShow-main, & .RaShow-card': { minWidth: 0 },
  '& .RaFilterForm-root': { flexWrap: 'wrap' },
  '& .RaDataTable-tableWrapper, & .RaDatagrid-tableWrapper, & .MuiTableContainer-root': { overflowX: 'auto' },
  // Plain tables (a project's steps, decisions, budget) scroll sideways on a phone.
  '@media (max-width: 599.95px)': { '& .RaLayout-content table:not(.RaDataTable-table):not(.RaDatagrid-table)': { display: 'block', overflowX: 'auto', maxWidth: '100%' } },
} as const;

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={AppBarWithLocale} menu={AppMenu} sx={FIT_THE_SCREEN}>
    {children}
  </Layout>
);
