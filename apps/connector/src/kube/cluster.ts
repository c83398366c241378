// What the connector needs to reach its cluster's API server, however it was configured (in-cluster service
// account or a kubeconfig file): where, which TLS trust and client certificate, and the Authorization header.
import { readFile } from 'node:fs/promises';

export interface ClusterTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface KubeCluster {
  /** The API server's base URL (may carry a path prefix). */
  readonly server: URL;
  readonly tls: ClusterTls;
  /** The Authorization header value to send, or undefined when the client certificate is the credential. */
  authorization(): Promise<string | undefined>;
}

/** The host to dial for a URL: URL hostnames keep IPv6 brackets, which sockets do not want. */
export function dialHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

export function staticAuthorization(value: string | undefined): () => Promise<string | undefined> {
  return () => Promise.resolve(value);
}

/** How often a token file is read again: bound service-account tokens are rotated by the kubelet (client-go: 1 min). */
export const TOKEN_REFRESH_MS = 60_000;

/**
 * A bearer token kept in a file that is replaced while the process runs (projected service-account tokens). The
 * first read happens when it is created, so a missing file is a startup error; later failed reads keep the last
 * token, because the kubelet swaps the file atomically and a transient error should not drop credentials.
 */
export class TokenFile {
  private token: string;
  private readAt: number;
  private pending: Promise<string> | undefined;

  constructor(
    readonly path: string,
    first: string,
    private readonly refreshMs = TOKEN_REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.token = checkToken(first, path);
    this.readAt = now();
  }

  async bearer(): Promise<string> {
    if (this.now() - this.readAt >= this.refreshMs) this.pending ??= this.reread();
    if (this.pending) await this.pending;
    return `Bearer ${this.token}`;
  }

  private async reread(): Promise<string> {
    try {
      this.token = checkToken(await readFile(this.path, 'utf8'), this.path);
    } catch {
      // keep the previous token; the next call after refreshMs tries again
    }
    this.readAt = this.now();
    this.pending = undefined;
    return this.token;
  }
}

function checkToken(text: string, path: string): string {
  const token = text.trim();
  if (!token) throw new Error(`the token file ${path} is empty`);
  if (/[\s]/.test(token)) throw new Error(`the token file ${path} holds more than one word`);
  return token;
}
