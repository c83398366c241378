import assert from 'node:assert/strict';
import { kubectl } from './kubectl/kubectl.js';
import { KUBECTL_VERSIONS, useKubeServer } from './testing.js';

const ROLE_BINDING_YAML = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: carol
`;

describe('kubectl reads and writes resources on the Kubernetes test server', function () {
  this.timeout(120_000);
  const fx = useKubeServer({ namespaces: ['team-a'] });
  before(() => {
    fx.server.addPod({ name: 'web', containers: ['app', 'sidecar'] });
    fx.server.addPod({ name: 'worker', namespace: 'team-a' });
  });

  for (const [version, label] of KUBECTL_VERSIONS) {
    describe(`with kubectl ${label}`, () => {
      const run = (args: string[], input?: string) => kubectl(args, { kubeconfig: fx.admin, version, input });

      const reads: [string, string[], RegExp][] = [
        [
          'get namespaces lists the seeded and extra namespaces',
          ['get', 'ns'],
          /NAME\s+STATUS\s+AGE[\s\S]*default\s+Active[\s\S]*team-a\s+Active/,
        ],
        [
          'get pods prints the server-side table columns',
          ['get', 'pods'],
          /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+2\/2\s+Running\s+0/,
        ],
        [
          'get pods -o wide adds the priority columns',
          ['get', 'pods', '-o', 'wide'],
          /IP\s+NODE\s+NOMINATED NODE[\s\S]*node-1/,
        ],
        ['get pods -A shows the namespace column', ['get', 'pods', '-A'], /NAMESPACE\s+NAME[\s\S]*team-a\s+worker/],
        [
          'describe pod shows containers and status',
          ['describe', 'pod', 'web'],
          /Status:\s+Running[\s\S]*app:[\s\S]*sidecar:/,
        ],
        ['describe namespace shows its status', ['describe', 'ns', 'team-a'], /Name:\s+team-a[\s\S]*Status:\s+Active/],
        [
          'get with a small chunk size follows continue tokens',
          ['get', 'ns', '--chunk-size=1', '-o', 'name'],
          /namespace\/default\nnamespace\/kube-public\nnamespace\/kube-system\nnamespace\/team-a/,
        ],
        [
          'get clusterroles shows the bootstrap roles',
          ['get', 'clusterroles', '-o', 'name'],
          /clusterrole\.rbac\.authorization\.k8s\.io\/cluster-admin[\s\S]*\/view/,
        ],
        [
          'the aggregated view role has real rules',
          ['get', 'clusterrole', 'view', '-o', 'jsonpath={.rules[*].resources}'],
          /pods\/log/,
        ],
      ];
      for (const [name, args, expected] of reads) {
        it(name, async () => {
          const r = await run(args);
          assert.equal(r.code, 0, r.stderr);
          assert.match(r.stdout, expected);
        });
      }

      it('a missing pod is reported as NotFound', async () => {
        const r = await run(['get', 'pod', 'nope']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Error from server \(NotFound\): pods "nope" not found/);
      });

      it('create rolebinding sends protobuf and the binding shows up with its role', async () => {
        const before = fx.server.counters.protobufBodies;
        const created = await run([
          'create',
          'rolebinding',
          `pb-${version}`,
          '--clusterrole=view',
          '--user=alice',
          '--group=devs',
        ]);
        assert.equal(created.code, 0, created.stderr);
        assert.ok(fx.server.counters.protobufBodies > before, 'the create used a protobuf body');
        const stored = fx.server.get('rbac.authorization.k8s.io/v1', 'RoleBinding', `pb-${version}`);
        assert.deepEqual(stored?.subjects, [
          { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
          { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        ]);
        const shown = await run(['get', 'rolebinding', `pb-${version}`, '-o', 'wide']);
        assert.match(shown.stdout, new RegExp(`pb-${version}\\s+ClusterRole/view\\s+\\S+\\s+alice\\s+devs`));
        const again = await run(['create', 'rolebinding', `pb-${version}`, '--clusterrole=view', '--user=alice']);
        assert.match(again.stderr, /rolebindings.rbac.authorization.k8s.io "pb-v3\d" already exists/);
      });

      it('apply creates, leaves unchanged and deletes a rolebinding sent as JSON', async () => {
        const file = fx.file(`rb-${version}.yaml`, ROLE_BINDING_YAML(`applied-${version}`));
        assert.match((await run(['apply', '-f', file])).stdout, /created/);
        assert.match((await run(['apply', '-f', file])).stdout, /unchanged/);
        assert.match((await run(['apply', '--server-side', '-f', file])).stdout, /serverside-applied/);
        const stored = fx.server.get('rbac.authorization.k8s.io/v1', 'RoleBinding', `applied-${version}`);
        assert.ok(stored?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);
        assert.match((await run(['delete', '-f', file])).stdout, /deleted/);
        assert.equal(fx.server.get('rbac.authorization.k8s.io/v1', 'RoleBinding', `applied-${version}`), undefined);
      });

      it('create and delete a clusterrolebinding and a namespace with its contents', async () => {
        assert.equal(
          (await run(['create', 'clusterrolebinding', `crb-${version}`, '--clusterrole=edit', '--group=ops'])).code,
          0,
        );
        assert.equal((await run(['create', 'ns', `tmp-${version}`])).code, 0);
        assert.equal((await run(['create', 'configmap', 'c', '--from-literal=a=b', '-n', `tmp-${version}`])).code, 0);
        assert.equal((await run(['delete', 'clusterrolebinding', `crb-${version}`])).code, 0);
        const del = await run(['delete', 'ns', `tmp-${version}`]);
        assert.equal(del.code, 0, del.stderr);
        assert.equal(fx.server.list('v1', 'ConfigMap', `tmp-${version}`).length, 0);
      });

      it('apply creates a Deployment that reports its replicas ready', async () => {
        const file = fx.file(
          `deploy-${version}.yaml`,
          `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api-${version}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: nginx}]\n`,
        );
        assert.equal((await run(['apply', '-f', file])).code, 0);
        const r = await run(['get', 'deploy', `api-${version}`]);
        assert.match(r.stdout, new RegExp(`api-${version}\\s+2/2\\s+2\\s+2`));
        assert.equal((await run(['delete', 'deploy', `api-${version}`])).code, 0);
      });

      it('label and patch change the stored pod', async () => {
        assert.equal((await run(['label', 'pod', 'web', `seen-${version}=yes`])).code, 0);
        assert.equal(
          (await run(['patch', 'pod', 'web', '-p', `{"metadata":{"annotations":{"patched-${version}":"1"}}}`])).code,
          0,
        );
        const pod = fx.server.get('v1', 'Pod', 'web');
        assert.equal(pod?.metadata.labels?.[`seen-${version}`], 'yes');
        assert.equal(pod?.metadata.annotations?.[`patched-${version}`], '1');
      });
    });
  }

  describe('on a server with legacy discovery only', () => {
    const legacy = useKubeServer({ discovery: 'legacy' });
    for (const [version, label] of KUBECTL_VERSIONS) {
      it(`kubectl ${label} fetches each group-version and still lists pods`, async () => {
        legacy.server.addPod({ name: `legacy-${version}` });
        const r = await kubectl(['get', 'pods', '-o', 'name'], { kubeconfig: legacy.admin, version });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`pod/legacy-${version}`));
        assert.ok(legacy.server.requests.some((q) => q.path === '/apis/rbac.authorization.k8s.io/v1'));
      });
    }
  });
});
