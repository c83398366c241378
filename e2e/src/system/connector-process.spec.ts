// The connector as it is deployed: its own process (node apps/connector/dist/main.js), configured only by the
// environment variables its README lists, for a second destination of the same system.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '@infra/kube-testing';
import type { DestinationRecord } from './harness.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const CONNECTOR_MAIN = fileURLToPath(import.meta.resolve('@infra/connector')); // its main.js, the process entry point

describe('the connector binary configured by its environment', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let child: ChildProcess | undefined;
  let output = '';
  after(() => {
    child?.kill('SIGKILL');
  });

  it('registers, lets a granted user through, logs no secret and stops cleanly on SIGTERM', async () => {
    const s = sys();
    const key = await s.createDestination('staging');
    child = spawn(process.execPath, [CONNECTOR_MAIN], {
      env: { PATH: process.env.PATH, ...s.connectorEnv('staging', key) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let staging: DestinationRecord | undefined;
    await eventually(
      'the staging connector to register',
      async () => {
        staging = await s.destinationRecord('staging');
        return staging?.connected === true && Boolean(staging.url) && Boolean(staging.caCertificate);
      },
      30_000,
      () => output,
    );

    s.kube.addPod({ name: 'staging-web' });
    const user = await s.createUser('stager@example.com');
    await s.grant({ user: user.name }, 'view', 'staging');
    const kubeconfig = writeKubeconfig(join(s.dir, 'stager.kubeconfig'), {
      server: staging!.url,
      caPem: staging!.caCertificate,
      credential: await s.token(user.key, 'staging'),
    });
    await eventually(
      'kubectl through the staging proxy',
      async () => (await s.kubectl(['get', 'pods'], { kubeconfig })).stdout.includes('staging-web'),
      15_000,
    );
    // A token for production (signed only with a grant there) is still no good at staging.
    await s.grant({ user: user.name }, 'view', 'production');
    const production = await s.token(user.key, 'production');
    const wrongAudience = writeKubeconfig(join(s.dir, 'stager-production.kubeconfig'), {
      server: staging!.url,
      caPem: staging!.caCertificate,
      credential: production,
    });
    const refused = await s.kubectl(['get', 'pods'], { kubeconfig: wrongAudience });
    assert.equal(refused.code, 1, 'a token for production is no good at staging');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    child = undefined;
    assert.equal(code, 0, output);
    assert.ok(!output.includes(key.split('.')[1]), 'the access key secret is not in the logs');
    await eventually(
      'the server to show staging disconnected',
      async () => (await s.destinationRecord('staging'))?.connected === false,
    );
  });
});
