// Real kubectl → connector proxy → Kubernetes API test server, with grants pushed by a fake control server and
// rendered by the real reconciler, so Kubernetes RBAC (not the proxy) decides what a granted user may do.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from './clock.js';
import { startConnector, type RunningConnector } from './connector.js';
import { silentLogger } from './log.js';
import { FakeConnectorServer } from './testing/fake-server.js';
import { TestSigner, aChange, aGrant, aGroup, aUser } from './testing/fakes.js';
import { kubeConfigFor, writeKubeconfigFile } from './testing/kubeconfig.js';
import { within } from './testing/deadline.js';
import { kubectl as run, spawnKubectl as spawn, startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';

const bob = aUser('bob@example.com');
const alice = aUser('alice@example.com', ['g-dev', 'g-ops']); // ops holds no grant here
const carol = aUser('carol@example.com');
const dave = aUser('dave@example.com', ['g-masters']);
const sysAdmin = aUser('system:admin', [], 'u-sysadmin'); // an id without ':' (the kubeconfig path is a KUBECONFIG list)
const dev = aGroup('dev');
const ops = aGroup('ops');
const masters = aGroup('system:masters', 'g-masters'); // an Infra group with Kubernetes' admin group's name

/** Header values of a recorded request, by name in any case. */
const headerValues = (raw: string[], name: string) =>
  raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]] : []));

