// Rules about grants that the server and the connectors must apply the same way.
import { parseResource } from './resource.js';

/** The privilege that lets a user through a connector's proxy without writing any RBAC binding. */
export const CONNECT_PRIVILEGE = 'connect';

/** Label on every RBAC object a connector writes; it only ever changes or deletes objects carrying it. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'infra-connector';

/**
 * True when a grant on `resource` ("production" or "production.web") lets its holder reach the destination at all
 * (through the proxy, and in `infra login`'s list of clusters). A namespace grant is enough to reach the cluster.
 */
export function grantReachesDestination(resource: string, destination: string): boolean {
  try {
    return parseResource(resource).destination === destination;
  } catch {
    return false;
  }
}

/**
 * Deterministic name of the RoleBinding or ClusterRoleBinding that renders a grant. It depends only on the grant id,
 * so a connector finds its own object again after a restart; ids are lower-cased and reduced to DNS-label characters.
 */
export function grantBindingName(grantId: string): string {
  const safe = grantId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 200);
  return `infra-grant-${safe}`;
}
