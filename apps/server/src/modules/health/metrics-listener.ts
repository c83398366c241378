// The metrics port (INFRA_METRICS_PORT): plain HTTP, only GET /metrics, for an in-cluster scraper (a ServiceMonitor)
// that a NetworkPolicy lets in; the public REST port then serves no /metrics. INFRA_METRICS_TOKEN still applies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';
import { metricsTokenMatches } from './health.controller.js';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(
  host: string,
  port: number,
  metrics: Metrics,
  token: string | undefined,
): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const reply = (code: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (path !== '/metrics') return reply(404, 'only /metrics is served here\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'GET /metrics\n');
    if (token !== undefined && !metricsTokenMatches(req.headers.authorization, token)) {
      return reply(401, 'send the metrics token (INFRA_METRICS_TOKEN) as "Authorization: Bearer <token>"\n');
    }
    metrics.registry.metrics().then(
      (text) => reply(200, text, metrics.registry.contentType),
      () => reply(500, 'metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown =
    addr.family === 'IPv6'
      ? `[${addr.address === '::' ? '::1' : addr.address}]`
      : addr.address === '0.0.0.0'
        ? '127.0.0.1'
        : addr.address;
  return {
    url: `http://${shown}:${addr.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
