import { readFileSync } from 'node:fs';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { AppConfig } from '../domain/config';

/** Connection options for the dev server, a self-hosted cluster (mTLS) or Temporal Cloud (API key). */
/**
 * `rpcAttempts` bounds the SDK's retries of an unreachable server (its default, 10, waits ~20 s):
 * the API gives up after ~2 s and answers 503 with a retry hint instead of hanging the caller.
 */
export function temporalConnectionOptions(temporal: AppConfig['temporal'], rpcAttempts?: number): ConnectionOptions {
  const tls = temporal.tls
    ? {
        clientCertPair: temporal.tls.certPath && temporal.tls.keyPath ? { crt: readFileSync(temporal.tls.certPath), key: readFileSync(temporal.tls.keyPath) } : undefined,
        serverRootCACertificate: temporal.tls.caPath ? readFileSync(temporal.tls.caPath) : undefined,
      }
    : temporal.apiKey
      ? true
      : undefined;
  const interceptors = rpcAttempts ? [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: rpcAttempts }))] : undefined;
  return { address: temporal.address, tls, apiKey: temporal.apiKey, connectTimeout: '5s', interceptors };
}

/** The API's client: fails fast when Temporal is unreachable (see temporalConnectionOptions). */
export const API_RPC_ATTEMPTS = 5;

export async function connectTemporalClient(temporal: AppConfig['temporal'], rpcAttempts?: number): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(temporal, rpcAttempts));
  return new Client({ connection, namespace: temporal.namespace });
}
