// Local stand-ins for the three directory APIs group sync reads, answering as their reference documents, on one
// loopback server:
//   Okta      GET /api/v1/users/{id}/groups (SSWS token; Link rel="next" paging with `after`; 429 + X-Rate-Limit-Reset)
//   Google    POST /google/token (JWT bearer grant, the assertion's signature checked against the service account key)
//             GET /admin/directory/v1/groups?userKey= (Bearer; nextPageToken paging)
//   Entra ID  POST /{tenant}/oauth2/v2.0/token (client credentials)
//             GET /v1.0/users/{oid}/transitiveMemberOf/microsoft.graph.group (Bearer; @odata.nextLink; 429 + Retry-After)
// Failures are injected per API, once each; every request is recorded.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importSPKI, jwtVerify } from 'jose';

export type DirectoryApi = 'okta' | 'google' | 'graph';

export interface InjectedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const OKTA_TOKEN = 'okta-api-token-5f3a9c';
const GRAPH_SECRET_HINT = 'graph-app-token-';

export class FakeDirectories {
  /** Group names per user key (Okta user id, Google e-mail, Entra object id). */
  readonly groups = new Map<string, string[]>();
  /** Entries per page (small, to make paging happen). */
  pageSize = 2;
  readonly failures: Record<DirectoryApi, InjectedAnswer[]> = { okta: [], google: [], graph: [] };
  readonly requests: { api: DirectoryApi | 'token'; path: string; at: number }[] = [];
  readonly oktaToken = OKTA_TOKEN;
  /** The service account key file the Google side trusts (its public half checks assertions). */
  readonly serviceAccountKey: string;
  readonly googleAdmin = 'admin@acme.example';
  private readonly publicKeyPem: string;
  private server?: Server;
  url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.serviceAccountKey = JSON.stringify({
      type: 'service_account',
      client_email: 'infra-sync@acme.iam.gserviceaccount.com',
      private_key_id: 'k1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: 'filled in by start()',
    });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => this.send(res, 500, { error: { message: e.message } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const key = JSON.parse(this.serviceAccountKey) as Record<string, string>;
    (this as { serviceAccountKey: string }).serviceAccountKey = JSON.stringify({
      ...key,
      token_uri: `${this.url}/google/token`,
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Requests to one API's group listing. */
  calls(api: DirectoryApi): number {
    return this.requests.filter((r) => r.api === api).length;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  /** One page of `all`, starting at the offset `cursor` encodes. */
  private page(all: string[], cursor: string | null): { items: string[]; next?: string } {
    const from = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    const to = from + this.pageSize;
    return {
      items: all.slice(from, to),
      next: to < all.length ? Buffer.from(String(to)).toString('base64url') : undefined,
    };
  }

  private async form(req: IncomingMessage): Promise<URLSearchParams> {
    let body = '';
    for await (const chunk of req) body += chunk;
    return new URLSearchParams(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url!, this.url);
    const auth = req.headers.authorization ?? '';
    let m;
    if (req.method === 'POST' && url.pathname === '/google/token') {
      this.requests.push({ api: 'token', path: url.pathname, at: Date.now() });
      const form = await this.form(req);
      const key = await importSPKI(this.publicKeyPem, 'RS256');
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', key, { audience: `${this.url}/google/token` });
        if (
          form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
          payload.sub !== this.googleAdmin ||
          payload.scope !== 'https://www.googleapis.com/auth/admin.directory.group.readonly'
        )
          throw new Error('claims');
      } catch {
        return this.send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      }
      return this.send(res, 200, { access_token: 'google-access-token', token_type: 'Bearer', expires_in: 3599 });
    }
    if (req.method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname))) {
      this.requests.push({ api: 'token', path: url.pathname, at: Date.now() });
      const form = await this.form(req);
      if (form.get('grant_type') !== 'client_credentials' || !form.get('client_secret')) {
        return this.send(res, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
      }
      return this.send(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: `${GRAPH_SECRET_HINT}${m[1]}`,
      });
    }
    if (req.method === 'GET' && (m = /^\/api\/v1\/users\/([^/]+)\/groups$/.exec(url.pathname))) {
      this.requests.push({ api: 'okta', path: url.pathname + url.search, at: Date.now() });
      const failure = this.failures.okta.shift();
      if (failure) return this.send(res, failure.status, failure.body ?? {}, failure.headers);
      if (auth !== `SSWS ${OKTA_TOKEN}`) {
        return this.send(res, 401, {
          errorCode: 'E0000011',
          errorSummary: 'Invalid token provided',
          errorLink: 'E0000011',
          errorCauses: [],
        });
      }
      const { items, next } = this.page(
        this.groups.get(decodeURIComponent(m[1]!)) ?? [],
        url.searchParams.get('after'),
      );
      const headers: Record<string, string> = {};
      if (next)
        headers.link = `<${this.url}${url.pathname}?limit=200>; rel="self", <${this.url}${url.pathname}?after=${next}&limit=200>; rel="next"`;
      return this.send(
        res,
        200,
        items.map((name, i) => ({ id: `00g${i}`, type: 'OKTA_GROUP', profile: { name, description: null } })),
        headers,
      );
    }
    if (req.method === 'GET' && url.pathname === '/admin/directory/v1/groups') {
      this.requests.push({ api: 'google', path: url.pathname + url.search, at: Date.now() });
      const failure = this.failures.google.shift();
      if (failure) return this.send(res, failure.status, failure.body ?? {}, failure.headers);
      if (auth !== 'Bearer google-access-token') {
        return this.send(res, 401, {
          error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
        });
      }
      const { items, next } = this.page(
        this.groups.get(url.searchParams.get('userKey') ?? '') ?? [],
        url.searchParams.get('pageToken'),
      );
      return this.send(res, 200, {
        kind: 'admin#directory#groups',
        etag: '"e"',
        groups: items.map((email, i) => ({
          kind: 'admin#directory#group',
          id: `g${i}`,
          email,
          name: email.split('@')[0],
        })),
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    if (
      req.method === 'GET' &&
      (m = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/.exec(url.pathname))
    ) {
      this.requests.push({ api: 'graph', path: url.pathname + url.search, at: Date.now() });
      const failure = this.failures.graph.shift();
      if (failure) return this.send(res, failure.status, failure.body ?? {}, failure.headers);
      if (!auth.startsWith(`Bearer ${GRAPH_SECRET_HINT}`)) {
        return this.send(res, 401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
        });
      }
      const { items, next } = this.page(
        this.groups.get(decodeURIComponent(m[1]!)) ?? [],
        url.searchParams.get('$skiptoken'),
      );
      return this.send(res, 200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName)',
        value: items.map((displayName, i) => ({
          '@odata.type': '#microsoft.graph.group',
          id: `0000000${i}`,
          displayName,
        })),
        ...(next
          ? { '@odata.nextLink': `${this.url}${url.pathname}?$select=id,displayName&$top=999&$skiptoken=${next}` }
          : {}),
      });
    }
    this.send(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  }
}
