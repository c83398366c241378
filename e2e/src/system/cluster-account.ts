// The connector's identity in the Kubernetes API test server: a service-account token bound to exactly the
// ClusterRole the connector Helm chart creates (rendered with the real helm, not copied), so the system tests
// fail if the chart grants the connector too little to do its job.
import { randomBytes } from 'node:crypto';
import { Helm } from '../helm/helm.js';
import type { KubeObject as ChartObject } from '../helm/objects.js';
import type { KubeApiServer, KubeObject } from '@infra/kube-testing';

export const CONNECTOR_NAMESPACE = 'infra';
export const CONNECTOR_ACCOUNT = `system:serviceaccount:${CONNECTOR_NAMESPACE}:infra-connector`;

const RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount']);

let rendered: ChartObject[] | undefined;

/** The chart's RBAC objects (rendered once per process: helm is slow to start). */
function chartRbac(): ChartObject[] {
  if (!rendered) {
    const helm = new Helm('v35');
    try {
      rendered = helm.render('connector', { namespace: CONNECTOR_NAMESPACE }).filter((o) => RBAC_KINDS.has(o.kind));
    } finally {
      helm.close();
    }
  }
  return rendered;
}

/** Applies the chart's RBAC and registers the service account's token; returns the token. */
export function installConnectorAccount(kube: KubeApiServer): string {
  for (const o of chartRbac()) kube.put(structuredClone(o) as unknown as KubeObject);
  const token = randomBytes(24).toString('base64url');
  kube.addUser(token, CONNECTOR_ACCOUNT, ['system:serviceaccounts', `system:serviceaccounts:${CONNECTOR_NAMESPACE}`]);
  return token;
}
