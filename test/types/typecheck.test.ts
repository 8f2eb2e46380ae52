import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * The compiler is part of the suite: the type tests (a stage command without its validator,
 * test/types/command-registry.ts; a list whose rows do not match their schema,
 * test/api/list-rows.types.test.ts) and every other compile-time check of the repository fail
 * `make test`, not only `npm run typecheck`. jest transforms with @swc/jest, which does not type-check.
 */
jest.setTimeout(15 * 60_000);

test('tsc --noEmit -p tsconfig.json finds no error', async () => {
  const root = resolve(__dirname, '..', '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')], { cwd: root });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (c) => done({ code: c, output }));
  });
  // The compiler's own diagnostics are the failure message.
  expect(output.trim()).toBe('');
  expect(code).toBe(0);
});
