// Byte-level helpers for port-forward scenarios.
import { connect } from 'node:net';
import type { KubectlProcess } from '@infra/kube-testing';

/** Sends `payload` through a forwarded local port and returns what came back when the peer closed. */
export function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = connect(port, '127.0.0.1', () => c.end(payload));
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('end', () => resolve(Buffer.concat(chunks)));
    c.on('error', reject);
  });
}

/** The local port kubectl port-forward announced. */
export async function forwardedPort(pf: KubectlProcess): Promise<number> {
  const line = await pf.waitFor(/Forwarding from 127\.0\.0\.1:\d+/);
  return Number(line.split(':').pop());
}

/** kubectl's two ways to run exec: WebSocket (the default in 1.32+) and SPDY (its fallback, or forced). */
export const EXEC_TRANSPORTS: readonly { name: string; env: Record<string, string> }[] = [
  { name: 'WebSocket', env: {} },
  { name: 'SPDY', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } },
];

/** kubectl's two ways to port-forward, with the Kubernetes test server's counter for each. */
export const PORT_FORWARD_TRANSPORTS: readonly {
  name: string;
  env: Record<string, string>;
  counter: 'tunnelledPortForward' | 'spdyPortForward';
}[] = [
  { name: 'SPDY tunnelled in WebSocket', env: {}, counter: 'tunnelledPortForward' },
  { name: 'plain SPDY', env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, counter: 'spdyPortForward' },
];
