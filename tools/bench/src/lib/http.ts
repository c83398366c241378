// A minimal keep-alive HTTP(S) client for measuring: the body is drained and only the status returned, so the
// client costs the same for the direct and the proxied path.
import http from 'node:http';
import https from 'node:https';

export interface Endpoint {
  url: string;
  headers?: Record<string, string>;
  ca?: string;
}

export interface Client {
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): void;
}

export function client(target: Endpoint, sockets = 1): Client {
  const base = new URL(target.url);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: sockets, ca: target.ca })
    : new http.Agent({ keepAlive: true, maxSockets: sockets });
  const get: Client['get'] = (path, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: 'GET',
          agent,
          headers: { ...target.headers, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

/** Like client().get, but rejects on any status other than `expect`. */
export async function getOk(c: Client, path: string, expect = 200): Promise<string> {
  const r = await c.get(path);
  if (r.status !== expect) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body;
}
