import { ConfigError, parseConfig, type AppConfig } from '../domain/config';

/**
 * Reads the process environment once; on a bad value prints what is wrong and exits (EX_CONFIG).
 * The parsing itself is pure and lives in domain/config.ts; this is the part that touches the process.
 */
export function loadConfigOrExit<C extends AppConfig = AppConfig>(
  parse: (env: Record<string, string | undefined>) => C = parseConfig as (env: Record<string, string | undefined>) => C,
  env: Record<string, string | undefined> = process.env,
): C {
  try {
    return parse(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}${err.problems.length === 1 ? ' (see the configuration table in README.md)' : '\nSee the configuration table in README.md.'}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
