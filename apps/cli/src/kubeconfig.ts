// The kubeconfig entries Infra manages: one cluster + user + context per granted destination and
// namespace, all named "infra:<resource>" ("infra:production", "infra:production.web"). Entries with
// other names are never touched. Changes happen under kubectl's own lock convention
// ("<file>.lock", O_EXCL) and are written atomically, so parallel runs cannot corrupt the file.
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

function parse(path: string, text: string | undefined): KubeConfig {
  if (!text || !text.trim()) return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' };
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid YAML (${(e as Error).message.split('\n')[0]}): fix it before running infra again`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path} is not a kubeconfig: fix it before running infra again`);
  return doc as KubeConfig;
}

function render(ctx: ManagedContext, exec: ExecCommand): { cluster: Named; user: Named; context: Named } {
  const name = contextName(ctx.resource);
  const cluster: Record<string, unknown> = { server: ctx.server };
  if (ctx.caCertificate) cluster['certificate-authority-data'] = Buffer.from(ctx.caCertificate).toString('base64');
  const execConfig: Record<string, unknown> = {
    apiVersion: EXEC_API_VERSION,
    command: exec.command,
    args: [...exec.args, 'credentials', '--destination', ctx.destination],
    interactiveMode: 'Never',
  };
  if (exec.env && Object.keys(exec.env).length) execConfig.env = Object.entries(exec.env).map(([n, value]) => ({ name: n, value }));
  const context: Record<string, unknown> = { cluster: name, user: name };
  if (ctx.namespace) context.namespace = ctx.namespace;
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

function replaceManaged(config: KubeConfig, add: { cluster: Named; user: Named; context: Named }[]): void {
  config.clusters = [...(config.clusters ?? []).filter((e) => !isManaged(e)), ...add.map((a) => a.cluster)];
  config.users = [...(config.users ?? []).filter((e) => !isManaged(e)), ...add.map((a) => a.user)];
  config.contexts = [...(config.contexts ?? []).filter((e) => !isManaged(e)), ...add.map((a) => a.context)];
  const current = config['current-context'];
  if (current?.startsWith(CONTEXT_PREFIX) && !config.contexts.some((c) => c.name === current)) config['current-context'] = '';
}

/** Makes Infra's entries exactly `contexts`; returns whether the file changed. */
export function writeManagedContexts(path: string, contexts: ManagedContext[], exec: ExecCommand): Promise<boolean> {
  const rendered = [...contexts].sort((a, b) => a.resource.localeCompare(b.resource)).map((c) => render(c, exec));
  return change(path, (config) => replaceManaged(config, rendered));
}

/** Removes every entry Infra wrote, and nothing else. */
export function removeManagedContexts(path: string): Promise<boolean> {
  if (readFileIfExists(path) === undefined) return Promise.resolve(false);
  return change(path, (config) => replaceManaged(config, []));
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
