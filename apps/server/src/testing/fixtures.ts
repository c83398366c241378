// Typed helpers for integration specs: make people and machines with keys through the real API.
import assert from 'node:assert/strict';
import type { TestOidcProvider } from './oidc-provider.js';
import type { TestClient } from './test-client.js';

export interface TestUser {
  id: string;
  name: string;
  key: string;
  client: TestClient;
}

/** Creates a user (as the admin client) with an access key, and a client that acts as that user. */
export async function createUserWithKey(admin: TestClient, name: string): Promise<TestUser> {
  const user = await admin.post<{ id: string; name: string }>('/api/users', { name });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const key = await admin.post<{ accessKey: string }>('/api/keys', { userID: user.body.id });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  return { id: user.body.id, name, key: key.body.accessKey, client: admin.as(key.body.accessKey) };
}

/** Gives a user the admin or view role on Infra itself. */
export async function grantInfraRole(admin: TestClient, user: string, role: 'admin' | 'view'): Promise<void> {
  const res = await admin.post('/api/grants', { user, privilege: role, resource: 'infra' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

/** Adds an identity provider `name` for the test provider (as the admin client); its id. */
export async function addTestProvider(admin: TestClient, idp: TestOidcProvider, name: string): Promise<string> {
  const res = await admin.post<{ id: string }>('/api/providers', {
    name,
    url: idp.issuer,
    clientID: idp.clientId,
    clientSecret: idp.clientSecret,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Where the CLI would listen for the provider's redirect (never requested: the test takes the code). */
const REDIRECT = 'http://127.0.0.1:8301/callback';

/** Logs in through `provider` as the provider's user `sub`, as the CLI does; the session's client and user id. */
export async function providerLogin(
  anon: TestClient,
  idp: TestOidcProvider,
  provider: string,
  sub: string,
): Promise<{ client: TestClient; userId: string; accessKey: string }> {
  const start = await anon.get(`/api/providers/${provider}/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
  assert.equal(start.status, 200, JSON.stringify(start.body));
  const callback = Object.fromEntries((await idp.signIn(start.body.url, sub)).searchParams);
  const res = await anon.post('/api/login', {
    oidc: { provider, code: callback.code, state: callback.state, iss: callback.iss, redirectURI: REDIRECT },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { client: anon.as(res.body.accessKey), userId: res.body.userID, accessKey: res.body.accessKey };
}
