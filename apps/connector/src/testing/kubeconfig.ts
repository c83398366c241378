// Cluster access pointing at a test API server with a bearer token (the connector's "service account").
import { writeFileSync } from 'node:fs';
import { newKubeConfig, type KubeConfig } from '../kube/kube-config.js';

export function kubeConfigFor(server: string, caPem: string, token: string): KubeConfig {
  const kc = newKubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'test', server, caData: Buffer.from(caPem).toString('base64'), skipTLSVerify: false },
    { name: 'test', token },
  );
  return kc;
}

/** Writes a kubeconfig file (JSON is valid YAML) for kubectl or the connector process; returns its path. */
export function writeKubeconfigFile(
  path: string,
  o: { server: string; caPem: string; token: string; namespace?: string },
): string {
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'test',
          cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') },
        },
      ],
      users: [{ name: 'test', user: { token: o.token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test', namespace: o.namespace ?? 'default' } }],
      'current-context': 'test',
    }),
    { mode: 0o600 },
  );
  return path;
}
