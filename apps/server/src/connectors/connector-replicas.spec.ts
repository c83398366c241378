import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { eventually, TestConnector } from '../testing/test-connector.js';

describe('connector stream: several replicas on one Postgres', function () {
  this.timeout(180_000);
  let a: TestServer;
  let b: TestServer;
  let adminA: TestClient;
  let adminB: TestClient;
  let connectorKey: string;
  let destinationId: string;
  const open: TestConnector[] = [];

  function dial(server: TestServer, resumeFrom = 0): TestConnector {
    const c = new TestConnector({ address: server.grpcAddress!, accessKey: connectorKey, register: { resumeFrom } });
    open.push(c);
    return c;
  }

  before(async () => {
    // Replicas share the root key (it decrypts the signing keys) and, here, the admin key.
    const env = { INFRA_ROOT_KEY: randomBytes(24).toString('hex') };
    a = await startTestServer({ env });
    b = await startTestServer({ databaseUrl: a.databaseUrl, env: { ...env, INFRA_ADMIN_ACCESS_KEY: a.adminKey } });
    adminA = new TestClient(a.url, a.adminKey);
    adminB = new TestClient(b.url, b.adminKey);
    const created = await adminA.post('/api/destinations', { name: 'production' });
    connectorKey = created.body.connector.accessKey;
    destinationId = created.body.destination.id;
    await adminA.post('/api/users', { name: 'alice@example.com' });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await b?.stop(); // b only joined a's database; a drops it
    await a?.stop();
  });

  it('a grant made through replica A reaches a connector attached to replica B, and back', async () => {
    const onB = dial(b);
    await onB.attached();
    const viaA = await adminA.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'view',
      resource: 'production',
    });
    assert.equal(viaA.status, 201);
    await onB.changesUntil((ch) => ch.grantUpserted?.id === viaA.body.id);

    const onA = dial(a);
    await onA.attached();
    const viaB = await adminB.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'edit',
      resource: 'production.web',
    });
    assert.equal(viaB.status, 201);
    await onA.changesUntil((ch) => ch.grantUpserted?.id === viaB.body.id);
    await onB.changesUntil((ch) => ch.grantUpserted?.id === viaB.body.id);
  });

  it('a connector that moves to another replica resumes there, and stays connected', async () => {
    const onA = dial(a);
    await onA.attached();
    const first = await adminA.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'view',
      resource: 'production.api',
    });
    const applied = (await onA.changesUntil((ch) => ch.grantUpserted?.id === first.body.id)).pop()!.sequence;
    const onB = dial(b, applied);
    await onB.next('registered');
    onA.cancel();
    const missed = await adminA.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'view',
      resource: 'production.db',
    });
    await onB.changesUntil((ch) => ch.grantUpserted?.id === missed.body.id);
    onB.send({ heartbeat: { sentAtMs: Date.now() } });
    await eventually(async () =>
      assert.equal((await adminB.get(`/api/destinations/${destinationId}`)).body.connected, true),
    );
  });
});
