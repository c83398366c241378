// `npm run dev:cluster`: a simulated cluster plus a real connector process, for trying Infra without a cluster.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '@infra/kube-testing';
import type { DestinationRecord } from './system/harness.js';
import { useSystem } from './system/testing.js';
import { eventually } from './system/wait.js';

const DEV_CLUSTER = fileURLToPath(new URL('./dev-cluster.js', import.meta.url));

describe('the dev cluster script', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let child: ChildProcess | undefined;
  let output = '';
  after(() => {
    child?.kill('SIGKILL');
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
      PATH: process.env.PATH,
      INFRA_ACCESS_KEY: key,
      INFRA_SERVER,
      ...(INFRA_SERVER_CA_FILE ? { INFRA_SERVER_CA_FILE } : { INFRA_SERVER_INSECURE }),
    };
    child = spawn(process.execPath, [DEV_CLUSTER, '--destination', 'devbox', '--listen', '127.0.0.1:0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let devbox: DestinationRecord | undefined;
    await eventually(
      'the dev cluster to register',
      async () => {
        devbox = await s.destinationRecord('devbox');
        return devbox?.connected === true && Boolean(devbox.url);
      },
      60_000,
      () => output,
    );

    const user = await s.createUser('dev@example.com');
    await s.grant({ user: user.name }, 'view', 'devbox');
    const kubeconfig = writeKubeconfig(join(s.dir, 'dev.kubeconfig'), {
      server: devbox!.url,
      caPem: devbox!.caCertificate,
      credential: await s.token(user.key, 'devbox'),
    });
    await eventually(
      'kubectl through the dev cluster',
      async () => /web\s+web-0\s+1\/1\s+Running/.test((await s.kubectl(['get', 'pods', '-A'], { kubeconfig })).stdout),
      15_000,
    );

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    child = undefined;
    assert.equal(code, 0, output);
    assert.ok(!output.includes(key.split('.')[1]), 'the access key secret is not in the output');
  });
});
