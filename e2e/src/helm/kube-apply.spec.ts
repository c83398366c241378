// The rendered connector chart on the Kubernetes API test server, with the real kubectl: it applies, and the
// ClusterRole it creates lets the connector's service account do its job (impersonate, write bindings) and no more.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '../kube/index.js';
import { kubectl } from '../support/kubectl.js';
import { stringify } from 'yaml';
import { useHelm } from './helm.js';
import type { KubeObject } from './objects.js';

const NAMESPACE = 'infra';
const CONNECTOR_ACCOUNT = `system:serviceaccount:${NAMESPACE}:infra-connector`;

describe('the connector chart applied to a Kubernetes API server', function () {
  this.timeout(120_000);
  const helm = useHelm('v35');
  let kube: KubeApiServer;
  let dir: string;
  let admin: string;

  // What the chart rendered, and the part of it that was applied: the test server does not serve every kind
  // (no apps/v1 Deployments yet), so objects of kinds its discovery lacks are left out and named in `unserved`.
  let rendered: KubeObject[];
  let unserved: string[];

  before(async () => {
    kube = await startKubeApiServer({ namespaces: [NAMESPACE] });
    dir = mkdtempSync(join(tmpdir(), 'infra-helm-kube-'));
    admin = kube.kubeconfigFor(kube.adminToken, join(dir, 'admin.kubeconfig'));
    rendered = helm().render('connector', { namespace: NAMESPACE });
    const served = await servedKinds(admin);
    const applied = rendered.filter((o) => served.has(`${o.apiVersion} ${o.kind}`));
    unserved = rendered.filter((o) => !applied.includes(o)).map((o) => o.kind);
    const file = join(dir, 'rendered.yaml');
    writeFileSync(file, applied.map((o) => stringify(o)).join('---\n'));
    // --validate=false: the test server serves no OpenAPI documents for kubectl to validate against.
    const r = await kubectl(['apply', '--validate=false', '-f', file], { kubeconfig: admin });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await kube?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl apply creates every object of the chart the server serves', async () => {
    assert.ok(unserved.every((kind) => kind === 'Deployment'), `not applied: ${unserved.join(', ')}`);
    for (const o of rendered.filter((x) => !unserved.includes(x.kind))) {
      const found = kube.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
      assert.ok(found, `${o.kind} ${o.metadata.name} was not created`);
      assert.equal(found.metadata.labels?.['app.kubernetes.io/instance'], 'infra-connector');
    }
    const listed = await kubectl(['get', 'clusterrole,clusterrolebinding', '-o', 'name'], { kubeconfig: admin });
    assert.match(listed.stdout, /^clusterrole\.rbac\.authorization\.k8s\.io\/infra-connector$/m);
    assert.match(listed.stdout, /^clusterrolebinding\.rbac\.authorization\.k8s\.io\/infra-connector$/m);
  });

  describe('as the connector service account', () => {
    let connector: string;
    before(() => {
      const groups = ['system:serviceaccounts', `system:serviceaccounts:${NAMESPACE}`];
      kube.addUser('connector-token', CONNECTOR_ACCOUNT, groups);
      connector = kube.kubeconfigFor('connector-token', join(dir, 'connector.kubeconfig'));
    });

    const canI = async (...args: string[]) => {
      const r = await kubectl(['auth', 'can-i', ...args], { kubeconfig: connector });
      return r.stdout.trim();
    };

    it('may impersonate users and groups, but not service accounts', async () => {
      assert.equal(await canI('impersonate', 'users'), 'yes');
      assert.equal(await canI('impersonate', 'groups'), 'yes');
      assert.equal(await canI('impersonate', 'serviceaccounts', '-n', NAMESPACE), 'no');
    });

    it('may write bindings, watch namespaces and bind cluster roles', async () => {
      for (const verb of ['create', 'update', 'patch', 'delete', 'get', 'list', 'watch']) {
        assert.equal(await canI(verb, 'rolebindings', '-n', 'default'), 'yes', `${verb} rolebindings`);
        assert.equal(await canI(verb, 'clusterrolebindings'), 'yes', `${verb} clusterrolebindings`);
      }
      assert.equal(await canI('watch', 'namespaces'), 'yes');
      assert.equal(await canI('bind', 'clusterroles'), 'yes');
      assert.equal(await canI('get', 'clusterroles'), 'yes');
      assert.equal(await canI('list', 'clusterroles'), 'yes');
    });

    it('may not read secrets, touch workloads, change roles or escalate', async () => {
      assert.equal(await canI('get', 'secrets', '-n', NAMESPACE), 'no');
      assert.equal(await canI('create', 'pods', '-n', 'default'), 'no');
      assert.equal(await canI('update', 'clusterroles'), 'no');
      assert.equal(await canI('escalate', 'clusterroles'), 'no');
      assert.equal(await canI('create', 'namespaces'), 'no');
      assert.equal(await canI('*', '*'), 'no');
    });

    it('writes a grant binding and acts as the user through impersonation', async () => {
      const binding = ['rolebinding', 'infra-alice-view', '--clusterrole=view', '--user=alice@example.com'];
      const created = await kubectl(['create', ...binding, '-n', 'default'], { kubeconfig: connector });
      assert.equal(created.code, 0, created.stderr);
      const asAlice = ['--as', 'alice@example.com', '--as-group', 'developers'];
      const allowed = await kubectl([...asAlice, 'get', 'configmaps', '-n', 'default'], { kubeconfig: connector });
      assert.equal(allowed.code, 0, allowed.stderr);
      const denied = await kubectl([...asAlice, 'get', 'configmaps', '-n', NAMESPACE], { kubeconfig: connector });
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /User "alice@example.com" cannot list resource "configmaps"/);
    });

    it('may send a uid and the request-id extra, and no other extra', async () => {
      const as = (extra: Record<string, string[]>) =>
        kube.kubeconfigFor('connector-token', join(dir, `as-${Object.keys(extra).join()}.kubeconfig`), {
          impersonate: { as: 'alice@example.com', asUid: 'u-1', asUserExtra: extra },
        });
      const requestId = await kubectl(['get', 'configmaps', '-n', 'default'], {
        kubeconfig: as({ 'infra-request-id': ['r-1'] }),
      });
      assert.equal(requestId.code, 0, requestId.stderr);
      const scopes = await kubectl(['get', 'configmaps', '-n', 'default'], { kubeconfig: as({ scopes: ['all'] }) });
      assert.notEqual(scopes.code, 0, 'impersonating an extra outside the chart\'s list was allowed');
    });
  });
});

/** `apiVersion kind` pairs from the server's discovery, as kubectl sees them. */
async function servedKinds(kubeconfig: string): Promise<Set<string>> {
  const r = await kubectl(['api-resources', '--no-headers'], { kubeconfig });
  assert.equal(r.code, 0, r.stderr);
  const kinds = new Set<string>();
  for (const line of r.stdout.trim().split('\n')) {
    const columns = line.trim().split(/\s+/);
    kinds.add(`${columns.at(-3)} ${columns.at(-1)}`); // ... APIVERSION NAMESPACED KIND
  }
  return kinds;
}
