// An in-memory stand-in for the control server's REST API (docs/api.md), for the CLI's tests. It
// starts like the real harness (`{ url, adminKey, stop() }`) and counts requests per route.
import http from 'node:http';
import https from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

interface FUser {
  id: string;
  name: string;
  password?: string;
  passwordUpdateRequired: boolean;
  created: string;
  lastSeenAt: string | null;
}
interface FKey {
  id: string;
  name: string;
  userID: string;
  secret: string;
  expires: string | null;
  created: string;
  session: boolean;
}
interface FGroup {
  id: string;
  name: string;
  created: string;
  members: Set<string>;
}
interface FDestination {
  id: string;
  name: string;
  url: string | null;
  caCertificate: string | null;
  connected: boolean;
  created: string;
}
interface FGrant {
  id: string;
  user?: string;
  group?: string;
  privilege: string;
  resource: string;
  created: string;
  expiresAt?: string;
}

export interface FakeServerOptions {
  tls?: { key: string; cert: string };
  /** How long tokens live (default 5 minutes). */
  tokenLifetimeMs?: number;
  /** Delay before answering POST /api/tokens, to widen races in tests. */
  tokenDelayMs?: number;
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const now = () => new Date().toISOString();

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const users = new Map<string, FUser>();
  const keys = new Map<string, FKey>();
  const groups = new Map<string, FGroup>();
  const destinations = new Map<string, FDestination>();
  const grants: FGrant[] = [];
  const requests: string[] = [];

  const addUser = (name: string, password?: string, o: { passwordUpdateRequired?: boolean } = {}) => {
    const u: FUser = {
      id: randomUUID(),
      name,
      password,
      passwordUpdateRequired: o.passwordUpdateRequired ?? false,
      created: now(),
      lastSeenAt: null,
    };
    users.set(u.id, u);
    return u;
  };
  const userByName = (n: string) => [...users.values()].find((u) => u.name === n || u.id === n);
  const groupByName = (n: string) => [...groups.values()].find((g) => g.name === n || g.id === n);
  const newKey = (userID: string, name: string, o: { expires?: string | null; session?: boolean } = {}) => {
    const k: FKey = {
      id: randomBytes(5).toString('hex'),
      name,
      userID,
      secret: randomBytes(12).toString('hex'),
      expires: o.expires ?? null,
      created: now(),
      session: o.session ?? false,
    };
    keys.set(k.id, k);
    return `${k.id}.${k.secret}`;
  };
  const keyFor = (accessKey: string | undefined) => {
    const [id, secret] = (accessKey ?? '').split('.');
    const k = keys.get(id);
    if (!k || k.secret !== secret || !users.has(k.userID) || (k.expires && Date.parse(k.expires) < Date.now()))
      return undefined;
    return k;
  };
  const groupsOf = (userID: string) => [...groups.values()].filter((g) => g.members.has(userID));
  const isAdmin = (u: FUser) =>
    grants.some(
      (g) =>
        g.resource === 'infra' &&
        g.privilege === 'admin' &&
        (g.user === u.id || groupsOf(u.id).some((x) => x.id === g.group)),
    );
  const grantView = (g: FGrant) => ({
    ...g,
    userName: g.user ? users.get(g.user)?.name : undefined,
    groupName: g.group ? groups.get(g.group)?.name : undefined,
    expiresAt: g.expiresAt ?? null,
    createdBy: null,
  });
  const userView = ({ password: _p, ...u }: FUser) => ({ ...u, updated: u.created });
  const keyView = (k: FKey) => ({
    id: k.id,
    name: k.name,
    userID: k.userID,
    userName: users.get(k.userID)?.name,
    created: k.created,
    expires: k.expires,
    lastUsed: null,
    inactivityTimeout: null,
  });
  const destView = (d: FDestination) => ({
    ...d,
    kubernetesVersion: d.url ? '1.32.0' : null,
    namespaces: [],
    lastSeen: d.connected ? now() : null,
  });
  const page = <T>(items: T[]) => ({ items });

  const admin = addUser('admin');
  grants.push({ id: randomUUID(), user: admin.id, privilege: 'admin', resource: 'infra', created: now() });
  const adminKey = newKey(admin.id, 'admin');

