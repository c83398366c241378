// The connector's kubectl-facing HTTPS listener. Every route takes the same path:
//   authenticate + authorise (access.ts) → strip client credentials → add impersonation → forward or upgrade.
// See README.md for the invariants this file must keep.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { ConnectorState } from '../state/connector-state.js';
import { ProxyAccess, type Caller } from './access.js';
import { requestVerb, type AuditEvent } from './audit.js';
import { PlainForwarder, type ForwardHandle } from './forward.js';
import { forwardedHeaders, impersonationHeaders, upgradeForwardedHeaders } from './headers.js';
import { ProxyError, writeStatus, writeStatusToSocket } from './kube-status.js';
import { Sessions } from './sessions.js';
import { forwardUpgrade } from './upgrade.js';
import type { Upstream } from './upstream.js';

export interface KubeProxyOptions {
  state: ConnectorState;
  clock: Clock;
  upstream: Upstream;
  tls: { certPem: string; keyPem: string };
  audit: (event: AuditEvent) => void;
  logger: Logger;
  /** How long the API server may take to start answering a plain request (forward.ts; 504 after). */
  responseHeaderTimeoutMs?: number;
}

export class KubeProxy {
  readonly sessions: Sessions;
  private readonly server: https.Server;
  private readonly access: ProxyAccess;
  private readonly forwarder: PlainForwarder;
  private readonly onStateChanged = () => {
    const closed = this.sessions.revalidate((c) => this.access.withdrawal(c));
    if (closed > 0) this.opts.logger.info({ closed }, 'closed requests of callers who lost access');
  };

