import assert from 'node:assert/strict';
import { useHelm, type ChartName } from './helm.js';

interface Case {
  chart: ChartName;
  with: string;
  values: object;
}

const CASES: Case[] = [
  { chart: 'connector', with: 'its minimal values', values: {} },
  {
    chart: 'connector',
    with: 'replicas, a NodePort, a proxy certificate and a bindable-role list',
    values: {
      replicaCount: 2,
      service: { type: 'NodePort', nodePort: 30443 },
      proxy: { tls: { secretName: 'proxy-cert' } },
      rbac: { bindableClusterRoles: ['view'] },
    },
  },
  // A given certificate: the chart's own self-signed one differs on every rendering.
  {
    chart: 'server',
    with: 'a TLS secret',
    values: { tls: { enabled: true, secretName: 'infra-tls', selfSigned: false } },
  },
  {
    chart: 'server',
    with: 'a cert-manager certificate',
    values: {
      tls: { enabled: true, selfSigned: false },
      certManager: { enabled: true, issuerRef: { name: 'ca' } },
      networkPolicy: { enabled: true },
    },
  },
];

describe('helm 3 and helm 4', function () {
  this.timeout(60_000);
  const helm4 = useHelm('v35');
  const helm3 = useHelm('v32');

  for (const c of CASES) {
    it(`render the same ${c.chart} objects with ${c.with}`, () => {
      assert.deepEqual(helm3().render(c.chart, { values: c.values }), helm4().render(c.chart, { values: c.values }));
    });
  }
});
