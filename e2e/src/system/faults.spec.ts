// The system rides out restarts: of the control server (the connector serves from its last state, reconnects and
// catches up), of the connector (its reconciler converges, removing only its own stale bindings) and of the
// Kubernetes API server (proxy, reconciler and namespace watch recover).
import assert from 'node:assert/strict';
import type { KubeObject } from '@infra/kube-testing';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

function binding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  name: string,
  labels: Record<string, string>,
  namespace?: string,
): KubeObject {
  return {
    apiVersion: RBAC,
    kind,
    metadata: { name, labels, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'someone@example.com' }],
  } as KubeObject;
}

describe('the system rides out restarts', function () {
  this.timeout(120_000);
  const sys = useSystem();
  before(() => sys().kube.addPod({ name: 'nginx' }));

  it('while the control server is down the connector serves from its last state, then reconnects and catches up', async () => {
    const s = sys();
    const steady = await s.createUser('steady@example.com');
    const leaving = await s.createUser('leaving@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: steady.name }, 'view', 'production'));
    const leavingGrant = await s.grant({ user: leaving.name }, 'view', 'production');
    await eventually("the leaving user's binding", () => s.binding(leavingGrant) !== undefined);
    const kubeconfig = await s.kubeconfig(steady.key);

    await s.stopServer();
    await eventually('the connector to notice the server is gone', () => !s.connector.stream.registered);
    const during = await s.kubectl(['get', 'pods'], { kubeconfig });
    assert.equal(during.code, 0, `the proxy kept serving with the last state: ${during.stderr}`);

    // The server comes back while the connector is still cut off (its gRPC address refuses), and grants change.
    s.grpc.pause();
    await s.startServer();
    const late = await s.createUser('late@example.com');
    const lateGrant = await s.grant({ user: late.name }, 'edit', 'production');
    await s.removeGrant(leavingGrant);
    assert.ok(!s.connector.state.activeGrants().some((g) => g.id === lateGrant), 'the connector cannot know yet');

    s.grpc.resume();
    await s.waitUntilConnected();
    await s.waitForGrantInConnector(lateGrant);
    await s.waitForGrantInConnector(leavingGrant, false);
    await eventually(
      'bindings to follow: the late grant written, the removed one deleted',
      () => s.binding(lateGrant) !== undefined && s.binding(leavingGrant) === undefined,
    );
    const after = await s.kubectl(['exec', 'nginx', '--', 'echo', 'caught up'], {
      kubeconfig: await s.kubeconfig(late.key),
    });
    assert.equal(after.code, 0, after.stderr);
    assert.equal(after.stdout, 'caught up\n');
  });

  it('a restarted connector converges: grants removed while it was down lose their bindings, foreign bindings stay', async () => {
    const s = sys();
    const user = await s.createUser('restart@example.com');
    const kept = await s.grant({ user: user.name }, 'view', 'production.web');
    const dropped = await s.grant({ user: user.name }, 'edit', 'production.db');
    await eventually(
      'both bindings',
      () => s.binding(kept, 'web') !== undefined && s.binding(dropped, 'db') !== undefined,
    );

    await s.stopConnector();
    await eventually(
      'the server to show the destination disconnected',
      async () => (await s.destinationRecord())?.connected === false,
    );
    await s.removeGrant(dropped);
    const owned = { 'app.kubernetes.io/managed-by': 'infra-connector', 'infrahq.com/destination': 'production' };
    s.kube.put(binding('ClusterRoleBinding', 'infra-grant-left-over', owned));
    s.kube.put(binding('ClusterRoleBinding', 'ops-team', {}));
    s.kube.put(
      binding('RoleBinding', 'infra-grant-of-staging', { ...owned, 'infrahq.com/destination': 'staging' }, 'web'),
    );
    s.kube.put(binding('RoleBinding', 'hand-made', { 'app.kubernetes.io/managed-by': 'infra-connector' }, 'web'));
    assert.ok(s.binding(dropped, 'db'), 'nobody removed the binding while the connector was down');

    await s.startConnector();
    await eventually(
      'the stale bindings it owns to be removed',
      () =>
        s.binding(dropped, 'db') === undefined &&
        s.kube.get(RBAC, 'ClusterRoleBinding', 'infra-grant-left-over') === undefined,
    );
    assert.ok(s.binding(kept, 'web'), 'the binding of a grant still in force stays');
    assert.ok(s.kube.get(RBAC, 'ClusterRoleBinding', 'ops-team'), 'an unlabelled binding is untouched');
    assert.ok(
      s.kube.get(RBAC, 'RoleBinding', 'infra-grant-of-staging', 'web'),
      "another destination's binding is untouched",
    );
    assert.ok(
      s.kube.get(RBAC, 'RoleBinding', 'hand-made', 'web'),
      'a binding with only one of the two labels is untouched',
    );
    const r = await s.kubectl(['get', 'pods', '-n', 'web'], { kubeconfig: await s.kubeconfig(user.key, 'web') });
    assert.equal(r.code, 0, r.stderr);
  });

  it('after the Kubernetes API server restarts, the proxy, the reconciler and the namespace watch work again', async () => {
    const s = sys();
    const user = await s.createUser('kube-restart@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'edit', 'production'));
    const kubeconfig = await s.kubeconfig(user.key);
    assert.equal((await s.kubectl(['get', 'pods'], { kubeconfig })).code, 0);

    await s.kube.stop();
    const down = await s.kubectl(['get', 'pods', '--request-timeout=20s'], { kubeconfig });
    assert.equal(down.code, 1, 'kubectl fails while the API server is down');
    await s.kube.start();

    await eventually(
      'kubectl to work through the proxy again',
      async () => (await s.kubectl(['get', 'pods'], { kubeconfig })).code === 0,
      30_000,
    );
    const exec = await s.kubectl(['exec', 'nginx', '--', 'echo', 'back'], { kubeconfig });
    assert.equal(exec.stdout, 'back\n', exec.stderr);
    const grant = await s.grant({ user: user.name }, 'view', 'production.db');
    await eventually(
      'a grant made after the restart to be written',
      () => s.binding(grant, 'db') !== undefined,
      30_000,
    );
    s.kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'after-restart' } } as KubeObject);
    await eventually(
      'the new namespace to reach the server',
      async () => (await s.destinationRecord())?.namespaces.includes('after-restart') === true,
      30_000,
    );
  });
});
