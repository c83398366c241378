// What the proxy does with requests it lets through: impersonation, streaming, upgrades, and closing them when
// access goes away.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { aChange, aGroup } from '../testing/fakes.js';
import { ProxyHarness, alice, assertStatus, bob, closed, readLines } from '../testing/proxy-harness.js';
import { within } from '../testing/deadline.js';
import { StubKube, headerValues } from '../testing/stub-kube.js';
import { generateServingCert } from '../tls.js';
import { Upstream } from './upstream.js';

const wholeSecondAfter = (ms: number) => Math.ceil(ms / 1000) * 1000;

describe('kubectl proxy: forwarding', function () {
  this.timeout(60_000);
  let h: ProxyHarness;
  before(async () => (h = await ProxyHarness.create()));
  after(async () => h.stop());
  beforeEach(async () => h.reset());

  const revokeBobsCredential = () =>
    h.state.applyChange(
      aChange(2, {
        change: 'revocation',
        revocation: { credentialId: 'cred-1', userId: bob.id, revokedAtMs: h.clock.now(), untilMs: 0 },
      }),
    );

  it('a granted user reaches the API server as themselves, with only the connector credentials', async () => {
    const reply = await h.asBob('/api/v1/namespaces/default/pods?limit=500&labelSelector=a%3Db', {
      'Kubectl-Command': 'kubectl get',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.warning, '299 - "stub says hi"');
    const [seen] = h.kube.seen;
    assert.equal(seen.url, '/api/v1/namespaces/default/pods?limit=500&labelSelector=a%3Db');
    assert.deepEqual(headerValues(seen, 'authorization'), ['Bearer connector-sa']);
    assert.deepEqual(headerValues(seen, 'impersonate-user'), ['bob@example.com']);
    assert.deepEqual(headerValues(seen, 'impersonate-uid'), [bob.id]);
    assert.deepEqual(headerValues(seen, 'impersonate-group'), []);
    assert.equal(headerValues(seen, 'impersonate-extra-infra-request-id').length, 1);
    assert.deepEqual(headerValues(seen, 'kubectl-command'), ['kubectl get']);
    assert.deepEqual(
      h.audit.map((e) => [e.user, e.verb, e.path, e.status, e.kubectlCommand]),
      [['bob@example.com', 'list', '/api/v1/namespaces/default/pods', 200, 'kubectl get']],
    );
    assert.equal(h.audit[0].requestId, headerValues(seen, 'impersonate-extra-infra-request-id')[0]);
  });

  it('a user granted through groups gets one Impersonate-Group per group, commas intact', async () => {
    assert.equal(
      (await h.call('/api/v1/namespaces/web/pods', { Authorization: `Bearer ${await h.tokenFor(alice)}` })).status,
      200,
    );
    assert.deepEqual(headerValues(h.kube.seen[0], 'impersonate-group'), ['dev', 'ops, with comma']);
  });

  it('an unreachable API server gives a 502 Status for requests and for upgrades', async () => {
    await h.useUpstream(
      new Upstream(new URL('https://127.0.0.1:1'), { rejectUnauthorized: false }, async () => undefined),
    );
    assertStatus(await h.asBob('/api/v1/pods'), 502, /could not be reached/);
    assert.equal((await h.refusedUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor())).status, 502);
  });

  it("verifies the API server's certificate against the configured CA", async () => {
    const wrongCa = await generateServingCert([]);
    await h.useUpstream(
      new Upstream(
        new URL(h.kube.url),
        { ca: Buffer.from(wrongCa.caPem), rejectUnauthorized: true },
        async () => 'Bearer connector-sa',
      ),
    );
    assertStatus(await h.asBob('/api/v1/pods'), 502, /could not be reached/);
    assert.equal((await h.refusedUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor())).status, 502);
    assert.equal(h.kube.seen.length, 0);
  });

  it('reaches an API server at an IPv6 address, with a valid Host header', async function () {
    let v6: StubKube;
    try {
      v6 = await StubKube.start('::1');
    } catch {
      this.skip(); // this machine has no IPv6 loopback
    }
    try {
      await h.useUpstream(
        new Upstream(
          new URL(v6.url),
          { ca: Buffer.from(v6.caPem), rejectUnauthorized: true },
          async () => 'Bearer connector-sa',
        ),
      );
      assert.equal((await h.asBob('/api/v1/pods')).status, 200);
      assert.deepEqual(headerValues(v6.seen[0], 'host'), [new URL(v6.url).host]);
      const { socket } = await h.spdyUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor());
      socket.destroy();
    } finally {
      await v6.stop();
    }
  });

  it('a watch streams events as they come, without buffering', async () => {
    const { req, res } = await h.watch(await h.tokenFor());
    assert.equal(res.statusCode, 200);
    const lines = readLines(res);
    assert.match(await lines.next(), /"first"/);
    h.kube.watches.at(-1)?.write(JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'second' } } }) + '\n');
    assert.match(await lines.next(), /"second"/);
    req.destroy();
  });

  it('a WebSocket upgrade passes through with the chosen subprotocol', async () => {
    const ws = h.webSocket('/api/v1/namespaces/default/pods/web/exec?command=sh', await h.tokenFor());
    await once(ws, 'open');
    assert.equal(ws.protocol, 'v5.channel.k8s.io');
    ws.send(Buffer.from([0, 104, 105]));
    const [data] = (await within('the exec echoing over the WebSocket', once(ws, 'message'))) as [Buffer];
    assert.deepEqual([...data], [0, 104, 105]);
    assert.deepEqual(headerValues(h.kube.seen[0], 'impersonate-user'), ['bob@example.com']);
    assert.deepEqual(headerValues(h.kube.seen[0], 'authorization'), ['Bearer connector-sa']);
    ws.close();
  });

  it('a SPDY-style POST upgrade passes through with every protocol version header', async () => {
    const { socket, res } = await h.spdyUpgrade(
      '/api/v1/namespaces/default/pods/web/exec?command=sh',
      await h.tokenFor(),
    );
    assert.equal(res.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
    assert.equal(headerValues(h.kube.seen[0], 'x-stream-protocol-version').length, 5);
    socket.write('ping');
    const [echo] = (await within('the exec echoing over SPDY', once(socket, 'data'))) as [Buffer];
    assert.equal(echo.toString(), 'ping');
    socket.destroy();
  });

  it('an upgrade the API server refuses comes back as a real 403, so kubectl can show it', async () => {
    const res = await h.refusedUpgrade('/api/v1/namespaces/default/pods/denied/exec', await h.tokenFor());
    assert.equal(res.status, 403);
    assert.match(res.body, /pods \\"denied\\" is forbidden/);
  });

  it('revoking a credential ends its open watch with an ERROR event carrying a 401 Status, and closes its exec stream', async () => {
    const t = await h.tokenFor();
    const { res } = await h.watch(t);
    const lines = readLines(res);
    assert.equal(JSON.parse(await lines.next()).type, 'ADDED');
    const ws = h.webSocket('/api/v1/namespaces/default/pods/web/exec', t);
    await once(ws, 'open');
    const wsClosed = closed(ws);
    const watchEnded = once(res, 'end');
    revokeBobsCredential();
    const event = JSON.parse(await within('the ERROR event', lines.next(), 2_000));
    assert.deepEqual(event, {
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'your credential for production was revoked; run `infra login` again',
        reason: 'Unauthorized',
        code: 401,
      },
    });
    await within('the watch to end', watchEnded, 2_000);
    await within('the exec stream to close', wsClosed, 2_000);
    assert.equal(h.proxy.sessions.size, 0);
  });

  it("closes a watch and an exec stream at the token's exp, with a 401 saying it expired", async () => {
    // The proxy's timer runs on real time and checks the (fake) clock: a token 2 s from expiry (exp is in seconds).
    const expMs = wholeSecondAfter(h.clock.now() + 2_000);
    const t = await h.tokenFor(bob, { expMs });
    const { res } = await h.watch(t);
    const lines = readLines(res);
    await lines.next();
    const ws = h.webSocket('/api/v1/namespaces/default/pods/web/exec?command=sh', t);
    await once(ws, 'open');
    const wsClosing = once(ws, 'close') as Promise<[number, Buffer]>;
    h.clock.advance(expMs - h.clock.now()); // exactly exp
    const event = JSON.parse(await within('the ERROR event at exp', lines.next(), 4_000));
    assert.equal(event.type, 'ERROR');
    assert.equal(event.object.code, 401);
    assert.match(event.object.message, /your token for production expired/);
    const [, reason] = await within('the exec stream to close at exp', wsClosing, 4_000);
    assert.match(reason.toString(), /your token for production expired/);
  });

  it("keeps a stream open until the token's exp (not a moment before)", async () => {
    const expMs = wholeSecondAfter(h.clock.now() + 1_000);
    const t = await h.tokenFor(bob, { expMs });
    const { res } = await h.watch(t);
    let ended = false;
    res.once('close', () => (ended = true));
    h.clock.advance(expMs - 1 - h.clock.now()); // 1 ms short of exp
    await new Promise((r) => setTimeout(r, 1_300)); // the timer fired meanwhile
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ended, false, 'closed before exp');
    assert.equal(h.proxy.sessions.size, 1);
    res.destroy();
  });

  for (const { cause, cut, message, status } of [
    {
      cause: 'access was removed',
      cut: () => h.state.applyChange(aChange(2, { change: 'grantRemoved', grantRemoved: h.bobsGrant.id })),
      message: 'your access to production was removed; ask an Infra admin for a grant',
      status: 403,
    },
    {
      cause: 'the credential was revoked',
      cut: revokeBobsCredential,
      message: 'your credential for production was revoked; run `infra login` again',
      status: 401,
    },
  ]) {
    it(`an exec over WebSocket cut because ${cause} is told why (${status}) on the error channel, then closed normally`, async () => {
      const ws = h.webSocket('/api/v1/namespaces/default/pods/web/exec?command=sh', await h.tokenFor());
      await once(ws, 'open');
      ws.send(Buffer.from([1, 104, 105])); // an echoed frame first, so the cut comes after some of the API server's output
      await within('the exec echoing before the cut', once(ws, 'message'));
      const messages: Buffer[] = [];
      ws.on('message', (data: Buffer) => messages.push(data));
      const closing = within(`the exec closing because ${cause}`, once(ws, 'close') as Promise<[number, Buffer]>);
      cut();
      const [code, reason] = await closing;
      assert.equal(code, 1000);
      assert.equal(reason.toString(), message);
      assert.equal(messages.length, 1);
      assert.equal(messages[0][0], 3);
      assert.deepEqual(JSON.parse(messages[0].subarray(1).toString()), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason: status === 401 ? 'Unauthorized' : 'Forbidden',
        code: status,
      });
    });
  }

  it("removing a user's last grant closes their streams; other users keep theirs", async () => {
    const { socket: bobs } = await h.spdyUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor());
    const { socket: alices } = await h.spdyUpgrade('/api/v1/namespaces/web/pods/web/exec', await h.tokenFor(alice));
    const bobsClosed = closed(bobs, "removing bob's last grant closing his exec");
    h.state.applyChange(aChange(2, { change: 'grantRemoved', grantRemoved: h.bobsGrant.id }));
    await bobsClosed;
    alices.write('still here');
    const [echo] = (await within("alice's exec still echoing after bob lost his grant", once(alices, 'data'))) as [
      Buffer,
    ];
    assert.equal(echo.toString(), 'still here');
    alices.destroy();
  });

  it('losing a group closes the streams opened with it; gaining one does not', async () => {
    const { socket } = await h.spdyUpgrade('/api/v1/namespaces/web/pods/web/exec', await h.tokenFor(alice));
    h.state.applyChange(aChange(2, { change: 'groupUpserted', groupUpserted: aGroup('new', 'g-new') }));
    h.state.applyChange(
      aChange(3, { change: 'userUpserted', userUpserted: { ...alice, groupIds: [...alice.groupIds, 'g-new'] } }),
    );
    assert.equal(h.proxy.sessions.size, 1);
    const socketClosed = closed(socket, 'losing group dev closing the exec opened with it');
    h.state.applyChange(
      aChange(4, { change: 'userUpserted', userUpserted: { ...alice, groupIds: ['g-dev', 'g-new'] } }),
    );
    await socketClosed;
  });

  it('an expired grant closes the streams it allowed once the sweep notices', async () => {
    h.state.applyChange(
      aChange(2, { change: 'grantUpserted', grantUpserted: { ...h.bobsGrant, expiresAtMs: h.clock.now() + 60_000 } }),
    );
    const { socket } = await h.spdyUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor());
    const socketClosed = closed(socket, 'the sweep closing a stream whose grant expired');
    h.clock.advance(60_000);
    h.state.sweep();
    await socketClosed;
  });
});
