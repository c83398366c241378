// An in-memory stand-in for the control server's REST API (docs/api.md), for the CLI's tests. It starts like the real
// harness (`{ url, adminKey, stop() }`) and counts requests per route. Its routes are typed from the served OpenAPI
// document (fake-server/contract.ts), one file per concept under fake-server/.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerVersion } from '@infra/access/connector-install';
import { HttpError, type Handler, type Route, type Routes } from './fake-server/contract.js';
import { destinationRoutes } from './fake-server/destinations.js';
import { grantRoutes } from './fake-server/grants.js';
import { groupRoutes } from './fake-server/groups.js';
import type { FDestination, FGroup, FUser } from './fake-server/records.js';
import { sessionRoutes, type SessionOptions } from './fake-server/sessions.js';
import { FakeState } from './fake-server/state.js';
import { userRoutes } from './fake-server/users.js';

export interface FakeServerOptions extends SessionOptions {
  tls?: { key: string; cert: string };
}

export interface FakeServer {
  url: string;
  adminKey: string;
  stop(): Promise<void>;
  /** Requests seen, as "METHOD /path" (no query). */
  requests: string[];
  count(route: string): number;
  addUser(name: string, password?: string, opts?: { passwordUpdateRequired?: boolean }): FUser;
  addKey(userName: string, opts?: { expired?: boolean }): string;
  addDestination(name: string, url?: string, caCertificate?: string): FDestination;
  grant(subject: { user?: string; group?: string }, privilege: string, resource: string): void;
  addGroup(name: string, members?: string[]): FGroup;
  revokeAll(userName: string): void;
  /** What a connector's registration does: gives the destination its proxy URL and CA. */
  connect(destination: string, url: string, caCertificate?: string): void;
}

/** GET /api/version is not described in openapi.json; its shape is the one libs/access reads. */
const VERSION: ServerVersion = { version: '0.0.0-fake' };
const PUBLIC = new Set<Route>(['POST /api/login']);

interface Compiled {
  route: Route;
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler<Route>;
}

/** Literal paths before templates, so /api/users/self is not read as /api/users/{id}. */
function compile(routes: Routes): Compiled[] {
  return Object.entries(routes)
    .map(([route, handler]) => {
      const [method, path] = route.split(' ');
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '([^/]+)')}$`);
      return { route: route as Route, method, pattern, names, handler: handler as Handler<Route> };
    })
    .sort((a, b) => a.names.length - b.names.length);
}

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const s = new FakeState();
  const requests: string[] = [];
  const table = compile({
    ...sessionRoutes(s, opts),
    ...userRoutes(s),
    ...groupRoutes(s),
    ...destinationRoutes(s),
    ...grantRoutes(s),
  });

  const admin = s.addUser('admin');
  s.addGrant({ user: admin.id, privilege: 'admin', resource: 'infra' });
  const adminKey = s.newKey(admin.id, 'admin');

  async function dispatch(
    method: string,
    url: URL,
    body: Record<string, unknown>,
    auth: string | undefined,
  ): Promise<[number, unknown]> {
    if (method === 'GET' && url.pathname === '/api/version') return [200, VERSION];
    for (const r of table) {
      const m = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (!m) continue;
      const key = PUBLIC.has(r.route) ? undefined : s.keyFor(auth?.replace(/^Bearer /, ''));
      if (!PUBLIC.has(r.route)) {
        if (!key) throw new HttpError(401, 'missing or invalid credentials');
        s.users.get(key.userID)!.lastSeenAt = new Date().toISOString();
      }
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      return r.handler({
        body: body as never,
        query: (name: string) => url.searchParams.get(name),
        params: params as never,
        get key() {
          if (!key) throw new HttpError(401, 'missing or invalid credentials');
          return key;
        },
        get me() {
          return s.users.get(this.key.userID)!;
        },
      });
    }
    throw new HttpError(404, `no route ${method} ${url.pathname}`);
  }

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}`);
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
      } catch {
        body = {};
      }
      dispatch(req.method ?? 'GET', url, body, req.headers.authorization).then(
        ([status, out]) => send(status, out),
        (e: unknown) => {
          const status = e instanceof HttpError ? e.status : 500;
          send(status, { code: status, message: (e as Error).message });
        },
      );
      function send(status: number, out: unknown) {
        if (out === undefined) {
          res.writeHead(status).end();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      }
    });
  };

  const srv = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  const id = (name: string) => s.userByName(name)!.id;

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    adminKey,
    requests,
    count: (r) => requests.filter((x) => x === r).length,
    stop: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
    addUser: (name, password, o) => s.addUser(name, password, o),
    addKey: (name, o = {}) =>
      s.newKey(id(name), 'test', { expires: o.expired ? new Date(Date.now() - 1000).toISOString() : null }),
    addDestination: (name, url, ca) => s.addDestination(name, url, ca),
    grant: (subject, privilege, resource) => {
      s.addGrant({
        user: subject.user ? id(subject.user) : undefined,
        group: subject.group ? s.groupByName(subject.group)!.id : undefined,
        privilege,
        resource,
      });
    },
    addGroup: (name, members = []) => s.addGroup(name, members.map(id)),
    connect: (name, url, ca) => {
      const d = [...s.destinations.values()].find((x) => x.name === name) ?? s.addDestination(name);
      Object.assign(d, { url, caCertificate: ca ?? '', connected: true });
    },
    revokeAll: (name) => {
      for (const k of [...s.keys.values()]) if (k.userID === id(name)) s.keys.delete(k.id);
    },
  };
}
