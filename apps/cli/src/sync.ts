// Keeps the managed kubeconfig entries in step with the user's grants: one context per granted
// destination and per granted namespace, pointing at the destination's connector.
import { fileURLToPath } from 'node:url';
import { parseResource, INFRA_RESOURCE } from '@infra/access';
import { ApiClient } from './api.js';
import type { ServerEntry } from './config.js';
import {
  kubeconfigPath,
  writeManagedContexts,
  type ExecCommand,
  type Identity,
  type ManagedContext,
} from './kubeconfig.js';
import type { Destination, Grant } from './types.js';

export interface Access {
  resource: string;
  destination: string;
  namespace?: string;
  roles: string[];
  /** When the last of the grants behind it ends; null when one of them is permanent. */
  expiresAt: string | null;
  /** Set when the destination is known and has a connector URL. */
  dest?: Destination;
}

// Defined by apps/cli/bundle.mjs as './infra.mjs': in the bundle, import.meta.url is the chunk this module is in.
declare const INFRA_ENTRY: string | undefined;

/** The script this CLI runs from: dist/main.js next to this module, or the bundle's entry next to its chunk. */
export function entryScript(
  entry = typeof INFRA_ENTRY === 'string' ? INFRA_ENTRY : './main.js',
  moduleURL = import.meta.url,
): string {
  return fileURLToPath(new URL(entry, moduleURL));
}

/** How kubectl runs this very CLI: node + the absolute path of its entry script. */
export function selfExec(env: NodeJS.ProcessEnv): ExecCommand {
  return {
    command: process.execPath,
    args: [entryScript()],
    env: env.INFRA_HOME ? { INFRA_HOME: env.INFRA_HOME } : undefined,
  };
}

/** What the logged-in user may reach: their own and their groups' grants, by resource. */
export async function fetchAccess(api: ApiClient, userID: string): Promise<Access[]> {
  const [grants, destinations] = await Promise.all([
    api.list<Grant>('/api/grants', { user: userID, showInherited: true }),
    api.list<Destination>('/api/destinations'),
  ]);
  const byName = new Map(destinations.map((d) => [d.name, d]));
  const access = new Map<string, Access>();
  for (const g of grants) {
    let r;
    try {
      r = parseResource(g.resource);
    } catch {
      continue;
    }
    if (r.destination === INFRA_RESOURCE) continue;
    const a = access.get(g.resource) ?? {
      resource: g.resource,
      ...r,
      roles: [],
      expiresAt: g.expiresAt ?? null,
      dest: byName.get(r.destination),
    };
    if (!a.roles.includes(g.privilege)) a.roles.push(g.privilege);
    a.expiresAt = laterExpiry(a.expiresAt, g.expiresAt ?? null);
    access.set(g.resource, a);
  }
  return [...access.values()].sort((a, b) => a.resource.localeCompare(b.resource));
}

function laterExpiry(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function toContexts(access: Access[]): ManagedContext[] {
  return access
    .filter((a) => a.dest?.url)
    .map((a) => ({
      resource: a.resource,
      destination: a.destination,
      namespace: a.namespace,
      server: a.dest!.url!,
      caCertificate: a.dest!.caCertificate || undefined,
    }));
}

/** The identity whose kubeconfig entries a logged-in server's commands own. */
export function identityOf(server: ServerEntry): Identity {
  return { server: server.url, userID: server.session!.userID, name: server.session!.name };
}

/** Brings the logged-in identity's kubeconfig entries in line with its grants (never another identity's). */
export async function syncKubeconfig(api: ApiClient, server: ServerEntry, env: NodeJS.ProcessEnv): Promise<Access[]> {
  const access = await fetchAccess(api, server.session!.userID);
  await writeManagedContexts(kubeconfigPath(env), toContexts(access), selfExec(env), identityOf(server));
  return access;
}
