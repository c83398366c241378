import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import {
  ADD,
  CoreV1Api,
  DELETE,
  KubeConfig,
  PortForward,
  RbacAuthorizationV1Api,
  Watch,
  makeInformer,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import { useKubeServer } from './testing.js';

const RBAC = 'rbac.authorization.k8s.io';

function binding(name: string, role: string, user: string): V1RoleBinding {
  return {
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'infra' } },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: user }],
  };
}

describe('@kubernetes/client-node against the Kubernetes test server', function () {
  this.timeout(60_000);
  const fx = useKubeServer({ namespaces: ['team-a'] });
  let rbac: RbacAuthorizationV1Api;
  let core: CoreV1Api;
  let kc: KubeConfig;
  before(() => {
    kc = new KubeConfig();
    kc.loadFromFile(fx.server.kubeconfigFor(fx.server.adminToken, join(fx.dir, 'client-node.kubeconfig')));
    rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    core = kc.makeApiClient(CoreV1Api);
  });

  it('creates, lists by label, reads and deletes RoleBindings', async () => {
    const created = await rbac.createNamespacedRoleBinding({
      namespace: 'team-a',
      body: binding('grant-1', 'view', 'alice'),
    });
    assert.ok(created.metadata?.resourceVersion);
    const listed = await rbac.listRoleBindingForAllNamespaces({ labelSelector: 'app.kubernetes.io/managed-by=infra' });
    assert.deepEqual(
      listed.items.map((b) => `${b.metadata?.namespace}/${b.metadata?.name}`),
      ['team-a/grant-1'],
    );
    const read = await rbac.readNamespacedRoleBinding({ name: 'grant-1', namespace: 'team-a' });
    assert.equal(read.roleRef.name, 'view');
    await rbac.deleteNamespacedRoleBinding({ name: 'grant-1', namespace: 'team-a' });
    await assert.rejects(
      rbac.readNamespacedRoleBinding({ name: 'grant-1', namespace: 'team-a' }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('refuses to change the roleRef of a binding with 422', async () => {
    const created = await rbac.createClusterRoleBinding({ body: binding('grant-2', 'view', 'bob') });
    await assert.rejects(
      rbac.replaceClusterRoleBinding({
        name: 'grant-2',
        body: { ...created, roleRef: { ...created.roleRef, name: 'edit' } },
      }),
      (e: { code?: number; body?: string }) => e.code === 422 && /cannot change roleRef/.test(String(e.body)),
    );
    const patched = await rbac.replaceClusterRoleBinding({
      name: 'grant-2',
      body: { ...created, subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'devs' }] },
    });
    assert.equal(patched.subjects?.[0].name, 'devs');
  });

  it('answers a duplicate create with 409', async () => {
    await rbac.createNamespacedRoleBinding({ namespace: 'default', body: binding('grant-3', 'edit', 'carol') });
    await assert.rejects(
      rbac.createNamespacedRoleBinding({ namespace: 'default', body: binding('grant-3', 'edit', 'carol') }),
      (e: { code?: number }) => e.code === 409,
    );
  });

  it('lists namespaces in pages', async () => {
    const first = await core.listNamespace({ limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.metadata?._continue);
    const rest = await core.listNamespace({ limit: 2, _continue: first.metadata?._continue });
    assert.deepEqual(
      [...first.items, ...rest.items].map((n) => n.metadata?.name),
      ['default', 'kube-public', 'kube-system', 'team-a'],
    );
  });

  it('stores Secrets as the apiserver does: base64 data, stringData merged in, Opaque by default, bad data refused', async () => {
    const data = { 'ca.crt': Buffer.from('cert').toString('base64') };
    const created = await core.createNamespacedSecret({
      namespace: 'team-a',
      body: { metadata: { name: 's-1' }, data, stringData: { note: 'plain' } },
    });
    assert.equal(created.type, 'Opaque');
    assert.equal(created.stringData, undefined);
    assert.deepEqual(created.data, { 'ca.crt': data['ca.crt'], note: Buffer.from('plain').toString('base64') });
    assert.deepEqual((await core.readNamespacedSecret({ name: 's-1', namespace: 'team-a' })).data, created.data);
    await assert.rejects(
      core.createNamespacedSecret({ namespace: 'team-a', body: { metadata: { name: 's-1' }, data } }),
      (e: { code?: number }) => e.code === 409,
    );
    await assert.rejects(
      core.createNamespacedSecret({
        namespace: 'team-a',
        body: { metadata: { name: 's-2' }, data: { key: 'not base64!' } },
      }),
      (e: { code?: number; body?: string }) => e.code === 400 && /illegal base64 data/.test(String(e.body)),
    );
    await assert.rejects(
      core.createNamespacedSecret({
        namespace: 'team-a',
        body: { metadata: { name: 's-2' }, data: { 'bad key': data['ca.crt'] } },
      }),
      (e: { code?: number; body?: string }) => e.code === 422 && /a valid config key/.test(String(e.body)),
    );
  });

  it('watches namespaces and sees one created later', async () => {
    const seen: string[] = [];
    let resolveFresh: () => void;
    const fresh = new Promise<void>((r) => (resolveFresh = r));
    const list = await core.listNamespace();
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces',
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string, obj: { metadata?: { name?: string } }) => {
        seen.push(`${type} ${obj.metadata?.name}`);
        if (obj.metadata?.name === 'fresh') resolveFresh();
      },
      () => {},
    );
    try {
      await core.createNamespace({ body: { metadata: { name: 'fresh' } } });
      await fresh;
      assert.deepEqual(seen, ['ADDED fresh']);
    } finally {
      req.abort();
    }
  });

  it('feeds an informer on labelled RoleBindings, as the connector reconciler uses', async () => {
    const selector = 'app.kubernetes.io/managed-by=infra-informer';
    const informer = makeInformer(
      kc,
      '/apis/rbac.authorization.k8s.io/v1/rolebindings',
      () => rbac.listRoleBindingForAllNamespaces({ labelSelector: selector }),
      selector,
    );
    const events: string[] = [];
    let deleted: () => void;
    const gone = new Promise<void>((r) => (deleted = r));
    informer.on(ADD, (b: V1RoleBinding) => events.push(`add ${b.metadata?.name}`));
    informer.on(DELETE, (b: V1RoleBinding) => (events.push(`delete ${b.metadata?.name}`), deleted()));
    await informer.start();
    try {
      const body = binding('informed', 'view', 'dave');
      body.metadata!.labels = { 'app.kubernetes.io/managed-by': 'infra-informer' };
      await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body });
      await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body: binding('unlabelled', 'view', 'dave') });
      await rbac.deleteNamespacedRoleBinding({ name: 'informed', namespace: 'team-a' });
      await gone;
      assert.deepEqual(events, ['add informed', 'delete informed']);
    } finally {
      await informer.stop();
    }
  });

  it('port-forwards with the WebSocket channel protocol of PortForward', async () => {
    fx.server.addPod({ name: 'echo', namespace: 'team-a' });
    const input = new PassThrough();
    let received = '';
    let resolveEcho: () => void;
    const echoed = new Promise<void>((r) => (resolveEcho = r));
    const output = new Writable({
      write(chunk: Buffer, _enc, done) {
        received += chunk.toString();
        if (received.includes('ping')) resolveEcho();
        done();
      },
    });
    const ws = (await new PortForward(kc).portForward('team-a', 'echo', [8080], output, null, input)) as {
      close(): void;
    };
    try {
      input.write('ping');
      await echoed;
      assert.equal(received, 'ping');
      assert.equal(fx.server.counters.websocketPortForward, 1);
    } finally {
      ws.close();
    }
  });
});
