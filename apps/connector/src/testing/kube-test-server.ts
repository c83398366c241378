// The Kubernetes API test server and kubectl runner live in e2e/ (which itself depends on this app, so a
// project reference back would be circular). Specs load their compiled JS at run time; `npm test` (and `npx tsc -b`
// at the repository root) builds e2e first. The interfaces below are the small part of their API these specs use.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TestUser {
  name: string;
  groups: string[];
}

export interface KubeTestServer {
  readonly url: string;
  readonly caPem: string;
  readonly adminToken: string;
  readonly requests: { method: string; path: string; verb: string; user: string; groups: string[]; impersonatedBy?: string; extra?: Record<string, string[]>; status?: number; rawHeaders: string[] }[];
  addUser(token: string, name: string, groups?: string[]): void;
  addPod(spec: { name: string; namespace?: string; containers?: string[] }): unknown;
  appendLog(namespace: string, pod: string, text: string): void;
  put(obj: Record<string, unknown>): unknown;
  get(apiVersion: string, kind: string, name: string, namespace?: string): Record<string, unknown> | undefined;
  kubeconfigFor(credential: string, path: string): string;
  injectFailures(f: { count: number; mode?: 'status' | 'drop'; code?: number; match?: RegExp }): void;
  stop(): Promise<void>;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlProcess {
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  write(data: string | Buffer): void;
  endInput(): void;
  stop(): Promise<KubectlResult>;
  exited: Promise<KubectlResult>;
}

export interface KubectlOptions {
  kubeconfig: string;
  version?: 'v35' | 'v32';
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

interface KubeModule {
  startKubeApiServer(opts?: { namespaces?: string[] }): Promise<KubeTestServer>;
}
interface KubectlModule {
  kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult>;
  spawnKubectl(args: string[], opts: KubectlOptions): KubectlProcess;
}

const e2eDist = new URL('../../../../e2e/dist/', import.meta.url);

async function load<T>(relative: string): Promise<T> {
  const url = new URL(relative, e2eDist);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(`${fileURLToPath(url)} is missing: run \`npx tsc -b\` at the repository root to build e2e first`);
  }
  return (await import(url.href)) as T;
}

export async function startKubeTestServer(namespaces: string[] = []): Promise<KubeTestServer> {
  return (await load<KubeModule>('kube/index.js')).startKubeApiServer({ namespaces });
}

export async function kubectlRunner(): Promise<KubectlModule> {
  return load<KubectlModule>('support/kubectl.js');
}
