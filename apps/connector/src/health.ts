// Liveness, readiness and metrics for the pod, on a separate plain-HTTP port (the proxy's own /healthz would be the API
// server's). Ready means the connector holds a configuration from the server, so the proxy can decide.
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
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/healthz' || path === '/livez') return reply(res, 200, { status: 'ok' });
    if (path === '/readyz') return reply(res, probe.ready() ? 200 : 503, { ready: probe.ready(), ...probe.detail() });
    if (path === '/metrics') {
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

function reply(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
