// On a token refresh (a cache miss, once per token lifetime and destination) the credential plugin also brings the
// CA of the destination's managed kubeconfig entries in line with the server's: a connector that rotates its CA
// registers the old and the new CA together for an overlap, so a user who runs kubectl at least once during the
// overlap trusts the new CA before it signs. Loaded only on a cache miss (the kubeconfig writer needs yaml).
import type { ApiClient } from './api.js';
import type { ServerEntry } from './config.js';
import type { Destination } from './types.js';

/** Whether the kubeconfig changed. Only the CA of this identity's entries for `destination` is ever written. */
export async function refreshDestinationCa(
  api: ApiClient,
  env: NodeJS.ProcessEnv,
  server: ServerEntry,
  destination: string,
): Promise<boolean> {
  const found = await api.list<Destination>('/api/destinations', { name: destination });
  const ca = found.find((d) => d.name === destination)?.caCertificate;
  if (!ca || !server.session) return false;
  const { kubeconfigPath, updateManagedCa } = await import('./kubeconfig.js');
  const id = { server: server.url, userID: server.session.userID, name: server.session.name };
  return updateManagedCa(kubeconfigPath(env), id, destination, ca);
}
