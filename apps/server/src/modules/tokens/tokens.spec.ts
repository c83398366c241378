import assert from 'node:assert/strict';
import { TokenError, verifyToken, type PublicSigningKey } from '@infra/access';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';

async function jwks(client: TestClient): Promise<Map<string, PublicSigningKey>> {
  const res = await client.as(undefined).get<{ keys: { kid: string }[] }>('/api/.well-known/jwks.json');
  assert.equal(res.status, 200);
  return new Map(res.body.keys.map((jwk) => [jwk.kid, { kid: jwk.kid, jwk }]));
}

describe('destinations and tokens', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
    // The destination the token tests ask for, made here so that each test runs alone (--grep).
    const production = await admin.post('/api/destinations', { name: 'production' });
    assert.equal(production.status, 201, JSON.stringify(production.body));
  });

  it('creating a destination ahead of its connector also makes the connector user and its key', async () => {
    const res = await admin.post('/api/destinations', { name: 'qa' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.destination.name, 'qa');
    assert.equal(res.body.destination.connected, false);
    assert.deepEqual(res.body.destination.namespaces, []);
    assert.equal(res.body.connector.userName, 'connector:qa');
    // A connector key opens its destination's stream and nothing else (auth/connector-keys.spec.ts).
    const connector = admin.as(res.body.connector.accessKey);
    assert.equal((await connector.get('/api/users/self')).status, 403);
    const keys = await admin.get(
      `/api/keys?userID=${(await admin.get('/api/users?name=connector:qa')).body.items[0].id}`,
    );
    assert.equal(keys.body.items.length, 1);

    assert.equal((await admin.post('/api/destinations', { name: 'qa' })).status, 409);
    assert.equal((await admin.post('/api/destinations', { name: 'infra' })).status, 400);
    assert.equal((await admin.post('/api/destinations', { name: 'Not A Label' })).status, 400);
    const found = await admin.get('/api/destinations?name=qa');
    assert.equal(found.body.items.length, 1);
    assert.equal((await admin.get(`/api/destinations/${res.body.destination.id}`)).body.name, 'qa');
  });

  it('issues a token that verifies against the JWKS with the claims connectors expect', async () => {
    const alice = await createUserWithKey(admin, 'alice@example.com');
    assert.equal(
      (await admin.post('/api/grants', { user: alice.name, privilege: 'view', resource: 'production' })).status,
      201,
    );
    const res = await alice.client.post('/api/tokens', { destination: 'production' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const claims = await verifyToken(res.body.token, await jwks(admin), { audience: 'production' });
    assert.equal(claims.sub, alice.id);
    assert.equal(claims.name, 'alice@example.com');
    assert.equal(claims.aud, 'production');
    const [key] = (await alice.client.get('/api/keys')).body.items;
    assert.equal(claims.sid, key.id);
    assert.equal(claims.exp - claims.iat, 300);
    assert.equal(new Date(res.body.expires).getTime(), claims.exp * 1000);
    await assert.rejects(verifyToken(res.body.token, await jwks(admin), { audience: 'staging' }), TokenError);
  });

  it('the signing key survives a restart: old tokens still verify', async () => {
    assert.equal(
      (await admin.post('/api/grants', { user: 'admin', privilege: 'connect', resource: 'production' })).status,
      201,
    );
    const res = await admin.post('/api/tokens', { destination: 'production' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await server.restart();
    const keys = await jwks(admin.as(undefined));
    const claims = await verifyToken(res.body.token, keys, { audience: 'production' });
    assert.equal(claims.name, 'admin');
    const after = await new TestClient(server.url, server.adminKey).post('/api/tokens', { destination: 'production' });
    assert.equal((await verifyToken(after.body.token, keys, { audience: 'production' })).name, 'admin');
  });

  it('a token for an unknown destination is a 404, and anonymous callers get a 401', async () => {
    const client = new TestClient(server.url, server.adminKey);
    assert.equal((await client.post('/api/tokens', { destination: 'nowhere' })).status, 404);
    assert.equal((await client.as(undefined).post('/api/tokens', { destination: 'production' })).status, 401);
  });

  it('deleting a destination removes its connector user', async () => {
    const client = new TestClient(server.url, server.adminKey);
    const created = await client.post('/api/destinations', { name: 'staging' });
    const connector = client.as(created.body.connector.accessKey);
    assert.equal((await client.delete(`/api/destinations/${created.body.destination.id}`)).status, 204);
    assert.equal((await connector.get('/api/users/self')).status, 401);
    assert.equal((await client.get(`/api/destinations/${created.body.destination.id}`)).status, 404);
  });
});