  constructor(private readonly opts: KubeProxyOptions) {
    this.access = new ProxyAccess(opts.state, opts.clock);
    this.sessions = new Sessions(opts.clock);
    this.forwarder = new PlainForwarder(opts.upstream, opts.responseHeaderTimeoutMs);
    this.server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem });
    // Go clients keep idle connections for 90 s; closing ours earlier can fail a racing POST (k8s-wire §7.5).
    this.server.keepAliveTimeout = 100_000;
    this.server.on('request', (req, res) => void this.handleRequest(req, res));
    // `Expect: 100-continue`: the client is told to send its body only once the access check passed.
    this.server.on('checkContinue', (req, res) => void this.handleRequest(req, res, true));
    this.server.on('upgrade', (req, socket, head) => void this.handleUpgrade(req, socket, head));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => refuseUnparsed(err, socket));
    opts.state.on('changed', this.onStateChanged);
  }

  /** Serves a renewed certificate to new connections from now on (open ones keep theirs). */
  setCertificate(tls: { certPem: string; keyPem: string }): void {
    this.server.setSecureContext({ cert: tls.certPem, key: tls.keyPem });
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    return `https://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  }

  async close(): Promise<void> {
    this.opts.state.off('changed', this.onStateChanged);
    this.sessions.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.forwarder.close();
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse, expectsContinue = false): Promise<void> {
    const started = this.opts.clock.now();
    const requestId = randomUUID();
    let user = '';
    // 499 (nginx's "client closed request"): nothing was answered, the client left or its session was cut.
    res.once('close', () => this.record(req, requestId, user, res.headersSent ? res.statusCode : 499, started));
    try {
      const caller = await this.access.check(req);
      user = caller.identity.userName;
      const headers = Object.assign(
        forwardedHeaders(req.headers),
        impersonationHeaders(caller.identity, requestId, await this.opts.upstream.authorization()),
      );
      if (caller.warning) res.setHeader('Warning', `299 - ${JSON.stringify(caller.warning)}`);
      let forwarding: ForwardHandle | undefined;
      const unregister = this.sessions.add(
        { caller, close: (reason) => (forwarding ? forwarding.close(reason) : res.destroy()) },
        this.expiry,
      );
      res.once('close', unregister);
      // The state may have changed while we awaited; a session registered from here on is revalidated on change.
      const withdrawn = this.access.withdrawal(caller);
      if (withdrawn) throw withdrawn;
      if (expectsContinue) res.writeContinue();
      forwarding = this.forwarder.forward(req, res, headers);
    } catch (e) {
      writeStatus(res, asProxyError(e, this.opts.logger), String(req.headers.accept ?? ''));
    }
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = this.opts.clock.now();
    const requestId = randomUUID();
    socket.on('error', () => socket.destroy());
    let caller: Caller;
    let headers: string[];
    try {
      caller = await this.access.check(req);
      headers = this.upgradeHeaders(req, caller, requestId, await this.opts.upstream.authorization());
      const withdrawn = this.access.withdrawal(caller);
      if (withdrawn) throw withdrawn;
    } catch (e) {
      const err = asProxyError(e, this.opts.logger);
      writeStatusToSocket(socket, err);
      this.record(req, requestId, '', err.code, started);
      return;
    }
    if (socket.destroyed) {
      this.record(req, requestId, caller.identity.userName, 499, started); // the client left while we checked
      return;
    }
    let unregister = () => {};
    const handle = forwardUpgrade(this.opts.upstream, req, socket, head, headers, (status) => {
      unregister();
      this.record(req, requestId, caller.identity.userName, status, started);
    });
    unregister = this.sessions.add({ caller, close: (reason) => handle.close(reason) }, this.expiry);
  }

  /** At a token's expiry: why its sessions end (the token expired), unless something else ended them already. */
  private readonly expiry = (caller: Caller) => this.access.withdrawal(caller);

  /** Upstream headers for an upgrade in rawHeaders form (see headers.ts), with the proxy's own added. */
  private upgradeHeaders(
    req: IncomingMessage,
    caller: Caller,
    requestId: string,
    authorization: string | undefined,
  ): string[] {
    const out = upgradeForwardedHeaders(req.rawHeaders);
    const { url } = this.opts.upstream;
    out.push('Host', url.host);
    for (const [name, value] of Object.entries(impersonationHeaders(caller.identity, requestId, authorization))) {
      for (const v of Array.isArray(value) ? value : [value]) out.push(name, String(v));
    }
    return out;
  }

  private record(req: IncomingMessage, requestId: string, user: string, status: number, started: number): void {
    const url = req.url ?? '/';
    this.opts.audit({
      requestId,
      user,
      verb: requestVerb(req.method ?? 'GET', url),
      path: url.split('?', 1)[0], // no query: exec commands may carry secrets
      status,
      durationMs: Math.max(0, this.opts.clock.now() - started),
      atMs: started,
      kubectlCommand: String(req.headers['kubectl-command'] ?? ''),
      clientIp: req.socket.remoteAddress ?? '',
    });
  }
}

/**
 * A request Node's HTTP parser refused (malformed, or headers over --max-http-header-size, 16 KiB by default) gets a
 * Status like every other refusal, where Node alone would answer a bare 400 or 431 that kubectl prints as "unknown".
 */
function refuseUnparsed(err: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's own handler stays silent too when a response is already under way on this connection (pipelining).
  const responding = (socket as { _httpMessage?: unknown })._httpMessage != null;
  if (err.code === 'ECONNRESET' || !socket.writable || responding) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    writeStatusToSocket(
      socket,
      new ProxyError(431, 'BadRequest', 'the request headers are larger than the 16 KiB the Infra connector accepts'),
    );
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    writeStatusToSocket(socket, new ProxyError(408, 'Timeout', 'the request took too long to arrive'));
  } else {
    writeStatusToSocket(
      socket,
      new ProxyError(400, 'BadRequest', `the request is not valid HTTP/1.1 (${err.code ?? err.message})`),
    );
  }
}

function asProxyError(e: unknown, logger: Logger): ProxyError {
  if (e instanceof ProxyError) return e;
  logger.error({ err: e }, 'proxy failed before forwarding');
  return new ProxyError(503, 'ServiceUnavailable', 'the Infra connector could not handle this request; try again');
}
