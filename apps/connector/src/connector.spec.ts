import assert from 'node:assert/strict';
import https from 'node:https';
import { grantBindingName } from '@infra/access';
import { startConnector, type RunningConnector } from './connector.js';
import { silentLogger } from './log.js';
import { FakeRbac } from './testing/fake-rbac.js';
import { FakeConnectorServer } from './testing/fake-server.js';
import { TestSigner, aChange, aGrant, aUser, eventually } from './testing/fakes.js';
import { kubeConfigFor } from './testing/kubeconfig.js';
import { StubKube, headerValues } from './testing/stub-kube.js';
import { systemClock } from './clock.js';

describe('a whole connector against a fake server and a stub cluster', function () {
  this.timeout(60_000);
  let server: FakeConnectorServer;
  let kube: StubKube;
  let connector: RunningConnector;
  let rbac: FakeRbac;

  before(async () => {
    server = new FakeConnectorServer();
    await server.start();
    kube = await StubKube.start();
  });
  after(async () => {
    await connector?.stop();
    await server.stop();
    await kube.stop();
  });

  it('registers, renders pushed grants, lets the granted user through and audits the request', async () => {
    const signer = await TestSigner.create();
    const bob = aUser('bob@example.com');
    const grant = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    server.onRegister = (s, reg) => {
      s.call.write({ registered: { destinationId: 'd-1', destination: reg.destination } });
      s.call.write({ snapshot: { sequence: 3, users: [bob], grants: [grant], signingKeys: [signer.signingKey] } });
    };
    rbac = new FakeRbac();
    connector = await startConnector(
      {
        server: { address: server.address, tls: { insecure: true } },
        accessKey: 'kid.secret',
        destination: 'production',
        proxy: { host: '127.0.0.1', port: 0 },
        health: { host: '127.0.0.1', port: 0 },
        kube: kubeConfigFor(kube.url, kube.caPem, 'connector-sa'),
        resyncIntervalMs: 60_000,
        heartbeatMs: 1_000,
      },
      { logger: silentLogger, rbac, watchNamespaces: false, auditFlushMs: 10 },
    );
    const reg = await server.waitFor((m) => m.msg === 'register');
    assert.equal(reg.register?.proxyUrl, connector.proxyUrl);
    assert.match(reg.register?.proxyCaPem ?? '', /BEGIN CERTIFICATE/);
    await server.waitFor((m) => m.msg === 'ack');
    const ready = await fetch(`${connector.healthUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.match(await (await fetch(`${connector.healthUrl}/metrics`)).text(), /^infra_connector_state_sequence 3$/m);
    await eventually(() => [...rbac.objects.values()].some((b) => b.name === grantBindingName(grant.id)));

    const token = await signer.token(bob, { aud: 'production', clock: systemClock });
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(
          `${connector.proxyUrl}/api/v1/namespaces`,
          { ca: connector.caPem, headers: { Authorization: `Bearer ${token}`, 'Kubectl-Command': 'kubectl get' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        )
        .on('error', reject);
    });
    assert.equal(status, 200);
    assert.deepEqual(headerValues(kube.seen.at(-1)!, 'impersonate-user'), ['bob@example.com']);
    const audit = await server.waitFor((m) => m.msg === 'audit');
    assert.deepEqual(
      audit.audit?.events.map((e) => [e.user, e.verb, e.path, e.status, e.kubectlCommand]),
      [['bob@example.com', 'list', '/api/v1/namespaces', 200, 'kubectl get']],
    );
    const metrics = await (await fetch(`${connector.healthUrl}/metrics`)).text();
    assert.match(metrics, /^infra_connector_proxy_requests_total\{code="200"\} 1$/m);
    assert.match(metrics, /^infra_connector_stream_registered 1$/m);
    assert.match(metrics, /^infra_process_resident_memory_bytes \d+$/m);
  });

  it('renders a grant pushed later without being asked, and removes it when the grant goes', async () => {
    const later = aGrant({ userId: 'u-bob@example.com', resource: 'production.default', privilege: 'edit' });
    server.current!.call.write({ change: aChange(4, { change: 'grantUpserted', grantUpserted: later }) });
    await eventually(() => rbac.objects.has(`RoleBinding/default/${grantBindingName(later.id)}`));
    server.current!.call.write({ change: aChange(5, { change: 'grantRemoved', grantRemoved: later.id }) });
    await eventually(() => !rbac.objects.has(`RoleBinding/default/${grantBindingName(later.id)}`));
  });

  it('starts while the server is unreachable, and says it is not ready', async () => {
    const lonely = await startConnector(
      {
        server: { address: '127.0.0.1:1', tls: { insecure: false, fingerprint: 'AA'.repeat(32) } },
        accessKey: 'kid.secret',
        destination: 'production',
        proxy: { host: '127.0.0.1', port: 0 },
        health: { host: '127.0.0.1', port: 0 },
        kube: kubeConfigFor(kube.url, kube.caPem, 'connector-sa'),
        resyncIntervalMs: 60_000,
        heartbeatMs: 1_000,
      },
      { logger: silentLogger, rbac: new FakeRbac(), watchNamespaces: false, backoff: { initialMs: 10, maxMs: 100 } },
    );
    try {
      assert.equal((await fetch(`${lonely.healthUrl}/readyz`)).status, 503);
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${lonely.proxyUrl}/api`, { ca: lonely.caPem }, (res) => resolve(res.statusCode ?? 0))
          .on('error', reject);
      });
      assert.equal(status, 503);
    } finally {
      await lonely.stop();
    }
  });
});
