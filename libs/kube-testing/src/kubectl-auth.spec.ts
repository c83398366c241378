import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { kubectl } from './kubectl/kubectl.js';
import { KUBECTL_VERSIONS, useKubeServer } from './testing.js';

const RBAC = 'rbac.authorization.k8s.io';

describe('kubectl authentication, impersonation and RBAC on the Kubernetes test server', function () {
  this.timeout(120_000);
  const fx = useKubeServer({ namespaces: ['team-a'] });
  let alice: string;
  let connector: string;
  let usersOnly: string;
  let nsAdmin: string;
  before(() => {
    nsAdmin = fx.user('ns-admin');
    alice = fx.user('alice');
    connector = fx.user('system:serviceaccount:infra:connector');
    usersOnly = fx.user('half-impersonator');
    const s = fx.server;
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'alice-view', namespace: 'team-a' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: 'alice' }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'ns-admin', namespace: 'team-a' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: 'ns-admin' }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'binder' },
      rules: [
        { apiGroups: [RBAC], resources: ['clusterrolebindings', 'rolebindings'], verbs: ['create', 'delete', 'get'] },
        { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'] },
      ],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'connector-binds' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'binder' },
      subjects: [{ kind: 'ServiceAccount', name: 'connector', namespace: 'infra' }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'devs-edit' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'devs' }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'impersonator' },
      rules: [
        { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['userextras/*', 'uids'], verbs: ['impersonate'] },
      ],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'user-impersonator' },
      rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'connector-impersonates' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'impersonator' },
      subjects: [{ kind: 'ServiceAccount', name: 'connector', namespace: 'infra' }],
    });
    s.put({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'half-impersonates' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'user-impersonator' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: 'half-impersonator' }],
    });
  });

  for (const [version, label] of KUBECTL_VERSIONS) {
    describe(`with kubectl ${label}`, () => {
      const as = (kubeconfig: string, args: string[]) => kubectl(args, { kubeconfig, version });

      const canI: [string, () => string, string[], 'yes' | 'no'][] = [
        [
          'a viewer may get pods in its namespace',
          () => fx.admin,
          ['get', 'pods', '-n', 'team-a', '--as', 'alice'],
          'yes',
        ],
        [
          'a viewer may not exec into pods',
          () => fx.admin,
          ['create', 'pods/exec', '-n', 'team-a', '--as', 'alice'],
          'no',
        ],
        ['a viewer may not read secrets', () => fx.admin, ['get', 'secrets', '-n', 'team-a', '--as', 'alice'], 'no'],
        [
          'a viewer has nothing in another namespace',
          () => fx.admin,
          ['get', 'pods', '-n', 'default', '--as', 'alice'],
          'no',
        ],
        [
          'a group member gets the group binding',
          () => fx.admin,
          ['create', 'pods/exec', '--as', 'bob', '--as-group', 'devs'],
          'yes',
        ],
        ['the same user without the group does not', () => fx.admin, ['create', 'pods/exec', '--as', 'bob'], 'no'],
        ['every authenticated user may read /healthz', () => fx.admin, ['get', '/healthz', '--as', 'nobody'], 'yes'],
        [
          'the connector impersonating a viewer gets the viewer answer',
          () => connector,
          ['list', 'pods', '-n', 'team-a', '--as', 'alice'],
          'yes',
        ],
        ['alice herself may list pods in her namespace', () => alice, ['list', 'pods', '-n', 'team-a'], 'yes'],
      ];
      for (const [name, kubeconfig, args, answer] of canI) {
        it(`auth can-i: ${name}`, async () => {
          const r = await as(kubeconfig(), ['auth', 'can-i', ...args]);
          assert.equal(r.stdout.trim().split(/\s/)[0], answer, r.stderr);
          assert.equal(r.code, answer === 'yes' ? 0 : 1);
        });
      }

      it('auth can-i --list shows the rules of the impersonated user', async () => {
        const r = await as(fx.admin, ['auth', 'can-i', '--list', '-n', 'team-a', '--as', 'alice']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /pods\s+\[\]\s+\[\]\s+\[get list watch\]/);
      });

      it('auth whoami shows the impersonated user and groups', async () => {
        const r = await as(connector, [
          'auth',
          'whoami',
          '--as',
          'alice',
          '--as-group',
          'devs',
          '--as-group',
          'with,comma',
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Username\s+alice/);
        assert.match(r.stdout, /Groups\s+\[devs with,comma system:authenticated\]/);
        assert.equal(fx.server.requests.at(-1)?.impersonatedBy, 'system:serviceaccount:infra:connector');
      });

      it('a user not allowed to impersonate gets 403', async () => {
        const r = await as(alice, ['get', '--raw', '/api/v1/namespaces/default/pods', '--as', 'bob']);
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope/,
        );
      });

      it('a user allowed to impersonate users but not groups gets 403 on the group', async () => {
        const r = await as(usersOnly, [
          'get',
          '--raw',
          '/api/v1/namespaces/default/pods',
          '--as',
          'bob',
          '--as-group',
          'admins',
        ]);
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /groups "admins" is forbidden: User "half-impersonator" cannot impersonate resource "groups" in API group "" at the cluster scope/,
        );
      });

      it('a user without a grant gets the real Forbidden message on list', async () => {
        const r = await as(alice, ['get', 'pods', '-n', 'default']);
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"/,
        );
      });

      const grants: [string, () => string, string[], RegExp][] = [
        [
          'a namespace admin may bind view to a colleague',
          () => nsAdmin,
          ['create', 'rolebinding', `colleague-${version}`, '-n', 'team-a', '--clusterrole=view', '--user=bob'],
          /created/,
        ],
        [
          'a namespace admin may not bind cluster-admin',
          () => nsAdmin,
          ['create', 'rolebinding', `escalate-${version}`, '-n', 'team-a', '--clusterrole=cluster-admin', '--user=bob'],
          /is attempting to grant RBAC permissions not currently held/,
        ],
        [
          'a namespace admin may not create a role with more than it holds',
          () => nsAdmin,
          ['create', 'role', `wide-${version}`, '-n', 'team-a', '--verb=*', '--resource=secrets'],
          /user "ns-admin" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held/,
        ],
        [
          'a connector with bind may hand out cluster-admin',
          () => connector,
          ['create', 'clusterrolebinding', `handed-${version}`, '--clusterrole=cluster-admin', '--user=root'],
          /created/,
        ],
      ];
      for (const [name, kubeconfig, args, expected] of grants) {
        it(name, async () => {
          const r = await as(kubeconfig(), args);
          assert.match(r.stdout + r.stderr, expected);
        });
      }

      it('kubectl authenticates with a token from an exec credential plugin', async () => {
        fx.server.addUser(`plugin-token-${version}`, `plugin-user-${version}`);
        const plugin = fx.file(
          'plugin.cjs',
          `require('fs').writeFileSync(process.env.INFO_FILE, process.env.KUBERNETES_EXEC_INFO);
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.TOKEN } }));`,
        );
        const infoFile = `${fx.dir}/exec-info-${version}.json`;
        const kubeconfig = fx.server.kubeconfigFor(
          {
            exec: {
              command: process.execPath,
              args: [plugin],
              env: [
                { name: 'TOKEN', value: `plugin-token-${version}` },
                { name: 'INFO_FILE', value: infoFile },
              ],
              provideClusterInfo: true,
            },
          },
          `${fx.dir}/plugin-${version}.kubeconfig`,
        );
        const r = await as(kubeconfig, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, `plugin-user-${version}`);
        const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { spec: { cluster: { server: string } } };
        assert.equal(info.spec.cluster.server, fx.server.url);
      });

      it('an unknown token gets 401', async () => {
        const kubeconfig = fx.server.kubeconfigFor('not-a-token', `${fx.dir}/unknown.kubeconfig`);
        const r = await as(kubeconfig, ['auth', 'whoami']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /You must be logged in to the server \(Unauthorized\)/);
      });
    });
  }
});
