// Real kubectl → connector proxy → Kubernetes API test server, with grants pushed by a fake control server and
// rendered by the real reconciler, so Kubernetes RBAC (not the proxy) decides what a granted user may do.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from './clock.js';
import { startConnector, type RunningConnector } from './connector.js';
import { silentLogger } from './log.js';
import { FakeConnectorServer } from './testing/fake-server.js';
import { TestSigner, aChange, aGrant, aGroup, aUser } from './testing/fakes.js';
import { kubeConfigFor, writeKubeconfigFile } from './testing/kubeconfig.js';
import { kubectlRunner, startKubeTestServer, type KubeTestServer, type KubectlOptions, type KubectlResult } from './testing/kube-test-server.js';

const bob = aUser('bob@example.com');
const alice = aUser('alice@example.com', ['g-dev']);
const carol = aUser('carol@example.com');
const dev = aGroup('dev');

describe('kubectl through the connector (Kubernetes API test server)', function () {
  this.timeout(120_000);
  let kube: KubeTestServer;
  let server: FakeConnectorServer;
  let connector: RunningConnector;
  let signer: TestSigner;
  let dir: string;
  let run: (args: string[], opts: KubectlOptions) => Promise<KubectlResult>;
  let spawn: Awaited<ReturnType<typeof kubectlRunner>>['spawnKubectl'];
  const bobsGrant = aGrant({ userId: bob.id, resource: 'production.web', privilege: 'view' });
  let seq = 10;

  before(async () => {
    ({ kubectl: run, spawnKubectl: spawn } = await kubectlRunner());
    dir = mkdtempSync(join(tmpdir(), 'connector-kubectl-'));
    kube = await startKubeTestServer(['web']);
    kube.addPod({ name: 'web-1', namespace: 'web' });
    signer = await TestSigner.create();
    server = new FakeConnectorServer();
    server.onRegister = (s, reg) => {
      s.call.write({ registered: { destinationId: 'd-1', destination: reg.destination } });
      s.call.write({
        snapshot: {
          sequence: seq,
          users: [bob, alice, carol],
          groups: [dev],
          grants: [bobsGrant, aGrant({ groupId: dev.id, resource: 'production', privilege: 'edit' })],
          signingKeys: [signer.signingKey],
        },
      });
    };
    await server.start();
    connector = await startConnector(
      {
        server: { address: server.address, tls: { insecure: true } },
        accessKey: 'kid.secret',
        destination: 'production',
        proxy: { host: '127.0.0.1', port: 0 },
        kube: kubeConfigFor(kube.url, kube.caPem, kube.adminToken),
        resyncIntervalMs: 60_000,
        heartbeatMs: 1_000,
      },
      { logger: silentLogger, auditFlushMs: 10 },
    );
    await server.waitFor((m) => m.msg === 'ack');
    await connector.reconciler.reconcile();
  });
  after(async () => {
    await connector?.stop();
    await server?.stop();
    await kube?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function kubeconfigFor(user: typeof bob, sid?: string): Promise<string> {
    const token = await signer.token(user, { aud: 'production', clock: systemClock, sid });
    const path = join(dir, `${user.id}-${Math.random().toString(36).slice(2)}.kubeconfig`);
    return writeKubeconfigFile(path, { server: connector.proxyUrl, caPem: connector.caPem, token, namespace: 'web' });
  }

  it("reports the cluster's namespaces, and new ones as they appear", async () => {
    const names = (m: { register?: { namespaces: string[] } | null; namespaces?: { namespaces: string[] } | null }) =>
      m.register?.namespaces ?? m.namespaces?.namespaces ?? [];
    await server.waitFor((m) => names(m).includes('web'));
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'added-later' } });
    await server.waitFor((m) => names(m).includes('added-later'));
  });

  it('a granted user lists pods, as themselves', async () => {
    const r = await run(['get', 'pods', '-o', 'name'], { kubeconfig: await kubeconfigFor(bob) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod\/web-1/);
    const seen = kube.requests.filter((q) => q.path === '/api/v1/namespaces/web/pods').at(-1);
    assert.equal(seen?.user, 'bob@example.com');
    assert.ok(seen?.impersonatedBy, 'the connector impersonated the user');
    assert.equal(seen?.extra?.['infra-request-id']?.length, 1);
  });

  it('Kubernetes RBAC decides within the grant: view may not delete, and can-i says so', async () => {
    const kubeconfig = await kubeconfigFor(bob);
    const del = await run(['delete', 'pod', 'web-1'], { kubeconfig });
    assert.notEqual(del.code, 0);
    assert.match(del.stderr, /Forbidden/);
    const canI = await run(['auth', 'can-i', 'delete', 'pods'], { kubeconfig });
    assert.equal(canI.stdout.trim(), 'no');
    const other = await run(['get', 'pods', '-n', 'default'], { kubeconfig });
    assert.match(other.stderr, /Forbidden/);
  });

  it('kubectl auth whoami shows the Infra user and groups, not the connector', async () => {
    const r = await run(['auth', 'whoami'], { kubeconfig: await kubeconfigFor(alice) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Username\s+alice@example.com/);
    assert.match(r.stdout, /Groups\s+\[dev system:authenticated\]/);
  });

  it('a user granted through a group acts with that group', async () => {
    const r = await run(['auth', 'can-i', 'create', 'configmaps', '-n', 'default'], { kubeconfig: await kubeconfigFor(alice) });
    assert.equal(r.stdout.trim(), 'yes', r.stderr);
    const seen = kube.requests.filter((q) => q.user === 'alice@example.com').at(-1);
    assert.ok(seen?.groups.includes('dev'));
  });

  it('an ungranted user is told how to get access', async () => {
    const r = await run(['get', 'pods'], { kubeconfig: await kubeconfigFor(carol) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /carol@example.com has no grant on production/);
  });

  it('kubectl --as is refused', async () => {
    const r = await run(['get', 'pods', '--as', 'system:admin'], { kubeconfig: await kubeconfigFor(bob) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /impersonation through Infra is not allowed/);
  });

  it('get -w streams, and removing the grant ends the watch', async () => {
    const watch = spawn(['get', 'pods', '-w', '-o', 'name'], { kubeconfig: await kubeconfigFor(bob) });
    try {
      await watch.waitFor(/pod\/web-1/);
      kube.addPod({ name: 'web-2', namespace: 'web' });
      await watch.waitFor(/pod\/web-2/);
      server.current!.call.write({ change: aChange(++seq, { change: 'grantRemoved', grantRemoved: bobsGrant.id }) });
      const result = await watch.exited;
      assert.notEqual(result.stdout, '');
    } finally {
      await watch.stop();
      server.current!.call.write({ change: aChange(++seq, { change: 'grantUpserted', grantUpserted: bobsGrant }) });
    }
  });

  it('logs -f streams lines as the container writes them', async () => {
    kube.appendLog('web', 'web-1', 'line one\n');
    const logs = spawn(['logs', '-f', 'web-1'], { kubeconfig: await kubeconfigFor(bob) });
    try {
      await logs.waitFor(/line one/);
      kube.appendLog('web', 'web-1', 'line two\n');
      await logs.waitFor(/line two/);
    } finally {
      await logs.stop();
    }
  });

  for (const [protocol, env] of [
    ['WebSocket', {}],
    ['SPDY', { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ] as const) {
    it(`exec over ${protocol} passes stdin, stdout and the exit code through`, async () => {
      const kubeconfig = await kubeconfigFor(alice);
      const echo = await run(['exec', 'web-1', '--', 'echo', 'hello'], { kubeconfig, env });
      assert.equal(echo.code, 0, echo.stderr);
      assert.equal(echo.stdout, 'hello\n');
      const cat = await run(['exec', '-i', 'web-1', '--', 'cat'], { kubeconfig, env, input: 'from stdin' });
      assert.equal(cat.stdout, 'from stdin');
      const failing = await run(['exec', 'web-1', '--', 'sh', '-c', 'exit 3'], { kubeconfig, env });
      assert.equal(failing.code, 3);
    });

    it(`port-forward over ${protocol} carries bytes both ways`, async () => {
      const pf = spawn(['port-forward', 'pod/web-1', ':8080'], { kubeconfig: await kubeconfigFor(alice), env });
      try {
        const line = await pf.waitFor(/127\.0\.0\.1:\d+ -> 8080/);
        const port = Number(/:(\d+) ->/.exec(line)![1]);
        const sock = connect(port, '127.0.0.1');
        await once(sock, 'connect');
        sock.write('ping through the tunnel');
        const [echoed] = (await once(sock, 'data')) as [Buffer];
        assert.equal(echoed.toString(), 'ping through the tunnel');
        sock.destroy();
      } finally {
        await pf.stop();
      }
    });
  }

  it('a view grant does not allow exec: Kubernetes says Forbidden', async () => {
    const r = await run(['exec', 'web-1', '--', 'echo', 'hi'], { kubeconfig: await kubeconfigFor(bob) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Forbidden/);
  });

  it('revoking the credential ends an open exec session', async () => {
    const sid = 'alice-session';
    const kubeconfig = await kubeconfigFor(alice, sid);
    const session = spawn(['exec', '-i', 'web-1', '--', 'cat'], { kubeconfig });
    try {
      session.write('first line\n');
      await session.waitFor(/first line/);
      server.current!.call.write({
        change: aChange(++seq, { change: 'revocation', revocation: { credentialId: sid, userId: alice.id, revokedAtMs: Date.now() + 1000, untilMs: 0 } }),
      });
      const result = await session.exited;
      assert.notEqual(result.code, 0);
    } finally {
      await session.stop();
    }
  });
});
