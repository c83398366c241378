import assert from 'node:assert/strict';
import https from 'node:https';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { silentLogger } from '../log.js';
import { ConnectorState } from '../state/connector-state.js';
import { FakeClock, TestSigner, aChange, aGrant, aGroup, aSnapshot, aUser } from '../testing/fakes.js';
import { StubKube, headerValues } from '../testing/stub-kube.js';
import { generateServingCert, type ServingCert } from '../tls.js';
import type { AuditEvent } from './audit.js';
import { KubeProxy } from './kube-proxy.js';
import { Upstream } from './upstream.js';

const DEST = 'production';
const alice = aUser('alice@example.com', ['g-dev', 'g-ops']);
const bob = aUser('bob@example.com');
const carol = aUser('carol@example.com');
const groups = [aGroup('dev'), aGroup('ops, with comma', 'g-ops')];

interface Reply {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
}

describe('kubectl proxy', function () {
  this.timeout(60_000);
  let kube: StubKube;
  let cert: ServingCert;
  let signer: TestSigner;
  let clock: FakeClock;
  let state: ConnectorState;
  let proxy: KubeProxy;
  let proxyUrl: string;
  let audit: AuditEvent[];
  let bobsGrant: ReturnType<typeof aGrant>;

  before(async () => {
    kube = await StubKube.start();
    cert = await generateServingCert([]);
    signer = await TestSigner.create();
  });
  after(async () => kube.stop());

  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    state = new ConnectorState(DEST, clock);
    bobsGrant = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    state.applySnapshot(
      aSnapshot({
        sequence: 1,
        users: [alice, bob, carol],
        groups,
        grants: [aGrant({ groupId: 'g-dev', resource: 'production.web', privilege: 'edit' }), bobsGrant],
        signingKeys: [signer.signingKey],
      }),
    );
    audit = [];
    const upstream = new Upstream(new URL(kube.url), { ca: Buffer.from(kube.caPem), rejectUnauthorized: true }, async () => 'Bearer connector-sa');
    proxy = new KubeProxy({ state, clock, upstream, tls: cert, audit: (e) => audit.push(e), logger: silentLogger });
    proxyUrl = await proxy.listen('127.0.0.1', 0);
    kube.seen.length = 0;
  });
  afterEach(async () => proxy.close());

  const tokenFor = (user = bob, opts: Partial<Parameters<TestSigner['token']>[1]> = {}) =>
    signer.token(user, { aud: DEST, clock, ...opts });

  function call(path: string, headers: Record<string, string | string[]> = {}, method = 'GET'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = https.request(`${proxyUrl}${path}`, { method, headers, ca: cert.caPem, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function asBob(path: string, extra: Record<string, string | string[]> = {}): Promise<Reply> {
    return call(path, { Authorization: `Bearer ${await tokenFor()}`, ...extra });
  }

  function assertStatus(reply: Reply, code: number, message: RegExp): void {
    assert.equal(reply.status, code, reply.body);
    const status = JSON.parse(reply.body) as { kind: string; code: number; message: string };
    assert.equal(status.kind, 'Status');
    assert.equal(status.code, code);
    assert.match(status.message, message);
  }

  describe('refuses smuggled or bad credentials', () => {
    it('a client Impersonate-User header gets 403 and never reaches the API server', async () => {
      assertStatus(await asBob('/api/v1/pods', { 'Impersonate-User': 'admin' }), 403, /impersonation through Infra is not allowed/);
      assertStatus(await asBob('/api/v1/pods', { 'impersonate-extra-scopes': 'x' }), 403, /impersonation/);
      assertStatus(await asBob('/api/v1/pods', { 'IMPERSONATE-GROUP': 'system:masters' }), 403, /impersonation/);
      assert.equal(kube.seen.length, 0);
    });

    it('a request without a token gets 401', async () => {
      assertStatus(await call('/api/v1/pods'), 401, /no bearer token/);
    });

    it('a token for another destination gets 401', async () => {
      const t = await tokenFor(bob, { aud: 'staging' });
      assertStatus(await call('/api', { Authorization: `Bearer ${t}` }), 401, /Unauthorized/);
    });

    it('an expired token gets 401', async () => {
      const t = await tokenFor(bob, { iatMs: clock.now() - 600_000, expMs: clock.now() - 60_000 });
      assertStatus(await call('/api', { Authorization: `Bearer ${t}` }), 401, /expired/);
    });

    it('a token with a forged signature gets 401', async () => {
      const forger = await TestSigner.create(signer.kid);
      const t = await forger.token(bob, { aud: DEST, clock });
      assertStatus(await call('/api', { Authorization: `Bearer ${t}` }), 401, /signature/);
    });

    it('a token signed by an unknown key gets 401', async () => {
      const stranger = await TestSigner.create('someone-else');
      const t = await stranger.token(bob, { aud: DEST, clock });
      assertStatus(await call('/api', { Authorization: `Bearer ${t}` }), 401, /unknown key/);
    });

    it('a token of a revoked credential gets 401', async () => {
      const t = await tokenFor();
      state.applyChange(aChange(2, { change: 'revocation', revocation: { credentialId: 'cred-1', userId: bob.id, revokedAtMs: clock.now(), untilMs: 0 } }));
      assertStatus(await call('/api', { Authorization: `Bearer ${t}` }), 401, /revoked/);
      assert.equal(kube.seen.length, 0);
    });
  });

  it('before the first snapshot the proxy answers 503, not 401', async () => {
    const fresh = new KubeProxy({
      state: new ConnectorState(DEST, clock),
      clock,
      upstream: new Upstream(new URL(kube.url), { rejectUnauthorized: false }, async () => undefined),
      tls: cert,
      audit: () => {},
      logger: silentLogger,
    });
    const url = await fresh.listen('127.0.0.1', 0);
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        https.get(`${url}/api`, { ca: cert.caPem, agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        }).on('error', reject);
      });
      assertStatus(reply, 503, /not yet received its configuration/);
    } finally {
      await fresh.close();
    }
  });

  it('an unreachable API server gives a 502 Status for requests and for upgrades', async () => {
    await proxy.close();
    const dead = new Upstream(new URL('https://127.0.0.1:1'), { rejectUnauthorized: false }, async () => undefined);
    proxy = new KubeProxy({ state, clock, upstream: dead, tls: cert, audit: (e) => audit.push(e), logger: silentLogger });
    proxyUrl = await proxy.listen('127.0.0.1', 0);
    assertStatus(await asBob('/api/v1/pods'), 502, /could not be reached/);
    const upgrade = await refusedUpgrade('/api/v1/namespaces/default/pods/web/exec', await tokenFor());
    assert.equal(upgrade.status, 502);
  });

  it('an ungranted user gets a 403 Status that names the fix', async () => {
    const t = await tokenFor(carol);
    assertStatus(await call('/api/v1/pods', { Authorization: `Bearer ${t}` }), 403, /carol@example.com has no grant on production.*infra request production/);
    assert.equal(kube.seen.length, 0);
  });

  it("an ungranted user's discovery request gets the message as text, which kubectl's discovery client prints", async () => {
    const t = await tokenFor(carol);
    const reply = await call('/api?timeout=32s', { Authorization: `Bearer ${t}`, Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(reply.status, 403);
    assert.match(String(reply.headers['content-type']), /^text\/plain/);
    assert.match(reply.body, /^carol@example.com has no grant on production/);
  });

  it('a granted user reaches the API server as themselves, with only the connector credentials', async () => {
    const reply = await asBob('/api/v1/namespaces/default/pods?limit=500&labelSelector=a%3Db', { 'Kubectl-Command': 'kubectl get' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.warning, '299 - "stub says hi"');
    const [seen] = kube.seen;
    assert.equal(seen.url, '/api/v1/namespaces/default/pods?limit=500&labelSelector=a%3Db');
    assert.deepEqual(headerValues(seen, 'authorization'), ['Bearer connector-sa']);
    assert.deepEqual(headerValues(seen, 'impersonate-user'), ['bob@example.com']);
    assert.deepEqual(headerValues(seen, 'impersonate-group'), []);
    assert.equal(headerValues(seen, 'impersonate-extra-infra-request-id').length, 1);
    assert.deepEqual(headerValues(seen, 'kubectl-command'), ['kubectl get']);
    assert.deepEqual(
      audit.map((e) => [e.user, e.verb, e.path, e.status, e.kubectlCommand]),
      [['bob@example.com', 'list', '/api/v1/namespaces/default/pods', 200, 'kubectl get']],
    );
    assert.equal(audit[0].requestId, headerValues(seen, 'impersonate-extra-infra-request-id')[0]);
  });

  it('a grant expiring soon is announced as a Warning, which kubectl prints', async () => {
    state.applyChange(aChange(2, { change: 'grantUpserted', grantUpserted: { ...bobsGrant, expiresAtMs: clock.now() + 4 * 60_000 } }));
    const reply = await asBob('/api/v1/pods');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.warning, '299 - "your view grant on production expires in 4 minutes", 299 - "stub says hi"');
  });

  it('a user granted through groups gets one Impersonate-Group per group, commas intact', async () => {
    const t = await tokenFor(alice);
    assert.equal((await call('/api/v1/namespaces/web/pods', { Authorization: `Bearer ${t}` })).status, 200);
    assert.deepEqual(headerValues(kube.seen[0], 'impersonate-group'), ['dev', 'ops, with comma']);
  });

  it('a watch streams events as they come, without buffering', async () => {
    const t = await tokenFor();
    const req = https.request(`${proxyUrl}/api/v1/pods?watch=true`, { headers: { Authorization: `Bearer ${t}` }, ca: cert.caPem, agent: false });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    assert.equal(res.statusCode, 200);
    const lines = readLines(res);
    assert.match(await lines.next(), /"first"/);
    kube.watches.at(-1)?.write(JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'second' } } }) + '\n');
    assert.match(await lines.next(), /"second"/);
    req.destroy();
  });

  it('a WebSocket upgrade passes through with the chosen subprotocol', async () => {
    const ws = new WebSocket(`${proxyUrl.replace('https', 'wss')}/api/v1/namespaces/default/pods/web/exec?command=sh`, ['v5.channel.k8s.io'], {
      ca: cert.caPem,
      headers: { Authorization: `Bearer ${await tokenFor()}` },
    });
    await once(ws, 'open');
    assert.equal(ws.protocol, 'v5.channel.k8s.io');
    ws.send(Buffer.from([0, 104, 105]));
    const [data] = (await once(ws, 'message')) as [Buffer];
    assert.deepEqual([...data], [0, 104, 105]);
    assert.deepEqual(headerValues(kube.seen[0], 'impersonate-user'), ['bob@example.com']);
    assert.deepEqual(headerValues(kube.seen[0], 'authorization'), ['Bearer connector-sa']);
    ws.close();
  });

  it('a SPDY-style POST upgrade passes through with every protocol version header', async () => {
    const { socket, res } = await spdyUpgrade('/api/v1/namespaces/default/pods/web/exec?command=sh', await tokenFor());
    assert.equal(res.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
    assert.equal(headerValues(kube.seen[0], 'x-stream-protocol-version').length, 5);
    socket.write('ping');
    const [echo] = (await once(socket, 'data')) as [Buffer];
    assert.equal(echo.toString(), 'ping');
    socket.destroy();
  });

  it('an upgrade the API server refuses comes back as a real 403, so kubectl can show it', async () => {
    const res = await refusedUpgrade('/api/v1/namespaces/default/pods/denied/exec', await tokenFor());
    assert.equal(res.status, 403);
    assert.match(res.body, /pods \\"denied\\" is forbidden/);
  });

  it('an ungranted user gets 403 on exec', async () => {
    const res = await refusedUpgrade('/api/v1/namespaces/default/pods/web/exec', await tokenFor(carol));
    assert.equal(res.status, 403);
    assert.match(res.body, /has no grant on production/);
    assert.equal(kube.seen.length, 0);
  });

  it('revoking a credential closes its open watch and exec stream', async () => {
    const t = await tokenFor();
    const req = https.request(`${proxyUrl}/api/v1/pods?watch=true`, { headers: { Authorization: `Bearer ${t}` }, ca: cert.caPem, agent: false });
    req.on('error', () => {});
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    res.on('error', () => {});
    const ws = new WebSocket(`${proxyUrl.replace('https', 'wss')}/api/v1/namespaces/default/pods/web/exec`, ['v5.channel.k8s.io'], {
      ca: cert.caPem,
      headers: { Authorization: `Bearer ${t}` },
    });
    await once(ws, 'open');
    const watchClosed = closed(res);
    const wsClosed = closed(ws);
    state.applyChange(aChange(2, { change: 'revocation', revocation: { credentialId: 'cred-1', userId: bob.id, revokedAtMs: clock.now(), untilMs: 0 } }));
    await Promise.all([watchClosed, wsClosed]);
    assert.equal(proxy.sessions.size, 0);
  });

  it("removing a user's last grant closes their streams; other users keep theirs", async () => {
    const { socket: bobs } = await spdyUpgrade('/api/v1/namespaces/default/pods/web/exec', await tokenFor());
    const { socket: alices } = await spdyUpgrade('/api/v1/namespaces/web/pods/web/exec', await tokenFor(alice));
    const bobsClosed = closed(bobs);
    state.applyChange(aChange(2, { change: 'grantRemoved', grantRemoved: bobsGrant.id }));
    await bobsClosed;
    alices.write('still here');
    const [echo] = (await once(alices, 'data')) as [Buffer];
    assert.equal(echo.toString(), 'still here');
    alices.destroy();
  });

  it('losing a group closes the streams opened with it; gaining one does not', async () => {
    const { socket } = await spdyUpgrade('/api/v1/namespaces/web/pods/web/exec', await tokenFor(alice));
    state.applyChange(aChange(2, { change: 'groupUpserted', groupUpserted: aGroup('new', 'g-new') }));
    state.applyChange(aChange(3, { change: 'userUpserted', userUpserted: { ...alice, groupIds: [...alice.groupIds, 'g-new'] } }));
    assert.equal(proxy.sessions.size, 1);
    const socketClosed = closed(socket);
    state.applyChange(aChange(4, { change: 'userUpserted', userUpserted: { ...alice, groupIds: ['g-dev', 'g-new'] } }));
    await socketClosed;
  });

  async function refusedUpgrade(path: string, token: string): Promise<{ status: number; body: string }> {
    const ws = new WebSocket(`${proxyUrl.replace('https', 'wss')}${path}`, ['v5.channel.k8s.io'], {
      ca: cert.caPem,
      headers: { Authorization: `Bearer ${token}` },
    });
    ws.on('error', () => {});
    const [req, res] = (await once(ws, 'unexpected-response')) as [{ destroy(): void }, IncomingMessage];
    let body = '';
    for await (const chunk of res) body += String(chunk);
    req.destroy();
    return { status: res.statusCode ?? 0, body };
  }

  async function spdyUpgrade(path: string, token: string): Promise<{ socket: Duplex; res: IncomingMessage }> {
    const req = https.request(`${proxyUrl}${path}`, {
      method: 'POST',
      ca: cert.caPem,
      agent: false,
      headers: [
        'Authorization', `Bearer ${token}`,
        'Connection', 'Upgrade',
        'Upgrade', 'SPDY/3.1',
        'Content-Length', '0',
        ...['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'].flatMap((v) => ['X-Stream-Protocol-Version', v]),
      ] as unknown as Record<string, string>,
    });
    req.end();
    const [res, socket] = (await once(req, 'upgrade')) as [IncomingMessage, Duplex];
    return { socket, res };
  }
});

/** Reads newline-separated lines from a stream, one at a time. */
function readLines(stream: IncomingMessage): { next(): Promise<string> } {
  let buf = '';
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else ready.push(line);
    }
  });
  return {
    next: () => {
      const line = ready.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((r) => waiting.push(r));
    },
  };
}

/** Resolves when the stream or socket closes, whether or not it errored first. */
function closed(e: { once(event: 'close', fn: () => void): unknown; on(event: 'error', fn: () => void): unknown }): Promise<void> {
  e.on('error', () => {});
  return new Promise((resolve) => e.once('close', () => resolve()));
}
