import assert from 'node:assert/strict';
import https from 'node:https';
import { realpathSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { startBackend, type Backend } from './testing/backend.js';
import { runInProcess, tempEnv, type TestEnv } from './testing/cli.js';
import { selfSigned } from './testing/certs.js';

// The plain kubectl beside the Cloud SDK dispatcher, when there is one (see k8s-wire.md §0).
function kubectlBinary(): string {
  try {
    const plain = join(dirname(realpathSync(execFileSync('which', ['kubectl']).toString().trim())), 'kubectl.1.32');
    return existsSync(plain) ? plain : 'kubectl';
  } catch {
    return 'kubectl';
  }
}

// kubectl itself reads the kubeconfig Infra wrote, runs the plugin, and sends the token.
describe('kubectl with the managed kubeconfig', () => {
  let server: Backend;
  let t: TestEnv;
  let cluster: https.Server;
  const seen: { path: string; auth?: string }[] = [];

  before(async () => {
    t = tempEnv();
    const tls = selfSigned(t.dir);
    // kubectl sends credentials only over TLS; the CA comes from the destination, as a connector's would.
    cluster = https.createServer(tls, (req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = req.url?.startsWith('/version')
        ? { major: '1', minor: '32', gitVersion: 'v1.32.0' }
        : { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] };
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => cluster.listen(0, '127.0.0.1', r));
    server = await startBackend();
    await server.admin('POST', '/api/destinations', { name: 'production' });
    await server.connect('production', `https://127.0.0.1:${(cluster.address() as AddressInfo).port}`, tls.cert);
    const { key } = await server.addUser('dev@example.com');
    await server.grant({ user: 'dev@example.com' }, 'view', 'production');
    assert.equal((await runInProcess(t, ['login', server.url, '--key', key])).code, 0);
    assert.equal((await runInProcess(t, ['use', 'production'])).code, 0);
  });
  after(async () => {
    cluster?.closeAllConnections();
    cluster?.close();
    await server?.stop();
    t?.cleanup();
  });

  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        kubectlBinary(),
        args,
        {
          env: {
            PATH: process.env.PATH,
            HOME: t.dir,
            KUBECONFIG: t.kubeconfig,
            KUBECACHEDIR: join(t.dir, 'kubecache'),
          },
          timeout: 60_000,
        },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
      );
    });

  it('validates the kubeconfig and lists Infra contexts', async () => {
    const r = await kubectl('config', 'get-contexts', '-o', 'name');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'infra:production\n');
  });

  it('runs the plugin and presents its token to the cluster', async () => {
    const r = await kubectl('get', '--raw', '/api/v1/namespaces');
    assert.equal(r.code, 0, r.stderr);
    const auth = seen.find((s) => s.path === '/api/v1/namespaces')?.auth ?? '';
    assert.match(auth, /^Bearer eyJ/, JSON.stringify(seen) + r.stderr);
  });
});
