// How long a change takes to reach the cluster through server and connector: from the admin's REST call to the
// binding existing in the Kubernetes API test server (grant), and to the proxy refusing the user (revoke).
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { client } from '../lib/http.js';
import type { Row } from '../lib/report.js';
import { must } from '../lib/api.js';
import { nowMs, percentile, waitUntil } from '../lib/stats.js';
import { attachConnector, grantView, type Stack } from './stack.js';

const DESTINATION = 'bench-rbac';
const GRANT_ANNOTATION = 'infrahq.com/grant-id';
const POLL = { everyMs: 2, timeoutMs: 20_000 };

export async function startKube(): Promise<KubeApiServer> {
  return startKubeApiServer();
}

function hasBinding(kube: KubeApiServer, grantId: string): boolean {
  return kube
    .list('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')
    .some((b) => b.metadata.annotations?.[GRANT_ANNOTATION] === grantId);
}

export async function propagationRows(stack: Stack, kube: KubeApiServer, rounds: number): Promise<Row[]> {
  const { connector, userToken } = await attachConnector(stack, DESTINATION, {
    url: kube.url,
    caPem: kube.caPem,
    token: kube.adminToken,
  });
  const proxied = client({
    url: connector.proxyUrl,
    ca: connector.caPem,
    headers: { authorization: `Bearer ${userToken}` },
  });
  // A request in flight when access is lost may have its connection closed by the proxy (it ends what the user may
  // no longer use): that counts as "not yet", the next one shows the answer.
  const status = async () => (await proxied.get('/api/v1/namespaces/default/pods').catch(() => ({ status: 0 }))).status;
  const granted: number[] = [];
  const refused: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      let t0 = nowMs();
      const id = await grantView(stack, DESTINATION);
      granted.push(await waitUntil(() => hasBinding(kube, id), t0, POLL));
      await waitUntil(async () => (await status()) === 200, nowMs(), POLL);

      t0 = nowMs();
      await must(stack.admin.delete(`/api/grants/${id}`), 204);
      refused.push(await waitUntil(async () => (await status()) === 403, t0, POLL));
    }
  } finally {
    proxied.close();
    await connector.stop();
  }
  const row = (metric: string, samples: number[], p: number): Row => ({
    metric,
    unit: 'ms',
    value: percentile(samples, p),
    target: { kind: 'max', limit: 1000 },
  });
  return [
    row(`grant → RoleBinding in cluster p50 (${granted.length} rounds)`, granted, 50),
    row(`grant → RoleBinding in cluster p99 (${granted.length} rounds)`, granted, 99),
    row(`revoke → proxy refuses p50 (${refused.length} rounds)`, refused, 50),
    row(`revoke → proxy refuses p99 (${refused.length} rounds)`, refused, 99),
  ];
}
