// INFRA_METRICS_PORT: /metrics moves to its own plain-HTTP port and leaves the public REST port.
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const TOKEN = 'metrics-token-0123456789';

describe('the metrics port', function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });
  const start = async (env: Record<string, string>) => {
    const s = await startTestServer({ database: 'pglite', env });
    servers.push(s);
    return s;
  };

  it('serves /metrics there, with the token when one is set, and the REST port answers 404', async () => {
    const s = await start({ INFRA_METRICS_PORT: '0', INFRA_METRICS_TOKEN: TOKEN });
    const url = s.running().metricsUrl!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(new URL(url).port, new URL(s.url).port);
    await fetch(`${s.url}/api/version`); // one request for the counters
    const scraped = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(scraped.status, 200);
    assert.match(
      await scraped.text(),
      /^infra_http_requests_total\{method="GET",route="\/api\/version",status="200"\} 1$/m,
    );
    assert.equal((await fetch(url)).status, 401, 'scraped without the token');
    assert.equal((await fetch(url, { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status, 401);
    assert.equal(
      (await fetch(url.replace('/metrics', '/healthz'))).status,
      404,
      'the metrics port serves more than /metrics',
    );
    const rest = await fetch(`${s.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(rest.status, 404, 'the public REST port still serves /metrics');
  });

  it('needs no token on the metrics port when none is set; without the port, REST keeps /metrics', async () => {
    const open = await start({ INFRA_METRICS_PORT: '0' });
    assert.equal((await fetch(open.running().metricsUrl!)).status, 200);
    const rest = await start({ INFRA_METRICS_TOKEN: TOKEN });
    assert.equal(rest.running().metricsUrl, undefined);
    assert.equal((await fetch(`${rest.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 200);
  });
});
