// Ordinary requests (everything but upgrades) go through http-proxy with the pooled keep-alive agent. Responses are
// handled here, not by http-proxy, so that headers are flushed at once (a watch may send its first event much later)
// and the body is piped as it arrives: no buffering, no re-encoding, duplicates kept from rawHeaders.
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import httpProxy from 'http-proxy';
import { ProxyError, writeStatus } from './kube-status.js';
import type { Upstream } from './upstream.js';

const RESPONSE_HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer']);

interface InFlight {
  proxyReq?: ClientRequest;
  proxyRes?: IncomingMessage;
}

export class PlainForwarder {
  private readonly proxy: httpProxy;
  private readonly inFlight = new WeakMap<IncomingMessage, InFlight>();

  constructor(upstream: Upstream) {
    const { url, tls } = upstream;
    this.proxy = httpProxy.createProxyServer({
      // TLS settings live on the agent only: per-request copies would make the agent hash the CA on every request.
      target: { protocol: url.protocol, host: url.hostname, hostname: url.hostname, port: url.port } as never,
      agent: upstream.agent,
      secure: tls.rejectUnauthorized,
      changeOrigin: true,
      selfHandleResponse: true,
      xfwd: false,
    });
    this.proxy.on('proxyReq', (proxyReq, req) => {
      const f = this.inFlight.get(req);
      if (f) f.proxyReq = proxyReq;
    });
    this.proxy.on('proxyRes', (proxyRes, req, res) => {
      const f = this.inFlight.get(req);
      if (f) f.proxyRes = proxyRes;
      relayResponse(proxyRes, res as ServerResponse);
    });
  }

  /** Forwards `req` (whose client credential headers were already stripped) with the proxy's own `headers`. */
  forward(req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): void {
    const f: InFlight = {};
    this.inFlight.set(req, f);
    // The client went away or the session was closed: end the upstream request too (a watch would otherwise linger).
    res.once('close', () => {
      f.proxyReq?.destroy();
      f.proxyRes?.destroy();
    });
    this.proxy.web(req, res, { headers: headers as Record<string, string> }, (err) => {
      if (res.headersSent) res.destroy();
      else writeStatus(res, new ProxyError(502, 'InternalError', `the Kubernetes API server could not be reached: ${err.message}`));
    });
  }

  close(): void {
    this.proxy.close();
  }
}

function relayResponse(proxyRes: IncomingMessage, res: ServerResponse): void {
  // appendHeader keeps repeated headers (Warning, Set-Cookie) as separate lines, after any the proxy set itself.
  for (let i = 0; i < proxyRes.rawHeaders.length; i += 2) {
    if (RESPONSE_HOP_BY_HOP.has(proxyRes.rawHeaders[i].toLowerCase())) continue;
    res.appendHeader(proxyRes.rawHeaders[i], proxyRes.rawHeaders[i + 1]);
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage);
  // A body of unknown length may be a watch or a log follow whose first bytes come much later: send headers now.
  if (proxyRes.headers['content-length'] === undefined) res.flushHeaders();
  proxyRes.pipe(res);
  proxyRes.once('error', () => res.destroy());
}
