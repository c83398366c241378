// The server the CLI's specs talk to: the real control server (@infra/server/testing) behind a
// small counting proxy, or the in-memory fake (fake-server.ts) when INFRA_CLI_TEST_SERVER=fake.
// Specs only use this interface, so the same spec runs against either.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startFakeServer, type FakeServer } from './fake-server.js';

export interface Backend {
  kind: 'real' | 'fake';
  url: string;
  adminKey: string;
  stop(): Promise<void>;
  /** A user with an access key, made through the API as the admin. */
  addUser(name: string): Promise<{ id: string; key: string }>;
  /** Makes the destination look as if its connector had registered with this URL and CA. */
  connect(destination: string, url: string, caCertificate?: string): Promise<void>;
  grant(subject: { user?: string; group?: string }, privilege: string, resource: string): Promise<void>;
  /** Requests that reached the server, as "METHOD /path". */
  count(route: string): number;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

async function call<T>(url: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

function common(url: string, adminKey: string): Pick<Backend, 'admin' | 'addUser' | 'grant'> {
  const admin = <T>(method: string, path: string, body?: unknown) => call<T>(url, adminKey, method, path, body);
  return {
    admin,
    async addUser(name) {
      const user = await admin<{ id: string }>('POST', '/api/users', { name });
      const key = await admin<{ accessKey: string }>('POST', '/api/keys', { userID: user.id, name: 'test' });
      return { id: user.id, key: key.accessKey };
    },
    async grant(subject, privilege, resource) {
      await admin('POST', '/api/grants', { ...subject, privilege, resource });
    },
  };
}

/** Forwards to target, counting requests: what "the server saw". */
async function countingProxy(target: string): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const proxy = http.createServer((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    const upstream = http.request(target + req.url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise((r) => {
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  };
}

async function realBackend(): Promise<Backend> {
  const { startTestServer } = await import('@infra/server/testing');
  const server = await startTestServer();
  const proxy = await countingProxy(server.url);
  return {
    kind: 'real',
    url: proxy.url,
    adminKey: server.adminKey,
    ...common(server.url, server.adminKey),
    async stop() {
      await proxy.stop();
      await server.stop();
    },
    // A connector registers over gRPC; its visible effect is these columns.
    async connect(destination, url, caCertificate = '') {
      const client = new pg.Client({ connectionString: server.databaseUrl });
      await client.connect();
      try {
        await client.query('UPDATE destinations SET url = $1, ca_certificate = $2, connected = true WHERE name = $3', [
          url,
          caCertificate,
          destination,
        ]);
      } finally {
        await client.end();
      }
    },
    count: (route) => proxy.requests.filter((r) => r === route).length,
  };
}

function fakeBackend(fake: FakeServer): Backend {
  return {
    kind: 'fake',
    url: fake.url,
    adminKey: fake.adminKey,
    ...common(fake.url, fake.adminKey),
    stop: () => fake.stop(),
    async connect(destination, url, caCertificate) {
      fake.connect(destination, url, caCertificate);
    },
    count: (route) => fake.count(route),
  };
}

export async function startBackend(): Promise<Backend> {
  if (process.env.INFRA_CLI_TEST_SERVER === 'fake') return fakeBackend(await startFakeServer());
  return realBackend();
}
