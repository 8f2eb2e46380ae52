import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { AppConfig } from '../domain/config';

/** Connection options for the dev server, a self-hosted cluster (mTLS) or Temporal Cloud (API key). */
export function temporalConnectionOptions(temporal: AppConfig['temporal']): ConnectionOptions {
  const tls = temporal.tls
    ? {
        clientCertPair: temporal.tls.certPath && temporal.tls.keyPath ? { crt: readFileSync(temporal.tls.certPath), key: readFileSync(temporal.tls.keyPath) } : undefined,
        serverRootCACertificate: temporal.tls.caPath ? readFileSync(temporal.tls.caPath) : undefined,
      }
    : temporal.apiKey
      ? true
      : undefined;
  return { address: temporal.address, tls, apiKey: temporal.apiKey, connectTimeout: '5s' };
}

export async function connectTemporalClient(temporal: AppConfig['temporal']): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(temporal));
  return new Client({ connection, namespace: temporal.namespace });
}
