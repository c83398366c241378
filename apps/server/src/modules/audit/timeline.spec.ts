// Both logs in one list (GET /api/audit/timeline): admin events and proxied requests in (at, log, id) order, with the
// same filters and one cursor. The clock is frozen so that admin events and proxied requests share instants: a page
// boundary that falls between the two logs at one millisecond must lose and repeat nothing.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { ProxyAuditRepository } from '../../connectors/proxy-audit.repository.js';
import { useAdminServer } from '../../testing/mocha.js';

interface Entry {
  log: 'admin' | 'proxy';
  id: string;
  at: string;
  user: string | null;
  action: string;
  requestID: string | null;
  admin?: { targetName: string | null; action: string };
  proxied?: { requestID: string; destinationName: string | null; verb: string };
}

describe('audit timeline (both logs in one list)', function () {
  this.timeout(60_000);
  const t = useAdminServer();
  // Set when the tests start, not when mocha loads the file: by then the real clock may have passed it, and the
  // server's own events from before the freeze would fall inside the window.
  let base = 0;
  const at = (s: number) => new Date(base + s * 1000).toISOString();
  let adminName: string;
  const dest: Record<string, string> = {};

  /** Proxied requests `<prefix>-<i>` on a destination, all at base + `second` s. */
  async function proxied(destination: string, second: number, rows: { id: string; user: string; verb: string }[]) {
    await t.server
      .running()
      .app.get(ProxyAuditRepository)
      .insert(dest[destination]!, {
        atMs: rows.map(() => base + second * 1000),
        requestId: rows.map((r) => r.id),
        userName: rows.map((r) => r.user),
        verb: rows.map((r) => r.verb),
        path: rows.map(() => '/api/v1/namespaces/web/pods'),
        status: rows.map(() => 200),
        durationMs: rows.map(() => 3),
        kubectlCommand: rows.map((r) => `kubectl ${r.verb} pods`),
        clientIp: rows.map(() => '10.0.0.1'),
      });
  }

  before(async () => {
    base = Math.ceil(Date.now() / 1000) * 1000 + 60_000;
    let now = base;
    t.server.running().app.get(Clock).now = () => new Date(now);
    adminName = (await t.admin.get<{ name: string }>('/api/users/self')).body.name;
    // base+0 s: two destinations (prod-x shares prod's first letters) and a user.
    for (const name of ['prod', 'prod-x']) {
      const res = await t.admin.post('/api/destinations', { name });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      dest[name] = res.body.destination.id;
    }
    assert.equal((await t.admin.post('/api/users', { name: 'alice@example.com' })).status, 201);
    // base+1 s: three admin events and three proxied requests at the same millisecond.
    now = base + 1000;
    for (let i = 0; i < 3; i++) assert.equal((await t.admin.post('/api/groups', { name: `same-${i}` })).status, 201);
    await proxied('prod', 1, [
      { id: 'p1-a', user: 'alice@example.com', verb: 'get' },
      { id: 'p1-b', user: 'alice@example.com', verb: 'delete' },
      { id: 'p1-c', user: 'bob@example.com', verb: 'get' },
    ]);
    // base+2 s: a grant on a namespace of prod, one on prod-x, and a request through prod-x.
    now = base + 2000;
    for (const resource of ['prod.web', 'prod-x'])
      assert.equal(
        (await t.admin.post('/api/grants', { user: 'alice@example.com', privilege: 'view', resource })).status,
        201,
      );
    await proxied('prod-x', 2, [{ id: 'p2-x', user: 'alice@example.com', verb: 'list' }]);
  });

  async function page(query: string): Promise<{ items: Entry[]; next?: string }> {
    const res = await t.admin.get<{ items: Entry[]; next?: string }>(`/api/audit/timeline?${query}`);
    assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Every entry, following the cursor `limit` at a time. */
  async function all(query: string, limit = 1000): Promise<Entry[]> {
    const seen: Entry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const p = await page(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items);
      cursor = p.next;
      if (!cursor) return seen;
    }
    assert.fail(`more than 50 pages of ${limit} for ${query}`);
  }

  const label = (e: Entry) => (e.log === 'admin' ? `${e.action} ${e.admin!.targetName}` : e.requestID!);
  const byId = (ids: string[]) => [...ids].sort();

  it('holds both logs in time order: at one instant the admin events first, then the proxied requests, each by id', async () => {
    // The ids come from the two logs' own endpoints, not from the timeline.
    const groups = await t.admin.get<{ items: { id: string; targetName: string }[] }>(
      `/api/audit?action=groups.create&since=${at(1)}&until=${at(2)}`,
    );
    const prodRequests = await t.admin.get<{ items: { id: string; requestID: string }[] }>(
      `/api/destinations/${dest.prod}/audit`,
    );
    const sameAdmin = byId(groups.body.items.map((e) => e.id));
    const sameProxy = byId(prodRequests.body.items.map((e) => e.id));
    assert.equal(sameAdmin.length, 3);
    assert.equal(sameProxy.length, 3);

    const entries = await all(`since=${at(1)}&until=${at(2)}`);
    assert.deepEqual(
      entries.map((e) => e.id),
      [...sameAdmin, ...sameProxy],
    );
    assert.ok(entries.every((e) => e.at === at(1)));
    assert.deepEqual(
      entries.map((e) => e.log),
      ['admin', 'admin', 'admin', 'proxy', 'proxy', 'proxy'],
    );
  });

  it('pages across the two logs at one instant with no repeat and no gap, whatever the page size', async () => {
    const whole = (await all(`since=${at(0)}`)).map((e) => e.id);
    // At base+0 s the two destinations (each with its connector and its connector's user) and alice; 3 groups and
    // 3 requests at base+1 s; 2 grants and 1 request at base+2 s.
    assert.equal(whole.length, 16);
    for (const limit of [1, 2, 3, 4, 5]) {
      const paged = (await all(`since=${at(0)}`, limit)).map((e) => e.id);
      assert.deepEqual(paged, whole, `pages of ${limit}`);
    }
    // A boundary exactly between the last admin event and the first proxied request of base+1 s.
    const first = await page(`since=${at(1)}&until=${at(2)}&limit=3`);
    assert.deepEqual(
      first.items.map((e) => e.log),
      ['admin', 'admin', 'admin'],
    );
    const rest = await page(`since=${at(1)}&until=${at(2)}&limit=3&cursor=${first.next}`);
    assert.deepEqual(rest.items.map(label).sort(), ['p1-a', 'p1-b', 'p1-c']);
    assert.equal(rest.next, undefined, 'the last page has no next');
  });

  it('since is inclusive and until exclusive in both logs', async () => {
    const when = async (query: string) => (await all(query)).map((e) => `${e.at} ${e.log}`);
    assert.deepEqual(await when(`since=${at(2)}`), [`${at(2)} admin`, `${at(2)} admin`, `${at(2)} proxy`]);
    assert.deepEqual(await when(`since=${at(0)}&until=${at(1)}`), Array(7).fill(`${at(0)} admin`));
    assert.deepEqual(await when(`since=${new Date(base + 1001).toISOString()}&until=${at(2)}`), []);
  });

  it('filters both logs by user, action, destination, log and request id', async () => {
    const labels = async (query: string) => (await all(query)).map(label);
    const sorted = async (query: string) => (await labels(query)).sort();
    assert.deepEqual(await sorted('user=alice@example.com'), ['p1-a', 'p1-b', 'p2-x']);
    assert.deepEqual(
      (await all(`user=${encodeURIComponent(adminName)}&since=${at(0)}`)).map((e) => e.log),
      Array(12).fill('admin'),
    );
    assert.deepEqual(await labels('action=proxy.delete'), ['p1-b']);
    assert.deepEqual(await sorted('action=groups.create'), [
      'groups.create same-0',
      'groups.create same-1',
      'groups.create same-2',
    ]);
    assert.deepEqual(await labels('log=proxy&user=bob@example.com'), ['p1-c']);
    assert.deepEqual(await labels('log=admin&action=proxy.get'), []);
    assert.deepEqual(await labels('requestID=p1-c'), ['p1-c']);

    // prod: its creation, the grant on its namespace web, the requests through it; nothing of prod-x.
    const prod = await all('destination=prod');
    const second = (e: Entry) => (Date.parse(e.at) - base) / 1000;
    assert.deepEqual(prod.map((e) => `${second(e)} ${e.action}`).sort(), [
      '0 destinations.create',
      '1 proxy.delete',
      '1 proxy.get',
      '1 proxy.get',
      '2 grants.create',
    ]);
    const grant = prod.find((e) => e.action === 'grants.create')!;
    assert.equal((grant.admin as unknown as { details: { resource: string } }).details.resource, 'prod.web');
    const prodX = await all('destination=prod-x');
    assert.deepEqual(
      prodX.map((e) => (e.log === 'proxy' ? e.proxied!.destinationName : e.action)),
      ['destinations.create', 'grants.create', 'prod-x'],
    );
    assert.deepEqual(await labels('destination=nowhere'), []);
  });

  it('answers bad queries with 400 and what is wrong', async () => {
    const cases: [string, string][] = [
      ['log=both', 'log must be admin or proxy'],
      ['since=yesterday', 'since must be an RFC 3339 time'],
      [`since=${at(2)}&until=${at(2)}`, 'until must be after since'],
      ['cursor=garbage', 'cursor is not a cursor this server issued'],
      [
        `cursor=${Buffer.from(JSON.stringify([at(1), 'kubectl', '00000000-0000-4000-8000-000000000000'])).toString('base64url')}`,
        'cursor',
      ],
      ['limit=0', 'limit'],
    ];
    for (const [query, message] of cases) {
      const res = await t.admin.get<{ message: string }>(`/api/audit/timeline?${query}`);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
      assert.ok(res.body.message.includes(message), `${query}: ${res.body.message}`);
    }
  });
});
