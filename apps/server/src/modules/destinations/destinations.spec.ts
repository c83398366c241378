import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { createUserWithKey, grantInfraRole, type TestUser } from '../../testing/fixtures.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import type { TestServer } from '../../testing/test-server.js';

interface Listed {
  id: string;
  name: string;
  namespaces: string[];
}

describe('who sees which destinations', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;
  let grpc: ReturnType<typeof adminGrpcClient>;
  let carol: TestUser;
  let viewer: TestUser;
  const ids = new Map<string, string>();

  after(() => grpc?.close());
  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
    grpc = adminGrpcClient(server.grpcAddress!);
    const namespaces: Record<string, string[]> = {
      production: ['db', 'default', 'web'],
      staging: ['a', 'b'],
      finance: ['ledger'],
      lapsed: ['x'],
    };
    for (const [name, ns] of Object.entries(namespaces)) {
      const created = await admin.post('/api/destinations', { name });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.set(name, created.body.destination.id);
      await server
        .running()
        .database.manager.query('UPDATE destinations SET namespaces = $1 WHERE name = $2', [JSON.stringify(ns), name]);
    }
    carol = await createUserWithKey(admin, 'carol@example.com');
    viewer = await createUserWithKey(admin, 'viewer@example.com');
    await grantInfraRole(admin, viewer.name, 'view');
    const grant = async (body: object) => {
      const res = await admin.post('/api/grants', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await grant({ user: carol.name, privilege: 'view', resource: 'production.web' }); // one namespace, directly
    const ops = await admin.post('/api/groups', { name: 'ops' });
    assert.equal(ops.status, 201);
    assert.equal((await admin.patch(`/api/groups/${ops.body.id}/users`, { usersToAdd: [carol.name] })).status, 200);
    await grant({ group: 'ops', privilege: 'connect', resource: 'staging' }); // the whole destination, through a group
    await grant({
      user: carol.name,
      privilege: 'view',
      resource: 'lapsed',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await server
      .running()
      .database.manager.query(`UPDATE grants SET expires_at = now() - interval '1 second' WHERE resource = 'lapsed'`);
  });

  const summary = (items: Listed[]) => items.map((d) => `${d.name}:${d.namespaces.join(',')}`).sort();

  it('a plain user lists only destinations they hold a grant in force on, with only the granted namespaces', async () => {
    const res = await carol.client.get<{ items: Listed[] }>('/api/destinations');
    assert.equal(res.status, 200);
    assert.deepEqual(summary(res.body.items), ['production:web', 'staging:a,b']);
    assert.deepEqual(summary((await carol.client.get('/api/destinations?name=finance')).body.items), []);
  });

  it('a plain user gets a destination they hold no grant in force on as not found, and one they do with their namespaces', async () => {
    for (const name of ['finance', 'lapsed']) {
      const res = await carol.client.get(`/api/destinations/${ids.get(name)}`);
      assert.equal(res.status, 404, `${name}: ${JSON.stringify(res.body)}`);
    }
    const production = await carol.client.get<Listed>(`/api/destinations/${ids.get('production')}`);
    assert.deepEqual(production.body.namespaces, ['web']);
  });

  it('viewers and admins see every destination and every namespace', async () => {
    const all = ['finance:ledger', 'lapsed:x', 'production:db,default,web', 'staging:a,b'];
    assert.deepEqual(summary((await viewer.client.get('/api/destinations')).body.items), all);
    assert.deepEqual(summary((await admin.get('/api/destinations')).body.items), all);
    assert.deepEqual((await viewer.client.get(`/api/destinations/${ids.get('finance')}`)).body.namespaces, ['ledger']);
  });

  it('the gRPC twin applies the same rule', async () => {
    const listed = await grpc.call('DestinationsService', 'ListDestinations', {}, carol.key);
    assert.deepEqual(summary(listed.items as Listed[]), ['production:web', 'staging:a,b']);
    const hidden = await grpc.call('DestinationsService', 'GetDestination', { id: ids.get('finance') }, carol.key).then(
      () => undefined,
      (e: ServiceError) => e.code,
    );
    assert.equal(hidden, status.NOT_FOUND);
    const viewed = await grpc.call('DestinationsService', 'ListDestinations', {}, viewer.key);
    assert.equal((viewed.items as Listed[]).length, 4);
  });
});
