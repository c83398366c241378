// Port-forward byte throughput with the real kubectl: `kubectl port-forward` straight to the Kubernetes API test
// server (the baseline) and through the connector, both reading the same number of bytes from a local TCP source
// the test server forwards the pod's port to. Exec throughput is left out (the test server's exec is scripted).
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { KubeApiServer } from '@infra/e2e/dist/kube/index.js';
import { writeKubeconfig } from '@infra/e2e/dist/kube/kubeconfig.js';
import { spawnKubectl } from '@infra/e2e/dist/support/kubectl.js';
import { must } from '../lib/api.js';
import type { Row } from '../lib/report.js';
import { nowMs, waitUntil } from '../lib/stats.js';
import { attachConnector, type Stack } from './stack.js';

const DESTINATION = 'bench-stream';
const POD = 'bench-pf';
const PORT = 8080;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** A TCP server that sends `bytes` to every connection, as fast as the reader takes them. */
async function startSource(bytes: number): Promise<{ server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, CHUNK.length);
        left -= n;
        if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void socket.once('drain', pump);
      }
    };
    pump();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** MB/s of reading `bytes` through a `kubectl port-forward` with this kubeconfig. */
async function throughput(kubeconfig: string, bytes: number): Promise<number> {
  const pf = spawnKubectl(['port-forward', '-n', 'default', `pod/${POD}`, `:${PORT}`], { kubeconfig, timeoutMs: 180_000 });
  try {
    const banner = await pf.waitFor(/Forwarding from 127\.0\.0\.1:(\d+)/, 60_000);
    const port = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
    const socket = connect(port, '127.0.0.1');
    const t0 = nowMs();
    let got = 0;
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= bytes) resolve();
      });
      socket.on('error', reject);
      socket.on('close', () => (got >= bytes ? resolve() : reject(new Error(`port-forward closed after ${got} of ${bytes} bytes: ${pf.stderr()}`))));
    });
    const seconds = (nowMs() - t0) / 1000;
    socket.destroy();
    return bytes / 1e6 / seconds;
  } finally {
    await pf.stop();
  }
}

export async function portForwardRows(stack: Stack, kube: KubeApiServer, dir: string, megabytes: number): Promise<Row[]> {
  const bytes = megabytes * 1e6;
  const source = await startSource(bytes);
  kube.addPod({ name: POD, namespace: 'default' });
  kube.setPortForwardTarget('default', POD, PORT, { host: '127.0.0.1', port: (source.server.address() as AddressInfo).port });
  const { connector, userToken } = await attachConnector(stack, DESTINATION, { url: kube.url, caPem: kube.caPem, token: kube.adminToken });
  try {
    const grant = await must(stack.admin.post<{ id: string }>('/api/grants', { user: stack.user.id, privilege: 'edit', resource: DESTINATION }), 201);
    await waitUntil(
      () => kube.list('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding').some((b) => b.metadata.annotations?.['infrahq.com/grant-id'] === grant.id),
      nowMs(),
      { everyMs: 10, timeoutMs: 20_000 },
    );
    const direct = kube.kubeconfigFor(kube.adminToken, join(dir, 'direct.kubeconfig'));
    const proxied = writeKubeconfig(join(dir, 'proxied.kubeconfig'), { server: connector.proxyUrl, caPem: connector.caPem, credential: userToken });
    const baseline = await throughput(direct, bytes);
    const value = await throughput(proxied, bytes);
    return [{ metric: `kubectl port-forward throughput via connector (${megabytes} MB)`, unit: 'MB/s', value, baseline, target: { kind: 'min-ratio', limit: 0.8 } }];
  } finally {
    await connector.stop();
    await source.close();
  }
}
