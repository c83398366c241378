// The connector as it is deployed: its own process running the image's bundle (apps/connector/bundle.mjs, built here
// into a temporary directory), configured only by the environment variables its README lists, for a second
// destination of the same system. The other system specs run apps/connector/dist/main.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '@infra/kube-testing';
import { ConnectorChild } from './connector-child.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

describe('the connector binary configured by its environment', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let connector: ConnectorChild | undefined;
  let bundle: string;
  before(() => {
    bundle = mkdtempSync(join(tmpdir(), 'infra-connector-bundle-'));
    const script = fileURLToPath(new URL('../../../apps/connector/bundle.mjs', import.meta.url));
    const built = spawnSync(process.execPath, [script, '--outdir', bundle], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(built.status, 0, `apps/connector/bundle.mjs failed:\n${built.stderr}`);
  });
  after(async () => {
    await connector?.stop();
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });

  it('registers, lets a granted user through, logs no secret and stops cleanly on SIGTERM', async () => {
    const s = sys();
    const key = await s.createDestination('staging');
    connector = new ConnectorChild(s.connectorEnv('staging', key), [join(bundle, 'main.mjs')]);
    const staging = await connector.registered(s, 'staging');

    s.kube.addPod({ name: 'staging-web' });
    const user = await s.createUser('stager@example.com');
    await s.grant({ user: user.name }, 'view', 'staging');
    const kubeconfig = writeKubeconfig(join(s.dir, 'stager.kubeconfig'), {
      server: staging.url,
      caPem: staging.caCertificate,
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
      server: staging.url,
      caPem: staging.caCertificate,
      credential: production,
    });
    const refused = await s.kubectl(['get', 'pods'], { kubeconfig: wrongAudience });
    assert.equal(refused.code, 1, 'a token for production is no good at staging');

    assert.equal(await connector.stop(), 0, connector.log());
    assert.ok(!connector.log().includes(key.split('.')[1]), 'the access key secret is not in the logs');
    await eventually(
      'the server to show staging disconnected',
      async () => (await s.destinationRecord('staging'))?.connected === false,
    );
  });
});
