// A minimal, fast HTTPS "API server" (same small answer to every GET) and a bare http-proxy hop in front of it with
// no checks at all: the baselines the connector proxy is compared with. Both listen on 127.0.0.1, port 0. The
// upstream runs in a child process of its own, so that answering does not queue behind the bench's client.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import { generateServingCert } from '@infra/connector';
import { runMain } from '../lib/env.js';

export interface Listening {
  url: string;
  caPem: string;
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
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 60_000 }, (req, res) => proxy.web(req, res));
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
  // stdin stays open as a lifeline: the child stops when it closes, even if the bench dies without a word.
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await Promise.race([once(lines, 'line'), exited.then(() => { throw new Error('the upstream process exited'); })])) as [string];
    lines.close();
    const { url, caPem } = JSON.parse(first) as { url: string; caPem: string };
    return {
      url,
      caPem,
      async close() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

runMain(import.meta.url, async () => {
  const upstream = await startUpstream();
  process.stdout.write(JSON.stringify({ url: upstream.url, caPem: upstream.caPem }) + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.stdin.once('close', resolve).resume();
  });
  await upstream.close();
});
