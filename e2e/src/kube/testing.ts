// Helpers for the specs in this folder: one server and one temp dir per describe block.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './server.js';

export const KUBECTL_VERSIONS = [
  ['v35', '1.35'],
  ['v32', '1.32'],
] as const;

export interface KubeFixture {
  server: KubeApiServer;
  dir: string;
  /** Kubeconfig of the cluster admin (system:masters). */
  admin: string;
  /** Registers a user with a bearer token and returns a kubeconfig for it. */
  user(name: string, groups?: string[]): string;
  file(name: string, content: string): string;
}

/** Starts a server in `before` and stops it in `after`; the returned object is filled in by then. */
export function useKubeServer(opts: KubeApiServerOptions = {}): KubeFixture {
  const fx = {} as KubeFixture;
  before(async function () {
    this.timeout(60_000);
    fx.server = await startKubeApiServer(opts);
    fx.dir = mkdtempSync(join(tmpdir(), 'kube-spec-'));
    fx.admin = fx.server.kubeconfigFor(fx.server.adminToken, join(fx.dir, 'admin.kubeconfig'));
    fx.user = (name, groups = []) => {
      const token = `token-${name}`;
      fx.server.addUser(token, name, groups);
      return fx.server.kubeconfigFor(token, join(fx.dir, `${name.replace(/[^\w.-]/g, "_")}.kubeconfig`)); // ":" would split KUBECONFIG
    };
    fx.file = (name, content) => {
      const p = join(fx.dir, name);
      writeFileSync(p, content);
      return p;
    };
  });
  after(async () => {
    await fx.server?.stop();
    if (fx.dir) rmSync(fx.dir, { recursive: true, force: true });
  });
  return fx;
}
