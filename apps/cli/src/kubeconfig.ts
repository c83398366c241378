// The kubeconfig entries Infra manages: one cluster + user + context per granted destination and
// namespace, named "infra:<resource>" ("infra:production", "infra:production.web"). Entries with other
// names are never touched. Each managed context records its owner (server and user) in an extension, and a
// sync or logout changes only its own identity's entries: two Infra identities can share one kubeconfig. When
// a name is taken by another identity, the entry is "infra:<user>:<resource>". Changes happen under
// kubectl's own lock convention ("<file>.lock", O_EXCL) and are written atomically, so parallel runs cannot
// corrupt the file.
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { statSync } from 'node:fs';
import YAML from 'yaml';
import { readFileIfExists, withLock, writeFileAtomic } from './fs-util.js';
import { EXEC_API_VERSION } from './credentials.js';

export const CONTEXT_PREFIX = 'infra:';

export interface ManagedContext {
  /** "production" or "production.web". */
  resource: string;
  destination: string;
  namespace?: string;
  server: string;
  /** PEM of the connector's CA, if it has a private one. */
  caCertificate?: string;
}

/** Who an entry belongs to: a user on a server. */
export interface Identity {
  server: string;
  userID: string;
  /** The user's name, for entries whose plain name another identity holds. */
  name: string;
}

/** The context extension that records the owner (kubeconfig contexts carry NamedExtensions; kubectl keeps them). */
export const OWNER_EXTENSION = 'infrahq.com/owner';

interface Owner {
  server: string;
  userID: string;
  resource: string;
}

export interface ExecCommand {
  command: string;
  /** Arguments before "credentials" (e.g. the script path when command is node). */
  args: string[];
  env?: Record<string, string>;
}

interface Named {
  name: string;
  [k: string]: unknown;
}

interface KubeConfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[] | null;
  users?: Named[] | null;
  contexts?: Named[] | null;
  'current-context'?: string;
  preferences?: unknown;
  [k: string]: unknown;
}

/** The file kubectl writes to: the first entry of $KUBECONFIG, or ~/.kube/config. */
export function kubeconfigPath(env: NodeJS.ProcessEnv): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.length > 0);
  return first ?? join(env.HOME || homedir(), '.kube', 'config');
}

export const contextName = (resource: string) => CONTEXT_PREFIX + resource;
const isManaged = (e: Named | undefined) => typeof e?.name === 'string' && e.name.startsWith(CONTEXT_PREFIX);

function ownerOf(context: Named): Owner | undefined {
  const extensions = (context.context as { extensions?: { name?: string; extension?: Partial<Owner> }[] } | undefined)
    ?.extensions;
  const found = Array.isArray(extensions) ? extensions.find((e) => e?.name === OWNER_EXTENSION)?.extension : undefined;
  if (
    !found ||
    typeof found.server !== 'string' ||
    typeof found.userID !== 'string' ||
    typeof found.resource !== 'string'
  )
    return undefined;
  return found as Owner;
}

const sameIdentity = (owner: Owner | undefined, id: Identity) =>
  owner?.server === id.server && owner.userID === id.userID;

/**
 * The names of the managed entries that belong to `id`: its own, and (claimed by the first sync) those written
 * before owners were recorded.
 */
function ownedNames(config: KubeConfig, id: Identity): Set<string> {
  return new Set(
    (config.contexts ?? [])
      .filter((c) => isManaged(c) && (ownerOf(c) === undefined || sameIdentity(ownerOf(c), id)))
      .map((c) => c.name),
  );
}

