import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// Which folder may import which (README, "Layout"), read from the import statements themselves.

const root = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every relative import of a file, as a path from the root (`api/app`, `domain/lifecycle`, …). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g), ...text.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(root, resolve(file, '..', s)));
}

/** The imports of `folder` that reach into one of `forbidden` (folders or files, from the root). */
function offending(folder: string, forbidden: string[], only?: (file: string) => boolean): string[] {
  return sourceFiles(join(root, folder))
    .filter((f) => !only || only(relative(root, f)))
    .flatMap((f) => importsOf(f).filter((target) => forbidden.some((x) => target === x || target.startsWith(`${x}/`))).map((target) => `${relative(root, f)} → ${target}`));
}

describe('layers', () => {
  it('contract/ imports only domain/ and itself (and zod)', () => {
    expect(offending('contract', ['api', 'activities', 'store', 'platform', 'worker', 'workflows', 'admin-ui', 'scripts'])).toEqual([]);
  });

  it('domain/ imports nothing outside it', () => {
    expect(offending('domain', ['api', 'activities', 'store', 'platform', 'worker', 'workflows', 'admin-ui', 'scripts', 'contract'])).toEqual([]);
  });

  it("the console imports the API's shapes from contract/, never from api/ or the server's code", () => {
    expect(offending('admin-ui/src', ['api', 'activities', 'store', 'platform', 'worker', 'workflows', 'scripts'])).toEqual([]);
  });

  it('the API reads through store/, not through the activities', () => {
    // It does import workflows/ (the Update and query definitions it sends, as the only Temporal client).
    expect(offending('api', ['activities', 'worker'])).toEqual([]);
    expect(offending('store', ['api', 'activities', 'worker', 'workflows'])).toEqual([]);
  });

  it('route files take ApiDeps from api/deps.ts, not from api/app.ts (which imports them)', () => {
    expect(offending('api/routes', ['api/app'])).toEqual([]);
  });

  it("the console's message files take the Catalogue type from i18n/catalogue.ts, not from en.ts (which imports them)", () => {
    expect(offending('admin-ui/src', ['admin-ui/src/i18n/en'], (f) => f.endsWith('messages.ts'))).toEqual([]);
  });
});
