// The network probes of `infra doctor`: a TLS handshake verified against a CA, and one HTTP/1.1 exchange over a
// socket we opened. Each is bounded by a deadline that destroys the socket, and an HTTP answer of any status is a
// result, not an error: the checks decide what a 403 or a 200 means.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most BODY_LIMIT bytes; empty for a 101 and when only the head was asked for. */
  body: string;
}

const BODY_LIMIT = 64 * 1024;

export function timedOut(ms: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' });
}

/**
 * TLS to url's host, verified against `ca` (PEM; the system CAs when absent) and the host name, as kubectl does.
 * `alpn` is what we offer: kubectl offers h2 for plain requests and only http/1.1 for upgrades.
 */
export function tlsConnect(url: URL, opts: { ca?: string; alpn: string[]; timeoutMs: number }): Promise<tls.TLSSocket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      servername: net.isIP(host) ? undefined : host,
      ca: opts.ca,
      ALPNProtocols: opts.alpn,
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => socket.destroy(timedOut(opts.timeoutMs)), opts.timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    });
  });
}

export interface Exchange {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Resolve at the response's head and close: for answers that may stream forever (a watch). */
  headOnly?: boolean;
  timeoutMs: number;
}

/** One HTTP/1.1 request on `socket` (already connected); the socket is closed afterwards. */
export function exchange(socket: net.Socket, url: URL, x: Exchange): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: x.method,
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { host: url.host, ...x.headers },
      createConnection: () => socket,
    });
    const timer = setTimeout(() => req.destroy(timedOut(x.timeoutMs)), x.timeoutMs);
    const done = (a: HttpAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    req.on('upgrade', (res: http.IncomingMessage, upgraded: net.Socket) => {
      upgraded.destroy();
      done({ status: res.statusCode ?? 101, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      if (x.headOnly) return done({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < BODY_LIMIT) body += c;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: body.slice(0, BODY_LIMIT) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(x.body);
    function fail(e: Error) {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    }
  });
}

/** The headers of a WebSocket handshake (RFC 6455 §4.1) and the Sec-WebSocket-Accept a real server answers with. */
export function websocketHandshake(): { headers: Record<string, string>; accept: string } {
  const key = randomBytes(16).toString('base64');
  return {
    headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key },
    accept: createHash('sha1')
      .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
      .digest('base64'),
  };
}

/** "connection refused", "unknown host", "timed out", a certificate problem, or the error's own message. */
export function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
      return err.message.startsWith('no answer') ? err.message : 'timed out';
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return err.message ?? String(e);
  }
}

const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

export function isCertificateError(e: unknown): boolean {
  return CERT_CODES.has((e as NodeJS.ErrnoException).code ?? '');
}
