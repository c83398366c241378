// The settings of every connector the proxy benchmarks start, in the bench's process or in one of its own.
import type { ConnectorConfig } from '@infra/connector';
import { kubeConfigFor } from '@infra/connector/testing';

export interface ApiServer {
  url: string;
  caPem: string;
  /** A bearer token the API server accepts as the connector's service account. */
  token: string;
}

export function benchConnectorConfig(
  grpcAddress: string,
  accessKey: string,
  destination: string,
  api: ApiServer,
): ConnectorConfig {
  return {
    server: { address: grpcAddress, tls: { insecure: true } },
    accessKey,
    destination,
    proxy: { host: '127.0.0.1', port: 0 },
    kube: kubeConfigFor(api.url, api.caPem, api.token),
    resyncIntervalMs: 300_000,
    heartbeatMs: 10_000,
  };
}
