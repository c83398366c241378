// Checks of the kubeconfig kubectl reads: an Infra context per grant, each pointing at its connector with the CA the
// server reports and at a credential plugin that exists on this computer, and the current context. Read only: the
// fix is always a command that rewrites the entries (`infra list`, `infra use`).
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import YAML from 'yaml';
import { readFileIfExists } from '../fs-util.js';
import { CONTEXT_PREFIX, contextName, managedContextNames, type Identity, type ManagedContext } from '../kubeconfig.js';
import { fail, ok, skip, type Finding } from './report.js';

interface Named {
  name?: string;
  [k: string]: unknown;
}

interface Exec {
  command?: string;
  args?: string[];
}

/** A kubeconfig file as kubectl would read it: the parts doctor looks at. */
export class KubeconfigView {
  private constructor(
    readonly path: string,
    private readonly doc: {
      clusters?: Named[] | null;
      users?: Named[] | null;
      contexts?: Named[] | null;
      'current-context'?: string;
    },
    private readonly names: Map<string, string>,
  ) {}

  /** Throws with a message naming the file when it is not a kubeconfig. */
  static read(path: string, identity?: Identity): KubeconfigView {
    const text = readFileIfExists(path);
    const doc: unknown = text ? YAML.parse(text) : {};
    if (doc !== null && typeof doc !== 'object') throw new Error(`${path} is not a kubeconfig`);
    return new KubeconfigView(
      path,
      (doc ?? {}) as KubeconfigView['doc'],
      identity ? managedContextNames(path, identity) : new Map(),
    );
  }

  /** The context of `resource` that belongs to this identity (named after the user when another identity holds the plain name). */
  contextFor(resource: string): string {
    return this.names.get(resource) ?? contextName(resource);
  }

  get current(): string | undefined {
    return this.doc['current-context'] || undefined;
  }

  private find(section: 'clusters' | 'users' | 'contexts', name: unknown): Record<string, unknown> | undefined {
    const entry = (this.doc[section] ?? []).find((e) => e?.name === name);
    const key = section === 'clusters' ? 'cluster' : section === 'users' ? 'user' : 'context';
    return entry ? ((entry[key] ?? {}) as Record<string, unknown>) : undefined;
  }

  hasContext(name: string): boolean {
    return this.find('contexts', name) !== undefined;
  }

  /** The proxy address and CA (PEM) kubectl uses for a context, if the context and its cluster are there. */
  cluster(context: string): { server?: string; ca?: string } | undefined {
    const cluster = this.find('clusters', this.find('contexts', context)?.cluster);
    if (!cluster) return undefined;
    const data = cluster['certificate-authority-data'];
    return {
      server: cluster.server as string | undefined,
      ca: typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : undefined,
    };
  }

  exec(context: string): Exec | undefined {
    return this.find('users', this.find('contexts', context)?.user)?.exec as Exec | undefined;
  }
}

/** What is wrong with the entries of the contexts the user's grants call for (empty when nothing is). */
export function entryProblems(view: KubeconfigView, expected: ManagedContext[], env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const name = view.contextFor(want.resource);
    if (!view.hasContext(name)) {
      problems.push(`context ${name} is missing`);
      continue;
    }
    const cluster = view.cluster(name);
    if (!cluster) problems.push(`the cluster of ${name} is missing`);
    else if (cluster.server !== want.server)
      problems.push(`${name} points at ${cluster.server}, not at the connector's ${want.server}`);
    else if ((cluster.ca ?? '') !== (want.caCertificate ?? ''))
      problems.push(`${name} holds an outdated CA for the connector`);
    const exec = view.exec(name);
    if (!exec?.command || !(exec.args ?? []).includes('credentials')) {
      problems.push(`${name} does not use the infra credential plugin`);
      continue;
    }
    const missing = [exec.command, ...(exec.args ?? []).filter(isAbsolute)].find((p) => !runnable(p, env));
    if (missing) problems.push(`the credential plugin of ${name} runs ${missing}, which does not exist`);
  }
  return problems;
}

export function entriesFinding(view: KubeconfigView, expected: ManagedContext[], env: NodeJS.ProcessEnv): Finding {
  if (expected.length === 0)
    return ok(`${view.path}: no Infra contexts needed, you have no grants on a connected destination yet`);
  const problems = entryProblems(view, expected, env);
  if (problems.length > 0) {
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    return fail(
      `${view.path}: ${problems.slice(0, 3).join('; ')}${more}`,
      "run `infra list`, which rewrites Infra's entries",
    );
  }
  const exec = view.exec(view.contextFor(expected[0].resource))!;
  const plugin = [exec.command, ...(exec.args ?? []).filter(isAbsolute)].join(' ');
  return ok(
    `${view.path}: ${expected.length} Infra context${expected.length === 1 ? '' : 's'}, each with its connector, CA and the credential plugin (${plugin})`,
  );
}

export function currentContextFinding(view: KubeconfigView, expected: ManagedContext[]): Finding {
  const current = view.current;
  const resource =
    expected.find((c) => view.contextFor(c.resource) === current)?.resource ?? expected[0]?.resource ?? 'NAME';
  if (!current) {
    return expected.length
      ? fail('kubectl has no current context', `run \`infra use ${resource}\``)
      : skip('kubectl has no current context, and you have no Infra context to use');
  }
  if (!view.hasContext(current))
    return fail(`the current context ${current} is not in ${view.path}`, `run \`infra use ${resource}\``);
  if (!current.startsWith(CONTEXT_PREFIX))
    return ok(`kubectl uses ${current}, which is not Infra's (\`infra use ${resource}\` switches)`);
  return ok(`kubectl uses ${current}`);
}

/** Whether kubectl could start `command`: an existing path, or a name found on PATH. */
function runnable(command: string, env: NodeJS.ProcessEnv): boolean {
  if (command.includes('/')) return existsSync(command);
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}
