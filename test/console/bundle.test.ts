import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIRST_LOAD_BUDGET_GZIP, allJs, firstLoadJs } from '../../scripts/stack/console-size';

const dist = join(__dirname, '..', '..', 'admin-ui', 'dist');

/** Issue 6: the first load stays at most 400 kB of gzipped JavaScript; heavy screens load later. */
describe('console bundle', () => {
  it('has been built by the test runner', () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
  });

  it('loads at most 400 kB of gzipped JavaScript before the first screen', () => {
    const first = firstLoadJs(dist);
    expect(first.assets.length).toBeGreaterThan(0);
    expect(first.gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP);
  });

  it('keeps the screens beyond the landing list out of the first load', () => {
    const first = new Set(firstLoadJs(dist).assets.map((a) => a.file));
    const lazy = allJs(dist).filter((a) => !first.has(a.file));
    for (const screen of ['PipelineBoard', 'Inbox', 'ProjectShow']) {
      expect(lazy.some((a) => a.file.includes(`/${screen}-`))).toBe(true);
    }
  });
});
