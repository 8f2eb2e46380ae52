// The one session of this browser tab: the store, its refresher and the http deps every signed-in call uses.
import { createHttpClient, type HttpClientDeps } from '../data/httpClient';
import { currentLocale } from '../i18n/i18nProvider';
import { createSessionRefresher } from './refresher';
import { createSessionStore } from './session';

export const session = createSessionStore(window.localStorage);
export const anonymousHttp = createHttpClient({ getToken: () => null, getLocale: currentLocale });
export const refresher = createSessionRefresher({ session, anonymousHttp });
export const signedIn: HttpClientDeps = { getToken: refresher.token, refreshToken: refresher.refresh, getLocale: currentLocale };
