// `helm install` of each chart with its production values (ci/production-values.yaml) into the Kubernetes API test
// server, with helm 4 and 3: the custom kinds install only once their CRDs are there (helm maps kinds through
// discovery), and every object the release holds is stored and passes its published schema.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { HELM_VERSIONS, Helm, RELEASE, parseManifests, type ChartName } from './helm.js';
import { kindsOf, type KubeObject } from './objects.js';
import type { KubeObject as StoredObject } from '@infra/kube-testing';
import { schemaProblems } from './openapi.js';

const NAMESPACE = 'infra';

/** The smallest CRDs cert-manager and the Prometheus Operator install for the kinds the charts use. */
function crd(group: string, plural: string, kind: string): StoredObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}
const CRDS = [
  crd('cert-manager.io', 'certificates', 'Certificate'),
  crd('monitoring.coreos.com', 'servicemonitors', 'ServiceMonitor'),
];

for (const { layer, label } of HELM_VERSIONS) {
  describe(`helm install with production values into a Kubernetes API server (${label})`, function () {
    this.timeout(120_000);
    let kube: KubeApiServer;
    let dir: string;
    let admin: string;
    let helm: Helm;

    before(async () => {
      kube = await startKubeApiServer();
      dir = mkdtempSync(join(tmpdir(), 'infra-helm-install-'));
      admin = kube.kubeconfigFor(kube.adminToken, join(dir, 'admin.kubeconfig'));
      helm = new Helm(layer);
    });
    after(async () => {
      helm?.close();
      await kube?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The release's objects as helm recorded them (its release Secret on the server). */
    const manifest = async (chart: ChartName): Promise<KubeObject[]> => {
      const r = await helm.runAsync(['get', 'manifest', RELEASE[chart], '-n', NAMESPACE, '--kubeconfig', admin]);
      assert.equal(r.status, 0, r.stderr);
      return parseManifests(r.stdout);
    };

    const assertStoredAndValid = (objects: KubeObject[]) => {
      for (const o of objects) {
        const stored = kube.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
        assert.ok(stored, `${o.kind} ${o.metadata.name} is in the release but not on the server`);
        const problems = schemaProblems(stored as unknown as KubeObject);
        assert.equal(problems, undefined, `${o.kind} ${o.metadata.name}: ${problems}`);
      }
    };

    it('refuses the server chart before the cert-manager and Prometheus Operator CRDs are installed', async () => {
      const r = await helm.install('server', admin);
      assert.notEqual(r.status, 0, 'installed kinds the cluster does not serve');
      assert.match(r.stderr, /no matches for kind "(Certificate|ServiceMonitor)" in version/);
      assert.match(r.stderr, /ensure CRDs are installed first/);
    });

    it('installs the server chart once they are: each object stored and valid per its schema', async () => {
      for (const c of CRDS) kube.put(c);
      const r = await helm.install('server', admin);
      assert.equal(r.status, 0, r.stderr);
      const objects = await manifest('server');
      assert.deepEqual(kindsOf(objects), [
        'Certificate',
        'Deployment',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        'Service',
        'ServiceMonitor',
      ]);
      assertStoredAndValid(objects);
    });

    it('installs the connector chart: each object stored and valid per its schema', async () => {
      for (const c of CRDS) kube.put(c); // its ServiceMonitor's CRD (also there when the server spec ran first)
      const r = await helm.install('connector', admin);
      assert.equal(r.status, 0, r.stderr);
      const objects = await manifest('connector');
      assert.deepEqual(kindsOf(objects), [
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'NetworkPolicy',
        'Role',
        'RoleBinding',
        'Service',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ]);
      assertStoredAndValid(objects);
    });
  });
}
