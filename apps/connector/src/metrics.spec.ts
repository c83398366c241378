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

describe('the metrics token (INFRA_METRICS_TOKEN) on /metrics', () => {
  const TOKEN = 'scrape-0123456789abcdef';
  const probe = {
    ready: () => true,
    detail: () => ({}),
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4', text: 'infra_up 1\n' }),
  };
  let health: Awaited<ReturnType<typeof startHealthServer>>;
  afterEach(() => health?.close());

  const get = async (path: string, authorization?: string) => {
    const res = await within(
      `an answer to GET ${path}`,
      fetch(`${health.url}${path}`, { headers: authorization ? { authorization } : {} }),
    );
    return { status: res.status, body: await res.text(), challenge: res.headers.get('www-authenticate') };
  };

  it('answers 401 without the token, or with a wrong one, and never shows the metrics then', async () => {
    health = await startHealthServer('127.0.0.1', 0, probe, { metricsToken: TOKEN });
    const refusals = [
      undefined,
      'Bearer',
      'Bearer scrape-0123456789abcdeX', // same length, last character wrong
      'Bearer scrape-0123456789abcde', // a prefix
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
      TOKEN,
    ];
    for (const authorization of refusals) {
      const r = await get('/metrics', authorization);
      assert.equal(r.status, 401, `"${authorization}" was let in`);
      assert.equal(r.challenge, 'Bearer realm="metrics"');
      assert.deepEqual(JSON.parse(r.body), {
        error: 'send the metrics token (INFRA_METRICS_TOKEN) as "Authorization: Bearer <token>"',
      });
      assert.ok(!r.body.includes(TOKEN.slice(0, 10)), 'the answer shows the token');
    }
  });

  it('serves the metrics with the token, the scheme in any case', async () => {
    health = await startHealthServer('127.0.0.1', 0, probe, { metricsToken: TOKEN });
    for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
      const r = await get('/metrics', authorization);
      assert.equal(r.status, 200, authorization);
      assert.equal(r.body, 'infra_up 1\n');
    }
  });

  it('keeps the kubelet probes open: they carry no token', async () => {
    health = await startHealthServer('127.0.0.1', 0, probe, { metricsToken: TOKEN });
    assert.equal((await get('/healthz')).status, 200);
    assert.equal((await get('/readyz')).status, 200);
  });

  it('without a token /metrics stays open, whatever Authorization a scraper sends', async () => {
    health = await startHealthServer('127.0.0.1', 0, probe);
    for (const authorization of [undefined, 'Bearer anything']) {
      const r = await get('/metrics', authorization);
      assert.equal(r.status, 200);
      assert.equal(r.body, 'infra_up 1\n');
    }
  });
});
