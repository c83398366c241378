import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { rawRequest, useKubeServer } from './testing.js';
import { startKubeApiServer, type KubeApiServer } from './server.js';

/** Opens a WebSocket exec and resolves with the HTTP status of the handshake (101 when it opened). */
function websocketExecStatus(server: KubeApiServer, token: string): Promise<number> {
  const url = `${server.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
      ca: server.caPem,
      headers: { Authorization: `Bearer ${token}` },
    });
    ws.on('upgrade', () => resolve(101));
    ws.on('open', () => ws.terminate());
    ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
    ws.on('error', reject);
  });
}

describe('the Kubernetes test server as a test tool', function () {
  this.timeout(60_000);
  const fx = useKubeServer();
  const admin = () => ({ token: fx.server.adminToken });

  it('answers /version with minor 32 so kubectl-dispatcher picks 1.32', async () => {
    const r = await rawRequest(fx.server, 'GET', '/version', admin());
    assert.equal(r.status, 200);
    assert.equal(r.json().minor, '32');
  });

  it('answers a request without a token with the exact 401 Status', async () => {
    const r = await rawRequest(fx.server, 'GET', '/api/v1/namespaces');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('qualifies grouped resources in NotFound messages', async () => {
    const r = await rawRequest(
      fx.server,
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/x',
      admin(),
    );
    assert.equal(r.status, 404);
    assert.equal(r.json().message, 'rolebindings.rbac.authorization.k8s.io "x" not found');
    assert.deepEqual(r.json().details, { name: 'x', group: 'rbac.authorization.k8s.io', kind: 'rolebindings' });
  });

  it('fails impersonation of groups without a user with a plain-text 500', async () => {
    const r = await rawRequest(fx.server, 'GET', '/api/v1/namespaces', {
      ...admin(),
      headers: { 'Impersonate-Group': 'devs' },
    });
    assert.equal(r.status, 500);
    assert.match(r.body, /without impersonating a user/);
  });

  it('keeps repeated Impersonate-Group headers apart, commas included', async () => {
    const r = await rawRequest(fx.server, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      ...admin(),
      headers: {
        'Content-Type': 'application/json',
        'Impersonate-User': 'alice',
        'Impersonate-Group': ['g1', 'g,2'],
        'Impersonate-Extra-Scopes.example.com%2fkey%25x%20y': 'v',
      },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    });
    assert.equal(r.status, 201);
    assert.deepEqual((r.json().status as { userInfo: unknown }).userInfo, {
      username: 'alice',
      groups: ['g1', 'g,2', 'system:authenticated'],
      extra: { 'scopes.example.com/key%x y': ['v'] },
    });
    assert.equal(fx.server.requests.at(-1)?.impersonatedBy, 'kube-admin');
  });

  it('fails the next requests with an injected 500, then recovers', async () => {
    fx.server.injectFailures({ count: 2, match: /\/namespaces/ });
    for (let i = 0; i < 2; i++)
      assert.equal((await rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin())).status, 500);
    assert.equal((await rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin())).status, 200);
  });

  it('drops a connection without an answer when asked to', async () => {
    fx.server.injectFailures({ count: 1, mode: 'drop' });
    await assert.rejects(rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin()), /socket hang up|ECONNRESET/);
    assert.equal((await rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin())).status, 200);
  });

  it('holds a request for an injected delay, then serves it', async () => {
    fx.server.injectFailures({ count: 1, mode: 'delay', delayMs: 300 });
    const started = Date.now();
    assert.equal((await rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin())).status, 200);
    assert.ok(Date.now() - started >= 250);
  });

  it('adds configured warnings to every answer', async () => {
    fx.server.warnings.push('grant expires in 5m');
    try {
      const r = await rawRequest(fx.server, 'GET', '/api/v1/namespaces', admin());
      assert.equal(r.headers.warning, '299 - "grant expires in 5m"');
    } finally {
      fx.server.warnings.length = 0;
    }
  });

  it('restarts on the same port with the same data and credentials', async () => {
    fx.server.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'survivor', namespace: 'default' },
      data: { a: 'b' },
    });
    const { port } = fx.server;
    await fx.server.restart();
    assert.equal(fx.server.port, port);
    const r = await rawRequest(fx.server, 'GET', '/api/v1/namespaces/default/configmaps/survivor', admin());
    assert.equal(r.status, 200);
    assert.deepEqual(r.json().data, { a: 'b' });
  });

  it('records who called what, for assertions on impersonation', async () => {
    fx.server.resetCounters();
    await rawRequest(fx.server, 'GET', '/api/v1/namespaces/default/pods', {
      ...admin(),
      headers: { 'Impersonate-User': 'alice' },
    });
    assert.equal(fx.server.counters.requests, 1);
    assert.equal(fx.server.counters.forbidden, 1);
    const [rec] = fx.server.requests;
    assert.equal(rec.user, 'alice');
    assert.equal(rec.verb, 'list');
    assert.equal(rec.status, 403);
  });

  it('resumes a watch from a list resourceVersion and sends later events only', async () => {
    const list = (await rawRequest(fx.server, 'GET', '/api/v1/namespaces/default/configmaps', admin())).json();
    const rv = (list.metadata as { resourceVersion: string }).resourceVersion;
    fx.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', namespace: 'default' } });
    const r = await rawRequest(
      fx.server,
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`,
      admin(),
    );
    const events = r.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED later'],
    );
  });

  const badInputs: [string, string, string, string | undefined, Record<string, string>, number][] = [
    [
      'malformed JSON',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"metadata":',
      { 'Content-Type': 'application/json' },
      400,
    ],
    [
      'an empty body',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      undefined,
      { 'Content-Type': 'application/json' },
      400,
    ],
    [
      'a body of the wrong kind',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"}}',
      { 'Content-Type': 'application/json' },
      400,
    ],
    [
      'a protobuf body without the magic',
      'POST',
      '/api/v1/namespaces',
      'nope',
      { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      400,
    ],
    ['an unknown patch type', 'PATCH', '/api/v1/namespaces/default', '{}', { 'Content-Type': 'text/plain' }, 415],
    ['a forged continue token', 'GET', '/api/v1/namespaces?limit=1&continue=garbage', undefined, {}, 400],
    ['a bad label selector', 'GET', '/api/v1/pods?labelSelector=a%20in%20(', undefined, {}, 400],
    [
      'a namespace that does not exist',
      'POST',
      '/api/v1/namespaces/ghost/configmaps',
      '{"metadata":{"name":"c"}}',
      { 'Content-Type': 'application/json' },
      404,
    ],
    ['an unknown resource', 'GET', '/apis/batch/v1/namespaces/default/jobs', undefined, {}, 404],
    [
      'a binding without a roleRef',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      '{"metadata":{"name":"b"}}',
      { 'Content-Type': 'application/json' },
      422,
    ],
    ['exec without an upgrade', 'POST', '/api/v1/namespaces/default/pods/web/exec?command=ls', undefined, {}, 400],
  ];
  for (const [name, method, path, body, headers, code] of badInputs) {
    it(`answers ${name} with a ${code} Status`, async () => {
      const r = await rawRequest(fx.server, method, path, { ...admin(), headers, body });
      assert.equal(r.status, code, r.body);
      assert.equal(r.json().code, code);
    });
  }

  it('gzips a large answer when the client accepts gzip', async () => {
    fx.server.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: 'default' },
      data: { blob: 'x'.repeat(200_000) },
    });
    const r = await rawRequest(fx.server, 'GET', '/api/v1/namespaces/default/configmaps/big', {
      ...admin(),
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(r.raw).toString()).data as { blob: string }).blob.length, 200_000);
    const plain = await rawRequest(fx.server, 'GET', '/api/v1/namespaces/default/configmaps/big', admin());
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal((plain.json().data as { blob: string }).blob.length, 200_000);
  });

  describe('authorizing WebSocket exec', () => {
    const servers: KubeApiServer[] = [];
    after(() => Promise.all(servers.map((s) => s.stop())));
    for (const [needCreate, expected] of [
      [false, 101],
      [true, 403],
    ] as const) {
      it(`a user with only get on pods/exec ${needCreate ? 'is refused when WebSocket streams need create (1.35)' : 'may exec over WebSocket (1.32)'}`, async () => {
        const server = await startKubeApiServer({ websocketStreamsNeedCreate: needCreate });
        servers.push(server);
        server.addPod({ name: 'web' });
        server.addUser('getter-token', 'getter');
        server.put({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: 'exec-get', namespace: 'default' },
          rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }],
        });
        server.put({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'exec-get', namespace: 'default' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'exec-get' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'getter' }],
        });
        assert.equal(await websocketExecStatus(server, 'getter-token'), expected);
      });
    }
  });
});
