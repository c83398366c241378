// Helpers for the specs in this folder: one server and one temp dir per describe block.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
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
      return fx.server.kubeconfigFor(token, join(fx.dir, `${name.replace(/[^\w.-]/g, '_')}.kubeconfig`)); // ":" would split KUBECONFIG
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

export interface RawResponse {
  status: number;
  headers: import('node:http').IncomingHttpHeaders;
  body: string;
  raw: Buffer;
  json: () => Record<string, unknown>;
}

/** One HTTPS request to the server (trusting its CA), for wire-level assertions. */
export function rawRequest(
  server: KubeApiServer,
  method: string,
  path: string,
  opts: { token?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const req = httpsRequest(`${server.url}${path}`, { method, headers, ca: server.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = raw.toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, raw, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
