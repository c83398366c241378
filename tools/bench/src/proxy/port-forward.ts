// Port-forward byte throughput with the real kubectl: `kubectl port-forward` to the Kubernetes API test server,
// straight or through the connector, reading a number of bytes from a local TCP source that the test server
// forwards the pod's port to. Timed from the local connection to the last byte.
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { spawnKubectl } from '@infra/kube-testing';
import { nowMs } from '../lib/stats.js';

const CHUNK = Buffer.alloc(64 * 1024, 'x');

export interface Source {
  address: { host: string; port: number };
  close(): Promise<void>;
}

/** A TCP server that sends `bytes` to every connection, as fast as the reader takes them. */
export async function startSource(bytes: number): Promise<Source> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
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
    address: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** MB/s of reading `bytes` through a `kubectl port-forward pod/POD :PORT` with this kubeconfig and environment. */
export async function portForwardThroughput(
  kubeconfig: string,
  env: Record<string, string>,
  pod: string,
  port: number,
  bytes: number,
): Promise<number> {
  const pf = spawnKubectl(['port-forward', '-n', 'default', `pod/${pod}`, `:${port}`], {
    kubeconfig,
    env,
    timeoutMs: 180_000,
  });
  try {
    const banner = await pf.waitFor(/Forwarding from 127\.0\.0\.1:(\d+)/, 60_000);
    const local = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
    const socket = connect(local, '127.0.0.1');
    const t0 = nowMs();
    let got = 0;
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= bytes) resolve();
      });
      socket.on('error', reject);
      socket.on('close', () =>
        got >= bytes
          ? resolve()
          : reject(new Error(`port-forward closed after ${got} of ${bytes} bytes: ${pf.stderr()}`)),
      );
    });
    const seconds = (nowMs() - t0) / 1000;
    socket.destroy();
    return bytes / 1e6 / seconds;
  } finally {
    await pf.stop();
  }
}
