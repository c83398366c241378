// How the connector reaches its cluster: a @kubernetes/client-node KubeConfig, from the first source that is there
// (see README.md): INFRA_KUBECONFIG / --kubeconfig, then $KUBECONFIG (a list of files, merged as kubectl does), then
// the in-cluster service account, then ~/.kube/config. client-node runs exec and auth-provider plugins.
import { existsSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { delimiter, join } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { makeApiClient } from './api-client.js';
import { TokenFileAuth, tokenFileUser } from './token-file.js';

export { KubeConfig } from '@kubernetes/client-node';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeConfigSource {
  /** INFRA_KUBECONFIG or --kubeconfig: one file, which wins over every other source. */
  kubeconfigPath?: string;
  /** A context of the loaded kubeconfig instead of its current-context. */
  context?: string;
  /** Where KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT and HOME are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where the pod's service account is mounted (default SERVICE_ACCOUNT_DIR). */
  serviceAccountDir?: string;
}

/** The KubeConfig and which source it came from (for messages; never a credential). */
export interface LoadedKubeConfig {
  kc: KubeConfig;
  source: string;
}

export function loadKubeConfig(o: KubeConfigSource = {}): LoadedKubeConfig {
  const env = o.env ?? process.env;
  const kc = newKubeConfig();
  let source: string;
  const files = o.kubeconfigPath ? [o.kubeconfigPath] : (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const home = env.HOME ? join(env.HOME, '.kube', 'config') : undefined;
  if (files.length > 0) {
    loadFiles(kc, files);
    source = o.kubeconfigPath ? `INFRA_KUBECONFIG ${o.kubeconfigPath}` : `KUBECONFIG ${files.join(delimiter)}`;
  } else if (env.KUBERNETES_SERVICE_HOST?.trim()) {
    loadInCluster(kc, env, o.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
    source = 'in-cluster service account';
  } else if (home && existsSync(home)) {
    loadFiles(kc, [home]);
    source = home;
  } else {
    throw new Error(
      'no cluster configuration: set INFRA_KUBECONFIG or KUBECONFIG, run in a pod (KUBERNETES_SERVICE_HOST), or create ~/.kube/config',
    );
  }
  try {
    if (o.context) {
      if (!kc.getContextObject(o.context))
        throw new Error(
          `context "${o.context}" is not in the kubeconfig's contexts (it has: ${names(kc.getContexts())})`,
        );
      kc.setCurrentContext(o.context);
    }
    checkCurrent(kc);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
  return { kc, source };
}

/** A KubeConfig that knows the connector's token-file users. */
export function newKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.addAuthenticator(new TokenFileAuth());
  return kc;
}

/** The API server's version (e.g. "v1.32.4"), sent in Register; empty when it cannot be read within `timeoutMs`. */
export async function kubernetesVersion(kc: KubeConfig, timeoutMs = 5_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    const info = await Promise.race([makeApiClient(kc, VersionApi).getCode(), timeout]);
    return info?.gitVersion ?? '';
  } catch {
    return '';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The files in order, merged as kubectl merges a KUBECONFIG list: the first file to name a cluster, user or context
 * (or to set current-context) wins. client-node's mergeConfig would throw on a name given twice instead.
 */
function loadFiles(kc: KubeConfig, files: string[]): void {
  for (const [i, file] of files.entries()) {
    const next = i === 0 ? kc : newKubeConfig();
    try {
      next.loadFromFile(file); // file references become absolute, relative to this file
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`cannot load the kubeconfig ${file}: ${code ?? (e as Error).message.split('\n')[0]}`);
    }
    if (i === 0) continue;
    for (const c of next.getClusters()) if (!kc.getCluster(c.name)) kc.addCluster(c);
    for (const u of next.getUsers()) if (!kc.getUser(u.name)) kc.addUser(u);
    for (const c of next.getContexts()) if (!kc.getContextObject(c.name)) kc.addContext(c);
    if (!kc.getCurrentContext() && next.getCurrentContext()) kc.setCurrentContext(next.getCurrentContext());
  }
}

/**
 * The pod's service account, as client-node's loadFromCluster builds it, with two differences: the mount directory
 * and the environment are parameters (tests), and the token is re-read as it rotates (TokenFileAuth).
 */
function loadInCluster(kc: KubeConfig, env: NodeJS.ProcessEnv, dir: string): void {
  const host = env.KUBERNETES_SERVICE_HOST!.trim();
  const port = env.KUBERNETES_SERVICE_PORT?.trim() || '443';
  if (!/^\d{1,5}$/.test(port)) throw new Error(`KUBERNETES_SERVICE_PORT must be a port number, got "${port}"`);
  const caFile = join(dir, 'ca.crt');
  if (!existsSync(caFile)) throw new Error(`in-cluster: ${caFile} is missing (is a service account token mounted?)`);
  const user = tokenFileUser('inClusterUser', join(dir, 'token'));
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`, caFile, skipTLSVerify: false },
    user,
  );
}

function checkCurrent(kc: KubeConfig): void {
  const name = kc.getCurrentContext();
  if (!name) throw new Error('the kubeconfig has no current-context and no context was chosen');
  const context = kc.getContextObject(name);
  if (!context)
    throw new Error(
      `current-context "${name}" is not in the kubeconfig's contexts (it has: ${names(kc.getContexts())})`,
    );
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw new Error(`cluster "${context.cluster}" of context "${name}" is not in the kubeconfig's clusters`);
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new Error(`cluster "${cluster.name}" has a server that is not a URL: "${cluster.server}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`cluster "${cluster.name}" server must be an http(s) URL, got "${cluster.server}"`);
  if (context.user && !kc.getUser(context.user))
    throw new Error(`user "${context.user}" of context "${name}" is not in the kubeconfig's users`);
}

function names(items: { name: string }[]): string {
  return items.map((i) => `"${i.name}"`).join(', ') || 'none';
}
