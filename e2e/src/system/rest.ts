// A small REST client for the control server, over http or https (trusting the server's own certificate when it
// serves a self-signed one): JSON in, status and JSON out, an optional access key as the bearer.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

export interface RestResponse<T> {
  status: number;
  body: T;
}

export class RestClient {
  constructor(
    readonly baseUrl: string,
    readonly key?: string,
    private readonly caPem?: string,
  ) {}

  /** The same server, as another caller. */
  as(key: string): RestClient {
    return new RestClient(this.baseUrl, key, this.caPem);
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  patch<T = unknown>(path: string, body: unknown = {}) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }

  request<T>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      // No SNI for an IP address (RFC 6066); the certificate is still checked against it.
      const tls = this.caPem ? { ca: this.caPem, servername: isIP(url.hostname) ? '' : url.hostname } : {};
      const req = send(url, { method, headers, agent: false, ...tls }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text for the failure message
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
