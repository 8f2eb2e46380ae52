import * as path from 'node:path';
import type { UserConfig } from 'vite' with { 'resolution-mode': 'import' };

const uiRoot = __dirname;
const repoRoot = path.resolve(uiRoot, '..');
const proxy = { '/api': { target: 'http://localhost:8080' } };

// Vite is ESM-only and the root tsconfig compiles this file as CommonJS, hence the dynamic import.
export default async ({ mode }: { mode: string }): Promise<UserConfig> => {
  const { loadEnv } = await import('vite');
  // VITE_* variables from admin-ui/.env* files or the environment, as import.meta.env would see them.
  const env = loadEnv(mode, uiRoot, 'VITE_');
  return {
    root: uiRoot,
    base: '/',
    // Vite 8 transforms TSX with oxc; no React plugin needed (no fast refresh: a full reload instead).
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    define: {
      // A define rather than import.meta.env: the root tsconfig (CommonJS output) rejects import.meta.
      __TEMPORAL_UI__: JSON.stringify(env.VITE_TEMPORAL_UI || 'http://localhost:8233'),
    },
    build: {
      outDir: path.join(uiRoot, 'dist'),
      emptyOutDir: true,
      // No source maps in the served build: they would publish the console's source (issue 11).
      sourcemap: false,
      // react-admin + MUI + React minify to ~1 MB (~320 kB gzip), loaded once; the budget is 400 kB gzip.
      chunkSizeWarningLimit: 1200,
      rolldownOptions: {
        // MUI marks modules "use client"; meaningless in a client-only bundle.
        checks: { moduleLevelDirective: false },
        // One cacheable vendor chunk of the dependencies the first screen needs ($initial: statically
        // imported from the entry); what only lazy screens use (charts, icons) loads with them.
        output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/, tags: ['$initial'] }] } },
      },
    },
    // The console imports the pure domain/ folder (stages, step rules) from outside its root.
    server: { proxy, fs: { allow: [repoRoot] } },
    preview: { proxy },
  };
};
