// In-cluster access: the API server from the KUBERNETES_SERVICE_HOST/PORT the kubelet sets, and the pod's service
// account (token, CA certificate, namespace) mounted under /var/run/secrets/kubernetes.io/serviceaccount.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_REFRESH_MS, TokenFile, type KubeCluster } from './cluster.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  env?: NodeJS.ProcessEnv;
  dir?: string; // where the service account is mounted
  refreshMs?: number;
  now?: () => number;
}

export interface InClusterConfig extends KubeCluster {
  /** The pod's namespace, when mounted. */
  readonly namespace?: string;
}

export function loadInCluster(o: InClusterOptions = {}): InClusterConfig {
  const env = o.env ?? process.env;
  const dir = o.dir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST?.trim();
  const port = env.KUBERNETES_SERVICE_PORT?.trim() || '443';
  if (!host) throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST is not set (set INFRA_KUBECONFIG outside a cluster)');
  if (!/^\d{1,5}$/.test(port)) throw new Error(`KUBERNETES_SERVICE_PORT must be a port number, got "${port}"`);
  const server = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const tokenPath = join(dir, 'token');
  const tokenFile = new TokenFile(tokenPath, readMounted(tokenPath), o.refreshMs ?? TOKEN_REFRESH_MS, o.now);
  const ca = Buffer.from(readMounted(join(dir, 'ca.crt')));
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined; // optional: the connector does not need it
  }
  return { server, tls: { ca, rejectUnauthorized: true }, namespace, authorization: () => tokenFile.bearer() };
}

function readMounted(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the service account's ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'} (is a service account token mounted?)`);
  }
}
