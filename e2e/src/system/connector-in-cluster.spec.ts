// The connector as a pod runs it: no kubeconfig, KUBERNETES_SERVICE_HOST/PORT and a projected service-account token
// (token + ca.crt in a directory, INFRA_SERVICE_ACCOUNT_DIR standing in for the kubelet's mount path). The token is
// rotated during the test the way the kubelet does it (a new file renamed over the old one) and the old one is then
// refused by the Kubernetes API test server: the connector must go on working with the new one.
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeKubeconfig } from '@infra/kube-testing';
import { installConnectorAccount } from './cluster-account.js';
import { ConnectorChild } from './connector-child.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const DESTINATION = 'in-pod';

describe('the connector in a pod, with a projected service-account token that rotates', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let connector: ConnectorChild | undefined;
  after(async () => {
    await connector?.stop();
  });

  it('reads the mounted account, and uses the rotated token once the old one is revoked', async () => {
    const s = sys();
    const account = join(s.dir, 'serviceaccount');
    mkdirSync(account);
    writeFileSync(join(account, 'ca.crt'), s.kube.caPem);
    const rotate = (token: string) => {
      writeFileSync(join(account, '..token.next'), `${token}\n`);
      renameSync(join(account, '..token.next'), join(account, 'token'));
    };
    const first = installConnectorAccount(s.kube);
    rotate(first);

    const key = await s.createDestination(DESTINATION);
    const { INFRA_KUBECONFIG: _kubeconfig, ...env } = s.connectorEnv(DESTINATION, key);
    const { hostname, port } = new URL(s.kube.url);
    connector = new ConnectorChild({
      ...env,
      KUBERNETES_SERVICE_HOST: hostname,
      KUBERNETES_SERVICE_PORT: port,
      INFRA_SERVICE_ACCOUNT_DIR: account,
      HOME: s.dir,
    });
    const record = await connector.registered(s, DESTINATION);
    const user = await s.createUser('podder@example.com');
    s.kube.addPod({ name: 'pod-web' });
    await s.grant({ user: user.name }, 'view', DESTINATION);
    const kubeconfig = writeKubeconfig(join(s.dir, 'podder.kubeconfig'), {
      server: record.url,
      caPem: record.caCertificate,
      credential: await s.token(user.key, DESTINATION),
    });
    await eventually(
      'kubectl through the in-pod connector with the first token',
      async () => (await s.kubectl(['get', 'pods'], { kubeconfig })).stdout.includes('pod-web'),
      15_000,
      () => connector!.log(),
    );

    const second = installConnectorAccount(s.kube);
    rotate(second);
    // The connector reads the file again at most every second; the kubelet too rotates well before the old token
    // expires. Then the old token is refused: from here on only the rotated one works.
    await new Promise((r) => setTimeout(r, 1_200));
    s.kube.removeUser(first);
    const rotatedAt = s.kube.requests.length;
    const grant = await s.grant({ user: user.name }, 'edit', DESTINATION);
    await eventually(
      'the grant made after the rotation rendered as a ClusterRoleBinding',
      () => Boolean(s.binding(grant)),
      15_000,
      () => connector!.log(),
    );
    await eventually(
      'kubectl through the connector with the rotated token',
      async () => (await s.kubectl(['get', 'pods'], { kubeconfig })).stdout.includes('pod-web'),
      15_000,
    );

    const after = s.kube.requests.slice(rotatedAt);
    const bearer = (r: (typeof after)[number]) => r.rawHeaders.find((h) => h.startsWith('Bearer '));
    assert.ok(
      after.some((r) => bearer(r) === `Bearer ${second}` && r.path === '/api/v1/namespaces/default/pods'),
      'a proxied request carried the rotated token',
    );
    assert.ok(
      after.some(
        (r) =>
          bearer(r) === `Bearer ${second}` &&
          r.path.startsWith('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'),
      ),
      'an RBAC call carried the rotated token',
    );
    assert.equal(await connector.stop(), 0, connector.log());
    connector = undefined;
  });
});
