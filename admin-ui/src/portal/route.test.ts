import { answerDelay, fill, isPortalPath, parsePortalPath, portalLocale, portalPath, shortHash } from './route';

describe('portal paths', () => {
  it.each([
    ['/portal', { page: 'projects' }],
    ['/portal/', { page: 'projects' }],
    ['/portal/projects/BD-DEMO-11', { page: 'project', code: 'BD-DEMO-11' }],
    ['/portal/projects/BD-DEMO-11/', { page: 'project', code: 'BD-DEMO-11' }],
    ['/portal/projects/bad%20code', { page: 'projects' }],
    ['/portal/propose', { page: 'propose' }],
    ['/portal/projects/%E0%A4%A', { page: 'projects' }],
  ])('%s', (path, route) => {
    expect(parsePortalPath(path)).toEqual(route);
  });
  it('knows its own paths and no others', () => {
    expect(isPortalPath('/portal')).toBe(true);
    expect(isPortalPath('/portal/projects/X')).toBe(true);
    expect(isPortalPath('/portals')).toBe(false);
    expect(isPortalPath('/')).toBe(false);
    expect(portalPath({ page: 'project', code: 'BD-1' })).toBe('/portal/projects/BD-1');
  });
  it('speaks Vietnamese unless asked for English', () => {
    expect(portalLocale('', null)).toBe('vi');
    expect(portalLocale('?lang=en', null)).toBe('en');
    expect(portalLocale('', 'en')).toBe('en');
    expect(portalLocale('?lang=vi', 'en')).toBe('vi');
    expect(portalLocale('?lang=fr', 'xx')).toBe('vi');
  });
  it('fills placeholders and shortens hashes', () => {
    expect(fill('Mục số %{seq} · %{hash}', { seq: 7 })).toBe('Mục số 7 · %{hash}');
    expect(shortHash('a'.repeat(54) + 'bcdefghijk')).toBe('aaaaaaaaaa…fghijk');
    expect(shortHash(null)).toBe('—');
  });
});

describe('answerDelay', () => {
  it.each([
    ['2026-12-01T08:00:00Z', '2026-12-01T08:00:20Z', { unit: 'minutes', n: 1 }],
    ['2026-12-01T08:00:00Z', '2026-12-01T08:45:00Z', { unit: 'minutes', n: 45 }],
    ['2026-12-01T08:00:00Z', '2026-12-02T11:00:00Z', { unit: 'hours', n: 27 }],
    ['2026-12-01T08:00:00Z', '2026-12-05T08:00:00Z', { unit: 'days', n: 4 }],
  ])('%s → %s', (from, to, delay) => {
    expect(answerDelay(from, to)).toEqual(delay);
  });
});
