import assert from 'node:assert/strict';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';

describe('the embedded database (PGlite)', function () {
  this.timeout(180_000);
  let server: TestServer;

  useTestServer({ database: 'pglite' }, async (s) => {
    server = s;
  });

  it('is ready, and keeps /metrics off while no INFRA_METRICS_TOKEN is set', async () => {
    const client = new TestClient(server.url);
    assert.deepEqual((await client.get('/readyz')).body, { status: 'ok' });
    const metrics = await new TestClient(server.url, server.adminKey).get<{ message: string }>('/metrics');
    assert.equal(metrics.status, 403);
    assert.match(metrics.body.message, /metrics are off: set INFRA_METRICS_TOKEN/);
  });

  it('serves the whole API, including concurrent transactions', async () => {
    const admin = new TestClient(server.url, server.adminKey);
    await createUserWithKey(admin, 'dana@example.com');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        admin.post('/api/grants', { user: 'dana@example.com', privilege: 'view', resource: `cluster-${i}` }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array(12).fill(201),
    );
    const dupes = await Promise.all([1, 2, 3].map(() => admin.post('/api/groups', { name: 'racers' })));
    assert.deepEqual(dupes.map((r) => r.status).sort(), [201, 409, 409]);
    const grants = await admin.get('/api/grants?user=dana@example.com&limit=5');
    assert.equal(grants.body.items.length, 5);
    assert.ok(grants.body.next);
    assert.equal((await admin.post('/api/destinations', { name: 'cluster-1' })).status, 201);
    assert.equal(
      (await admin.post('/api/grants', { user: 'admin', privilege: 'connect', resource: 'cluster-1' })).status,
      201,
    );
    assert.equal((await admin.post('/api/tokens', { destination: 'cluster-1' })).status, 201);
  });

  it('keeps its data and the admin key across a restart', async () => {
    await server.restart();
    const admin = new TestClient(server.url, server.adminKey);
    const users = await admin.get('/api/users?name=dana@example.com');
    assert.equal(users.status, 200);
    assert.equal(users.body.items.length, 1);
    assert.equal((await admin.get('/api/grants?user=dana@example.com&limit=1000')).body.items.length, 12);
    assert.deepEqual((await admin.get('/readyz')).body, { status: 'ok' });
  });
});
