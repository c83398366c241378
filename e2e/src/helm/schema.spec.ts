// Bad values are refused before anything renders, by both helm generations (they validate
// values.schema.json with different libraries), with a message that names the value.
import assert from 'node:assert/strict';
import { useHelm, HELM_VERSIONS, type ChartName } from './helm.js';

interface Rejection {
  name: string;
  chart: ChartName;
  values?: object;
  bare?: boolean;
  message: RegExp;
}

const WITH_SERVER_URL = { server: { url: 'https://infra.example.com' } };

const REJECTIONS: Rejection[] = [
  {
    chart: 'connector',
    name: 'a connector without server.url',
    bare: true,
    values: { accessKey: 'a.b' },
    message: /url/,
  },
  {
    chart: 'connector',
    name: 'a connector without an access key',
    bare: true,
    values: WITH_SERVER_URL,
    message: /accessKey/,
  },
  { chart: 'connector', name: 'replicas given as a word', values: { replicaCount: 'two' }, message: /replicaCount/ },
  { chart: 'connector', name: 'negative replicas', values: { replicaCount: -1 }, message: /replicaCount/ },
  { chart: 'connector', name: 'an unknown service type', values: { service: { type: 'External' } }, message: /type/ },
  {
    chart: 'connector',
    name: 'a server URL that is not http(s)',
    values: { server: { url: 'infra.example.com:9443' } },
    message: /url/,
  },
  {
    chart: 'connector',
    name: 'a destination that is not a DNS label',
    values: { destination: 'Production_1' },
    message: /destination/,
  },
  {
    chart: 'connector',
    name: 'a server CA that is not a PEM certificate',
    values: { server: { caCert: 'abc' } },
    message: /caCert/,
  },
  { chart: 'connector', name: 'the reserved destination infra', values: { destination: 'infra' }, message: /dest/ },
  {
    chart: 'connector',
    name: 'a TLS fingerprint that is not SHA-256',
    values: { server: { tlsFingerprint: 'AB:CD' } },
    message: /tlsFingerprint/,
  },
  { chart: 'connector', name: 'a proxy port out of range', values: { proxy: { port: 70000 } }, message: /port/ },
  { chart: 'connector', name: 'a health port out of range', values: { health: { port: 0 } }, message: /port/ },
  { chart: 'connector', name: 'a misspelt top-level key', values: { replicas: 2 }, message: /replicas/ },
  {
    chart: 'connector',
    name: 'a resource quantity that is not one',
    values: { resources: { limits: { memory: 'lots' } } },
    message: /memory/,
  },
  { chart: 'connector', name: 'an access key without a dot', values: { accessKey: 'nodot' }, message: /accessKey/ },
  {
    chart: 'connector',
    name: 'an empty list of bindable ClusterRoles (which would mean any, cluster-admin included)',
    values: { rbac: { bindableClusterRoles: [] } },
    message: /bindableClusterRoles/,
  },
  {
    chart: 'connector',
    name: 'the removed impersonateExtras setting (the proxy always sends the request id)',
    values: { rbac: { impersonateExtras: [] } },
    message: /impersonateExtras/,
  },
  {
    chart: 'connector',
    name: 'an extra volume mount without a path',
    values: { extraVolumeMounts: [{ name: 'x' }] },
    message: /mountPath/,
  },
  {
    chart: 'connector',
    name: 'a scrape interval without a unit',
    values: { metrics: { serviceMonitor: { enabled: true, interval: '30' } } },
    message: /interval/,
  },
  {
    chart: 'connector',
    name: 'a metrics token Secret without a key',
    values: { metrics: { tokenSecret: { name: 'infra-connector-metrics', key: '' } } },
    message: /key/,
  },
  {
    chart: 'connector',
    name: 'the metrics token as a plain value',
    values: { metrics: { token: 'abc' } },
    message: /token/,
  },
  {
    chart: 'server',
    name: 'a server without a database',
    bare: true,
    values: { rootKey: { existingSecret: 'root' } },
    message: /database/,
  },
  {
    chart: 'server',
    name: 'a database URL that is not postgres',
    values: { database: { url: 'mysql://x' } },
    message: /url/,
  },
  {
    chart: 'server',
    name: 'a root key shorter than 32 characters',
    values: { rootKey: { value: 'short' } },
    message: /value/,
  },
  {
    chart: 'server',
    name: 'server replicas given as a word',
    values: { replicaCount: 'two' },
    message: /replicaCount/,
  },
  {
    chart: 'server',
    name: 'a startup allowance under five seconds',
    values: { startupSeconds: 4 },
    message: /startupSeconds/,
  },
  {
    chart: 'server',
    name: 'a sidecar without an image',
    values: { extraContainers: [{ name: 'cloud-sql-proxy' }] },
    message: /image/,
  },
  {
    chart: 'server',
    name: 'an unknown server service type',
    values: { service: { type: 'Ingress' } },
    message: /type/,
  },
  {
    chart: 'server',
    name: 'an audit retention written in words',
    values: { auditRetention: { admin: '90 days' } },
    message: /admin/,
  },
];

describe('chart values schemas', function () {
  this.timeout(120_000);
  for (const { layer, label } of HELM_VERSIONS) {
    describe(label, () => {
      const helm = useHelm(layer);

      for (const bad of REJECTIONS) {
        it(`refuses ${bad.name} (${bad.chart})`, () => {
          const r = helm().template(bad.chart, { values: bad.values, bare: bad.bare });
          assert.notEqual(r.status, 0, `helm rendered it:\n${r.stdout}`);
          assert.match(r.stderr, /schema/, r.stderr);
          assert.match(r.stderr, bad.message, r.stderr);
        });
      }
    });
  }
});
