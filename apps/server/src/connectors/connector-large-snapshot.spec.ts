import assert from 'node:assert/strict';
import { loadConnectorProto } from '@infra/proto';
import { createUserWithKey } from '../testing/fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { TestConnector } from '../testing/test-connector.js';

const GRANTS = 40_000;
/** What gRPC clients accept by default (the TestConnector keeps the default). */
const DEFAULT_MAX_RECEIVE = 4 * 1024 * 1024;

describe('connector stream: a destination too large for one message', function () {
  this.timeout(300_000);
  let server: TestServer;
  let admin: TestClient;
  const open: TestConnector[] = [];

  before(async () => {
    server = await startTestServer();
    admin = new TestClient(server.url, server.adminKey);
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await server?.stop();
  });

  it(`reaches the connector whole, in parts within the default message limit (${GRANTS} grants)`, async () => {
    const created = await admin.post('/api/destinations', { name: 'production' });
    const alice = await createUserWithKey(admin, 'alice@example.com');
    // Seeded with SQL: the API would take minutes for this many.
    await server.running().database.manager.query(
      `INSERT INTO grants (id, user_id, privilege, resource, destination, created)
       SELECT gen_random_uuid(), $1, 'a-cluster-role-with-a-rather-long-name-' || (i % 10),
              'production.a-namespace-with-a-long-name-so-that-the-snapshot-is-large-' || i, 'production',
              now() + i * interval '1 microsecond'
         FROM generate_series(1, $2::int) AS i`,
      [alice.id, GRANTS],
    );
    const c = new TestConnector({
      address: server.grpcAddress!,
      accessKey: created.body.connector.accessKey,
      register: { destination: 'production' },
    });
    open.push(c);
    await c.next('registered');
    const snapshot = await c.snapshot(120_000);

    const asOneMessage = loadConnectorProto().infra.connector.v1.ConnectorService.service.Connect.responseSerialize({
      snapshot,
    });
    assert.ok(asOneMessage.length > DEFAULT_MAX_RECEIVE, `as one message it would be ${asOneMessage.length} bytes`);
    assert.ok(snapshot.parts >= Math.ceil(asOneMessage.length / (1024 * 1024)), `${snapshot.parts} parts`);
    assert.equal(snapshot.grants.length, GRANTS);
    assert.equal(new Set(snapshot.grants.map((g) => g.id)).size, GRANTS);
    assert.ok(snapshot.grants.every((g) => g.userId === alice.id && g.resource.startsWith('production.a-namespace')));
    assert.deepEqual(
      snapshot.users.map((u) => u.name),
      ['alice@example.com'],
    );
    assert.ok(snapshot.signingKeys.length > 0);

    // The stream goes on after it: a grant added now arrives as a change.
    const added = await admin.post('/api/grants', { user: alice.name, privilege: 'view', resource: 'production.web' });
    await c.changesUntil((ch) => ch.grantUpserted?.id === added.body.id);
  });
});