describe('kubectl through the connector (Kubernetes API test server)', function () {
  this.timeout(120_000);
  let kube: KubeApiServer;
  let server: FakeConnectorServer;
  let connector: RunningConnector;
  let signer: TestSigner;
  let dir: string;
  const bobsGrant = aGrant({ userId: bob.id, resource: 'production.web', privilege: 'view' });
  let seq = 10;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'connector-kubectl-'));
    kube = await startKubeApiServer({ namespaces: ['web'] });
    kube.addPod({ name: 'web-1', namespace: 'web' });
    signer = await TestSigner.create();
    server = new FakeConnectorServer();
    server.onRegister = (s, reg) => {
      s.call.write({ registered: { destinationId: 'd-1', destination: reg.destination } });
      s.call.write({
        snapshot: {
          sequence: seq,
          users: [bob, alice, carol, dave, sysAdmin],
          groups: [dev, ops, masters],
          grants: [
            bobsGrant,
            aGrant({ groupId: dev.id, resource: 'production', privilege: 'edit' }),
            aGrant({ groupId: ops.id, resource: 'staging', privilege: 'admin' }), // another destination
            aGrant({ groupId: masters.id, resource: 'production.web', privilege: 'view' }),
            aGrant({ userId: sysAdmin.id, resource: 'production', privilege: 'view' }),
          ],
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

  async function kubeconfigFor(user: typeof bob, sid?: string, expMs?: number): Promise<string> {
    const token = await signer.token(user, { aud: 'production', clock: systemClock, sid, expMs });
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

  it('kubectl auth whoami shows the Infra user and only the groups that hold a grant here, not the connector', async () => {
    const r = await run(['auth', 'whoami'], { kubeconfig: await kubeconfigFor(alice) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Username\s+alice@example.com/);
    assert.match(r.stdout, new RegExp(`UID\\s+${alice.id}`));
    assert.match(r.stdout, /Groups\s+\[dev system:authenticated\]/); // not ops: its grant is on another destination
    const seen = kube.requests.filter((q) => q.user === 'alice@example.com').at(-1)!;
    assert.deepEqual(headerValues(seen.rawHeaders, 'impersonate-group'), ['dev']);
  });

  it('an Infra group named system:masters holding view on one namespace does not make its member cluster-admin', async () => {
    const kubeconfig = await kubeconfigFor(dave);
    const r = await run(
      ['create', 'clusterrolebinding', 'dave-admin', '--clusterrole=cluster-admin', '--user=dave@example.com'],
      { kubeconfig },
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Forbidden|dave@example.com has no grant on production/);
    assert.equal(kube.get('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'dave-admin'), undefined);
    const canI = await run(['auth', 'can-i', '*', '*', '--all-namespaces'], { kubeconfig });
    assert.notEqual(canI.stdout.trim(), 'yes', canI.stderr);
    const daves = kube.requests.filter((q) => q.user === 'dave@example.com');
    assert.equal(
      daves.filter((q) => q.groups.some((g) => g.toLowerCase() === 'system:masters')).length,
      0,
      'system:masters was impersonated',
    );
  });

  it('a user named system:… is refused', async () => {
    const r = await run(['get', 'pods'], { kubeconfig: await kubeconfigFor(sysAdmin) });
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /system:admin cannot use Kubernetes through Infra: names starting with "system:" are reserved/,
    );
    assert.equal(kube.requests.filter((q) => q.user === 'system:admin').length, 0);
  });

  it("the API server sees the proxy's own Connection: Upgrade and no X-Remote-* header, whatever the client sends", async () => {
    for (const env of [{}, { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }] as Record<string, string>[]) {
      const before = kube.requests.length;
      const r = await run(['exec', 'web-1', '--', 'echo', 'hi'], { kubeconfig: await kubeconfigFor(alice), env });
      assert.equal(r.code, 0, r.stderr);
      const execs = kube.requests.slice(before).filter((q) => q.path.endsWith('/pods/web-1/exec'));
      assert.equal(execs.length, 1);
      assert.deepEqual(headerValues(execs[0].rawHeaders, 'connection'), ['Upgrade']);
    }
    // A client asking hops to drop the impersonation headers, and claiming a front-proxy identity.
    const token = await signer.token(alice, { aud: 'production', clock: systemClock });
    const before = kube.requests.length;
    const req = https.request(`${connector.proxyUrl}/api/v1/namespaces/web/pods/web-1/exec?command=true&stdout=true`, {
      ca: connector.caPem,
      agent: false,
      headers: {
        Authorization: `Bearer ${token}`,
        Connection: 'Upgrade, Impersonate-User, Impersonate-Group, Authorization',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
        'X-Remote-User': 'admin',
        'x-remote-group': 'system:masters',
        'X-Remote-Extra-Scopes': 'all',
      },
    });
    req.on('error', () => {});
    req.end();
    const [, socket] = (await within('the upgrade', once(req, 'upgrade'), 5_000)) as [unknown, Duplex];
    socket.destroy();
    const [seen] = kube.requests.slice(before).filter((q) => q.path.endsWith('/pods/web-1/exec'));
    assert.deepEqual(headerValues(seen.rawHeaders, 'connection'), ['Upgrade']);
    assert.deepEqual(headerValues(seen.rawHeaders, 'upgrade'), ['websocket']);
    assert.deepEqual(
      seen.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase().startsWith('x-remote-')),
      [],
    );
    assert.equal(seen.user, 'alice@example.com');
    assert.deepEqual(seen.groups, ['dev', 'system:authenticated']);
  });

  it('a user granted through a group acts with that group', async () => {
    const r = await run(['auth', 'can-i', 'create', 'configmaps', '-n', 'default'], {
      kubeconfig: await kubeconfigFor(alice),
    });
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

  it('get -w streams, and removing the grant ends the watch with the reason (403)', async () => {
    const watch = spawn(['get', 'pods', '-w'], { kubeconfig: await kubeconfigFor(bob) });
    try {
      await watch.waitFor(/web-1/, 10_000);
      kube.addPod({ name: 'web-2', namespace: 'web' });
      await watch.waitFor(/web-2/, 10_000);
      server.current!.call.write({ change: aChange(++seq, { change: 'grantRemoved', grantRemoved: bobsGrant.id }) });
      const result = await within('kubectl get -w to end after the grant was removed', watch.exited, 5_000);
      // kubectl prints the watch's ERROR event as a Status table; `get -w` exits 0 however its watch ends.
      assert.match(
        result.stdout,
        /Failure\s+Forbidden\s+your access to production was removed; ask an Infra admin for a grant/,
      );
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

  it('kubectl 1.32 (WebSocket exec with SPDY fallback) works the same', async () => {
    const kubeconfig = await kubeconfigFor(alice);
    const exec = await run(['exec', 'web-1', '--', 'echo', 'from 1.32'], { kubeconfig, version: 'v32' });
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout, 'from 1.32\n');
    const denied = await run(['exec', 'web-1', '--', 'echo', 'hi'], {
      kubeconfig: await kubeconfigFor(bob),
      version: 'v32',
    });
    assert.match(denied.stderr, /Forbidden/);
  });

  it('a view grant does not allow exec: Kubernetes says Forbidden', async () => {
    const r = await run(['exec', 'web-1', '--', 'echo', 'hi'], { kubeconfig: await kubeconfigFor(bob) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Forbidden/);
  });

  for (const version of ['v35', 'v32'] as const) {
    it(`revoking the credential ends an open exec session, and kubectl ${version} says why`, async () => {
      const sid = `alice-session-${version}`;
      const kubeconfig = await kubeconfigFor(alice, sid);
      const session = spawn(['exec', '-i', 'web-1', '--', 'cat'], { kubeconfig, version });
      try {
        session.write('first line\n');
        await session.waitFor(/first line/, 10_000);
        server.current!.call.write({
          change: aChange(++seq, {
            change: 'revocation',
            revocation: { credentialId: sid, userId: alice.id, revokedAtMs: Date.now() + 1000, untilMs: 0 },
          }),
        });
        const result = await within('kubectl exec to end after the revocation', session.exited, 5_000);
        assert.match(result.stderr, /your credential for production was revoked; run `infra login` again/);
        assert.notEqual(result.code, 0);
      } finally {
        await session.stop();
      }
    });

    it(`revoking the credential ends an open watch with the reason (401), as kubectl ${version} prints it`, async () => {
      const sid = `bob-watch-session-${version}`;
      const watch = spawn(['get', 'pods', '-w'], { kubeconfig: await kubeconfigFor(bob, sid), version });
      try {
        await watch.waitFor(/web-1/, 10_000);
        kube.addPod({ name: `web-3-${version}`, namespace: 'web' });
        await watch.waitFor(new RegExp(`web-3-${version}`), 10_000); // the watch is open
        server.current!.call.write({
          change: aChange(++seq, {
            change: 'revocation',
            revocation: { credentialId: sid, userId: bob.id, revokedAtMs: Date.now() + 1000, untilMs: 0 },
          }),
        });
        const result = await within('kubectl get -w to end after the revocation', watch.exited, 5_000);
        assert.match(
          result.stdout,
          /Failure\s+Unauthorized\s+your credential for production was revoked; run `infra login` again/,
        );
      } finally {
        await watch.stop();
      }
    });
  }

  it("an exec session ends at its token's expiry, and kubectl says why", async () => {
    const expMs = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
    const session = spawn(['exec', '-i', 'web-1', '--', 'cat'], {
      kubeconfig: await kubeconfigFor(alice, 'alice-short', expMs),
    });
    try {
      session.write('before expiry\n');
      await session.waitFor(/before expiry/, 3_000);
      const result = await within(
        'kubectl exec to end at the token expiry',
        session.exited,
        expMs - Date.now() + 3_000,
      );
      assert.ok(Date.now() >= expMs, 'ended before the token expired');
      assert.match(result.stderr, /your token for production expired/);
    } finally {
      await session.stop();
    }
  });
});
