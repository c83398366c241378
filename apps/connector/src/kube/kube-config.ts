// How the connector reaches its cluster: in-cluster service account, or a kubeconfig file.
import type { VersionInfo } from '@kubernetes/client-node';
import { KubeClient } from './api-client.js';
import type { KubeCluster } from './cluster.js';
import { loadInCluster } from './in-cluster.js';
import { loadKubeconfigFile } from './kubeconfig-file.js';

export type { KubeCluster } from './cluster.js';

/** A kubeconfig file when a path is given, else the in-cluster service account (from `env`'s service variables). */
export function loadKubeConfig(source: { kubeconfigPath?: string; context?: string; env?: NodeJS.ProcessEnv }): KubeCluster {
  return source.kubeconfigPath ? loadKubeconfigFile(source.kubeconfigPath, { context: source.context }) : loadInCluster({ env: source.env });
}

/** The API server's version (e.g. "v1.32.4"), sent in Register; empty when it cannot be read within `timeoutMs`. */
export async function kubernetesVersion(cluster: KubeCluster, timeoutMs = 5_000): Promise<string> {
  const client = new KubeClient(cluster, { timeoutMs });
  try {
    return (await client.get<VersionInfo>('/version')).gitVersion ?? '';
  } catch {
    return '';
  } finally {
    client.close();
  }
}
