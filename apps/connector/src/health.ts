// Liveness, readiness and metrics for the pod, on a separate plain-HTTP port (the proxy's own /healthz would be the API
// server's). Ready means the connector holds a configuration from the server, so the proxy can decide. /metrics tells
// much about the cluster's traffic: with a metrics token (INFRA_METRICS_TOKEN) it answers only the scraper holding it.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthProbe {
  ready(): boolean;
  detail(): Record<string, unknown>;
  metrics(): Promise<{ contentType: string; text: string }>; // Prometheus text format
}

export async function startHealthServer(
  host: string,
  port: number,
  probe: HealthProbe,
  access: { metricsToken?: string } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/healthz' || path === '/livez') return reply(res, 200, { status: 'ok' });
    if (path === '/readyz') return reply(res, probe.ready() ? 200 : 503, { ready: probe.ready(), ...probe.detail() });
    if (path === '/metrics') {
      if (access.metricsToken !== undefined && !bearerMatches(req.headers.authorization, access.metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return reply(res, 401, { error: METRICS_TOKEN_NEEDED });
      }
      return void probe.metrics().then(
        ({ contentType, text }) => {
          res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
        },
        (e: Error) => reply(res, 500, { error: `metrics failed: ${e.message}` }),
      );
    }
    reply(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const METRICS_TOKEN_NEEDED = 'send the metrics token (INFRA_METRICS_TOKEN) as "Authorization: Bearer <token>"';

/** Whether an Authorization header carries `expected` as its bearer token. Both sides are hashed first, so the
 * comparison takes the same time whatever the token's length or where the first wrong character is. */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function reply(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
