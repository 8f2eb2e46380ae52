import { exportFileName, exportUrl, fileNameFromDisposition, parseFilterDate, toLedgerApiFilter, validateFilterDate } from './ledgerFilter';

describe('toLedgerApiFilter', () => {
  it('keeps the filters the API knows, trimmed, and drops blanks and unknown names (the API refuses those)', () => {
    expect(
      toLedgerApiFilter({ q: '  BD-2026-0007 ', actorUserId: 'u-1', stepType: 'screening', choice: '', from: '2026-05-01', to: undefined, page: 3, sort: 'seq' }),
    ).toEqual({ q: 'BD-2026-0007', actorUserId: 'u-1', stepType: 'screening', from: '2026-05-01' });
    expect(toLedgerApiFilter({})).toEqual({});
    expect(toLedgerApiFilter(null)).toEqual({});
  });

  it('drops dates that are not whole calendar dates yet (a date input is empty until complete)', () => {
    expect(toLedgerApiFilter({ from: '2026-02-30', to: '2026-5-1' })).toEqual({});
    expect(toLedgerApiFilter({ from: '2026-02-28T00:00', to: 'yesterday' })).toEqual({});
    expect(toLedgerApiFilter({ to: '2024-02-29' })).toEqual({ to: '2024-02-29' });
  });

  it('takes dates typed day/month/year, in either language, and sends them as YYYY-MM-DD', () => {
    expect(toLedgerApiFilter({ from: '01/05/2026', to: ' 5/6/2026 ' })).toEqual({ from: '2026-05-01', to: '2026-06-05' });
    expect(toLedgerApiFilter({ from: '31/06/2026', to: '12/25/2026' })).toEqual({});
    expect(toLedgerApiFilter({ from: '01/05/2026', to: '01/04/2026' })).toEqual({ from: '2026-04-01', to: '2026-05-01' });
  });

  it.each([
    ['25/12/2026', '2026-12-25'],
    ['5/1/2026', '2026-01-05'],
    ['29/02/2024', '2024-02-29'],
    ['2026-12-25', '2026-12-25'],
    ['29/02/2026', null],
    ['12/25/2026', null],
    ['25/12/26', null],
    ['25-12-2026', null],
    ['', null],
  ])('reads %p as %p', (typed, iso) => {
    expect(parseFilterDate(typed)).toBe(iso);
    expect(validateFilterDate(typed)).toBe(iso === null && typed !== '' ? 'app.audit.list.date_invalid' : undefined);
  });

  it('puts a from/to range given backwards in order', () => {
    expect(toLedgerApiFilter({ from: '2026-06-30', to: '2026-06-01' })).toEqual({ from: '2026-06-01', to: '2026-06-30' });
  });

  it('passes the ids a trail or a project page narrows to', () => {
    expect(toLedgerApiFilter({ actorUserId: 'b7c1', projectId: 'p-9', stepId: 's-2' })).toEqual({ actorUserId: 'b7c1', projectId: 'p-9', stepId: 's-2' });
  });
});

describe('exportUrl', () => {
  it('asks /api/ledger/export for the format and the same JSON filter as the list', () => {
    const url = new URL(exportUrl('/api', 'csv', { q: 'BD-0001', from: '2026-05-01' }), 'http://console');
    expect(url.pathname).toBe('/api/ledger/export');
    expect(url.searchParams.get('format')).toBe('csv');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ q: 'BD-0001', from: '2026-05-01' });
    expect(new URL(exportUrl('/api', 'json', {}), 'http://console').searchParams.get('filter')).toBe('{}');
  });
});

describe('exportFileName', () => {
  // 2026-05-10 23:30 in Hà Nội is still 2026-05-10 16:30 UTC; 2026-05-10 18:00 UTC is already the 11th there.
  it("dates the file on Vietnam's clock", () => {
    expect(exportFileName('csv', {}, new Date('2026-05-10T16:30:00Z'))).toBe('ledger-2026-05-10.csv');
    expect(exportFileName('json', {}, new Date('2026-05-10T18:00:00Z'))).toBe('ledger-2026-05-11.json');
  });

  it('names the project and the date range it was filtered by, in characters every system accepts', () => {
    const now = new Date('2026-05-10T03:00:00Z');
    expect(exportFileName('csv', { q: 'BD-2026-0007' }, now)).toBe('ledger-BD-2026-0007-2026-05-10.csv');
    expect(exportFileName('csv', { q: 'Đường / sạch' }, now)).toBe('ledger-Duong-sach-2026-05-10.csv');
    expect(exportFileName('json', { from: '2026-01-01', to: '2026-03-31' }, now)).toBe('ledger-2026-01-01_2026-03-31-2026-05-10.json');
    expect(exportFileName('json', { to: '2026-03-31' }, now)).toBe('ledger-start_2026-03-31-2026-05-10.json');
  });
});

describe('fileNameFromDisposition', () => {
  it('reads the name the API gives the download', () => {
    expect(fileNameFromDisposition('attachment; filename="ledger-2026-05-10.csv"')).toBe('ledger-2026-05-10.csv');
    expect(fileNameFromDisposition('attachment; filename=ledger.json')).toBe('ledger.json');
  });

  it("prefers the UTF-8 filename* (RFC 6266) and never keeps a path", () => {
    expect(fileNameFromDisposition(`attachment; filename="so-quyet-dinh.csv"; filename*=UTF-8''s%E1%BB%95-quy%E1%BA%BFt-%C4%91%E1%BB%8Bnh.csv`)).toBe('sổ-quyết-định.csv');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromDisposition('attachment; filename="a\\"b.csv"')).toBe('a"b.csv');
  });

  it('is null when there is no usable name', () => {
    expect(fileNameFromDisposition(null)).toBeNull();
    expect(fileNameFromDisposition('attachment')).toBeNull();
    expect(fileNameFromDisposition('attachment; filename=".."')).toBeNull();
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull();
  });
});
