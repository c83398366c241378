// A small client for the Kubernetes API: JSON requests over one keep-alive agent with the cluster's credentials,
// Kubernetes Status errors as KubeApiError, lists with label selectors, and raw streams for watches. Object shapes
// are @kubernetes/client-node's model types, imported as types only (its runtime loads every generated API).
import http from 'node:http';
import https from 'node:https';
import { dialHost, type KubeCluster } from './cluster.js';

/** A failed API call: the HTTP status (`code`) and the Status `reason` (NotFound, AlreadyExists, Conflict, Expired…). */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface KubeList<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

export type Query = Record<string, string | undefined>;

export class KubeClient {
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;

  constructor(
    readonly cluster: KubeCluster,
    o: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.agent = cluster.server.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...cluster.tls }) : new http.Agent({ keepAlive: true });
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, query);
  }

  list<T>(path: string, query?: Query): Promise<KubeList<T>> {
    return this.json<KubeList<T>>('GET', path, query);
  }

  create<T>(path: string, body: T): Promise<T> {
    return this.json<T>('POST', path, undefined, body);
  }

  replace<T>(path: string, body: T): Promise<T> {
    return this.json<T>('PUT', path, undefined, body);
  }

  async delete(path: string): Promise<void> {
    await this.json<unknown>('DELETE', path);
  }

  /**
   * Opens a long-lived GET (a watch) and resolves with the response once it answers 200; other answers reject with
   * their KubeApiError. No timeout: the caller ends it with `request.destroy()`.
   */
  async stream(path: string, query: Query): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
    const request = await this.start('GET', path, query, undefined, 0);
    const response = await responseOf(request);
    if (response.statusCode !== 200) throw await apiError(response);
    return { request, response };
  }

  close(): void {
    this.agent.destroy();
  }

  private async json<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const request = await this.start(method, path, query, payload, this.timeoutMs);
    const response = await responseOf(request);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw await apiError(response);
    const text = await readBody(response);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new KubeApiError(status, 'BadResponse', `${method} ${path}: the API server answered ${status} with a body that is not JSON`);
    }
  }

  private async start(method: string, path: string, query: Query | undefined, payload: Buffer | undefined, timeoutMs: number): Promise<http.ClientRequest> {
    const authorization = await this.cluster.authorization();
    const base = this.cluster.server;
    const search = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json', 'User-Agent': 'infra-connector' };
    if (authorization) headers.Authorization = authorization;
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    const options: https.RequestOptions = {
      method,
      host: dialHost(base),
      port: base.port || undefined,
      path: `${base.pathname.replace(/\/$/, '')}${path}${search ? `?${search}` : ''}`,
      headers,
      agent: this.agent,
    };
    const request = base.protocol === 'https:' ? https.request(options) : http.request(options);
    if (timeoutMs > 0) request.setTimeout(timeoutMs, () => request.destroy(new Error(`${method} ${path}: no answer from the API server within ${timeoutMs} ms`)));
    request.end(payload);
    return request;
  }
}

function responseOf(request: http.ClientRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.on('error', reject); // kept: a later socket error must not go unhandled
  });
}

async function readBody(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Status object the API server sends with an error, or what can be said about a body that is not one. */
async function apiError(response: http.IncomingMessage): Promise<KubeApiError> {
  const code = response.statusCode ?? 0;
  const text = await readBody(response).catch(() => '');
  try {
    const status = JSON.parse(text) as { kind?: string; code?: number; reason?: string; message?: string };
    if (status.kind === 'Status') return new KubeApiError(status.code || code, status.reason || http.STATUS_CODES[code] || 'Unknown', status.message || `HTTP ${code}`);
  } catch {
    // not JSON: fall through
  }
  return new KubeApiError(code, http.STATUS_CODES[code]?.replace(/\s/g, '') ?? 'Unknown', `HTTP ${code}: ${text.trim().slice(0, 200) || http.STATUS_CODES[code] || 'no body'}`);
}
