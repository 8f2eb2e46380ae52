import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp } from '../../api/app';
import { parseApiConfig } from '../../domain/config';
import { createLogger } from '../../platform/logger';
import { installationJwtSecret } from '../../scripts/stack/secrets';
import { startHarness, testEnv, type Harness } from '../support/harness';

// The secret domain/config.ts fell back to before issue 11: it is public, so it must sign nothing.
const OLD_REPOSITORY_SECRET = 'dong-hanh-development-secret-change-me-0123456789';
const root = resolve(__dirname, '..', '..');

describe('JWT secret: none in the repository', () => {
  let h: Harness;
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-secret-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('make up makes a random secret once per installation, readable by its owner only, and reuses it', () => {
    const dir = dataDir();
    const first = installationJwtSecret(dir, {}).JWT_SECRET;
    const file = join(dir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(installationJwtSecret(dir, {}).JWT_SECRET).toBe(first);
    expect(installationJwtSecret(dataDir(), {}).JWT_SECRET).not.toBe(first);
    // A copy restored with loose permissions is closed again.
    chmodSync(file, 0o644);
    expect(installationJwtSecret(dir, {}).JWT_SECRET).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses JWT_SECRET when it is set and writes nothing; refuses a secret file that holds too little', () => {
    const dir = dataDir();
    expect(installationJwtSecret(dir, { JWT_SECRET: 's'.repeat(40) }).JWT_SECRET).toBe('s'.repeat(40));
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
    writeFileSync(join(dir, 'jwt-secret'), 'short\n', { mode: 0o600 });
    expect(() => installationJwtSecret(dir, {})).toThrow(/jwt-secret holds no usable secret.*delete it/);
  });

  it('an app configured as make up configures it refuses a token signed with the old repository secret', async () => {
    const env = testEnv();
    const secret = installationJwtSecret(dataDir(), {});
    expect(readFileSync(join(dirs.at(-1)!, 'jwt-secret'), 'utf8').trim()).toBe(secret.JWT_SECRET);
    const config = parseApiConfig({ DATABASE_URL: env.databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, LOG_LEVEL: 'silent', ...secret });
    const app = createApp({ config, db: h.db, temporal: h.client, log: createLogger('silent', 'secret-test') });
    const adminId = await h.userId('admin');
    const [{ id: sid }] = await h.db('sessions').insert({ user_id: adminId }).returning('id');
    const token = (key: string) =>
      new SignJWT({ role: 'admin', name: 'x', sid }).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer('dong-hanh').setAudience('dong-hanh').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(key));
    const forged = await request(app).get('/api/users').set('Authorization', `Bearer ${await token(OLD_REPOSITORY_SECRET)}`);
    expect([forged.status, forged.body.error?.code]).toEqual([401, 'unauthenticated']);
    // The same token signed with the installation's secret passes: only the key differs.
    expect((await request(app).get('/api/users').set('Authorization', `Bearer ${await token(secret.JWT_SECRET)}`)).status).toBe(200);
  });

  it('the API started without JWT_SECRET (not through make up) refuses to start, naming the variable in one line', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: testEnv().databaseUrl, NODE_ENV: 'development', PORT: '1' };
    delete env.JWT_SECRET;
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(78);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: JWT_SECRET is not set: .*32 characters.*\.data\/jwt-secret/);
  });
});
