// The users a provider makes: they keep a record of where they come from (provider and subject), shown by the API,
// and cannot have a local password, while users made in Infra are unchanged.
import assert from 'node:assert/strict';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import type { TestClient } from '../../testing/test-client.js';

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

describe('users made by a provider', function () {
  this.timeout(30_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  before(async () => {
    idp = await startTestOidcProvider();
    const res = await t.admin.post('/api/providers', {
      name: 'origin',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(() => idp?.stop());

  it('record the provider and subject, shown in the list, the user and self, over REST and gRPC', async () => {
    idp.addUser({ id: 'olga-sub-1', email: 'olga@example.com' });
    const olga = await providerLogin(t.admin.as(undefined), idp, 'origin', 'olga-sub-1');
    const listed = (await t.admin.get('/api/users?name=olga@example.com')).body.items[0];
    assert.deepEqual([listed.provider, listed.providerSubject], ['origin', 'olga-sub-1']);
    const one = await t.admin.get(`/api/users/${olga.userId}`);
    const self = await olga.client.get('/api/users/self');
    for (const r of [one, self]) assert.deepEqual([r.body.provider, r.body.providerSubject], ['origin', 'olga-sub-1']);
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      const { items } = await grpc.call('UsersService', 'ListUsers', { name: 'olga@example.com' }, t.server.adminKey);
      assert.deepEqual([items[0]?.provider, items[0]?.providerSubject], ['origin', 'olga-sub-1']);
    } finally {
      grpc.close();
    }
    const local = await t.admin.post('/api/users', { name: 'local@example.com' });
    assert.equal(local.status, 201);
    assert.equal('provider' in local.body, false, 'a user made in Infra names a provider');
    assert.equal('provider' in (await t.admin.get('/api/users?name=local@example.com')).body.items[0], false);
  });

  it('cannot be given a local password, by an admin or by themselves: a 409 saying why', async () => {
    idp.addUser({ id: 'pavel-sub', email: 'pavel@example.com' });
    const pavel = await providerLogin(t.admin.as(undefined), idp, 'origin', 'pavel-sub');
    const message =
      'pavel@example.com logs in through the identity provider origin: a provider user cannot have a local password';
    for (const client of [t.admin, pavel.client]) {
      const res = await client.put(`/api/users/${pavel.userId}`, { password: 'a-local-password-1' });
      assert.deepEqual([res.status, res.body.message], [409, message]);
    }
    assert.equal(
      (await t.admin.post('/api/login', { name: 'pavel@example.com', password: 'a-local-password-1' })).status,
      401,
    );
    const local = await t.admin.post('/api/users', { name: 'still-local@example.com' });
    const set = await t.admin.put(`/api/users/${local.body.id}`, { password: 'a-local-password-2' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });

  it('keep where they came from when they log in again, and a user made in Infra stays made in Infra', async () => {
    assert.equal((await t.admin.post('/api/users', { name: 'first-local@example.com' })).status, 201);
    idp.addUser({ id: 'first-local-sub', email: 'first-local@example.com' });
    await providerLogin(t.admin.as(undefined), idp, 'origin', 'first-local-sub');
    assert.equal('provider' in (await t.admin.get('/api/users?name=first-local@example.com')).body.items[0], false);
  });
});
