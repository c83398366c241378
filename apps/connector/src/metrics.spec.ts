// /metrics as Prometheus scrapes it: the connector's own series by their documented names, the process defaults
// under `infra_`, and one registry per connector. Expected values are the events this spec makes, written out.
import assert from 'node:assert/strict';
import { startHealthServer } from './health.js';
import { ConnectorMetrics, type ConnectorReadings } from './metrics.js';
import { within } from './testing/deadline.js';

/** One scrape as `series → value`, e.g. `infra_connector_proxy_requests_total{code="200"}` → 2. */
async function scrape(url: string): Promise<{ contentType: string; series: Map<string, number>; text: string }> {
  const res = await within('a /metrics answer', fetch(`${url}/metrics`));
  assert.equal(res.status, 200);
  const text = await res.text();
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { contentType: res.headers.get('content-type') ?? '', series, text };
}

describe('connector metrics on /metrics', () => {
  const readings = { registered: true, sequence: 7, openSessions: 2, reconcileProblems: 1 };
  let metrics: ConnectorMetrics;
  let health: Awaited<ReturnType<typeof startHealthServer>>;

  beforeEach(async () => {
    metrics = new ConnectorMetrics();
    const read: ConnectorReadings = {
      registered: () => readings.registered,
      sequence: () => readings.sequence,
      openSessions: () => readings.openSessions,
      reconcileProblems: () => readings.reconcileProblems,
    };
    metrics.read(read);
    health = await startHealthServer('127.0.0.1', 0, {
      ready: () => true,
      detail: () => ({}),
      metrics: () => metrics.render(),
    });
  });
  afterEach(() => health.close());

  it('counts proxy requests by status code, 0 for none', async () => {
    metrics.countRequest(200);
    metrics.countRequest(200);
    metrics.countRequest(403);
    metrics.countRequest(undefined);
    const { series, contentType } = await scrape(health.url);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.deepEqual(
      [...series].filter(([k]) => k.startsWith('infra_connector_proxy_requests_total')),
      [
        ['infra_connector_proxy_requests_total{code="200"}', 2],
        ['infra_connector_proxy_requests_total{code="403"}', 1],
        ['infra_connector_proxy_requests_total{code="0"}', 1],
      ],
    );
  });

  it('reads the gauges at scrape time', async () => {
    let { series } = await scrape(health.url);
    assert.equal(series.get('infra_connector_stream_registered'), 1);
    assert.equal(series.get('infra_connector_state_sequence'), 7);
    assert.equal(series.get('infra_connector_proxy_open_sessions'), 2);
    assert.equal(series.get('infra_connector_reconcile_problems'), 1);
    Object.assign(readings, { registered: false, sequence: 8, openSessions: 0, reconcileProblems: 0 });
    ({ series } = await scrape(health.url));
    assert.equal(series.get('infra_connector_stream_registered'), 0);
    assert.equal(series.get('infra_connector_state_sequence'), 8);
    assert.equal(series.get('infra_connector_proxy_open_sessions'), 0);
    assert.equal(series.get('infra_connector_reconcile_problems'), 0);
    Object.assign(readings, { registered: true, sequence: 7, openSessions: 2, reconcileProblems: 1 });
  });

  it('serves the process and Node.js defaults, all under infra_', async () => {
    const { series, text } = await scrape(health.url);
    assert.ok((series.get('infra_process_resident_memory_bytes') ?? 0) > 10 * 1024 * 1024, 'RSS of a live process');
    for (const name of [
      'infra_process_cpu_user_seconds_total',
      'infra_nodejs_heap_size_used_bytes',
      'infra_nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(series.has(name), `${name} missing`);
    }
    const unprefixed = text.split('\n').filter((l) => /^(# (HELP|TYPE) )?(process|nodejs)_/.test(l));
    assert.deepEqual(unprefixed, []);
  });

  it("keeps each connector's counts apart (a registry each, not the global one)", async () => {
    metrics.countRequest(200);
    const other = new ConnectorMetrics();
    const text = (await other.render()).text;
    assert.match(text, /^# TYPE infra_connector_proxy_requests_total counter$/m);
    assert.doesNotMatch(text, /^infra_connector_proxy_requests_total\{/m);
  });
});
