import assert from 'node:assert/strict';
import { silentLogger } from '../log.js';
import { ConnectorState } from '../state/connector-state.js';
import { FakeClock, aGrant, aSnapshot, aUser } from '../testing/fakes.js';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { KubeRbacClient } from './rbac-client.js';
import { Reconciler } from './reconciler.js';
import { reconcilerScenarios } from '../testing/reconciler-scenarios.js';

describe('RBAC reconciler (Kubernetes API test server)', function () {
  this.timeout(60_000);
  let kube: KubeApiServer;
  before(async () => {
    kube = await startKubeApiServer();
  });
  after(async () => kube?.stop());

  reconcilerScenarios(async () => ({
    client: new KubeRbacClient(kubeConfigFor(kube.url, kube.caPem, kube.adminToken)),
    ensureNamespace: async (name) => {
      if (!kube.get('v1', 'Namespace', name)) kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
  }));

  it('a pass that fails on an API error leaves the next pass to converge', async () => {
    const bob = aUser('bob@example.com');
    const state = new ConnectorState('production', new FakeClock());
    const g = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    state.applySnapshot(aSnapshot({ users: [bob], grants: [g] }));
    const client = new KubeRbacClient(kubeConfigFor(kube.url, kube.caPem, kube.adminToken));
    const reconciler = new Reconciler({ state, client, logger: silentLogger, report: () => {} });
    kube.injectFailures({ count: 1, code: 500, match: /clusterrolebindings/ });
    await assert.rejects(reconciler.reconcile());
    assert.equal((await reconciler.reconcile()).created, 1);
    state.applySnapshot(aSnapshot({ sequence: 2, users: [bob] }));
    assert.equal((await reconciler.reconcile()).deleted, 1);
  });
});
