// Byte-level helpers for port-forward scenarios.
import { connect } from 'node:net';
import type { KubectlProcess } from '../support/kubectl.js';

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
