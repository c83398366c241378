// A local stand-in for PagerDuty's REST API v2, answering as its reference documents: `GET /oncalls` (filters
// schedule_ids[] and escalation_policy_ids[], the since/until window, include[]=users, offset/limit/more paging) and
// `GET /users/{id}`, with `Authorization: Token token=…`. Failures are injected per call: 401 for a wrong token,
// 429 with `ratelimit-reset`/`Retry-After`, 5xx. Every request is recorded for the specs to count.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePagerDutyUser {
  id: string;
  name: string;
  email: string;
}

export interface FakeOnCall {
  userId: string;
  schedule?: { id: string; name: string };
  escalationPolicy: { id: string; name: string };
  start: string | null;
  end: string | null;
}

/** An answer to give instead of the real one, once. */
export interface InjectedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakePagerDuty {
  token = 'pd-token-0123456789';
  users: FakePagerDutyUser[] = [];
  oncalls: FakeOnCall[] = [];
  /** The most entries one page holds, whatever `limit` asks (PagerDuty's is 100; small here to force paging). */
  maxLimit = 100;
  /** Whether `include[]=users` is honoured (when not, the client must look users up). */
  includesUsers = true;
  readonly failures: InjectedFailure[] = [];
  readonly requests: { path: string; query: URLSearchParams; at: number }[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Calls to a path (e.g. '/oncalls'). */
  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  reset(): void {
    this.users = [];
    this.oncalls = [];
    this.failures.length = 0;
    this.requests.length = 0;
    this.maxLimit = 100;
    this.includesUsers = true;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({
      path: url.pathname.startsWith('/users/') ? '/users' : url.pathname,
      query: url.searchParams,
      at: Date.now(),
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Token token=${this.token}`) {
      return send(401, { error: { message: 'Unauthorized', code: 2006, errors: [] } });
    }
    const failure = this.failures.shift();
    if (failure)
      return send(
        failure.status,
        failure.body ?? { error: { message: 'injected failure', code: 2001 } },
        failure.headers,
      );
    if (req.method === 'GET' && url.pathname === '/oncalls') return send(200, this.oncallsPage(url.searchParams));
    const user = /^\/users\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && user) {
      const found = this.users.find((u) => u.id === decodeURIComponent(user[1]!));
      return found
        ? send(200, { user: this.userObject(found) })
        : send(404, { error: { message: 'Not Found', code: 2100 } });
    }
    send(404, { error: { message: 'Not Found', code: 2100 } });
  }

  private oncallsPage(q: URLSearchParams): unknown {
    const schedules = q.getAll('schedule_ids[]');
    const policies = q.getAll('escalation_policy_ids[]');
    const since = Date.parse(q.get('since') ?? '') || Date.now();
    const until = Date.parse(q.get('until') ?? '') || since;
    const offset = Number(q.get('offset') ?? 0);
    const limit = Math.min(Number(q.get('limit') ?? 25), this.maxLimit);
    const withUsers = this.includesUsers && q.getAll('include[]').includes('users');
    const matching = this.oncalls.filter((o) => {
      const bySchedule = schedules.length === 0 || (o.schedule !== undefined && schedules.includes(o.schedule.id));
      const byPolicy = policies.length === 0 || policies.includes(o.escalationPolicy.id);
      // Both filters given: PagerDuty answers on-calls that match either list.
      const filtered = schedules.length && policies.length ? bySchedule || byPolicy : bySchedule && byPolicy;
      const overlaps =
        (o.start === null || Date.parse(o.start) < until) && (o.end === null || Date.parse(o.end) > since);
      return filtered && overlaps;
    });
    const page = matching.slice(offset, offset + limit).map((o) => {
      const user = this.users.find((u) => u.id === o.userId);
      return {
        escalation_policy: ref('escalation_policy', o.escalationPolicy.id, o.escalationPolicy.name),
        escalation_level: 1,
        schedule: o.schedule ? ref('schedule', o.schedule.id, o.schedule.name) : null,
        user: withUsers && user ? this.userObject(user) : ref('user', o.userId, user?.name ?? o.userId),
        start: o.start,
        end: o.end,
      };
    });
    return { oncalls: page, limit, offset, more: offset + limit < matching.length, total: null };
  }

  private userObject(u: FakePagerDutyUser) {
    return {
      id: u.id,
      type: 'user',
      summary: u.name,
      name: u.name,
      email: u.email,
      self: `${this.url}/users/${u.id}`,
      html_url: `https://example.pagerduty.com/users/${u.id}`,
    };
  }
}

function ref(type: string, id: string, summary: string) {
  return {
    id,
    type: `${type}_reference`,
    summary,
    self: `https://api.pagerduty.com/${type}s/${id}`,
    html_url: `https://example.pagerduty.com/${type}s/${id}`,
  };
}
