// Composition root: one session, one http client, one data provider, one i18n provider.
import { Admin, Resource } from 'react-admin';
import { QueryClient } from '@tanstack/react-query';
import { createAuthProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { createSessionStore } from './auth/session';
import { createDataProvider } from './data/dataProvider';
import { createHttpClient } from './data/httpClient';
import { currentLocale, i18nProvider } from './i18n/i18nProvider';
import { AppLayout } from './layout/AppLayout';
import projects from './projects';

const session = createSessionStore(window.localStorage);
const dataProvider = createDataProvider(createHttpClient({ getToken: () => session.read()?.token ?? null, getLocale: currentLocale }));
const authProvider = createAuthProvider({ session, anonymousHttp: createHttpClient({ getToken: () => null, getLocale: currentLocale }) });

// No automatic retries: a refused or failed call is shown at once, not after seconds of backoff.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

export const App = () => (
  <Admin
    title="Đồng Hành"
    queryClient={queryClient}
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    layout={AppLayout}
    requireAuth
    disableTelemetry
  >
    <Resource name="projects" {...projects} />
  </Admin>
);
