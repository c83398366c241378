import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { eventually, TestConnector } from '../testing/test-connector.js';

describe('connector stream on the embedded database (pglite)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;
  const open: TestConnector[] = [];

  before(async () => {
    server = await startTestServer({ database: 'pglite' });
    admin = new TestClient(server.url, server.adminKey);
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await server?.stop();
  });

  it('registers, snapshots, streams a new grant and marks the destination disconnected at the end', async () => {
    const created = await admin.post('/api/destinations', { name: 'edge' });
    const alice = await admin.post('/api/users', { name: 'alice@example.com' });
    const before = await admin.post('/api/grants', { user: alice.body.id, privilege: 'view', resource: 'edge' });
    const c = new TestConnector({
      address: server.grpcAddress!,
      accessKey: created.body.connector.accessKey,
      register: { destination: 'edge' },
    });
    open.push(c);
    const { registered, snapshot } = await c.attached();
    assert.equal(registered.destinationId, created.body.destination.id);
    assert.deepEqual(
      snapshot.grants.map((g) => g.id),
      [before.body.id],
    );
    assert.deepEqual(
      snapshot.users.map((u) => u.name),
      ['alice@example.com'],
    );
    assert.ok(snapshot.signingKeys.length > 0);

    const added = await admin.post('/api/grants', { user: alice.body.id, privilege: 'edit', resource: 'edge.web' });
    await c.changesUntil((ch) => ch.grantUpserted?.id === added.body.id);
    assert.equal((await c.end()).code, status.OK);
    await eventually(async () => {
      const d = (await admin.get(`/api/destinations/${created.body.destination.id}`)).body;
      assert.equal(d.connected, false);
      assert.ok(d.lastSeen);
    });
  });
});

describe('connector stream over TLS', function () {
  this.timeout(120_000);
  let server: TestServer;
  const open: TestConnector[] = [];

  before(async () => {
    server = await startTestServer({ database: 'pglite', env: { INFRA_TLS: 'auto' } });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await server?.stop();
  });

  it('a connector that trusts the server certificate registers; a plaintext one is not served', async () => {
    assert.ok(server.tls, 'the server serves TLS');
    const trusting = new TestConnector({
      address: server.grpcAddress!,
      accessKey: server.adminKey,
      caPem: server.tls.certificate,
      register: { destination: 'secure' },
    });
    open.push(trusting);
    const { registered } = await trusting.attached();
    assert.equal(registered.destination, 'secure');
    const plaintext = new TestConnector({ address: server.grpcAddress!, accessKey: server.adminKey });
    open.push(plaintext);
    assert.equal((await plaintext.endsBecause('a TLS server does not serve plaintext')).code, status.UNAVAILABLE);
  });
});
