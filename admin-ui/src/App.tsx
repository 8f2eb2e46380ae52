// Composition root: one session, one http client, one data provider, one i18n provider, one router.
import { lazy } from 'react';
import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { QueryClient } from '@tanstack/react-query';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { createAuthProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { anonymousHttp, refresher, session, signedIn } from './auth/browserSession';
import { createDataProvider } from './data/dataProvider';
import { createFileClient, createHttpClient } from './data/httpClient';
import { i18nProvider } from './i18n/i18nProvider';
import { AppLayout } from './layout/AppLayout';
import projects from './projects';
import ledger from './ledger';
import people from './people';
import steps from './steps';
import { Home } from './layout/Home';
import invitations from './invitations';
import { adminChanges, boardMembers, conflicts, consultationPolicies, partners, quorumRules, separationRules, slaPolicies, units, UserCreate, UserEdit } from './admin';

// Screens beyond the landing list load on first use (the first load stays small).
const PipelineBoard = lazy(() => import('./pipeline/PipelineBoard.js').then((m) => ({ default: m.PipelineBoard })));
const Inbox = lazy(() => import('./steps/Inbox.js').then((m) => ({ default: m.Inbox })));
const PublicComments = lazy(() => import('./portal/PublicComments.js').then((m) => ({ default: m.PublicComments })));

const dataProvider = createDataProvider(createHttpClient(signedIn), { files: createFileClient(signedIn) });
// An idle console (someone typing a long rationale) keeps its session: the token is renewed before it ends.
refresher.keepAlive();
const authProvider = createAuthProvider({ session, anonymousHttp, refresher });

// No automatic retries: a refused or failed call is shown at once, not after seconds of backoff.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

const Console = () => (
  <Admin
    title="Đồng Hành"
    queryClient={queryClient}
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    layout={AppLayout}
    dashboard={Home}
    requireAuth
    disableTelemetry
  >
    <Resource name="projects" {...projects} />
    <Resource name="steps" {...steps} options={{ label: 'app.menu.my_steps' }} />
    <Resource name="invitations" {...invitations} />
    <Resource name="decisions" {...ledger} />
    <Resource name="users" {...people} create={UserCreate} edit={UserEdit} />
    <Resource name="partners" {...partners} />
    <Resource name="board-members" {...boardMembers} />
    <Resource name="conflicts-of-interest" {...conflicts} />
    <Resource name="sla-policies" {...slaPolicies} />
    <Resource name="quorum-rules" {...quorumRules} />
    <Resource name="consultation-policies" {...consultationPolicies} />
    <Resource name="separation-rules" {...separationRules} />
    <Resource name="units" {...units} />
    <Resource name="admin-changes" {...adminChanges} />
    <CustomRoutes>
      <Route path="/pipeline" element={<PipelineBoard />} />
      <Route path="/inbox" element={<Inbox />} />
      <Route path="/public-comments" element={<PublicComments />} />
    </CustomRoutes>
  </Admin>
);

/*
 * The console brings its own router; <Admin> sees it (useInRouterContext) and creates none.
 *
 * React-admin's built-in router (ra-core's reactRouterProvider) renders react-router 7's
 * <RouterProvider> without `useTransitions`, so every location change is committed inside
 * React.startTransition, i.e. at low priority. useLogout assumes the opposite: it calls
 * navigate('/login') and, in the same tick, resetStore() + queryClient.clear(), expecting the
 * protected routes to be gone already. They are not: the cleared checkAuth query re-renders them
 * at once (urgent), checkAuth fails again, <LogoutOnMount> logs out again, and each of these urgent
 * renders throws away the pending transition that would show /login. A signed-out first visit
 * spun through thousands of logout/navigate rounds (12-17 s) before the login form appeared.
 *
 * useTransitions={false} makes navigation synchronous, as react-admin expects (and as it is with
 * react-router 6). It stays a data router (createHashRouter), so react-admin's navigation blocking
 * (warnWhenUnsavedChanges) keeps working; URLs stay /#/...; lazy pages suspend into the layout's
 * own <Suspense> fallback. Created once, outside React, as react-router requires.
 */
const router = createHashRouter([{ path: '*', element: <Console /> }]);

export const App = () => <RouterProvider router={router} useTransitions={false} />;
