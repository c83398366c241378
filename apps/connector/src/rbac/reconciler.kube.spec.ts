import { kubeConfigFor } from '../testing/kubeconfig.js';
import { startKubeTestServer, type KubeTestServer } from '../testing/kube-test-server.js';
import { KubeRbacClient } from './rbac-client.js';
import { reconcilerScenarios } from './reconciler.scenarios.js';

describe('RBAC reconciler (Kubernetes API test server)', function () {
  this.timeout(60_000);
  let kube: KubeTestServer;
  before(async () => {
    kube = await startKubeTestServer();
  });
  after(async () => kube?.stop());

  reconcilerScenarios(async () => ({
    client: new KubeRbacClient(kubeConfigFor(kube.url, kube.caPem, kube.adminToken)),
    ensureNamespace: async (name) => {
      if (!kube.get('v1', 'Namespace', name)) kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
  }));
});
