import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Every `npm run <name>` of package.json must find what it runs.
const root = resolve(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The files a command line names: `tsx <file>`, `node <file>`, `--config <file>`, `-p <file>`. */
function scriptTargets(command: string): { bins: string[]; files: string[] } {
  const bins: string[] = [];
  const files: string[] = [];
  for (const part of command.split(/&&|\|\||;/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const [bin, ...args] = words;
    if (!bin) continue;
    bins.push(bin);
    if (['tsx', 'node'].includes(bin)) {
      const file = args.find((a) => !a.startsWith('-'));
      if (file) files.push(file);
    }
    args.forEach((arg, i) => {
      if (['--config', '-c', '-p', '--project'].includes(arg) && args[i + 1]) files.push(args[i + 1]!);
      const inline = /^--(?:config|project)=(.+)$/.exec(arg);
      if (inline) files.push(inline[1]!);
    });
  }
  return { bins, files };
}

describe('npm scripts', () => {
  test('the parser finds the files a command names', () => {
    expect(scriptTargets('tsx scripts/a.ts --flag')).toEqual({ bins: ['tsx'], files: ['scripts/a.ts'] });
    expect(scriptTargets('vite build --config admin-ui/vite.config.ts')).toEqual({ bins: ['vite'], files: ['admin-ui/vite.config.ts'] });
    expect(scriptTargets('tsc --noEmit -p tsconfig.json && node x.js')).toEqual({ bins: ['tsc', 'node'], files: ['tsconfig.json', 'x.js'] });
  });

  test.each(Object.entries(scripts))('`npm run %s` finds its program and its files', (_name, command) => {
    const { bins, files } = scriptTargets(command);
    expect(bins.length).toBeGreaterThan(0);
    for (const bin of bins) {
      const available = bin === 'node' || existsSync(join(root, 'node_modules', '.bin', bin));
      expect({ bin, available }).toEqual({ bin, available: true });
    }
    // A script naming no file of this repository is one this test cannot check: give it a rule above.
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect({ file, exists: existsSync(join(root, file)) }).toEqual({ file, exists: true });
  });
});
