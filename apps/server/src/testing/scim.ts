// For the SCIM specs: a server with identity providers on a test OIDC issuer, and a client that speaks as an IdP's
// provisioning service does (bearer token, application/scim+json).
import assert from 'node:assert/strict';
import { useAdminServer, type AdminServer } from './mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from './oidc-provider.js';
import type { TestResponse } from './test-client.js';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimResponse {
  status: number;
  // Specs read SCIM answers field by field; their shape is what the specs assert.
  body: any;
  contentType: string | null;
}

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
  ) {}

  async request(method: string, path: string, body?: unknown, raw?: string): Promise<ScimResponse> {
    const headers: Record<string, string> = { accept: 'application/scim+json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/scim+json; charset=utf-8';
    const res = await fetch(`${this.baseUrl}/api/scim/v2${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      contentType: res.headers.get('content-type'),
    };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown) => this.request('POST', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);
}

/** Asserts a SCIM error: the status (also as a string in the body), the error schema and, if given, the scimType. */
export function assertScimError(res: ScimResponse, status: number, scimType?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(res.body.schemas, [ERROR_SCHEMA]);
  assert.equal(res.body.status, String(status));
  assert.equal(typeof res.body.detail, 'string');
  if (scimType) assert.equal(res.body.scimType, scimType, JSON.stringify(res.body));
  assert.match(res.contentType ?? '', /^application\/scim\+json/);
}

export interface ScimServer {
  t: AdminServer;
  idp: TestOidcProvider;
  /** A client with the token of provider `name` (made on first use). */
  client(name: string): Promise<ScimClient>;
  /** Logs in through provider `name` as the test issuer's user `sub`, as the CLI does; the login's answer. */
  login(name: string, sub: string): Promise<TestResponse<any>>;
}

/** A server with providers added on demand (all on one test issuer), each with a fresh SCIM token. */
export function useScimServer(): ScimServer {
  const t = useAdminServer();
  const ctx = { t } as ScimServer;
  const clients = new Map<string, ScimClient>();
  before(async () => {
    ctx.idp = await startTestOidcProvider();
  });
  after(() => ctx.idp?.stop());
  ctx.client = async (name) => {
    const known = clients.get(name);
    if (known) return known;
    const made = await t.admin.post('/api/providers', {
      name,
      url: ctx.idp.issuer,
      clientID: ctx.idp.clientId,
      clientSecret: ctx.idp.clientSecret,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = await t.admin.post(`/api/providers/${name}/scim-token`, {});
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const client = new ScimClient(t.server.url, token.body.token);
    clients.set(name, client);
    return client;
  };
  ctx.login = async (name, sub) => {
    const anon = t.admin.as(undefined);
    const redirectURI = 'http://127.0.0.1:8301/callback';
    const start = await anon.get(`/api/providers/${name}/login?redirect_uri=${encodeURIComponent(redirectURI)}`);
    assert.equal(start.status, 200, JSON.stringify(start.body));
    const { code, state, iss } = Object.fromEntries((await ctx.idp.signIn(start.body.url, sub)).searchParams);
    return anon.post('/api/login', { oidc: { provider: name, code, state, iss, redirectURI } });
  };
  return ctx;
}

/** The body Okta sends to create a user (Okta's SCIM 2.0 guide), for `email`. */
export function oktaUser(email: string, active = true) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: `00u${email.length}okta`,
    groups: [],
    password: 'a password Infra ignores',
    active,
  };
}

/** The body Entra sends to create a user (Microsoft's SCIM guide). */
export function entraUser(upn: string) {
  return {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: upn,
    active: true,
    emails: [{ primary: true, type: 'work', value: upn }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Test User', familyName: 'User', givenName: 'Test' },
    roles: [],
  };
}

export const patchOp = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});
