// The Kubernetes API server the proxy forwards to, reached with the connector's own credentials (its service
// account in-cluster, or a kubeconfig user). Plain requests share one keep-alive agent; upgrades get their own socket.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';

export interface UpstreamTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

/** How long the KubeConfig's credentials are reused: plugin and token-file credentials refresh, but are not computed
 * again for every request (client-node reads the CA file and asks the authenticators each time). */
export const CREDENTIALS_TTL_MS = 1_000;

export class Upstream {
  /** Pooled agent for ordinary requests; watches each hold a socket, so the pool is unbounded. */
  readonly agent: http.Agent;

  /**
   * TLS options of every connection upstream: the CA and client certificate parsed once into a secure context. Given
   * as `ca`/`cert`/`key` instead, they would be parsed again for each upgrade's socket, and the agent would turn them
   * into text for its pool key on every request (a few µs each time, measured).
   */
  private readonly connectTls: tls.ConnectionOptions;
  private readonly host: string;

  constructor(
    readonly url: URL,
    readonly tls: UpstreamTls,
    /** The connector's Authorization header; the cluster keeps it current (a rotated token file is re-read). */
    readonly authorization: () => Promise<string | undefined>,
  ) {
    this.host = dialHost(url);
    this.connectTls = {
      secureContext: url.protocol === 'https:' ? secureContextOf(tls) : undefined,
      rejectUnauthorized: tls.rejectUnauthorized,
      ...(tls.servername ? { servername: tls.servername } : {}),
    };
    this.agent =
      url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ...this.connectTls })
        : new http.Agent({ keepAlive: true });
  }

  /** Starts a request that is not pooled (for upgrades, whose socket becomes the stream). */
  request(options: http.RequestOptions): http.ClientRequest {
    const base = { host: this.host, port: this.url.port || undefined, agent: false as const, ...options };
    return this.url.protocol === 'https:' ? https.request({ ...this.connectTls, ...base }) : http.request(base);
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * The KubeConfig's current cluster, with what its `applyToHTTPSOptions` gives: CA, client certificate, TLS server
   * name and, at most every CREDENTIALS_TTL_MS, the Authorization header (exec plugins run again when theirs expires).
   * TLS material is read once: a client certificate that an exec plugin rotates needs a restart.
   */
  static async forKubeConfig(kc: KubeConfig, ttlMs = CREDENTIALS_TTL_MS): Promise<Upstream> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const credentials = new CachedCredentials(kc, ttlMs);
    const first = await credentials.options();
    const buf = (v: unknown) =>
      v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v));
    return new Upstream(
      new URL(cluster.server),
      {
        ca: buf(first.ca),
        cert: buf(first.cert),
        key: buf(first.key),
        rejectUnauthorized: first.rejectUnauthorized !== false,
        servername: first.servername,
      },
      () => credentials.authorization(),
    );
  }
}

/** The KubeConfig's request options, computed again once `ttlMs` has passed since they arrived (one computation at a time). */
class CachedCredentials {
  private current: { at: number; options: Promise<https.RequestOptions> } | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly ttlMs: number,
  ) {}

  options(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (!this.current || now - this.current.at >= this.ttlMs) {
      const options: https.RequestOptions = {};
      const pending = this.kc.applyToHTTPSOptions(options).then(() => options);
      // A failure (a plugin that did not answer) is not kept: the next request asks again.
      pending.then(
        // The TTL counts from when the credential arrived: a slow plugin is not asked again at once.
        () => {
          if (this.current?.options === pending) this.current.at = Date.now();
        },
        () => {
          if (this.current?.options === pending) this.current = undefined;
        },
      );
      this.current = { at: Number.POSITIVE_INFINITY, options: pending }; // in flight: every caller waits for it
    }
    return this.current.options;
  }

  async authorization(): Promise<string | undefined> {
    const o = await this.options();
    const header = (o.headers as Record<string, unknown> | undefined)?.Authorization;
    if (typeof header === 'string') return header;
    return o.auth ? `Basic ${Buffer.from(o.auth).toString('base64')}` : undefined;
  }
}

/** The host to dial for a URL: URL hostnames keep IPv6 brackets, which sockets do not want. */
export function dialHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function secureContextOf(t: UpstreamTls): tls.SecureContext {
  return tls.createSecureContext({ ca: t.ca, cert: t.cert, key: t.key });
}
