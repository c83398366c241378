// The Kubernetes API server the proxy forwards to, reached with the connector's own credentials (its service
// account in-cluster, or a kubeconfig user). Plain requests share one keep-alive agent; upgrades get their own socket.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { dialHost, type ClusterTls, type KubeCluster } from '../kube/cluster.js';

export type UpstreamTls = ClusterTls;

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
    this.agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...this.connectTls }) : new http.Agent({ keepAlive: true });
  }

  /** Starts a request that is not pooled (for upgrades, whose socket becomes the stream). */
  request(options: http.RequestOptions): http.ClientRequest {
    const base = { host: this.host, port: this.url.port || undefined, agent: false as const, ...options };
    return this.url.protocol === 'https:' ? https.request({ ...this.connectTls, ...base }) : http.request(base);
  }

  close(): void {
    this.agent.destroy();
  }

  static forCluster(cluster: KubeCluster): Upstream {
    return new Upstream(cluster.server, cluster.tls, () => cluster.authorization());
  }
}

function secureContextOf(t: UpstreamTls): tls.SecureContext {
  return tls.createSecureContext({ ca: t.ca, cert: t.cert, key: t.key });
}
