import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The first-load budget of issue 6: what a browser must fetch before the console can run. */
export const FIRST_LOAD_BUDGET_GZIP = 400 * 1024;

function sizeOf(distDir: string, file: string): AssetSize {
  const content = readFileSync(join(distDir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/**
 * The JavaScript index.html loads before anything renders: its module entry and the modules it
 * preloads. Lazy chunks (screens, charts) are not in it.
 */
export function firstLoadJs(distDir: string): { assets: AssetSize[]; gzipBytes: number } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const assets = [...new Set(files)].map((file) => sizeOf(distDir, file));
  return { assets, gzipBytes: assets.reduce((sum, a) => sum + a.gzipBytes, 0) };
}

/** Every JavaScript chunk of the build, first-load or lazy. */
export function allJs(distDir: string): AssetSize[] {
  return readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => sizeOf(distDir, `assets/${f}`));
}
