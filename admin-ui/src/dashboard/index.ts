import { lazy } from 'react';

// react-admin's `dashboard`: loaded only when opened, so it stays out of the first load (400 kB budget).
export const Dashboard = lazy(() => import('./Dashboard.js').then((module) => ({ default: module.Dashboard })));

export { dashboardEn, dashboardVi } from './messages';
