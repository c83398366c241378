import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { within } from '../testing/deadline.js';
import { createUserWithKey, grantInfraRole, type TestUser } from '../testing/fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { ConnectorsService } from './connectors.service.js';
import { eventually, TestConnector } from '../testing/test-connector.js';

describe('connector stream: registration and connection state', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;
  let connectorKey: string;
  let destinationId: string;
  let alice: TestUser;
  const open: TestConnector[] = [];

  function dial(accessKey: string | undefined, register?: ConstructorParameters<typeof TestConnector>[0]['register']) {
    const c = new TestConnector({ address: server.grpcAddress!, accessKey, register });
    open.push(c);
    return c;
  }

  before(async () => {
    server = await startTestServer({ env: { INFRA_CONNECTOR_HEARTBEAT: '1' } });
    admin = new TestClient(server.url, server.adminKey);
    const created = await admin.post('/api/destinations', { name: 'production' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    connectorKey = created.body.connector.accessKey;
    destinationId = created.body.destination.id;
    alice = await createUserWithKey(admin, 'alice@example.com');
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await server?.stop();
  });

  it('registering with the connector key fills in the destination and shows it connected', async () => {
    const c = dial(connectorKey, {
      destination: 'production',
      proxyUrl: 'https://prod.example:8443',
      proxyCaPem: '-----BEGIN CERTIFICATE-----\nx\n',
      kubernetesVersion: 'v1.32.4',
      namespaces: ['web', 'default'],
    });
    const { registered } = await c.attached();
    assert.deepEqual(registered, { destinationId, destination: 'production' });
    const d = (await admin.get(`/api/destinations/${destinationId}`)).body;
    assert.equal(d.url, 'https://prod.example:8443');
    assert.equal(d.caCertificate, '-----BEGIN CERTIFICATE-----\nx\n');
    assert.equal(d.kubernetesVersion, 'v1.32.4');
    assert.deepEqual(d.namespaces, ['default', 'web']);
    assert.equal(d.connected, true);
    assert.ok(d.lastSeen);
  });

  it('the first registration of an unknown destination by an admin creates it', async () => {
    const c = dial(server.adminKey, { destination: 'staging', namespaces: ['default'] });
    const { registered } = await c.attached();
    assert.equal(registered.destination, 'staging');
    const [d] = (await admin.get('/api/destinations?name=staging')).body.items;
    assert.equal(d.id, registered.destinationId);
    assert.equal(d.connected, true);
  });

  it('refuses a missing or wrong access key as UNAUTHENTICATED', async () => {
    const none = await dial(undefined).endsBecause('no access key');
    assert.equal(none.code, status.UNAUTHENTICATED);
    assert.match(none.details, /authorization: Bearer/);
    const wrong = await dial('abcdefghij.wrongwrongwrongwrongwrong').endsBecause('a wrong access key');
    assert.equal(wrong.code, status.UNAUTHENTICATED);
    assert.match(wrong.details, /access key/);
  });

  it('refuses a user who is neither the connector user nor an admin as PERMISSION_DENIED', async () => {
    const plain = await dial(alice.key).endsBecause('a plain user may not attach a connector');
    assert.equal(plain.code, status.PERMISSION_DENIED);
    assert.match(plain.details, /connector:production/);
    const otherDestination = await dial(connectorKey, { destination: 'qa' }).endsBecause(
      "production's connector may not register qa",
    );
    assert.equal(otherDestination.code, status.PERMISSION_DENIED);
    assert.equal((await admin.get('/api/destinations?name=qa')).body.items.length, 0);
  });

  it('the permission table of Connect: who may attach a connector to production', async () => {
    const viewer = await createUserWithKey(admin, 'viewer@example.com');
    await grantInfraRole(admin, viewer.name, 'view');
    const other = await admin.post('/api/destinations', { name: 'other' });
    const callers: [string, string | undefined, status][] = [
      ['an infra admin', server.adminKey, status.OK],
      ['the connector user of production', connectorKey, status.OK],
      ['the connector user of another destination', other.body.connector.accessKey, status.PERMISSION_DENIED],
      ['an infra viewer', viewer.key, status.PERMISSION_DENIED],
      ['a plain user', alice.key, status.PERMISSION_DENIED],
      ['nobody', undefined, status.UNAUTHENTICATED],
    ];
    for (const [who, key, expected] of callers) {
      const c = dial(key);
      const got = await within(
        `an answer to ${who}`,
        Promise.race([c.next('registered').then(() => status.OK), c.ended.then((s) => s.code)]),
      );
      assert.equal(got, expected, who);
      c.cancel();
    }
  });

  it('refuses a stream that does not start with Register, or registers badly', async () => {
    const c = dial(connectorKey, null);
    c.send({ heartbeat: { sentAtMs: Date.now() } });
    const s = await c.endsBecause('the first message was not Register');
    assert.equal(s.code, status.INVALID_ARGUMENT);
    assert.match(s.details, /first message must be Register/);
    const bad = await dial(connectorKey, { namespaces: ['Not A Namespace'] }).endsBecause(
      'a malformed namespace in Register',
    );
    assert.equal(bad.code, status.INVALID_ARGUMENT);
    assert.match(bad.details, /namespaces/);
  });

  it('refuses an http:// proxy URL, which kubeconfig would send tokens to in the clear', async () => {
    const http = dial(connectorKey, { proxyUrl: 'http://prod.example:8443' });
    const plain = await Promise.race([
      http.ended,
      http.next('registered', 5_000).then(() => assert.fail('a connector registered an http:// proxy URL')),
    ]);
    assert.equal(plain.code, status.INVALID_ARGUMENT);
    assert.match(plain.details, /proxy_url.*https:\/\//);
    assert.notEqual((await admin.get(`/api/destinations/${destinationId}`)).body.url, 'http://prod.example:8443');
    const c = dial(connectorKey, { proxyUrl: 'https://prod.example:8443' });
    await c.attached();
  });

  it('heartbeats go both ways and each one received keeps lastSeen fresh', async () => {
    const c = dial(connectorKey);
    await c.attached();
    await c.next('heartbeat');
    const before = (await admin.get(`/api/destinations/${destinationId}`)).body.lastSeen as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
    c.send({ heartbeat: { sentAtMs: Date.now() } });
    await eventually(async () => {
      const after = (await admin.get(`/api/destinations/${destinationId}`)).body;
      assert.ok(new Date(after.lastSeen) > new Date(before), `${after.lastSeen} should be after ${before}`);
      assert.equal(after.connected, true);
    });
  });

  it('namespace changes reach the destination', async () => {
    const c = dial(connectorKey, { namespaces: ['default'] });
    await c.attached();
    c.send({ namespaces: { namespaces: ['kube-system', 'default', 'payments'] } });
    await eventually(async () => {
      const d = (await admin.get(`/api/destinations/${destinationId}`)).body;
      assert.deepEqual(d.namespaces, ['default', 'kube-system', 'payments']);
    });
  });

  it('a connector that stops, or vanishes, leaves its destination disconnected', async () => {
    const c = dial(connectorKey);
    await c.attached();
    const seenWhileConnected = (await admin.get(`/api/destinations/${destinationId}`)).body.lastSeen as string;
    assert.equal((await c.end()).code, status.OK);
    await eventually(async () => {
      const d = (await admin.get(`/api/destinations/${destinationId}`)).body;
      assert.equal(d.connected, false);
      assert.ok(new Date(d.lastSeen) >= new Date(seenWhileConnected));
    });

    const vanishing = dial(connectorKey);
    await vanishing.attached();
    assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, true);
    vanishing.cancel();
    await eventually(async () =>
      assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, false),
    );
  });

  it('a connector reattaching before its old stream ends stays connected', async () => {
    const old = dial(connectorKey);
    await old.attached();
    const fresh = dial(connectorKey);
    await fresh.attached();
    fresh.send({ heartbeat: { sentAtMs: Date.now() } });
    await eventually(async () => {
      const d = (await admin.get(`/api/destinations/${destinationId}`)).body;
      assert.equal(d.connected, true);
    });
    old.cancel();
    // The old stream's end must not mark the destination disconnected under the new one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, true);
  });

  it('stores proxy audit events and reconcile problems for admins to read', async () => {
    const c = dial(connectorKey);
    await c.attached();
    c.send({
      audit: {
        events: [
          {
            requestId: 'req-1',
            user: 'alice@example.com',
            verb: 'get',
            path: '/api/v1/namespaces/web/pods',
            status: 200,
            durationMs: 12,
            atMs: Date.parse('2026-01-02T03:04:05.000Z'),
            kubectlCommand: 'kubectl get pods',
            clientIp: '10.0.0.9',
          },
        ],
      },
    });
    c.send({ report: { problems: [{ grantId: 'g-1', message: 'ClusterRole "viewer" does not exist' }] } });
    await eventually(async () => {
      const audit = await admin.get(`/api/destinations/${destinationId}/audit`);
      assert.equal(audit.status, 200);
      assert.deepEqual(
        audit.body.items.map((e: { requestID: string }) => e.requestID),
        ['req-1'],
      );
      assert.equal(audit.body.items[0].at, '2026-01-02T03:04:05.000Z');
      assert.equal(audit.body.items[0].kubectlCommand, 'kubectl get pods');
    });
    await eventually(async () => {
      const problems = (await admin.get(`/api/destinations/${destinationId}/problems`)).body;
      assert.deepEqual(problems.problems, [{ grantID: 'g-1', message: 'ClusterRole "viewer" does not exist' }]);
      assert.ok(problems.reportedAt);
    });
    assert.equal((await alice.client.get(`/api/destinations/${destinationId}/audit`)).status, 403);
    assert.equal((await admin.get('/api/destinations/00000000-0000-4000-8000-000000000000/problems')).status, 404);
  });

  it('a destination nothing was heard from for too long is swept to disconnected', async () => {
    const c = dial(connectorKey);
    await c.attached();
    const connectors = server.running().app.get(ConnectorsService);
    assert.equal(await connectors.disconnectSilent(new Date(Date.now() - 3_600_000)), 0);
    assert.ok((await connectors.disconnectSilent(new Date(Date.now() + 1000))) >= 1);
    assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, false);
    c.send({ heartbeat: { sentAtMs: Date.now() } });
    await eventually(async () =>
      assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, true),
    );
  });

  it('stopping the server ends attached streams as UNAVAILABLE and leaves them disconnected', async () => {
    const c = dial(connectorKey);
    await c.attached();
    await server.restart();
    const ended = await c.endsBecause('the server is shutting down', 30_000);
    assert.equal(ended.code, status.UNAVAILABLE);
    assert.match(ended.details, /shutting down/);
    const afterRestart = new TestClient(server.url, server.adminKey);
    assert.equal((await afterRestart.get(`/api/destinations/${destinationId}`)).body.connected, false);
  });
});
