// Ordinary requests (everything but upgrades) go upstream through http-proxy on the Upstream's pooled keep-alive
// agent, which pipes the body both ways itself (no `selfHandleResponse`): no buffering, no re-encoding. What we add,
// per request, is one small `PlainExchange`, found again by the hooks (shared functions) on the request: the upstream
// request to abort when the client leaves or its session is closed (http-proxy alone leaves a finished GET's watch
// open), the response-header deadline (504), the watch goodbye, and the response header edits made in `proxyRes`.
// Request headers are NOT set in the `proxyReq` hook: it fires when a socket is assigned, which may be after the
// headers were written (and http-proxy skips it for `Expect`); `forward` puts them on `req` before `proxy.web`.
import type {
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import httpProxy from 'http-proxy';
import { queryFlag } from '@infra/kube-wire';
import { ProxyError, statusBody, writeStatus } from './kube-status.js';
import { dialHost, type Upstream } from './upstream.js';

/**
 * How long the API server may take to answer with headers once the request was sent. Its own deadline for ordinary
 * requests is 60 s (then it answers 504 itself); watches and log follows answer headers at once. This catches an API
 * server that accepted the connection and went silent.
 */
export const RESPONSE_HEADER_TIMEOUT_MS = 120_000;

const EXCHANGE = Symbol('infra.plainExchange');
type Tracked = IncomingMessage & { [EXCHANGE]?: PlainExchange };

export interface ForwardHandle {
  close(reason?: ProxyError): void;
}

export class PlainForwarder {
  private readonly proxy: httpProxy;
  private readonly host: string;

  constructor(
    upstream: Upstream,
    private readonly responseHeaderTimeoutMs = RESPONSE_HEADER_TIMEOUT_MS,
  ) {
    this.host = upstream.url.host; // with IPv6 brackets and port, as a Host header needs
    const { url } = upstream;
    this.proxy = httpProxy.createProxyServer({
      // An object, not the URL text: http-proxy would url.parse a string on every request.
      target: {
        protocol: url.protocol,
        hostname: dialHost(url),
        port: url.port || (url.protocol === 'https:' ? '443' : '80'),
        path: '',
      },
      agent: upstream.agent, // holds the TLS settings (secure context), so none are copied per request
      secure: upstream.tls.rejectUnauthorized, // http-proxy sets rejectUnauthorized on every request from this
      toProxy: true, // req.url is already the origin-form path (forward makes it so): no url.parse
      prependPath: false,
    });
    // Only the `stream` pass: `deleteLength` would turn a chunked DELETE into `Content-Length: 0` followed by body
    // bytes (forward sets the 0 itself when there is no body); `timeout` and `XHeaders` are off anyway.
    const passes = (this.proxy as unknown as { webPasses: { name: string }[] }).webPasses;
    passes.splice(0, passes.length, ...passes.filter((p) => p.name === 'stream'));
    this.proxy.on('proxyReq', onProxyReq);
    this.proxy.on('proxyRes', onProxyRes);
    this.proxy.on('error', onProxyError);
  }

  /**
   * Forwards `req` with `headers`: what is left of the client's (see headers.ts) and the proxy's own. The handle ends
   * it early; with a reason, the client is told why when it still can be (a Status, or a watch ERROR event).
   */
  forward(req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): ForwardHandle {
    const path = originPath(req.url ?? '/');
    if (path === undefined) {
      writeStatus(res, new ProxyError(400, 'BadRequest', 'the request target is not a valid path or URL'));
      return { close: () => res.destroy() };
    }
    if (path !== req.url) req.url = path; // an absolute-form target (proxy style) loses its host
    headers.host = this.host;
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody && (req.method === 'DELETE' || req.method === 'OPTIONS')) headers['content-length'] = '0'; // as http-proxy does
    // http-proxy sends a copy of req.headers: ours replace the client's (and are what the rest of the request reads).
    req.headers = headers as IncomingHttpHeaders;
    const exchange = new PlainExchange(req, res, this.responseHeaderTimeoutMs);
    (req as Tracked)[EXCHANGE] = exchange;
    res.on('close', onClientClose);
    if (hasBody) req.on('end', onRequestSent);
    else exchange.sent();
    try {
      this.proxy.web(req, res);
    } catch (e) {
      exchange.fail(upstreamError(e as Error)); // e.g. a header value node refuses to send
    }
    return exchange;
  }

  close(): void {
    this.proxy.close();
  }
}

