// Changes made through the REST API reach the cluster: removed grants and revoked keys stop access (also for an
// exec session already running), and the bindings the connector wrote are what Kubernetes RBAC decides with.
import assert from 'node:assert/strict';
import type { KubectlResult } from '@infra/kube-testing';
import { EXEC_TRANSPORTS, forwardedPort, roundTrip } from './streams.js';
import { useSystem } from './testing.js';
import { eventually, expectStatus } from './wait.js';

const CHANGE_DEADLINE_MS = 5_000; // the target is ~1 s; a loaded machine gets a few

describe('changes made through the API take effect in the cluster', function () {
  this.timeout(120_000);
  const sys = useSystem();
  before(() => {
    sys().kube.addPod({ name: 'nginx' });
    sys().kube.addPod({ name: 'api', namespace: 'web' });
  });

  it('a grant removed through the API is dropped by the connector, its binding deleted, and the proxy refuses', async () => {
    const s = sys();
    const user = await s.createUser('leaver@example.com');
    const grant = await s.grant({ user: user.name }, 'view', 'production');
    await s.waitForGrantInConnector(grant);
    await eventually('the ClusterRoleBinding to be written', () => s.binding(grant) !== undefined);
    const kubeconfig = await s.kubeconfig(user.key);
    assert.equal((await s.kubectl(['get', 'pods'], { kubeconfig })).code, 0);

    await s.removeGrant(grant);
    await s.waitForGrantInConnector(grant, false);
    await eventually('the ClusterRoleBinding to be deleted', () => s.binding(grant) === undefined, CHANGE_DEADLINE_MS);
    const r = await s.kubectl(['get', 'pods'], { kubeconfig });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Forbidden.*leaver@example\.com has no grant on production/);
  });

  it("a namespace grant is written as a RoleBinding to the ClusterRole, labelled as the connector's own", async () => {
    const s = sys();
    const user = await s.createUser('namespaced@example.com');
    const grant = await s.grant({ user: user.name }, 'edit', 'production.web');
    await eventually('the RoleBinding to be written', () => s.binding(grant, 'web') !== undefined);
    const b = s.binding(grant, 'web') as {
      metadata: { labels: Record<string, string> };
      roleRef: unknown;
      subjects: unknown[];
    };
    assert.deepEqual(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    assert.deepEqual(b.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user.name }]);
    assert.equal(b.metadata.labels['app.kubernetes.io/managed-by'], 'infra-connector');
    assert.equal(b.metadata.labels['infrahq.com/destination'], 'production');
    assert.equal(s.binding(grant), undefined, 'no ClusterRoleBinding for a namespace grant');
  });

  it('a revoked key is refused: its tokens stop working at the proxy and it gets no new ones', async () => {
    const s = sys();
    const user = await s.createUser('revoked@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));
    const token = await s.token(user.key);
    const kubeconfig = await s.kubeconfig(user.key);
    assert.equal((await s.kubectl(['get', 'pods'], { kubeconfig })).code, 0);

    expectStatus(await s.admin.delete(`/api/keys/${user.keyID}`), 204);
    expectStatus(await s.admin.as(user.key).post('/api/tokens', { destination: 'production' }), 401);
    await eventually(
      'the connector to learn of the revocation',
      () => s.connector.state.isRevoked({ userId: user.id, credentialId: user.keyID, issuedAtMs: Date.now() - 1_000 }),
      CHANGE_DEADLINE_MS,
    );
    const answer = await s.proxyRequest('/api/v1/namespaces/default/pods', token);
    assert.equal(answer.status, 401);
    assert.match(answer.body, /this credential was revoked; run `infra login` again/);
    const r = await s.kubectl(['get', 'pods'], { kubeconfig });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: You must be logged in to the server/);
  });

  it('removing a user from a granted group takes their access away', async () => {
    const s = sys();
    const member = await s.createUser('member@example.com');
    const group = await s.createGroup('Contractors', [member.name]);
    await s.waitForGrantInConnector(await s.grant({ group: 'Contractors' }, 'view', 'production'));
    const kubeconfig = await s.kubeconfig(member.key);
    assert.equal((await s.kubectl(['get', 'pods'], { kubeconfig })).code, 0);

    expectStatus(await s.admin.patch(`/api/groups/${group}/users`, { usersToRemove: [member.name] }), 200);
    await eventually(
      'the proxy to refuse the former member',
      async () => {
        const r = await s.kubectl(['get', 'pods'], { kubeconfig });
        return r.code === 1 && /member@example\.com has no grant on production/.test(r.stderr);
      },
      CHANGE_DEADLINE_MS,
    );
  });

  it('a deleted user is refused at once, although their token has not expired', async () => {
    const s = sys();
    const user = await s.createUser('deleted@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));
    const token = await s.token(user.key);
    assert.equal((await s.proxyRequest('/api/v1/namespaces/default/pods', token)).status, 200);
    expectStatus(await s.admin.delete(`/api/users/${user.id}`), 204);
    await eventually(
      'the proxy to refuse the deleted user',
      async () => (await s.proxyRequest('/api/v1/namespaces/default/pods', token)).status === 401,
      CHANGE_DEADLINE_MS,
    );
  });

  it('a grant that expires stops working and loses its binding, with no message from the server', async () => {
    const s = sys();
    const user = await s.createUser('temporary@example.com');
    const res = await s.admin.post<{ id: string }>('/api/grants', {
      user: user.name,
      privilege: 'view',
      resource: 'production',
      expiresAt: new Date(Date.now() + 10_000).toISOString(),
    });
    expectStatus(res, 201);
    await eventually('the binding', () => s.binding(res.body.id) !== undefined);
    const kubeconfig = await s.kubeconfig(user.key);
    const sequence = s.connector.state.sequence;
    const during = await s.kubectl(['get', 'pods'], { kubeconfig });
    assert.equal(during.code, 0, during.stderr);
    await eventually(
      'the expired grant to be dropped and its binding deleted',
      () => s.binding(res.body.id) === undefined,
      30_000,
    );
    assert.equal(s.connector.state.sequence, sequence, 'the connector enforced the expiry itself');
    const after = await s.kubectl(['get', 'pods'], { kubeconfig });
    assert.equal(after.code, 1);
    assert.match(after.stderr, /Forbidden/);
  });

  /** Runs `kubectl exec -i … cat` as the user, cuts their access with `cut` while it runs, and returns how it ended. */
  async function cutLiveExec(
    kubeconfig: string,
    env: Record<string, string>,
    version: 'v35' | 'v32',
    cut: () => Promise<void>,
  ): Promise<KubectlResult> {
    const session = sys().spawnKubectl(['exec', '-i', 'nginx', '--', 'cat'], { kubeconfig, env, version });
    try {
      session.write('still here\n');
      await session.waitFor(/still here/);
      await cut();
      session.write('after removal\n');
      const ended = await Promise.race([
        session.exited,
        new Promise<'open'>((r) => setTimeout(() => r('open'), 10_000)),
      ]);
      if (ended === 'open') assert.fail('the exec session is still open 10 s after access ended');
      assert.doesNotMatch(session.stdout(), /after removal/);
      return ended;
    } finally {
      await session.stop();
    }
  }

  for (const version of ['v35', 'v32'] as const) {
    for (const { name: transport, env } of EXEC_TRANSPORTS) {
      it(`a live exec session over ${transport} is closed when the user's grant is removed, and kubectl ${version} says why and fails`, async () => {
        const s = sys();
        const user = await s.createUser(`exec-${transport.toLowerCase()}-${version}@example.com`);
        const grant = await s.grant({ user: user.name }, 'edit', 'production');
        await s.waitForGrantInConnector(grant);
        const ended = await cutLiveExec(await s.kubeconfig(user.key), env, version, async () => {
          await s.removeGrant(grant);
          await s.waitForGrantInConnector(grant, false);
        });
        assert.equal(ended.code, 1, `kubectl must fail, not exit ${ended.code}; stderr: ${ended.stderr}`);
        assert.match(ended.stderr, /^error: your access to production was removed; ask an Infra admin for a grant$/m);
      });
    }
  }

  for (const { name: transport, env } of EXEC_TRANSPORTS) {
    it(`a live exec session over ${transport} is closed when the user's key is revoked, and kubectl says to log in again`, async () => {
      const s = sys();
      const user = await s.createUser(`exec-revoked-${transport.toLowerCase()}@example.com`);
      await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'edit', 'production'));
      const ended = await cutLiveExec(await s.kubeconfig(user.key), env, 'v35', async () => {
        expectStatus(await s.admin.delete(`/api/keys/${user.keyID}`), 204);
        const credential = { userId: user.id, credentialId: user.keyID, issuedAtMs: Date.now() - 1_000 };
        await eventually(
          'the connector to learn of the revocation',
          () => s.connector.state.isRevoked(credential),
          CHANGE_DEADLINE_MS,
        );
      });
      assert.equal(ended.code, 1, `kubectl must fail, not exit ${ended.code}; stderr: ${ended.stderr}`);
      assert.match(ended.stderr, /^error: your credential for production was revoked; run `infra login` again$/m);
    });
  }

  it("an open watch and a live port-forward are closed when the user's grant is removed", async () => {
    const s = sys();
    const user = await s.createUser('streams@example.com');
    const grant = await s.grant({ user: user.name }, 'edit', 'production');
    await s.waitForGrantInConnector(grant);
    const kubeconfig = await s.kubeconfig(user.key);
    const watch = s.spawnKubectl(['get', 'pods', '-w'], { kubeconfig });
    const forward = s.spawnKubectl(['port-forward', 'pod/nginx', ':8080'], { kubeconfig });
    try {
      await watch.waitFor(/nginx\s+1\/1\s+Running/);
      const port = await forwardedPort(forward);
      assert.deepEqual(await roundTrip(port, Buffer.from('before')), Buffer.from('before'));
      await s.removeGrant(grant);
      await s.waitForGrantInConnector(grant, false);
      await eventually('the watch to end', () => watch.child.exitCode !== null, 10_000);
      await eventually(
        'the port-forward to stop carrying bytes',
        async () => {
          if (forward.child.exitCode !== null) return true;
          const echoed = await roundTrip(port, Buffer.from('after')).catch(() => Buffer.alloc(0));
          return echoed.length === 0;
        },
        10_000,
      );
    } finally {
      await watch.stop();
      await forward.stop();
    }
  });

  describe('kubectl auth can-i tells the truth for the bindings the connector wrote', () => {
    let viewer: string;
    before(async () => {
      const s = sys();
      viewer = (await s.createUser('truth@example.com')).name;
      const engineer = await s.createUser('engineer@example.com');
      await s.createGroup('Engineering', [engineer.name]);
      const grants = [
        await s.grant({ user: viewer }, 'view', 'production.web'),
        await s.grant({ group: 'Engineering' }, 'edit', 'production'),
      ];
      await eventually(
        'both bindings to be written',
        () => s.binding(grants[0], 'web') !== undefined && s.binding(grants[1]) !== undefined,
      );
    });

    it('a user with view on one namespace may read there and nothing more', async () => {
      const s = sys();
      assert.equal(await s.canI(viewer, ['list', 'pods', '-n', 'web']), 'yes');
      assert.equal(await s.canI(viewer, ['delete', 'pods', '-n', 'web']), 'no');
      assert.equal(await s.canI(viewer, ['list', 'pods', '-n', 'db']), 'no');
      assert.equal(await s.canI(viewer, ['list', 'pods', '--all-namespaces']), 'no');
    });

    it('a member of a granted group may exec anywhere, and a non-member may not', async () => {
      const s = sys();
      assert.equal(
        await s.canI('engineer@example.com', ['create', 'pods', '--subresource=exec', '-n', 'db'], ['Engineering']),
        'yes',
      );
      assert.equal(await s.canI('engineer@example.com', ['create', 'pods', '--subresource=exec', '-n', 'db']), 'no');
    });

    it('the same answers come back through the proxy, where the connector impersonates the user and groups', async () => {
      const s = sys();
      const user = await s.createUser('engineer2@example.com');
      await s.addToGroup('Engineering', ['engineer2@example.com']);
      // Tokens are signed for members of a granted group only: join first, then mint.
      const engineer = await s.kubeconfig(user.key);
      await eventually(
        'the new member to be let through',
        async () =>
          (await s.kubectl(['auth', 'can-i', 'get', 'pods'], { kubeconfig: engineer })).stdout.trim() === 'yes',
      );
      const r = await s.kubectl(['auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'db'], {
        kubeconfig: engineer,
      });
      assert.equal(r.stdout.trim(), 'yes');
      const cannot = await s.kubectl(['auth', 'can-i', 'create', 'clusterrolebindings'], { kubeconfig: engineer });
      assert.equal(cannot.stdout.trim(), 'no');
    });
  });
});
