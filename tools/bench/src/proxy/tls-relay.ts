// A bare TLS relay in a process of its own: TLS in, TLS out to the API server, bytes relayed both ways with no HTTP,
// no token check, no impersonation. What any TLS-terminating hop costs per byte; the stream benchmark compares the
// connector with it as well as with going direct. It relays with the connector's own `relay`, so the difference is
// everything the connector does besides moving bytes.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { generateServingCert } from '@infra/connector';
import { relay } from '@infra/connector';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';

interface Input {
  upstream: { url: string; caPem: string };
}

export interface TlsRelay {
  url: string;
  caPem: string;
}

export function startTlsRelayProcess(input: Input): Promise<ChildProcessHandle<TlsRelay>> {
  return startChild<TlsRelay>(scriptOf(import.meta.url), input);
}

childMain<Input, TlsRelay>(import.meta.url, async ({ upstream }) => {
  const target = new URL(upstream.url);
  const cert = await generateServingCert(['127.0.0.1']);
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (client) => {
    const up = tls.connect({ host: target.hostname, port: Number(target.port), ca: upstream.caPem });
    for (const s of [client, up]) {
      s.setNoDelay(true);
      s.on('error', () => (client.destroy(), up.destroy()));
      s.on('close', () => (client.destroy(), up.destroy()));
    }
    relay(client, up);
    relay(up, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    ready: { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem: cert.caPem },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
