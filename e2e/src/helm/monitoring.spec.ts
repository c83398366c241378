// Metrics off the public port (server: its own port and ClusterIP Service, optional ServiceMonitor) and the optional
// NetworkPolicy of both charts, which lets in only the ports that need it.
import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { container, env, ofKind, only } from './objects.js';

const MONITORING = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];

describe('metrics and network policies in the charts', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it("serves the server's metrics on their own port and ClusterIP Service, never the public one", () => {
    const objects = helm().render('server', { values: { service: { type: 'LoadBalancer' } } });
    const c = container(only(objects, 'Deployment'));
    assert.equal(env(c).get('INFRA_METRICS_PORT')?.value, '9102');
    assert.deepEqual(
      c.ports?.find((p) => p.name === 'metrics'),
      { name: 'metrics', containerPort: 9102, protocol: 'TCP' },
    );
    const services = ofKind(objects, 'Service');
    const publicService = services.find((s) => s.metadata.name === 'infra-server')!;
    assert.ok(!publicService.spec.ports.some((p) => p.name === 'metrics'), 'the public Service exposes metrics');
    const metrics = services.find((s) => s.metadata.name === 'infra-server-metrics')!;
    assert.equal(metrics.spec.type, 'ClusterIP');
    assert.deepEqual(metrics.spec.ports, [{ name: 'metrics', port: 9102, targetPort: 'metrics', protocol: 'TCP' }]);
    assert.deepEqual(ofKind(objects, 'ServiceMonitor'), [], 'a ServiceMonitor without being asked');
  });

  it('renders a ServiceMonitor that selects only the metrics Service', () => {
    const values = {
      metrics: { port: 9102, serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prom' } } },
    };
    const objects = helm().render('server', { values });
    const [monitor] = ofKind(objects, 'ServiceMonitor');
    assert.ok(monitor, 'no ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(monitor.metadata.labels?.release, 'prom');
    assert.deepEqual(monitor.spec.endpoints, [{ port: 'metrics', path: '/metrics', scheme: 'http', interval: '15s' }]);
    assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ['infra'] });
    const selected = ofKind(objects, 'Service').filter((s) =>
      Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    assert.deepEqual(
      selected.map((s) => s.metadata.name),
      ['infra-server-metrics'],
    );
  });

  it('reads the metrics token from metrics.tokenSecret, and the ServiceMonitor sends the same Secret key', () => {
    const tokenSecret = { name: 'infra-metrics', key: 'scrape-token' };
    const values = { metrics: { port: 9102, tokenSecret, serviceMonitor: { enabled: true } } };
    const objects = helm().render('server', { values });
    assert.deepEqual(env(container(only(objects, 'Deployment'))).get('INFRA_METRICS_TOKEN'), {
      name: 'INFRA_METRICS_TOKEN',
      valueFrom: { secretKeyRef: { name: 'infra-metrics', key: 'scrape-token' } },
    });
    const [monitor] = ofKind(objects, 'ServiceMonitor');
    assert.deepEqual(monitor.spec.endpoints[0].authorization, {
      type: 'Bearer',
      credentials: { name: 'infra-metrics', key: 'scrape-token' },
    });
    const without = helm().render('server', { values: { metrics: { port: 9102, serviceMonitor: { enabled: true } } } });
    assert.equal(env(container(only(without, 'Deployment'))).get('INFRA_METRICS_TOKEN'), undefined);
    assert.equal(ofKind(without, 'ServiceMonitor')[0].spec.endpoints[0].authorization, undefined);
  });

  it('leaves the metrics port out when it is 0, and refuses a ServiceMonitor then', () => {
    const off = helm().render('server', { values: { metrics: { port: 0 } } });
    assert.equal(env(container(only(off, 'Deployment'))).get('INFRA_METRICS_PORT'), undefined);
    assert.deepEqual(
      ofKind(off, 'Service').map((s) => s.metadata.name),
      ['infra-server'],
    );
    const r = helm().template('server', { values: { metrics: { port: 0, serviceMonitor: { enabled: true } } } });
    assert.match(r.stderr, /metrics\.serviceMonitor\.enabled needs metrics\.port/);
    const clash = helm().template('server', { values: { metrics: { port: 9090 } } });
    assert.match(clash.stderr, /metrics\.port must differ from ports\.http and ports\.grpc/);
    // A ServiceMonitor behind a policy that lets nobody in would scrape nothing, silently.
    const monitor = { port: 9102, serviceMonitor: { enabled: true } };
    const blocked = helm().template('server', { values: { metrics: monitor, networkPolicy: { enabled: true } } });
    assert.match(
      blocked.stderr,
      /metrics\.serviceMonitor\.enabled with networkPolicy\.enabled needs networkPolicy\.metricsFrom/,
    );
    const metricsFrom = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
    const allowed = helm().template('server', {
      values: { metrics: monitor, networkPolicy: { enabled: true, metricsFrom } },
    });
    assert.equal(allowed.status, 0, allowed.stderr);
  });

  it('lets into the server REST and gRPC from apiFrom, and the metrics port only from metricsFrom', () => {
    const none = helm().render('server');
    assert.deepEqual(ofKind(none, 'NetworkPolicy'), []);
    const open = ofKind(helm().render('server', { values: { networkPolicy: { enabled: true } } }), 'NetworkPolicy')[0];
    assert.deepEqual(open.spec.policyTypes, ['Ingress']);
    assert.deepEqual(
      open.spec.ingress,
      [
        {
          ports: [
            { port: 'https', protocol: 'TCP' },
            { port: 'grpc', protocol: 'TCP' },
          ],
        },
      ],
      'metrics open, or the API closed',
    );
    const apiFrom = [{ ipBlock: { cidr: '10.0.0.0/8' } }];
    const scraped = ofKind(
      helm().render('server', { values: { networkPolicy: { enabled: true, apiFrom, metricsFrom: MONITORING } } }),
      'NetworkPolicy',
    )[0];
    assert.deepEqual(scraped.spec.ingress, [
      {
        ports: [
          { port: 'https', protocol: 'TCP' },
          { port: 'grpc', protocol: 'TCP' },
        ],
        from: apiFrom,
      },
      { ports: [{ port: 'metrics', protocol: 'TCP' }], from: MONITORING },
    ]);
    assert.deepEqual(
      scraped.spec.podSelector.matchLabels,
      only(helm().render('server'), 'Deployment').spec.selector.matchLabels,
    );
  });

  it('lets into the connector only the proxy, and the health port from metricsFrom', () => {
    const objects = helm().render('connector', { values: { networkPolicy: { enabled: true } } });
    const policy = ofKind(objects, 'NetworkPolicy')[0];
    assert.deepEqual(policy.spec.ingress, [{ ports: [{ port: 'proxy', protocol: 'TCP' }] }]);
    assert.deepEqual(policy.spec.podSelector.matchLabels, only(objects, 'Deployment').spec.selector.matchLabels);
    const scraped = ofKind(
      helm().render('connector', { values: { networkPolicy: { enabled: true, metricsFrom: MONITORING } } }),
      'NetworkPolicy',
    )[0];
    assert.deepEqual(scraped.spec.ingress[1], { ports: [{ port: 'health', protocol: 'TCP' }], from: MONITORING });
  });
});
