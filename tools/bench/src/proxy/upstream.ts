// A minimal, fast HTTPS "API server" (same small answer to every GET) and a bare http-proxy hop in front of it with
// no checks at all: the baselines the connector proxy is compared with. Both listen on 127.0.0.1, port 0. The
// bench runs each in a child process of its own, so that answering does not queue behind the bench's client.
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import { generateServingCert } from '@infra/connector';
import { childMain, scriptOf, startChild } from '../lib/child.js';

export interface Listening {
  url: string;
  caPem: string;
  /** The process serving it, when it runs in a child process. */
  pid?: number;
  close(): Promise<void>;
}

/** A small pod list, about the size of a `kubectl get pod x -o json` answer's envelope. */
const BODY = JSON.stringify({
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '12345' },
  items: [{ metadata: { name: 'web-1', namespace: 'default', uid: '6f1c2f2e-0000-4000-8000-000000000001' } }],
});
const VERSION = JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.4' });

async function listen(server: https.Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: https.Server): () => Promise<void> {
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

export async function startUpstream(): Promise<Listening> {
  const tls = await generateServingCert(['127.0.0.1']);
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    const body = req.url === '/version' ? VERSION : BODY;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  return { url: await listen(server), caPem: tls.caPem, close: closer(server) };
}

/** TLS in, http-proxy with a keep-alive agent out: what any reverse proxy costs, without authentication. */
export async function startBareHop(upstream: Listening): Promise<Listening> {
  const tls = await generateServingCert(['127.0.0.1']);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 256, ca: upstream.caPem });
  const proxy = httpProxy.createProxyServer({ target: upstream.url, agent, secure: true });
  proxy.on('error', (_e, _req, res) => {
    if ('writeHead' in res && !res.headersSent) res.writeHead(502);
    res.end();
  });
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 60_000 }, (req, res) =>
    proxy.web(req, res),
  );
  const url = await listen(server);
  const close = closer(server);
  return {
    url,
    caPem: tls.caPem,
    async close() {
      await close();
      proxy.close();
      agent.destroy();
    },
  };
}

/** startUpstream() in a child process (this file as its entry point); close() ends the process. */
export async function startUpstreamProcess(): Promise<Listening> {
  const child = await startChild<{ url: string; caPem: string }>(scriptOf(import.meta.url), { role: 'upstream' });
  return { ...child.ready, close: () => child.close() };
}

/** startBareHop() in a child process of its own, like the connector it is compared with. */
export async function startBareHopProcess(upstream: Listening): Promise<Listening> {
  const child = await startChild<{ url: string; caPem: string }>(scriptOf(import.meta.url), {
    role: 'hop',
    upstream: { url: upstream.url, caPem: upstream.caPem },
  });
  return { ...child.ready, pid: child.pid, close: () => child.close() };
}

childMain<{ role: 'upstream' | 'hop'; upstream?: { url: string; caPem: string } }, { url: string; caPem: string }>(
  import.meta.url,
  async (input) => {
    const server =
      input.role === 'hop' ? await startBareHop({ ...input.upstream!, close: async () => {} }) : await startUpstream();
    return { ready: { url: server.url, caPem: server.caPem }, close: () => server.close() };
  },
);
