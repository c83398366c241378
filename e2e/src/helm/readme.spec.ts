// Each chart's README holds the one list of environment variables its app reads; the chart must set exactly those.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '@infra/access';
import { chartDir, FAKE_CA_PEM, useHelm, type ChartName } from './helm.js';
import { container, env, only } from './objects.js';

// Sets of values that, between them, switch on every optional variable.
const EVERYTHING: Record<ChartName, object[]> = {
  connector: [
    {
      server: { url: 'https://infra.example.com', caCert: FAKE_CA_PEM, tlsFingerprint: 'ab'.repeat(32) },
      proxy: { publicUrl: 'https://prod.example.com', tls: { secretName: 'proxy-cert', caInSecret: true } },
      metrics: { tokenSecret: { name: 'infra-connector-metrics', key: 'token' } },
    },
    { server: { url: 'http://localhost:9090' }, proxy: { ca: { rotateBefore: '730d' } } },
  ],
  server: [
    {
      adminAccessKey: { existingSecret: 'admin-key' },
      publicUrl: 'https://infra.example.com',
      publicGrpcUrl: 'https://grpc.infra.example.com',
      metrics: { port: 9102, tokenSecret: { name: 'infra-metrics', key: 'token' } },
    },
  ],
};

function documentedVariables(chart: ChartName): string[] {
  const readme = readFileSync(join(chartDir(chart), 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Environment variables')) ?? '';
  return [...section.matchAll(/^\| `([A-Z_]+)`(?:, `([A-Z_]+)`)?/gm)].flatMap((m) => m.slice(1).filter(Boolean)).sort();
}

describe('the chart READMEs', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  for (const chart of ['connector', 'server'] as const) {
    it(`the ${chart} README lists exactly the environment variables the chart sets`, () => {
      const documented = documentedVariables(chart);
      assert.ok(documented.length >= 5, `found only ${documented.join(', ')} in the README`);
      const set = new Set<string>();
      for (const values of EVERYTHING[chart]) {
        const deployment = only(helm().render(chart, { values }), 'Deployment');
        for (const name of env(container(deployment)).keys()) set.add(name);
      }
      assert.deepEqual([...set].sort(), documented);
    });
  }

  it("the connector README's cleanup command selects the bindings the connector labels", () => {
    const readme = readFileSync(join(chartDir('connector'), 'README.md'), 'utf8');
    const cleanup = readme.match(/^kubectl delete clusterrolebindings,rolebindings --all-namespaces -l (\S+)$/m);
    assert.ok(cleanup, 'the README has no cleanup command');
    assert.equal(cleanup[1], `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`);
  });
});
