// A KubeConfig pointing at a test API server with a bearer token (the connector's "service account").
import { KubeConfig } from '@kubernetes/client-node';

export function kubeConfigFor(server: string, caPem: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server, caData: Buffer.from(caPem).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'connector', token }],
    contexts: [{ name: 'test', cluster: 'test', user: 'connector' }],
    currentContext: 'test',
  });
  return kc;
}