  async function route(
    method: string,
    path: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
    auth: string | undefined,
  ): Promise<[number, unknown]> {
    if (method === 'GET' && path === '/api/version') return [200, { version: '0.0.0-fake' }];
    if (method === 'POST' && path === '/api/login') {
      let user: FUser | undefined;
      if (typeof body.accessKey === 'string') user = users.get(keyFor(body.accessKey)?.userID ?? '');
      else if (typeof body.name === 'string') {
        const u = userByName(body.name);
        if (u?.password !== undefined && u.password === body.password) user = u;
      }
      if (!user) throw new HttpError(401, 'invalid credentials');
      const expires = new Date(Date.now() + 12 * 3600_000).toISOString();
      return [
        201,
        {
          userID: user.id,
          name: user.name,
          accessKey: newKey(user.id, 'session', { expires, session: true }),
          expires,
          passwordUpdateRequired: user.passwordUpdateRequired,
        },
      ];
    }
    const key = keyFor(auth?.replace(/^Bearer /, ''));
    if (!key) throw new HttpError(401, 'missing or invalid credentials');
    const me = users.get(key.userID)!;
    me.lastSeenAt = now();
    const requireAdmin = () => {
      if (!isAdmin(me)) throw new HttpError(403, 'you are not allowed to do this');
    };
    const seg = path.split('/').slice(2); // after "/api"
    const [res, id, sub] = seg;

    if (method === 'POST' && res === 'logout') {
      keys.delete(key.id);
      return [200, {}];
    }
    if (method === 'POST' && res === 'tokens') {
      const dest = String(body.destination ?? '');
      const mine = grants.filter((g) => g.user === me.id || groupsOf(me.id).some((x) => x.id === g.group));
      if (!mine.some((g) => g.resource === dest || g.resource.startsWith(dest + '.')))
        throw new HttpError(403, `no grant on ${dest}`);
      if (opts.tokenDelayMs) await new Promise((r) => setTimeout(r, opts.tokenDelayMs));
      const expires = new Date(Date.now() + (opts.tokenLifetimeMs ?? 300_000)).toISOString();
      return [201, { token: `token-${randomBytes(6).toString('hex')}`, expires }];
    }
    if (res === 'users') {
      if (method === 'GET' && id === 'self') return [200, userView(me)];
      if (method === 'GET' && !id) {
        const name = q.get('name');
        return [200, page([...users.values()].filter((u) => !name || u.name === name).map(userView))];
      }
      if (method === 'PUT' && id) {
        if (id !== me.id) requireAdmin();
        const u = users.get(id);
        if (!u) throw new HttpError(404, 'user not found');
        if (typeof body.password !== 'string' || body.password.length < 8)
          throw new HttpError(400, 'password must be at least 8 characters');
        u.password = body.password;
        u.passwordUpdateRequired = false;
        return [200, userView(u)];
      }
      requireAdmin();
      if (method === 'POST') {
        const name = String(body.name ?? '');
        if (!name.includes('@')) throw new HttpError(400, 'name must be an email address');
        if (userByName(name)) throw new HttpError(409, `a user named ${name} already exists`);
        const otp = randomBytes(6).toString('hex');
        return [201, { ...userView(addUser(name, otp, { passwordUpdateRequired: true })), oneTimePassword: otp }];
      }
      if (method === 'DELETE' && id) {
        if (!users.delete(id)) throw new HttpError(404, 'user not found');
        return [200, {}];
      }
    }
    if (res === 'groups') {
      if (method === 'GET' && !id) {
        const name = q.get('name');
        return [
          200,
          page(
            [...groups.values()]
              .filter((g) => !name || g.name === name)
              .map(({ members, ...g }) => ({ ...g, totalUsers: members.size })),
          ),
        ];
      }
      requireAdmin();
      if (method === 'POST') {
        const g: FGroup = { id: randomUUID(), name: String(body.name), created: now(), members: new Set() };
        if (groupByName(g.name)) throw new HttpError(409, `a group named ${g.name} already exists`);
        groups.set(g.id, g);
        return [201, { id: g.id, name: g.name, created: g.created, totalUsers: 0 }];
      }
      const g = groups.get(id ?? '');
      if (!g) throw new HttpError(404, 'group not found');
      if (method === 'DELETE') return [groups.delete(g.id) ? 200 : 404, {}];
      if (method === 'PATCH' && sub === 'users') {
        for (const n of (body.usersToAdd as string[] | undefined) ?? []) {
          const u = userByName(n);
          if (!u) throw new HttpError(404, `user ${n} not found`);
          g.members.add(u.id);
        }
        for (const n of (body.usersToRemove as string[] | undefined) ?? []) g.members.delete(userByName(n)?.id ?? '');
        return [200, {}];
      }
    }
    if (res === 'keys') {
      if (method === 'GET') {
        const userID = q.get('userID');
        if (userID !== me.id) requireAdmin();
        return [
          200,
          page([...keys.values()].filter((k) => !k.session && (!userID || k.userID === userID)).map(keyView)),
        ];
      }
      if (method === 'POST') {
        const userID = typeof body.userID === 'string' ? body.userID : me.id;
        if (userID !== me.id) requireAdmin();
        const expires =
          typeof body.expiry === 'number' ? new Date(Date.now() + body.expiry * 1000).toISOString() : null;
        const accessKey = newKey(userID, String(body.name ?? `key-${keys.size}`), { expires });
        return [201, { ...keyView(keys.get(accessKey.split('.')[0])!), accessKey }];
      }
      if (method === 'DELETE' && id) {
        const k = keys.get(id);
        if (!k) throw new HttpError(404, 'key not found');
        if (k.userID !== me.id) requireAdmin();
        keys.delete(id);
        return [200, {}];
      }
    }
    if (res === 'destinations') {
      if (method === 'GET' && !id) {
        const name = q.get('name');
        return [200, page([...destinations.values()].filter((d) => !name || d.name === name).map(destView))];
      }
      requireAdmin();
      if (method === 'POST') {
        const name = String(body.name ?? '');
        if ([...destinations.values()].some((d) => d.name === name))
          throw new HttpError(409, `a destination named ${name} already exists`);
        const d = server.addDestination(name);
        const connector = addUser(`connector:${name}`);
        return [
          201,
          {
            destination: destView(d),
            connector: { userName: connector.name, accessKey: newKey(connector.id, `connector-${name}`) },
          },
        ];
      }
      if (method === 'DELETE' && id) return [destinations.delete(id) ? 200 : 404, {}];
    }
    if (res === 'grants') {
      const matches = (g: FGrant) => {
        const u = q.get('user');
        const gr = q.get('group');
        if (u) {
          const user = userByName(u);
          const inherited = q.get('showInherited') === 'true' && user ? groupsOf(user.id).map((x) => x.id) : [];
          if (!(g.user === user?.id || (g.group && inherited.includes(g.group)))) return false;
        }
        if (gr && g.group !== groupByName(gr)?.id) return false;
        for (const f of ['resource', 'privilege'] as const) if (q.get(f) && g[f] !== q.get(f)) return false;
        if (g.expiresAt && Date.parse(g.expiresAt) <= Date.now() && q.get('includeExpired') !== 'true') return false;
        const d = q.get('destination');
        return !d || g.resource === d || g.resource.startsWith(d + '.');
      };
      if (method === 'GET') {
        const u = q.get('user');
        if (!(u && userByName(u)?.id === me.id)) requireAdmin();
        return [200, page(grants.filter(matches).map(grantView))];
      }
      requireAdmin();
      if (method === 'POST') {
        const user = typeof body.user === 'string' ? userByName(body.user) : undefined;
        const group = typeof body.group === 'string' ? groupByName(body.group) : undefined;
        if (!user && !group) throw new HttpError(404, `${String(body.user ?? body.group)} not found`);
        const existing = grants.find(
          (g) =>
            g.user === user?.id &&
            g.group === group?.id &&
            g.privilege === body.privilege &&
            g.resource === body.resource,
        );
        if (existing) return [200, { ...grantView(existing), wasCreated: false }];
        if (typeof body.expiresAt === 'string' && !(Date.parse(body.expiresAt) > Date.now()))
          throw new HttpError(400, 'expiresAt must be in the future');
        const g: FGrant = {
          id: randomUUID(),
          user: user?.id,
          group: group?.id,
          privilege: String(body.privilege),
          resource: String(body.resource),
          created: now(),
        };
        if (typeof body.expiresAt === 'string') g.expiresAt = body.expiresAt;
        grants.push(g);
        return [201, grantView(g)];
      }
      if (method === 'DELETE') {
        const doomed = id ? grants.filter((g) => g.id === id) : grants.filter(matches);
        if (doomed.length === 0) throw new HttpError(404, 'no grant matches');
        for (const g of doomed) grants.splice(grants.indexOf(g), 1);
        return [200, {}];
      }
    }
    throw new HttpError(404, `no route ${method} ${path}`);
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
      route(req.method ?? 'GET', url.pathname, url.searchParams, body, req.headers.authorization).then(
        ([status, out]) => send(status, out),
        (e: unknown) => {
          const status = e instanceof HttpError ? e.status : 500;
          send(status, { code: status, message: (e as Error).message });
        },
      );
      function send(status: number, out: unknown) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      }
    });
  };

  const srv = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;

  const server: FakeServer = {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    adminKey,
    requests,
    count: (r) => requests.filter((x) => x === r).length,
    stop: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
    addUser,
    addKey: (name, o = {}) =>
      newKey(userByName(name)!.id, 'test', { expires: o.expired ? new Date(Date.now() - 1000).toISOString() : null }),
    addDestination: (name, url, ca) => {
      const d: FDestination = {
        id: randomUUID(),
        name,
        url: url ?? null,
        caCertificate: ca ?? null,
        connected: Boolean(url),
        created: now(),
      };
      destinations.set(d.id, d);
      return d;
    },
    grant: (s, privilege, resource) => {
      grants.push({
        id: randomUUID(),
        user: s.user ? userByName(s.user)!.id : undefined,
        group: s.group ? groupByName(s.group)!.id : undefined,
        privilege,
        resource,
        created: now(),
      });
    },
    addGroup: (name, members = []) => {
      const g: FGroup = {
        id: randomUUID(),
        name,
        created: now(),
        members: new Set(members.map((m) => userByName(m)!.id)),
      };
      groups.set(g.id, g);
      return g;
    },
    connect: (name, url, ca) => {
      const d = [...destinations.values()].find((x) => x.name === name) ?? server.addDestination(name);
      Object.assign(d, { url, caCertificate: ca ?? null, connected: true });
    },
    revokeAll: (name) => {
      const u = userByName(name)!;
      for (const k of [...keys.values()]) if (k.userID === u.id) keys.delete(k.id);
    },
  };
  return server;
}
