// A small client for the control server's REST API (docs/api.md). Every failure becomes a CliError
// whose message is one sentence naming the fix. Kept free of heavy imports: the kubectl plugin uses it.
import http from 'node:http';
import type net from 'node:net';
import { CliError, SESSION_ENDED } from './errors.js';
import { connect, FingerprintMismatchError, UntrustedCertificateError, type TlsPolicy } from './tls.js';

export interface ApiTarget extends TlsPolicy {
  url: string;
  accessKey?: string;
}

export interface ApiErrorBody {
  code?: number;
  message?: string;
  /** A machine-readable reason, where the server gives one (device login: `authorization_pending`, `slow_down`…). */
  error?: string;
  fieldErrors?: { field: string; errors: string[] }[];
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
    readonly body: ApiErrorBody = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Page<T> {
  items: T[];
  next?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

/** Checks a server address and returns it normalised ("https://host:port"); bare hosts mean https. */
export function parseServerUrl(input: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(
      `"${input}" is not a valid server address: use a host name or URL like https://infra.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(
      `"${input}" is not a valid server address: the scheme must be https (or http for local testing)`,
    );
  }
  if (
    !url.hostname ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    throw new CliError(
      `"${input}" is not a valid server address: give only the scheme, host and port, like https://infra.example.com`,
    );
  }
  return url.origin;
}

export class ApiClient {
  constructor(
    readonly target: ApiTarget,
    private readonly timeoutMs = 30_000,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string, query?: Query): Promise<T> {
    return this.request<T>('DELETE', path, undefined, query);
  }

  /** Follows `next` cursors until the last page. */
  async list<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<T> = await this.get<Page<T>>(path, { ...query, limit: 1000, cursor });
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return items;
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(path, this.target.url);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const socket = await connect(url, this.target, this.timeoutMs).catch((e: unknown) => {
      throw this.connectionError(e as Error);
    });
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.target.accessKey) headers.authorization = `Bearer ${this.target.accessKey}`;
    const { status, text } = await exchange(socket, url, method, headers, payload, this.timeoutMs).catch(
      (e: unknown) => {
        throw this.connectionError(e as Error);
      },
    );
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (status >= 200 && status < 300) return json as T;
    throw this.statusError(status, (json ?? {}) as ApiErrorBody);
  }

  private statusError(status: number, body: ApiErrorBody): ApiError {
    // Servers often repeat the first field error in the message; add only what it does not say.
    const fields = (body.fieldErrors ?? [])
      .flatMap((f) => f.errors.map((e) => (e.startsWith(f.field) ? e : `${f.field} ${e}`)))
      .filter((e) => !(body.message ?? '').includes(e))
      .join('; ');
    const base =
      stripDot(body.message || http.STATUS_CODES[status] || `HTTP ${status}`) + (fields ? ` (${fields})` : '');
    if (status === 401) return new ApiError(status, SESSION_ENDED, body);
    if (status === 403) return new ApiError(status, `${base}: ask an Infra admin for access`, body);
    if (status >= 500)
      return new ApiError(
        status,
        `the Infra server at ${this.target.url} failed (${base}): try again, or ask its admin to check the server logs`,
        body,
      );
    return new ApiError(status, base, body);
  }

  private connectionError(e: Error): CliError {
    const server = this.target.url;
    if (e instanceof FingerprintMismatchError) {
      return new CliError(
        `the certificate of ${server} has fingerprint ${e.actual}, not the trusted ${e.expected}: if its certificate was replaced on purpose, run \`infra login ${server} --tls-fingerprint ${e.actual}\`, otherwise someone may be intercepting the connection`,
      );
    }
    if (e instanceof UntrustedCertificateError) {
      return new CliError(
        `the certificate of ${server} is not trusted (${e.reason}): run \`infra login ${server}\` to review and trust it, or pass --tls-fingerprint ${e.fingerprint}`,
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'unknown host'
          : code === 'ETIMEDOUT'
            ? 'timed out'
            : e.message;
    return new CliError(
      `could not reach the Infra server at ${server} (${why}): check the address and that the server is running`,
    );
  }
}

function stripDot(s: string): string {
  return s.replace(/\.\s*$/, '');
}

function exchange(
  socket: net.Socket,
  url: URL,
  method: string,
  headers: Record<string, string>,
  payload: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers,
        createConnection: () => socket,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setHeader('host', url.host);
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}
