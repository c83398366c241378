// The connector run outside the cluster as kubectl would be: KUBECONFIG lists two files (the cluster and context in
// one, the user in the other), and the user's credential comes from an exec plugin, a small node script printing an
// ExecCredential. The Kubernetes API test server accepts only the plugin's token for the connector's account.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { writeKubeconfig } from '@infra/kube-testing';
import { installConnectorAccount } from './cluster-account.js';
import { ConnectorChild } from './connector-child.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const DESTINATION = 'outside';

describe('the connector outside the cluster, with KUBECONFIG listing two files and an exec plugin', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let connector: ConnectorChild | undefined;
  after(async () => {
    await connector?.stop();
  });

  it('merges the files, runs the plugin, and uses its token for RBAC, namespaces and proxied requests', async () => {
    const s = sys();
    const token = installConnectorAccount(s.kube); // a token of the connector's account that only the plugin knows
    const runs = join(s.dir, 'plugin-runs');
    writeFileSync(runs, '');
    const plugin = join(s.dir, 'credential-plugin.cjs');
    writeFileSync(
      plugin,
      `require('node:fs').appendFileSync(${JSON.stringify(runs)}, 'run\\n');
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)} } }));`,
    );
    const clusterFile = join(s.dir, 'outside-cluster.kubeconfig');
    writeFileSync(
      clusterFile,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'test',
            cluster: { server: s.kube.url, 'certificate-authority-data': Buffer.from(s.kube.caPem).toString('base64') },
          },
        ],
        contexts: [{ name: 'outside', context: { cluster: 'test', user: 'plugin-user' } }],
        'current-context': 'outside',
      }),
    );
    const userFile = join(s.dir, 'outside-user.kubeconfig');
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: [plugin],
      interactiveMode: 'Never',
    };
    writeFileSync(
      userFile,
      JSON.stringify({ apiVersion: 'v1', kind: 'Config', users: [{ name: 'plugin-user', user: { exec } }] }),
    );

    const key = await s.createDestination(DESTINATION);
    const { INFRA_KUBECONFIG: _inCluster, ...env } = s.connectorEnv(DESTINATION, key);
    const before = s.kube.requests.length;
    connector = new ConnectorChild({ ...env, KUBECONFIG: [clusterFile, userFile].join(delimiter), HOME: s.dir });
    const record = await connector.registered(s, DESTINATION);
    assert.ok(readFileSync(runs, 'utf8').length > 0, 'the exec plugin ran');

    s.kube.addPod({ name: 'outside-web' });
    const user = await s.createUser('outsider@example.com');
    const grant = await s.grant({ user: user.name }, 'view', DESTINATION);
    await eventually(
      'the grant rendered as a ClusterRoleBinding',
      () => Boolean(s.binding(grant)),
      15_000,
      () => connector!.log(),
    );
    const kubeconfig = writeKubeconfig(join(s.dir, 'outsider.kubeconfig'), {
      server: record.url,
      caPem: record.caCertificate,
      credential: await s.token(user.key, DESTINATION),
    });
    await eventually(
      'kubectl through the outside connector',
      async () => (await s.kubectl(['get', 'pods'], { kubeconfig })).stdout.includes('outside-web'),
      15_000,
    );

    const mine = s.kube.requests.slice(before).filter((r) => r.rawHeaders.some((h) => h === `Bearer ${token}`));
    const seen = (re: RegExp) => mine.some((r) => re.test(r.path));
    assert.ok(
      seen(/^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterrolebindings/),
      'RBAC calls carried the plugin token',
    );
    assert.ok(seen(/^\/api\/v1\/namespaces$/), 'the namespace list/watch carried the plugin token');
    assert.ok(seen(/^\/api\/v1\/namespaces\/default\/pods$/), 'the proxied request carried the plugin token');
    assert.equal(await connector.stop(), 0, connector.log());
    connector = undefined;
  });
});
