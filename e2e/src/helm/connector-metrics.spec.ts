// The connector chart's metrics: the token from metrics.tokenSecret (INFRA_METRICS_TOKEN), an optional ServiceMonitor
// that sends it and selects only a ClusterIP Service on the health port, and a NetworkPolicy that lets those scrapes in.
import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { container, env, ofKind, only, type KubeObject, type ServiceMonitor } from './objects.js';

const MONITORING = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
const TOKEN_SECRET = { name: 'infra-connector-metrics', key: 'scrape-token' };

/** The Services a ServiceMonitor selects, by their labels (as the Prometheus Operator does). */
const selectedBy = (monitor: ServiceMonitor, objects: KubeObject[]) =>
  ofKind(objects, 'Service').filter((s) =>
    Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
  );

describe('connector metrics in the chart', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('renders as before by default: no token, no ServiceMonitor, no metrics Service', () => {
    const objects = helm().render('connector');
    assert.equal(env(container(only(objects, 'Deployment'))).get('INFRA_METRICS_TOKEN'), undefined);
    assert.deepEqual(ofKind(objects, 'ServiceMonitor'), []);
    assert.deepEqual(
      ofKind(objects, 'Service').map((s) => s.metadata.name),
      ['infra-connector'],
    );
  });

  it('reads the metrics token from metrics.tokenSecret, never as a plain value', () => {
    const objects = helm().render('connector', { values: { metrics: { tokenSecret: TOKEN_SECRET } } });
    assert.deepEqual(env(container(only(objects, 'Deployment'))).get('INFRA_METRICS_TOKEN'), {
      name: 'INFRA_METRICS_TOKEN',
      valueFrom: { secretKeyRef: { name: 'infra-connector-metrics', key: 'scrape-token' } },
    });
    assert.deepEqual(ofKind(objects, 'ServiceMonitor'), [], 'a token alone asks for no ServiceMonitor');
    const unnamed = helm().render('connector', { values: { metrics: { tokenSecret: { name: '', key: 'token' } } } });
    assert.equal(env(container(only(unnamed, 'Deployment'))).get('INFRA_METRICS_TOKEN'), undefined);
  });

  it('renders a ServiceMonitor that scrapes only the health port, through its own ClusterIP Service', () => {
    const values = {
      service: { type: 'LoadBalancer' },
      metrics: { serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prom' } } },
    };
    const objects = helm().render('connector', { values });
    const monitor = only(objects, 'ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(monitor.metadata.labels?.release, 'prom');
    assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ['infra'] });
    assert.deepEqual(monitor.spec.endpoints, [{ port: 'metrics', path: '/metrics', scheme: 'http', interval: '15s' }]);
    const [selected, ...more] = selectedBy(monitor, objects);
    assert.deepEqual(more, [], 'the ServiceMonitor selects more than one Service');
    assert.equal(selected.metadata.name, 'infra-connector-metrics');
    assert.equal(selected.spec.type, 'ClusterIP');
    assert.deepEqual(selected.spec.ports, [{ name: 'metrics', port: 8081, targetPort: 'health', protocol: 'TCP' }]);
    const deployment = only(objects, 'Deployment');
    assert.deepEqual(selected.spec.selector, deployment.spec.selector.matchLabels);
    assert.deepEqual(
      container(deployment).ports?.find((p) => p.name === 'health'),
      { name: 'health', containerPort: 8081, protocol: 'TCP' },
      'the Service targets a port the pod does not declare',
    );
  });

  it('sends the token from the same Secret key the connector reads, and none without one', () => {
    const objects = helm().render('connector', {
      values: { metrics: { tokenSecret: TOKEN_SECRET, serviceMonitor: { enabled: true } } },
    });
    assert.deepEqual(only(objects, 'ServiceMonitor').spec.endpoints[0].authorization, {
      type: 'Bearer',
      credentials: { name: 'infra-connector-metrics', key: 'scrape-token' },
    });
    const without = helm().render('connector', { values: { metrics: { serviceMonitor: { enabled: true } } } });
    assert.equal(only(without, 'ServiceMonitor').spec.endpoints[0].authorization, undefined);
  });

  it("lets the ServiceMonitor's scrapes through the NetworkPolicy, and refuses one the policy would block", () => {
    const values = {
      metrics: { serviceMonitor: { enabled: true } },
      networkPolicy: { enabled: true, metricsFrom: MONITORING },
    };
    const objects = helm().render('connector', { values });
    const scraped = selectedBy(only(objects, 'ServiceMonitor'), objects)[0].spec.ports[0].targetPort;
    assert.deepEqual(
      only(objects, 'NetworkPolicy').spec.ingress.find((r) => r.ports.some((p) => p.port === scraped)),
      { ports: [{ port: 'health', protocol: 'TCP' }], from: MONITORING },
    );
    const blocked = helm().template('connector', {
      values: { metrics: { serviceMonitor: { enabled: true } }, networkPolicy: { enabled: true } },
    });
    assert.notEqual(blocked.status, 0);
    assert.match(
      blocked.stderr,
      /metrics\.serviceMonitor\.enabled with networkPolicy\.enabled needs networkPolicy\.metricsFrom/,
    );
    const noPolicy = helm().render('connector', { values: { metrics: { serviceMonitor: { enabled: true } } } });
    assert.deepEqual(ofKind(noPolicy, 'NetworkPolicy'), [], 'without a policy every scrape gets in');
  });
});
