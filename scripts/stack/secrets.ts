import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The JWT secret `make up` hands to the API when JWT_SECRET is not set: random, made once per
 * installation, kept in `<dataDir>/jwt-secret` readable by its owner only, and reused on later runs.
 * Nothing written in the repository can sign a token.
 */
export function installationJwtSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): { JWT_SECRET: string } {
  if (env.JWT_SECRET) return { JWT_SECRET: env.JWT_SECRET };
  const file = join(dataDir, 'jwt-secret');
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': two `make up` started at once both end with the one secret that reached the disk first.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A copy restored without its permissions is readable by others: close it again.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret (under 32 characters): delete it and run \`make up\` again to make a new one.`);
  return { JWT_SECRET: secret };
}
