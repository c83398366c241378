// The Kubernetes API server the proxy forwards to, reached with the connector's own credentials (its service
// account in-cluster, or a kubeconfig user). Plain requests share one keep-alive agent; upgrades get their own socket.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { ClusterTls, KubeCluster } from '../kube/cluster.js';

export type UpstreamTls = ClusterTls;

export class Upstream {
  /** Pooled agent for ordinary requests; watches each hold a socket, so the pool is unbounded. */
  readonly agent: http.Agent;
  private cachedAuth: { value: string | undefined; at: number } | undefined;

  /**
   * TLS options of every connection upstream: the CA and client certificate parsed once into a secure context. Given
   * as `ca`/`cert`/`key` instead, they would be parsed again for each upgrade's socket, and the agent would turn them
   * into text for its pool key on every request (a few µs each time, measured).
   */
  private readonly connectTls: tls.ConnectionOptions;

  constructor(
    readonly url: URL,
    readonly tls: UpstreamTls,
    private readonly loadAuthorization: () => Promise<string | undefined>,
  ) {
    this.connectTls = {
      secureContext: url.protocol === 'https:' ? secureContextOf(tls) : undefined,
      rejectUnauthorized: tls.rejectUnauthorized,
      ...(tls.servername ? { servername: tls.servername } : {}),
    };
    this.agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...this.connectTls }) : new http.Agent({ keepAlive: true });
  }

  /** The host to dial: URL hostnames keep IPv6 brackets, which sockets do not want. */
  get hostname(): string {
    return this.url.hostname.replace(/^\[|\]$/g, '');
  }

  /** The connector's Authorization header; re-read every 30 s because service-account tokens rotate. */
  async authorization(): Promise<string | undefined> {
    const now = Date.now();
    if (!this.cachedAuth || now - this.cachedAuth.at > 30_000) {
      this.cachedAuth = { value: await this.loadAuthorization(), at: now };
    }
    return this.cachedAuth.value;
  }

  /** Starts an ordinary request on the pooled agent (which holds the TLS settings, so none are copied per request). */
  pooledRequest(method: string, path: string, headers: http.OutgoingHttpHeaders): http.ClientRequest {
    const options = { host: this.hostname, port: this.url.port || undefined, method, path, headers, agent: this.agent };
    return this.url.protocol === 'https:' ? https.request(options) : http.request(options);
  }

  /** Starts a request that is not pooled (for upgrades, whose socket becomes the stream). */
  request(options: http.RequestOptions): http.ClientRequest {
    const base = { host: this.hostname, port: this.url.port || undefined, agent: false as const, ...options };
    return this.url.protocol === 'https:' ? https.request({ ...this.connectTls, ...base }) : http.request(base);
  }

  close(): void {
    this.agent.destroy();
  }

  static async fromKubeConfig(cluster: KubeCluster): Promise<Upstream> {
    return new Upstream(cluster.server, cluster.tls, () => cluster.authorization());
  }
}

function secureContextOf(t: UpstreamTls): tls.SecureContext {
  return tls.createSecureContext({ ca: t.ca, cert: t.cert, key: t.key });
}
