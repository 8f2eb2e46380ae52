import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { AppConfig } from '../domain/config';
import type { LedgerHead } from '../domain/ledger-anchors';

/**
 * Signs and checks heads of the ledger with an Ed25519 key that lives outside the database
 * (LEDGER_SIGNING_KEY). A signed head is a compact JWS (RFC 7515, alg EdDSA) of the canonical JSON
 * {seq, hash, at}: anyone with the public key can check it without this code.
 */
export interface LedgerSigner {
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER); the JWS header's kid. */
  keyId: string;
  publicKeyPem: string;
  sign(head: LedgerHead): Promise<string>;
  /** The head if the JWS was signed by our key and holds one, else null. */
  verify(jws: string): Promise<LedgerHead | null>;
}

const JWS_TYPE = 'dong-hanh-ledger-head';

export function ledgerSignerFromPem(pem: string): LedgerSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error('LEDGER_SIGNING_KEY is not a readable private key (PKCS8 PEM expected)');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`LEDGER_SIGNING_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    async sign(head) {
      const payload = new TextEncoder().encode(canonicalize({ seq: head.seq, hash: head.hash, at: head.at }) ?? '');
      return new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: keyId, typ: JWS_TYPE }).sign(privateKey);
    },
    async verify(jws) {
      try {
        const { payload, protectedHeader } = await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] });
        if (protectedHeader.typ !== JWS_TYPE) return null;
        const head = JSON.parse(new TextDecoder().decode(payload)) as Partial<LedgerHead>;
        if (!Number.isInteger(head.seq) || typeof head.hash !== 'string' || typeof head.at !== 'string') return null;
        return { seq: head.seq!, hash: head.hash, at: head.at };
      } catch {
        return null;
      }
    },
  };
}

/** The key id a JWS claims (unverified), to name a bad anchor; '' when it is not even a JWS. */
export function claimedKeyId(jws: string): string {
  try {
    return String(decodeProtectedHeader(jws).kid ?? '');
  } catch {
    return '';
  }
}

/** The signer the configuration names (PEM text or a key file), or undefined when there is none. */
export function loadLedgerSigner(ledger: AppConfig['ledger']): LedgerSigner | undefined {
  const key = ledger.signingKey;
  if (!key) return undefined;
  return ledgerSignerFromPem('pem' in key ? key.pem : readFileSync(key.file, 'utf8'));
}

/** A new Ed25519 private key in PKCS8 PEM (make up's per-installation key, the tests' keys). */
export function newLedgerSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
