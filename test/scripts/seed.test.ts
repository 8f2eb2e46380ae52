import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '../../scripts/stack/postgres';

// `npm run seed` against a real database and the test Temporal server, twice.
const root = resolve(__dirname, '..', '..');

function seed(env: Record<string, string>) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'seed.ts')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 150_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env },
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('npm run seed', () => {
  test('migrates and adds the demo accounts; a second run changes nothing', async () => {
    const { DH_TEST_ADMIN_URL: adminUrl, DH_TEST_TEMPORAL_ADDRESS: temporalAddress, DH_TEST_WORKFLOW_BUNDLE: bundle } = process.env;
    if (!adminUrl || !temporalAddress || !bundle) throw new Error('This test runs against real Temporal and PostgreSQL servers: run it with `make test`.');
    // An empty database: the seed runs the migrations itself.
    const name = `dh_seed_${randomUUID().slice(0, 8)}`;
    const databaseUrl = await ensureDatabase(adminUrl, name, { recreate: true });
    const run = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: `seed-${randomUUID()}`, DONGHANH_WORKFLOW_BUNDLE: bundle };

    const first = seed(run);
    expect(first.out).toContain('migrations applied: ');
    expect(first.out).toContain('reference data and demo accounts: in place');
    expect(first.status).toBe(0);

    const second = seed(run);
    expect(second.out).toContain('migrations: up to date');
    expect(second.status).toBe(0);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const users = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users');
      expect(users.rows[0]!.count).toBeGreaterThan(10);
      const admins = await db.query("SELECT role FROM users WHERE email = 'admin@donghanh.vn'");
      expect(admins.rows).toEqual([{ role: 'admin' }]);
    } finally {
      await db.end();
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 300_000);

  test('refuses to add demo accounts in production', () => {
    const res = seed({ NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', JWT_SECRET: 'x'.repeat(40) });
    expect(res.status).toBe(1);
    expect(res.out).toContain('seed failed: The seed adds demo accounts with a published password; it does not run with NODE_ENV=production.');
  });
});
