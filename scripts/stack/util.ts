import { createServer } from 'node:net';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/** True when the console's build is missing or older than its sources. */
export function consoleBuildIsStale(root: string): boolean {
  const built = join(root, 'admin-ui', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = [join(root, 'admin-ui', 'src'), join(root, 'admin-ui', 'index.html'), join(root, 'admin-ui', 'vite.config.ts')].filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

export function buildConsole(root: string): void {
  const res = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('The console build failed (vite build); see above.');
}

/** Debian's Chromium for the console tests; the browser download of Playwright cannot work here. */
export function ensureChromium(log: (line: string) => void): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) throw new Error(`Chromium is missing at ${path}: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
  log('Installing Debian\'s chromium for the console tests (apt-get install -y chromium)…');
  let res = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    res = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (res.status !== 0 || !existsSync(path)) throw new Error('Could not install chromium with apt-get.');
  return path;
}
