// Reading the audit logs: admin mutations (GET /api/audit) and proxied requests (GET /api/destinations/:id/audit),
// by time range (since inclusive, until exclusive) and page by page. The server's clock is frozen so every event's
// time is known to the millisecond; several events share one instant, which the cursor must still tell apart.
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { Clock } from '../../common/clock.js';
import { ProxyAuditRepository } from '../../connectors/proxy-audit.repository.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { useAdminServer } from '../../testing/mocha.js';

interface Event {
  id: string;
  at: string;
  targetName?: string;
  requestID?: string;
}

describe('audit log queries', function () {
  this.timeout(60_000);
  const t = useAdminServer();
  const base = Math.ceil(Date.now() / 1000) * 1000 + 60_000;
  const at = (s: number) => new Date(base + s * 1000).toISOString();
  let destinationId: string;

  // Groups audit-0…audit-9 made at base+0 s … base+9 s, then same-0…same-4 all at base+20 s.
  before(async () => {
    let now = base;
    t.server.running().app.get(Clock).now = () => new Date(now);
    for (let i = 0; i < 10; i++, now += 1000)
      assert.equal((await t.admin.post('/api/groups', { name: `audit-${i}` })).status, 201);
    now = base + 20_000;
    for (let i = 0; i < 5; i++) assert.equal((await t.admin.post('/api/groups', { name: `same-${i}` })).status, 201);
    const created = await t.admin.post('/api/destinations', { name: 'audited' });
    destinationId = created.body.destination.id;
    // Proxied requests at base+0 … base+5 s, by alice then bob in turn.
    const n = [0, 1, 2, 3, 4, 5];
    await t.server
      .running()
      .app.get(ProxyAuditRepository)
      .insert(destinationId, {
        atMs: n.map((i) => base + i * 1000),
        requestId: n.map((i) => `req-${i}`),
        userName: n.map((i) => (i % 2 ? 'bob@example.com' : 'alice@example.com')),
        verb: n.map(() => 'get'),
        path: n.map(() => '/api/v1/pods'),
        status: n.map(() => 200),
        durationMs: n.map(() => 1),
        kubectlCommand: n.map(() => 'kubectl get pods'),
        clientIp: n.map(() => '10.0.0.1'),
      });
  });

  const names = async (query: string) => {
    const res = await t.admin.get<{ items: Event[] }>(`/api/audit?action=groups.create&${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.map((e) => e.targetName);
  };

  it('since is inclusive and until exclusive, to the millisecond', async () => {
    assert.deepEqual(await names(`since=${at(2)}&until=${at(5)}`), ['audit-2', 'audit-3', 'audit-4']);
    const justAfter = new Date(base + 2001).toISOString();
    const justBefore = new Date(base + 4999).toISOString();
    assert.deepEqual(await names(`since=${justAfter}&until=${justBefore}`), ['audit-3', 'audit-4']);
    assert.deepEqual(await names(`since=${at(9)}&until=${at(20)}`), ['audit-9']);
    assert.deepEqual(await names(`until=${at(1)}`), ['audit-0']);
    // Adjacent ranges hold each event once.
    const halves = [
      ...(await names(`since=${at(0)}&until=${at(5)}`)),
      ...(await names(`since=${at(5)}&until=${at(10)}`)),
    ];
    assert.deepEqual(
      halves,
      Array.from({ length: 10 }, (_, i) => `audit-${i}`),
    );
  });

  it('pages through more than one page with no repeat and no gap, events at one instant included', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.admin.get<{ items: Event[]; next?: string }>(
        `/api/audit?action=groups.create&since=${at(7)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...res.body.items.map((e) => e.targetName!));
      cursor = res.body.next;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen.slice(0, 3), ['audit-7', 'audit-8', 'audit-9']);
    assert.deepEqual(seen.slice(3).sort(), ['same-0', 'same-1', 'same-2', 'same-3', 'same-4']);
    assert.equal(pages, 4);
  });

  it("filters by the actor's name", async () => {
    const self = (await t.admin.get<{ name: string }>('/api/users/self')).body;
    assert.equal((await names(`actor=${encodeURIComponent(self.name)}&until=${at(2)}`)).length, 2);
    assert.deepEqual(await names('actor=nobody@example.com'), []);
  });

  it('answers bad filters with 400 and what to give instead', async () => {
    const cases: [string, string][] = [
      ['since=yesterday', 'since must be an RFC 3339 time, like 2026-05-01T17:00:00Z'],
      ['until=2026-13-01T00:00:00Z', 'until must be an RFC 3339 time, like 2026-05-01T17:00:00Z'],
      [`since=${at(5)}&until=${at(5)}`, 'until must be after since'],
      [`since=${at(5)}&until=${at(4)}`, 'until must be after since'],
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=garbage', 'cursor is not a cursor this server issued'],
      ['actorID=alice', 'actorID'],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/api/audit', `/api/destinations/${destinationId}/audit`]) {
        if (query.startsWith('actorID') && path !== '/api/audit') continue;
        const res = await t.admin.get<{ message: string }>(`${path}?${query}`);
        assert.equal(res.status, 400, `${path}?${query}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.message.includes(message), `${path}?${query}: ${res.body.message}`);
      }
    }
  });

  it('filters proxied requests by time range and user, and pages them', async () => {
    const get = async (query: string) => {
      const res = await t.admin.get<{ items: Event[]; next?: string }>(
        `/api/destinations/${destinationId}/audit?${query}`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    assert.deepEqual(
      (await get(`since=${at(1)}&until=${at(4)}`)).items.map((e) => e.requestID),
      ['req-1', 'req-2', 'req-3'],
    );
    assert.deepEqual(
      (await get('user=bob@example.com')).items.map((e) => e.requestID),
      ['req-1', 'req-3', 'req-5'],
    );
    const first = await get(`user=alice@example.com&limit=2`);
    assert.deepEqual(
      first.items.map((e) => e.requestID),
      ['req-0', 'req-2'],
    );
    const second = await get(`user=alice@example.com&limit=2&cursor=${first.next}`);
    assert.deepEqual([second.items.map((e) => e.requestID), second.next], [['req-4'], undefined]);
  });

  it('filters by time range and actor over gRPC too (ListAudit since/until/actor), with the same 400 as INVALID_ARGUMENT', async () => {
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      const self = (await t.admin.get<{ name: string }>('/api/users/self')).body;
      const reply = await grpc.call(
        'AuditService',
        'ListAudit',
        { action: 'groups.create', since: at(2), until: at(5), actor: self.name },
        t.server.adminKey,
      );
      assert.deepEqual(
        reply.items.map((e: Event) => e.targetName),
        ['audit-2', 'audit-3', 'audit-4'],
      );
      const nobody = await grpc.call(
        'AuditService',
        'ListAudit',
        { action: 'groups.create', actor: 'nobody@example.com' },
        t.server.adminKey,
      );
      assert.deepEqual(nobody.items ?? [], [], 'an empty list may come back unset');
      await assert.rejects(
        grpc.call('AuditService', 'ListAudit', { since: at(5), until: at(5) }, t.server.adminKey),
        (e: ServiceError) => e.code === status.INVALID_ARGUMENT && /until must be after since/.test(e.message),
      );
    } finally {
      grpc.close();
    }
  });

  it('joins one request id across both logs: the proxied call and the admin events, with the destination named', async () => {
    const other = await t.admin.post('/api/destinations', { name: 'audited-too' });
    const repo = t.server.running().app.get(ProxyAuditRepository);
    // The same id in a second destination and an admin call that chose it as X-Request-Id: all three come back.
    await repo.insert(other.body.destination.id, {
      atMs: [base + 7000],
      requestId: ['req-3'],
      userName: ['bob@example.com'],
      verb: ['watch'],
      path: ['/api/v1/pods'],
      status: [200],
      durationMs: [9],
      kubectlCommand: ['kubectl get pods -w'],
      clientIp: ['10.0.0.2'],
    });
    const made = await fetch(`${t.server.url}/api/groups`, {
      method: 'POST',
      body: JSON.stringify({ name: 'joined' }),
      headers: {
        authorization: `Bearer ${t.server.adminKey}`,
        'content-type': 'application/json',
        'x-request-id': 'req-3',
      },
    });
    assert.equal(made.status, 201);
    const res = await t.admin.get('/api/audit/requests/req-3');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.admin.map((e: { action: string; targetName: string }) => [e.action, e.targetName]),
      [['groups.create', 'joined']],
    );
    assert.deepEqual(
      res.body.proxied.map((e: { destinationName: string; verb: string; at: string; user: string }) => [
        e.destinationName,
        e.verb,
        e.at,
        e.user,
      ]),
      [
        ['audited', 'get', at(3), 'bob@example.com'],
        ['audited-too', 'watch', at(7), 'bob@example.com'],
      ],
    );
    assert.equal(res.body.truncated, false);

    const none = await t.admin.get('/api/audit/requests/never-seen');
    assert.deepEqual([none.status, none.body.admin, none.body.proxied], [200, [], []]);
    const long = await t.admin.get(`/api/audit/requests/${'x'.repeat(129)}`);
    assert.equal(long.status, 400, JSON.stringify(long.body));
  });
});
