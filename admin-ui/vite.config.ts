/// <reference path="./vite-module.d.ts" />
import * as path from 'node:path';
import { defineConfig, loadEnv } from 'vite';

const uiRoot = __dirname;
const repoRoot = path.resolve(uiRoot, '..');
const apiTarget = 'http://localhost:8080';
const proxy = { '/api': { target: apiTarget, changeOrigin: false } };

export default defineConfig(({ mode }) => {
  // VITE_* variables from admin-ui/.env* files or the environment, like import.meta.env would see them.
  const env = loadEnv(mode, uiRoot, 'VITE_');
  return {
    root: uiRoot,
    base: '/',
    // Vite 8 transforms TSX with oxc; no React plugin needed (no fast refresh, a full reload instead).
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    define: {
      // Read through a define, not import.meta.env: the root tsconfig (module commonjs) rejects import.meta.
      __TEMPORAL_UI__: JSON.stringify(env.VITE_TEMPORAL_UI || 'http://localhost:8233'),
    },
    build: {
      outDir: path.join(uiRoot, 'dist'),
      emptyOutDir: true,
      sourcemap: true,
    },
    // The console imports the pure domain/ folder (stages, step rules) from outside its root.
    server: { proxy, fs: { allow: [repoRoot] } },
    preview: { proxy },
  };
});
