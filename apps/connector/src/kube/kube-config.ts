// How the connector reaches its cluster: in-cluster service account, or a kubeconfig file.
import { KubeConfig, VersionApi } from '@kubernetes/client-node';

export function loadKubeConfig(source: { kubeconfigPath?: string; context?: string }): KubeConfig {
  const kc = new KubeConfig();
  if (source.kubeconfigPath) {
    kc.loadFromFile(source.kubeconfigPath);
    if (source.context) kc.setCurrentContext(source.context);
  } else {
    kc.loadFromCluster();
  }
  return kc;
}

/** The API server's version (e.g. "v1.32.4"), sent in Register; empty when it cannot be read. */
export async function kubernetesVersion(kc: KubeConfig): Promise<string> {
  try {
    return (await kc.makeApiClient(VersionApi).getCode()).gitVersion;
  } catch {
    return '';
  }
}
