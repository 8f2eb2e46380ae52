// Where the portal is: its own paths outside the console's hash router, readable without signing in.
import type { AppLocale } from '../types';

export const PORTAL_BASE = '/portal';

export type PortalRoute = { page: 'projects' } | { page: 'project'; code: string } | { page: 'propose' };

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** True for the portal's own paths: main.tsx renders the portal there instead of the console. */
export const isPortalPath = (pathname: string): boolean => pathname === PORTAL_BASE || pathname.startsWith(`${PORTAL_BASE}/`);

export function parsePortalPath(pathname: string): PortalRoute {
  if (/^\/portal\/propose\/?$/.test(pathname)) return { page: 'propose' };
  const match = /^\/portal\/projects\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    let code = '';
    try {
      code = decodeURIComponent(match[1]!);
    } catch {
      // Malformed percent-encoding names no project.
    }
    if (CODE.test(code)) return { page: 'project', code };
  }
  return { page: 'projects' };
}

export const portalPath = (route: PortalRoute): string =>
  route.page === 'project' ? `${PORTAL_BASE}/projects/${encodeURIComponent(route.code)}` : route.page === 'propose' ? `${PORTAL_BASE}/propose` : PORTAL_BASE;

/** Vietnamese first: English only when the address or the saved choice asks for it. */
export function portalLocale(search: string, saved: string | null): AppLocale {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'vi') return asked;
  return saved === 'en' ? 'en' : 'vi';
}

/** "%{name}" placeholders filled from args; a missing one stays visible rather than vanishing. */
export function fill(template: string, args: Record<string, string | number> = {}): string {
  return template.replace(/%\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** The first and last characters of a hash, enough to compare by eye. */
export const shortHash = (hash: string | null | undefined): string => (hash ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : '—');

/** How long an answer took, in the largest whole unit that fits (minutes, hours or days). */
export function answerDelay(submittedAt: string, answeredAt: string): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.round((Date.parse(answeredAt) - Date.parse(submittedAt)) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: Math.max(1, minutes) };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.round(minutes / 60) };
  return { unit: 'days', n: Math.round(minutes / 1440) };
}
