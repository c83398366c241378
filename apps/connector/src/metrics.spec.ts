import assert from 'node:assert/strict';
import { Metrics } from './metrics.js';

describe('connector metrics', () => {
  it('renders counters with labels and gauges read at scrape time', () => {
    const m = new Metrics();
    const requests = m.counter('infra_connector_proxy_requests_total', 'Requests through the proxy.');
    let open = 2;
    m.gauge('infra_connector_proxy_open_sessions', 'Open requests and streams.', () => open);
    requests({ code: '200' });
    requests({ code: '200' });
    requests({ code: '403' });
    open = 3;
    assert.equal(
      m.render(),
      [
        '# HELP infra_connector_proxy_requests_total Requests through the proxy.',
        '# TYPE infra_connector_proxy_requests_total counter',
        'infra_connector_proxy_requests_total{code="200"} 2',
        'infra_connector_proxy_requests_total{code="403"} 1',
        '# HELP infra_connector_proxy_open_sessions Open requests and streams.',
        '# TYPE infra_connector_proxy_open_sessions gauge',
        'infra_connector_proxy_open_sessions 3',
        '',
      ].join('\n'),
    );
  });
});
