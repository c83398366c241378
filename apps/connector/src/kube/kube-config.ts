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

/** The API server's version (e.g. "v1.32.4"), sent in Register; empty when it cannot be read within `timeoutMs`. */
export async function kubernetesVersion(kc: KubeConfig, timeoutMs = 5_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(''), timeoutMs)));
  const version = kc
    .makeApiClient(VersionApi)
    .getCode()
    .then((v) => v.gitVersion ?? '')
    .catch(() => '');
  try {
    return await Promise.race([version, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
