// Grants made through the REST API let people use plain kubectl (1.35 and 1.32) through the connector's proxy:
// reads, watches, exec and port-forward over both WebSocket and SPDY; no grant means a clear 403.
import assert from 'node:assert/strict';
import type { KubeObject } from '@infra/kube-testing';
import { KUBECTL_VERSIONS } from '@infra/kube-testing';
import type { SystemUser } from './harness.js';
import { EXEC_TRANSPORTS, PORT_FORWARD_TRANSPORTS, forwardedPort, roundTrip } from './streams.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

describe('kubectl through the connector with grants from the control server', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let editor: SystemUser; // edit on the whole destination
  let outsider: SystemUser; // no grant at all (but see outsiderKubeconfig)
  let webViewer: SystemUser; // view on production.web only

  before(async function () {
    this.timeout(60_000);
    const s = sys();
    [editor, outsider, webViewer] = await Promise.all(
      ['editor@example.com', 'outsider@example.com', 'web-viewer@example.com'].map((n) => s.createUser(n)),
    );
    const grants = await Promise.all([
      s.grant({ user: editor.name }, 'edit', 'production'),
      s.grant({ user: webViewer.name }, 'view', 'production.web'),
    ]);
    for (const g of grants) await s.waitForGrantInConnector(g);
    s.kube.addPod({ name: 'nginx' });
    s.kube.addPod({ name: 'api', namespace: 'web' });
    s.kube.addPod({ name: 'postgres', namespace: 'db' });
  });

  /**
   * The control server signs tokens only for granted users, so a token in an ungranted user's hands is one minted
   * while a grant was in force: grant, mint, remove the grant, and wait until the connector knows.
   */
  async function outsiderKubeconfig(): Promise<string> {
    const s = sys();
    const grant = await s.grant({ user: outsider.name }, 'view', 'production');
    await s.waitForGrantInConnector(grant);
    const kubeconfig = await s.kubeconfig(outsider.key);
    await s.removeGrant(grant);
    await s.waitForGrantInConnector(grant, false);
    return kubeconfig;
  }

  it('the control server signs no token for a user without a grant, and says which grant is missing', async () => {
    const res = await sys()
      .admin.as(outsider.key)
      .post<{ message: string }>('/api/tokens', { destination: 'production' });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.match(
      res.body.message,
      /no grant on production; ask an Infra admin to run `infra grants add outsider@example\.com production --role view`/,
    );
  });

  it('kubectl --as through the proxy is refused: users cannot impersonate others through Infra', async () => {
    const r = await sys().kubectl(['get', 'pods', '--as', 'someone-else@example.com'], {
      kubeconfig: await sys().kubeconfig(editor.key),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Forbidden.*impersonation through Infra is not allowed/);
    assert.ok(
      !sys().kube.requests.some((q) => q.user === 'someone-else@example.com'),
      'nothing reached the API server as the other user',
    );
  });

  it("the connect privilege lets a user through, and the cluster's own RBAC decides", async () => {
    const s = sys();
    const ops = await s.createUser('ops@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: ops.name }, 'connect', 'production'));
    const kubeconfig = await s.kubeconfig(ops.key);
    const before = await s.kubectl(['get', 'pods', '-n', 'db'], { kubeconfig });
    assert.equal(before.code, 1);
    assert.match(
      before.stderr,
      /User "ops@example\.com" cannot list resource "pods"/,
      'let through, refused by Kubernetes: no binding yet',
    );
    s.kube.put({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ops-existing', namespace: 'db' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: ops.name }],
    } as KubeObject);
    const after = await s.kubectl(['get', 'pods', '-n', 'db'], { kubeconfig });
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /^postgres\s/m);
  });

  for (const [version, label] of KUBECTL_VERSIONS) {
    describe(`with kubectl ${label}`, () => {
      let kubeconfig: string;
      before(async () => {
        kubeconfig = await sys().kubeconfig(editor.key);
      });
      const opts = (env: Record<string, string> = {}) => ({ kubeconfig, version, env });

      it('a granted user lists pods, and the API server saw the user impersonated by the connector', async () => {
        const r = await sys().kubectl(['get', 'pods'], opts());
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^nginx\s+1\/1\s+Running/m);
        const seen = sys().kube.requests.filter(
          (q) => q.path === '/api/v1/namespaces/default/pods' && q.user === editor.name,
        );
        assert.ok(seen.length > 0, 'the API server saw the list as the user');
        assert.ok(seen.every((q) => q.impersonatedBy === 'system:serviceaccount:infra:infra-connector'));
        assert.ok(
          seen.every((q) => q.extra?.['infra-request-id']?.length === 1),
          'each request carries its request id for the audit log',
        );
      });

      it('a granted user watches pods and sees one created after the list', async () => {
        const watches = sys().kube.counters.watches;
        const w = sys().spawnKubectl(['get', 'pods', '-w'], opts());
        try {
          await w.waitFor(/nginx\s+1\/1\s+Running/);
          // once the watch is open upstream, a new pod reaches kubectl only through it
          await eventually('the watch to reach the API server', () => sys().kube.counters.watches > watches);
          sys().kube.addPod({ name: `late-${version}` });
          await w.waitFor(new RegExp(`late-${version}\\s+1/1\\s+Running`));
        } finally {
          await w.stop();
          sys().kube.delete('v1', 'Pod', `late-${version}`);
        }
      });

      for (const { name: transport, env } of EXEC_TRANSPORTS) {
        it(`a granted user runs exec over ${transport} with stdin, stdout, stderr and the exit code`, async () => {
          const r = await sys().kubectl(['exec', '-i', 'nginx', '--', 'sh', '-c', 'cat; echo to-err >&2; exit 3'], {
            ...opts(env),
            input: 'from stdin\n',
          });
          assert.equal(r.code, 3, r.stderr);
          assert.equal(r.stdout, 'from stdin\n');
          assert.match(r.stderr, /to-err\ncommand terminated with exit code 3/);
        });
      }

      for (const { name: transport, env, counter } of PORT_FORWARD_TRANSPORTS) {
        it(`a granted user port-forwards over ${transport}`, async () => {
          const before = sys().kube.counters[counter];
          const pf = sys().spawnKubectl(['port-forward', 'pod/nginx', ':8080'], opts(env));
          try {
            const port = await forwardedPort(pf);
            for (const payload of [Buffer.from('ping'), Buffer.alloc(200_000, 'x')])
              assert.deepEqual(await roundTrip(port, payload), payload);
            assert.equal(sys().kube.counters[counter], before + 1);
          } finally {
            await pf.stop();
          }
        });
      }

      it('an ungranted user gets a 403 that names the destination and the fix', async () => {
        const r = await sys().kubectl(['get', 'pods'], { kubeconfig: await outsiderKubeconfig(), version });
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): outsider@example\.com has no grant on production; ask an/,
        );
      });

      it('an ungranted user gets a 403 on exec, over WebSocket and over SPDY', async () => {
        const kc = await outsiderKubeconfig();
        for (const { env } of EXEC_TRANSPORTS) {
          const r = await sys().kubectl(['exec', 'nginx', '--', 'echo', 'hi'], { kubeconfig: kc, version, env });
          assert.equal(r.code, 1);
          assert.match(r.stderr, /Forbidden|forbidden/);
          assert.doesNotMatch(r.stdout, /hi/);
        }
      });

      it('a namespace grant lets a user into that namespace only', async () => {
        const kc = await sys().kubeconfig(webViewer.key, 'web');
        const inside = await sys().kubectl(['get', 'pods', '-n', 'web'], { kubeconfig: kc, version });
        assert.equal(inside.code, 0, inside.stderr);
        assert.match(inside.stdout, /^api\s/m);
        for (const ns of ['db', 'default']) {
          const outside = await sys().kubectl(['get', 'pods', '-n', ns], { kubeconfig: kc, version });
          assert.equal(outside.code, 1, outside.stdout);
          assert.match(
            outside.stderr,
            new RegExp(
              `pods is forbidden: User "web-viewer@example.com" cannot list resource "pods" in API group "" in the namespace "${ns}"`,
            ),
          );
        }
        const exec = await sys().kubectl(['exec', '-n', 'web', 'api', '--', 'echo', 'hi'], { kubeconfig: kc, version });
        assert.equal(exec.code, 1, 'view does not allow exec');
      });
    });
  }
});
