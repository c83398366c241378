// Ordinary requests (everything but upgrades) go upstream as one `request` on the pooled keep-alive agent. The
// response is relayed here: headers flushed at once (a watch may send its first event much later), the body piped as
// it arrives: no buffering, no re-encoding, duplicates kept from rawHeaders. (http-proxy did the same with
// `selfHandleResponse`, at ~30 µs more CPU per request: option merging, url.parse and listeners we did not use.)
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { queryFlag } from '@infra/access';
import { ProxyError, statusBody, writeStatus } from './kube-status.js';
import type { Upstream } from './upstream.js';

const RESPONSE_HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer']);

export class PlainForwarder {
  private readonly host: string;

  constructor(private readonly upstream: Upstream) {
    this.host = upstream.url.host; // with IPv6 brackets and port, as a Host header needs
  }

  /**
   * Forwards `req` with `headers`: what is left of the client's (see headers.ts) and the proxy's own. The handle ends
   * it early; with a reason, a JSON watch is first sent an ERROR event carrying the Status (see WatchGoodbye).
   */
  forward(req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): ForwardHandle {
    const watch = new WatchGoodbye(req, res);
    const handle = { close: (reason?: ProxyError) => (reason ? watch.close(reason) : res.destroy()) };
    headers.host = this.host;
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody && (req.method === 'DELETE' || req.method === 'OPTIONS')) headers['content-length'] = '0'; // as http-proxy did
    const path = originPath(req.url ?? '/');
    if (path === undefined) {
      writeStatus(res, new ProxyError(400, 'BadRequest', 'the request target is not a valid path or URL'));
      return handle;
    }
    let proxyReq: ClientRequest;
    try {
      proxyReq = this.upstream.pooledRequest(req.method ?? 'GET', path, headers);
    } catch (e) {
      writeStatus(res, upstreamError(e as Error)); // e.g. a header value node refuses to send
      return handle;
    }
    proxyReq.on('response', (proxyRes) => {
      watch.responding(proxyReq, proxyRes);
      relayResponse(proxyRes, res);
    });
    proxyReq.on('error', (err) => writeStatus(res, upstreamError(err)));
    // The client went away or the session was closed: end the upstream request too (a watch would otherwise linger).
    res.once('close', () => proxyReq.destroy());
    // Bodies are opaque bytes, streamed as they come; a request without framing headers has none to wait for.
    if (hasBody) req.pipe(proxyReq);
    else proxyReq.end();
    return handle;
  }
}

export interface ForwardHandle {
  close(reason?: ProxyError): void;
}

/**
 * Ends a cut JSON watch the way the API server ends one in trouble: an ERROR event whose object is the Status, written
 * between two events (the API server sends one JSON object per line), then the end of the body. kubectl prints it
 * instead of stopping in silence. Anything else (or a watch cut mid-event, or in protobuf) is just destroyed.
 */
class WatchGoodbye {
  private proxyReq: ClientRequest | undefined;
  private proxyRes: IncomingMessage | undefined;
  private atEventBoundary = true;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  responding(proxyReq: ClientRequest, proxyRes: IncomingMessage): void {
    if (!isWatch(this.req) || proxyRes.statusCode !== 200 || !String(proxyRes.headers['content-type']).startsWith('application/json')) return;
    this.proxyReq = proxyReq;
    this.proxyRes = proxyRes;
    proxyRes.on('data', (chunk: Buffer) => (this.atEventBoundary = chunk[chunk.length - 1] === 0x0a));
  }

  close(reason: ProxyError): void {
    const { proxyRes, res } = this;
    if (!proxyRes || !this.atEventBoundary || res.writableEnded || res.destroyed) {
      res.destroy();
      return;
    }
    proxyRes.unpipe(res);
    this.proxyReq?.destroy();
    const event = `{"type":"ERROR","object":${statusBody(reason)}}\n`;
    const timer = setTimeout(() => res.destroy(), 5_000); // whatever the client does, the socket is gone soon
    timer.unref();
    res.end(event, () => clearTimeout(timer));
  }
}

function isWatch(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q >= 0 && queryFlag(new URLSearchParams(url.slice(q + 1)), 'watch');
}

/**
 * The request target for the API server: origin-form as received; an absolute-form URL (proxy style) loses its host.
 * Undefined for a target that is not a URL (e.g. a port over 65535), which is the client's mistake, not a 502.
 */
function originPath(url: string): string | undefined {
  if (url.startsWith('/')) return url;
  if (!URL.canParse(url, 'http://invalid')) return undefined;
  const u = new URL(url, 'http://invalid');
  return u.pathname + u.search;
}

function upstreamError(err: Error): ProxyError {
  return new ProxyError(502, 'InternalError', `the Kubernetes API server could not be reached: ${err.message}`);
}

function relayResponse(proxyRes: IncomingMessage, res: ServerResponse): void {
  // appendHeader keeps repeated headers (Warning, Set-Cookie) as separate lines, after any the proxy set itself.
  const raw = proxyRes.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (!RESPONSE_HOP_BY_HOP.has(raw[i].toLowerCase())) res.appendHeader(raw[i], raw[i + 1]);
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage);
  // A body of unknown length may be a watch or a log follow whose first bytes come much later: send headers now.
  if (proxyRes.headers['content-length'] === undefined) res.flushHeaders();
  proxyRes.pipe(res);
  proxyRes.once('error', () => res.destroy());
  res.once('close', () => proxyRes.destroy());
}
