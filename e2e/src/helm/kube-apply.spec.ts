// The rendered charts on the Kubernetes API test server, with the real kubectl: they apply, and the connector's
// ClusterRole lets its service account do its job (impersonate, write bindings) and no more.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { kubectl } from '@infra/kube-testing';
import { parseManifests, useHelm, type ChartName } from './helm.js';
import { kindsOf, type KubeObject } from './objects.js';

const NAMESPACE = 'infra';
const CONNECTOR_ACCOUNT = `system:serviceaccount:${NAMESPACE}:infra-connector`;

describe('the charts applied to a Kubernetes API server', function () {
  this.timeout(120_000);
  const helm = useHelm('v35');
  let kube: KubeApiServer;
  let dir: string;
  let admin: string;

  before(async () => {
    kube = await startKubeApiServer({ namespaces: [NAMESPACE] });
    dir = mkdtempSync(join(tmpdir(), 'infra-helm-kube-'));
    admin = kube.kubeconfigFor(kube.adminToken, join(dir, 'admin.kubeconfig'));
  });
  after(async () => {
    await kube?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Renders the chart into rendered-<chart>.yaml and `kubectl apply`s it as the cluster admin. */
  const applyChart = async (chart: ChartName): Promise<KubeObject[]> => {
    const template = helm().template(chart, { namespace: NAMESPACE });
    assert.equal(template.status, 0, template.stderr);
    writeFileSync(join(dir, `rendered-${chart}.yaml`), template.stdout);
    const r = await apply(chart);
    assert.equal(r.code, 0, r.stderr);
    return parseManifests(template.stdout);
  };
  // --validate=false: the test server serves no OpenAPI documents for kubectl to validate against.
  const apply = (chart: ChartName) =>
    kubectl(['apply', '--validate=false', '-f', join(dir, `rendered-${chart}.yaml`)], { kubeconfig: admin });

  const assertCreated = (objects: KubeObject[]) => {
    for (const o of objects) {
      const found = kube.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
      assert.ok(found, `${o.kind} ${o.metadata.name} was not created`);
      assert.deepEqual(found.metadata.labels, o.metadata.labels);
    }
  };

  describe('the server chart', () => {
    it('kubectl apply creates its secrets, service and deployment', async () => {
      const rendered = await applyChart('server');
      assert.deepEqual(kindsOf(rendered), ['Deployment', 'Secret', 'Secret', 'Service', 'Service']);
      assertCreated(rendered);
    });
  });

  describe('the connector chart', () => {
    let rendered: KubeObject[];
    before(async () => {
      rendered = await applyChart('connector');
    });

    it('kubectl apply creates every object the chart renders', async () => {
      assert.deepEqual(kindsOf(rendered), [
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'Role',
        'RoleBinding',
        'Secret',
        'Service',
        'ServiceAccount',
      ]);
      assertCreated(rendered);
      const kinds = 'deployment,service,serviceaccount,secret';
      const selector = 'app.kubernetes.io/instance=infra-connector';
      const listed = await kubectl(['get', kinds, '-n', NAMESPACE, '-l', selector, '-o=name'], { kubeconfig: admin });
      assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
        'deployment.apps/infra-connector',
        'secret/infra-connector-access-key',
        'service/infra-connector',
        'serviceaccount/infra-connector',
      ]);
      const cluster = await kubectl(['get', 'clusterrole,clusterrolebinding', '-o', 'name'], { kubeconfig: admin });
      assert.match(cluster.stdout, /^clusterrole\.rbac\.authorization\.k8s\.io\/infra-connector$/m);
      assert.match(cluster.stdout, /^clusterrolebinding\.rbac\.authorization\.k8s\.io\/infra-connector$/m);
    });

    it('applying the same rendering again changes nothing', async () => {
      const again = await apply('connector');
      assert.equal(again.code, 0, again.stderr);
      const lines = again.stdout.trim().split('\n');
      assert.equal(lines.length, rendered.length);
      for (const line of lines) assert.match(line, / unchanged$/);
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
        for (const role of ['view', 'edit', 'admin']) {
          assert.equal(await canI('bind', `clusterroles/${role}`), 'yes', `bind ${role}`);
          assert.equal(await canI('get', `clusterroles/${role}`), 'yes', `get ${role}`);
        }
        assert.equal(await canI('list', 'clusterroles'), 'yes');
      });

      it('may not bind cluster-admin with the default values', async () => {
        assert.equal(await canI('bind', 'clusterroles/cluster-admin'), 'no');
      });

      it('may read and update (rotate) only its proxy CA Secret, and create it, in its own namespace', async () => {
        assert.equal(await canI('get', 'secrets/infra-connector-proxy-ca', '-n', NAMESPACE), 'yes');
        assert.equal(await canI('update', 'secrets/infra-connector-proxy-ca', '-n', NAMESPACE), 'yes');
        assert.equal(await canI('update', 'secrets/infra-connector-access-key', '-n', NAMESPACE), 'no');
        for (const verb of ['patch', 'delete'])
          assert.equal(await canI(verb, 'secrets/infra-connector-proxy-ca', '-n', NAMESPACE), 'no', verb);
        assert.equal(await canI('create', 'secrets', '-n', NAMESPACE), 'yes');
        assert.equal(await canI('get', 'secrets/infra-connector-access-key', '-n', NAMESPACE), 'no');
        for (const verb of ['update', 'patch', 'delete', 'list', 'watch'])
          assert.equal(await canI(verb, 'secrets', '-n', NAMESPACE), 'no', verb);
        assert.equal(await canI('get', 'secrets/infra-connector-proxy-ca', '-n', 'default'), 'no');
        assert.equal(await canI('create', 'secrets', '-n', 'default'), 'no');
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
        assert.notEqual(scopes.code, 0, "impersonating an extra outside the chart's list was allowed");
      });
    });
  });
});