/** One plain request in flight: what the hooks need to find again. */
class PlainExchange implements ForwardHandle {
  proxyReq: ClientRequest | undefined;
  proxyRes: IncomingMessage | undefined;
  /** The client is gone or was answered: an upstream request assigned later is aborted at once. */
  finished = false;
  private timer: NodeJS.Timeout | undefined;
  /** Set for a JSON watch: whether the last byte relayed ended an event (the API server writes one per line). */
  private atEventBoundary: boolean | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly timeoutMs: number,
  ) {}

  /** The whole request went upstream: the API server has `timeoutMs` to answer with headers. */
  sent(): void {
    if (!this.proxyRes && !this.finished) this.timer = setTimeout(timedOut, this.timeoutMs, this);
  }

  responding(proxyRes: IncomingMessage): void {
    clearTimeout(this.timer);
    this.proxyRes = proxyRes;
    this.proxyReq ??= (proxyRes as IncomingMessage & { req?: ClientRequest }).req; // if no `proxyReq` hook ran
    // A response cut by the API server must not leave the client waiting for the rest (http-proxy only pipes).
    proxyRes.on('close', () => proxyRes.complete || this.res.destroy());
    if (
      isWatch(this.req.url ?? '/') &&
      proxyRes.statusCode === 200 &&
      String(proxyRes.headers['content-type']).startsWith('application/json')
    ) {
      this.atEventBoundary = true;
      proxyRes.on('data', (chunk: Buffer) => (this.atEventBoundary = chunk[chunk.length - 1] === 0x0a));
    }
  }

  /** Ends the exchange with `err` as the answer if nothing was answered yet, else by cutting the client's response. */
  fail(err: ProxyError): void {
    const { res } = this;
    if (res.writableEnded || res.destroyed) return;
    if (this.proxyRes) {
      // The API server's headers may already be set on `res` (unsent): a Status now would be mixed with them.
      this.proxyRes.unpipe(res);
      res.destroy();
      return;
    }
    writeStatus(res, err, String(this.req.headers.accept ?? ''));
  }

  /**
   * Ends the exchange. With a reason: a request not answered yet gets it as a Status; a JSON watch cut between two
   * events ends the way the API server ends one in trouble, an ERROR event whose object is the Status, then the end
   * of the body, so kubectl prints it instead of stopping in silence. Anything else is just cut.
   */
  close(reason?: ProxyError): void {
    const { proxyRes, res } = this;
    if (reason && !proxyRes) {
      this.fail(reason);
      return;
    }
    if (!reason || !proxyRes || !this.atEventBoundary || res.writableEnded || res.destroyed) {
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

  /** The client's response closed (sent, cut, or the client left): nothing upstream is needed any more. */
  clientClosed(): void {
    this.finished = true;
    clearTimeout(this.timer);
    if (!this.res.writableFinished || !this.proxyRes?.complete) this.proxyReq?.destroy();
  }
}

// The hooks are shared functions that find their exchange on the request, not closures made per request.

function onProxyReq(proxyReq: ClientRequest, req: IncomingMessage): void {
  const exchange = (req as Tracked)[EXCHANGE];
  if (!exchange) return;
  exchange.proxyReq = proxyReq;
  if (exchange.finished) proxyReq.destroy(); // the client left before a socket was free
}

function onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
  (req as Tracked)[EXCHANGE]?.responding(proxyRes);
  editResponseHeaders(proxyRes, res);
}

function onProxyError(err: Error, req: IncomingMessage): void {
  (req as Tracked)[EXCHANGE]?.fail(upstreamError(err));
}

function onClientClose(this: ServerResponse): void {
  (this.req as Tracked)[EXCHANGE]?.clientClosed();
}

function onRequestSent(this: IncomingMessage): void {
  (this as Tracked)[EXCHANGE]?.sent();
}

function timedOut(exchange: PlainExchange): void {
  const seconds = Math.round(exchange.timeoutMs / 100) / 10;
  exchange.fail(
    new ProxyError(504, 'Timeout', `the Kubernetes API server did not answer within ${seconds} s; try again`),
  );
}

/**
 * Runs before http-proxy copies `proxyRes.headers` onto the client's response (one setHeader each, skipping undefined
 * values: cheaper than `delete`). Hop-by-hop headers go (RFC 9110 §7.6.1), with those the API server's Connection
 * names; repeated Warning lines that Node joined with ", " become separate lines again, after the proxy's own (set on
 * `res` earlier); a body of unknown length (a watch, a log follow) gets its headers sent at once, not with its first
 * bytes, which may come much later. Named properties only: this runs for every request.
 */
function editResponseHeaders(proxyRes: IncomingMessage, res: ServerResponse): void {
  const h = proxyRes.headers as Record<string, string | string[] | undefined>;
  const connection = h.connection;
  if (typeof connection === 'string' && connection !== 'keep-alive' && connection !== 'close') dropNamed(h, connection);
  if (h['keep-alive'] !== undefined) h['keep-alive'] = undefined;
  if (h['transfer-encoding'] !== undefined) h['transfer-encoding'] = undefined;
  if (h['proxy-connection'] !== undefined) h['proxy-connection'] = undefined;
  if (h.upgrade !== undefined) h.upgrade = undefined;
  if (h.trailer !== undefined) h.trailer = undefined;
  // Ours, or http-proxy would copy the client's; `close` when Node will close the client's connection anyway.
  h.connection = res.shouldKeepAlive ? 'keep-alive' : 'close';
  if (h.warning !== undefined) h.warning = warnings(proxyRes, res);
  if (h['content-length'] === undefined) process.nextTick(flushHeaders, res);
}

function dropNamed(h: Record<string, string | string[] | undefined>, connection: string): void {
  for (const t of connection.split(',')) h[t.trim().toLowerCase()] = undefined;
}

function warnings(proxyRes: IncomingMessage, res: ServerResponse): string[] {
  const ours = res.getHeader('warning');
  const theirs = proxyRes.headersDistinct.warning ?? [];
  return ours === undefined ? theirs : [String(ours), ...theirs];
}

function flushHeaders(res: ServerResponse): void {
  if (!res.headersSent && !res.destroyed) res.flushHeaders();
}

function isWatch(url: string): boolean {
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
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ETIMEDOUT')
    return new ProxyError(504, 'Timeout', `the Kubernetes API server did not answer in time: ${err.message}`);
  return new ProxyError(502, 'InternalError', `the Kubernetes API server could not be reached: ${err.message}`);
}