function parse(path: string, text: string | undefined): KubeConfig {
  if (!text || !text.trim())
    return {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [],
      users: [],
      contexts: [],
      'current-context': '',
    };
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new Error(
      `${path} is not valid YAML (${(e as Error).message.split('\n')[0]}): fix it before running infra again`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${path} is not a kubeconfig: fix it before running infra again`);
  return doc as KubeConfig;
}

function render(
  ctx: ManagedContext,
  exec: ExecCommand,
  id: Identity,
  name: string,
): { cluster: Named; user: Named; context: Named } {
  const cluster: Record<string, unknown> = { server: ctx.server };
  if (ctx.caCertificate) cluster['certificate-authority-data'] = Buffer.from(ctx.caCertificate).toString('base64');
  const execConfig: Record<string, unknown> = {
    apiVersion: EXEC_API_VERSION,
    command: exec.command,
    args: [...exec.args, 'credentials', '--destination', ctx.destination],
    interactiveMode: 'Never',
  };
  if (exec.env && Object.keys(exec.env).length)
    execConfig.env = Object.entries(exec.env).map(([n, value]) => ({ name: n, value }));
  const context: Record<string, unknown> = { cluster: name, user: name };
  if (ctx.namespace) context.namespace = ctx.namespace;
  const owner: Owner = { server: id.server, userID: id.userID, resource: ctx.resource };
  context.extensions = [{ name: OWNER_EXTENSION, extension: owner }];
  return { cluster: { name, cluster }, user: { name, user: { exec: execConfig } }, context: { name, context } };
}

async function change(path: string, fn: (config: KubeConfig) => void): Promise<boolean> {
  return withLock(path + '.lock', () => {
    const before = readFileIfExists(path);
    const config = parse(path, before);
    fn(config);
    const after = YAML.stringify(config, { lineWidth: 0 });
    if (after === before) return false;
    let mode = 0o600;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      // new file
    }
    writeFileAtomic(path, after, mode);
    return true;
  });
}

/** Replaces `id`'s managed entries with `contexts`, leaving every other entry (other identities' too) alone. */
function replaceOwned(config: KubeConfig, id: Identity, contexts: ManagedContext[], exec: ExecCommand): void {
  const mine = ownedNames(config, id);
  const currentEntry = (config.contexts ?? []).find((c) => c.name === config['current-context'] && mine.has(c.name));
  const currentResource =
    currentEntry && (ownerOf(currentEntry)?.resource ?? currentEntry.name.slice(CONTEXT_PREFIX.length));
  const keep = (e: Named) => !mine.has(e.name);
  config.clusters = (config.clusters ?? []).filter(keep);
  config.users = (config.users ?? []).filter(keep);
  config.contexts = (config.contexts ?? []).filter(keep);
  const taken = new Set([...config.clusters, ...config.users, ...config.contexts].map((e) => e.name));
  for (const ctx of [...contexts].sort((a, b) => a.resource.localeCompare(b.resource))) {
    const plain = contextName(ctx.resource);
    const name = taken.has(plain) ? `${CONTEXT_PREFIX}${id.name}:${ctx.resource}` : plain;
    const { cluster, user, context } = render(ctx, exec, id, name);
    config.clusters.push(cluster);
    config.users.push(user);
    config.contexts.push(context);
    // Names may change (another identity left or came): kubectl stays on the same resource.
    if (ctx.resource === currentResource) config['current-context'] = name;
  }
  const current = config['current-context'];
  if (current?.startsWith(CONTEXT_PREFIX) && !config.contexts.some((c) => c.name === current))
    config['current-context'] = '';
}

/** Makes `id`'s Infra entries exactly `contexts`; returns whether the file changed. */
export function writeManagedContexts(
  path: string,
  contexts: ManagedContext[],
  exec: ExecCommand,
  id: Identity,
): Promise<boolean> {
  return change(path, (config) => replaceOwned(config, id, contexts, exec));
}

/** Removes every entry Infra wrote for `id`, and nothing else. */
export function removeManagedContexts(path: string, id: Identity): Promise<boolean> {
  if (readFileIfExists(path) === undefined) return Promise.resolve(false);
  return change(path, (config) => replaceOwned(config, id, [], { command: '', args: [] }));
}

/**
 * Sets the CA of `id`'s managed clusters for `destination` to `caPem` (the connector's rotated CA bundle), touching
 * nothing else; returns whether the file changed. No file, or no such entry: nothing is written.
 */
export function updateManagedCa(path: string, id: Identity, destination: string, caPem: string): Promise<boolean> {
  if (readFileIfExists(path) === undefined) return Promise.resolve(false);
  return change(path, (config) => {
    const names = new Set(
      (config.contexts ?? [])
        .filter((c) => isManaged(c) && sameIdentity(ownerOf(c), id))
        .filter((c) => ownerOf(c)!.resource.split('.')[0] === destination) // "production.web" → "production"
        .map((c) => (c.context as { cluster?: string } | undefined)?.cluster),
    );
    for (const c of config.clusters ?? []) {
      if (!isManaged(c) || !names.has(c.name) || typeof c.cluster !== 'object' || c.cluster === null) continue;
      (c.cluster as Record<string, unknown>)['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
    }
  });
}

/** The context name of each of `id`'s resources in the kubeconfig. */
export function managedContextNames(path: string, id: Identity): Map<string, string> {
  const config = parse(path, readFileIfExists(path));
  const out = new Map<string, string>();
  for (const c of config.contexts ?? []) {
    const owner = ownerOf(c);
    if (isManaged(c) && sameIdentity(owner, id)) out.set(owner!.resource, c.name);
  }
  return out;
}

export function readKubeconfig(path: string): { contexts: string[]; current?: string } {
  const config = parse(path, readFileIfExists(path));
  return { contexts: (config.contexts ?? []).map((c) => c.name), current: config['current-context'] || undefined };
}

/** Switches current-context; the context must exist. */
export function useContext(path: string, name: string): Promise<boolean> {
  return change(path, (config) => {
    if (!(config.contexts ?? []).some((c) => c.name === name)) throw new Error(`no context ${name} in ${path}`);
    config['current-context'] = name;
  });
}
