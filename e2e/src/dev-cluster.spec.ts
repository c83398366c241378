// `npm run dev:cluster`: a simulated cluster plus a real connector process, for trying Infra without a cluster.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '@infra/kube-testing';
import { ConnectorChild } from './system/connector-child.js';
import { useSystem } from './system/testing.js';
import { eventually } from './system/wait.js';

const DEV_CLUSTER = fileURLToPath(new URL('./dev-cluster.js', import.meta.url));

describe('the dev cluster script', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let devCluster: ConnectorChild | undefined;
  after(async () => {
    await devCluster?.stop();
  });

  it('refuses to start without the connector key, saying how to get one', async () => {
    const run = spawn(process.execPath, [DEV_CLUSTER], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    run.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(run, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(err, /set INFRA_ACCESS_KEY to the connector's access key \(infra destinations add NAME prints it\)/);
  });

  it('connects a cluster with pods in several namespaces that a granted user reaches with kubectl', async () => {
    const s = sys();
    const key = await s.createDestination('devbox');
    const { INFRA_SERVER, INFRA_SERVER_CA_FILE, INFRA_SERVER_INSECURE } = s.connectorEnv('devbox', key);
    const env = {
      INFRA_ACCESS_KEY: key,
      INFRA_SERVER,
      ...(INFRA_SERVER_CA_FILE ? { INFRA_SERVER_CA_FILE } : { INFRA_SERVER_INSECURE }),
    };
    devCluster = new ConnectorChild(env, [DEV_CLUSTER, '--destination', 'devbox', '--listen', '127.0.0.1:0']);
    const devbox = await devCluster.registered(s, 'devbox', 60_000);

    const user = await s.createUser('dev@example.com');
    await s.grant({ user: user.name }, 'view', 'devbox');
    const kubeconfig = writeKubeconfig(join(s.dir, 'dev.kubeconfig'), {
      server: devbox.url,
      caPem: devbox.caCertificate,
      credential: await s.token(user.key, 'devbox'),
    });
    await eventually(
      'kubectl through the dev cluster',
      async () => /web\s+web-0\s+1\/1\s+Running/.test((await s.kubectl(['get', 'pods', '-A'], { kubeconfig })).stdout),
      15_000,
    );

    assert.equal(await devCluster.stop(), 0, devCluster.log());
    assert.ok(!devCluster.log().includes(key.split('.')[1]), 'the access key secret is not in the output');
  });
});
