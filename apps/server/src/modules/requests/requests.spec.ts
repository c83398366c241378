// Access requests end to end on the server: who may ask, who may decide, what an approval grants (a time-bound grant
// cut to INFRA_REQUEST_MAX_DURATION), that a request is decided once, expires when nobody decides it, and that each
// step is audited. The server's clock is frozen and moved by the tests, so every time is known to the millisecond.
import assert from 'node:assert/strict';
import pg from 'pg';
import { Clock } from '../../common/clock.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';

interface Req {
  id: string;
  state: string;
  requesterName: string;
  decidedBy: string | null;
  decidedAt: string | null;
  grantId: string | null;
  grantedUntil: string | null;
  decisionReason: string | null;
  pendingUntil: string;
}

const HOUR = 3_600_000;

describe('access requests', function () {
  this.timeout(60_000);
  let db: pg.Client;
  // Registered first so that it runs before the server stops.
  after(async () => db?.end());
  const t = useAdminServer({ env: { INFRA_REQUEST_MAX_DURATION: '2h', INFRA_REQUEST_PENDING_TTL: '1h' } });
  let now = Date.parse('2031-03-01T09:00:00.000Z');
  const at = (ms: number) => new Date(ms).toISOString();
  let alice: TestUser; // asks
  let bob: TestUser; // in the approver group of production
  let carol: TestUser; // no role at all
  let adminName: string;

  before(async () => {
    t.server.running().app.get(Clock).now = () => new Date(now);
    for (const name of ['production', 'staging'])
      assert.equal((await t.admin.post('/api/destinations', { name })).status, 201);
    [alice, bob, carol] = await Promise.all(
      ['alice@example.com', 'bob@example.com', 'carol@example.com'].map((n) => createUserWithKey(t.admin, n)),
    );
    const group = await t.admin.post('/api/groups', { name: 'oncall-approvers' });
    assert.equal((await t.admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: [bob.id] })).status, 200);
    const set = await t.admin.put('/api/request-approvers/production', { groups: ['oncall-approvers'] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    adminName = (await t.admin.get('/api/users/self')).body.name;
    db = new pg.Client({ connectionString: t.server.databaseUrl });
    await db.connect();
  });
  beforeEach(() => {
    now += 10 * HOUR; // every test starts where no earlier request is pending any more
  });

  async function ask(who: TestUser, body: Record<string, unknown> = {}): Promise<Req> {
    const res = await who.client.post<Req>('/api/requests', {
      resource: 'production.web',
      role: 'view',
      duration: '1h',
      reason: 'INC-1: pods crash',
      ...body,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.state, 'pending');
    return res.body;
  }

  async function grantOf(
    id: string,
  ): Promise<{ resource: string; privilege: string; expiresAt: string | null; userName: string } | undefined> {
    const { items } = (await t.admin.get('/api/grants?includeExpired=true&limit=1000')).body;
    return items.find((g: { id: string }) => g.id === id);
  }

  it('an approval makes a grant for the time asked; a longer ask is cut to INFRA_REQUEST_MAX_DURATION (2h)', async () => {
    const cases: [string, number][] = [
      ['1h', HOUR],
      ['2h', 2 * HOUR],
      ['2h1s', 2 * HOUR],
      ['8h', 2 * HOUR],
    ];
    for (const [duration, granted] of cases) {
      const r = await ask(alice, { duration, resource: 'production' });
      const approved = await t.admin.post<Req>(`/api/requests/${r.id}/approve`, { reason: 'looks right' });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.state, 'approved');
      assert.equal(approved.body.decidedBy, adminName);
      assert.equal(approved.body.decidedAt, at(now));
      assert.equal(approved.body.decisionReason, 'looks right');
      assert.equal(approved.body.grantedUntil, at(now + granted), duration);
      const grant = await grantOf(approved.body.grantId!);
      assert.deepEqual(
        grant && [grant.userName, grant.privilege, grant.resource, grant.expiresAt],
        ['alice@example.com', 'view', 'production', at(now + granted)],
        duration,
      );
      now += 3 * HOUR; // past the grant, so the next case makes a new one
    }
  });

  it('approving again while a shorter grant is still in force lengthens it; a lasting grant is left as it is', async () => {
    const first = (await t.admin.post<Req>(`/api/requests/${(await ask(alice, { duration: '30m' })).id}/approve`)).body;
    now += 10 * 60_000;
    const second = (await t.admin.post<Req>(`/api/requests/${(await ask(alice, { duration: '1h' })).id}/approve`)).body;
    assert.equal(second.grantedUntil, at(now + HOUR));
    assert.equal(await grantOf(first.grantId!), undefined, 'the 30 m grant was replaced');
    assert.equal((await grantOf(second.grantId!))?.expiresAt, at(now + HOUR));
    const lasting = await t.admin.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'edit',
      resource: 'staging',
    });
    const third = (
      await t.admin.post<Req>(`/api/requests/${(await ask(alice, { role: 'edit', resource: 'staging' })).id}/approve`)
    ).body;
    assert.deepEqual([third.grantId, third.grantedUntil], [lasting.body.id, null]);
  });

  it('nobody approves or denies their own request, admins included', async () => {
    const own = await t.admin.post<Req>('/api/requests', {
      resource: 'production',
      role: 'edit',
      duration: '1h',
      reason: 'mine',
    });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    for (const decision of ['approve', 'deny']) {
      const res = await t.admin.post(`/api/requests/${own.body.id}/${decision}`);
      assert.equal(res.status, 403, decision);
      assert.equal(
        res.body.message,
        `you cannot ${decision} your own request; another approver must decide it (or cancel it)`,
      );
    }
    assert.equal((await t.admin.post(`/api/requests/${own.body.id}/cancel`)).status, 200);
  });

  it("a member of the destination's approver group decides its requests; anyone else gets 403", async () => {
    const r = await ask(alice);
    const refused = await carol.client.post(`/api/requests/${r.id}/approve`);
    assert.equal(refused.status, 403);
    assert.equal(
      refused.body.message,
      'you are not an approver for production: Infra admins and the approver groups of production decide its requests',
    );
    const onStaging = await ask(alice, { resource: 'staging' });
    assert.equal(
      (await bob.client.post(`/api/requests/${onStaging.id}/approve`)).status,
      403,
      'approvers of production only',
    );
    const approved = await bob.client.post<Req>(`/api/requests/${r.id}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.decidedBy, 'bob@example.com');
    assert.equal((await carol.client.post(`/api/requests/${onStaging.id}/deny`)).status, 403);
  });

  it('a denial records who and why and grants nothing', async () => {
    const r = await ask(alice, { resource: 'production.db' });
    const denied = await bob.client.post<Req>(`/api/requests/${r.id}/deny`, { reason: 'use staging' });
    assert.equal(denied.status, 200);
    assert.deepEqual(
      [denied.body.state, denied.body.decidedBy, denied.body.decisionReason, denied.body.grantId],
      ['denied', 'bob@example.com', 'use staging', null],
    );
    assert.equal((await t.admin.get('/api/grants?resource=production.db')).body.items.length, 0);
  });

  it('a request is decided once: a second decision is 409 naming the first, even when both come at once', async () => {
    const r = await ask(alice, { resource: 'production.api' });
    const [a, b] = await Promise.all([
      t.admin.post(`/api/requests/${r.id}/approve`),
      bob.client.post(`/api/requests/${r.id}/approve`),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.body, b.body]));
    const winner = a.status === 200 ? adminName : 'bob@example.com';
    for (const decision of ['approve', 'deny']) {
      const again = await bob.client.post(`/api/requests/${r.id}/${decision}`);
      assert.equal(again.status, 409);
      assert.equal(again.body.message, `request ${r.id} was already approved by ${winner} at ${at(now)}`);
    }
    assert.equal((await alice.client.post(`/api/requests/${r.id}/cancel`)).status, 409);
    assert.equal((await t.admin.get('/api/grants?resource=production.api')).body.items.length, 1, 'one grant');
  });

  it('only the requester cancels; a cancelled request cannot be approved', async () => {
    const r = await ask(alice, { resource: 'production.cache' });
    assert.equal((await bob.client.post(`/api/requests/${r.id}/cancel`)).status, 403);
    const cancelled = await alice.client.post<Req>(`/api/requests/${r.id}/cancel`);
    assert.equal(cancelled.body.state, 'cancelled');
    assert.equal((await bob.client.post(`/api/requests/${r.id}/approve`)).status, 409);
  });

  it('a pending request expires after INFRA_REQUEST_PENDING_TTL (1h): pending 1 ms before, expired at the instant', async () => {
    const r = await ask(alice, { resource: 'production.queue' });
    assert.equal(r.pendingUntil, at(now + HOUR));
    now += HOUR - 1;
    const mine = async () =>
      (await alice.client.get<{ items: Req[] }>('/api/requests?mine=true&limit=1000')).body.items.find(
        (x) => x.id === r.id,
      )!;
    assert.equal((await mine()).state, 'pending');
    now += 1;
    assert.equal((await mine()).state, 'expired');
    const late = await bob.client.post(`/api/requests/${r.id}/approve`);
    assert.equal(late.status, 409);
    assert.equal(late.body.message, `request ${r.id} expired at ${at(now)} without a decision; ask again`);
    assert.equal((await t.admin.get('/api/grants?resource=production.queue')).body.items.length, 0);
  });

  it('lists your own requests, plus those you may decide; filters by state', async () => {
    const onProduction = await ask(alice, { resource: 'production.list' });
    const onStaging = await ask(alice, { resource: 'staging.list' });
    const byCarol = await ask(carol, { resource: 'staging.list' });
    const ids = async (who: TestUser | 'admin', query = '') => {
      const client = who === 'admin' ? t.admin : who.client;
      const res = await client.get<{ items: Req[] }>(`/api/requests?limit=1000${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return new Set(res.body.items.map((x) => x.id));
    };
    const aliceSees = await ids(alice);
    assert.ok(aliceSees.has(onProduction.id) && aliceSees.has(onStaging.id) && !aliceSees.has(byCarol.id));
    const bobSees = await ids(bob, '&state=pending');
    assert.ok(
      bobSees.has(onProduction.id) && !bobSees.has(onStaging.id) && !bobSees.has(byCarol.id),
      'production only',
    );
    assert.equal((await ids(bob, '&mine=true')).size, 0);
    const adminSees = await ids('admin', '&state=pending');
    assert.ok([onProduction, onStaging, byCarol].every((r) => adminSees.has(r.id)));
    assert.ok(!(await ids('admin', '&state=approved')).has(onProduction.id));
    assert.equal((await t.admin.get('/api/requests?state=sometimes')).status, 400);
  });

  it('refuses bad requests with 400 and one sentence naming the field; a second pending ask is 409', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ duration: 'forever' }, 'duration must be a positive duration like 30m, 2h or 1d'],
      [{ duration: '0h' }, 'duration must be a positive duration like 30m, 2h or 1d'],
      [{ duration: '-1h' }, 'duration must be a positive duration like 30m, 2h or 1d'],
      [{ role: 'no spaces' }, 'role must be a ClusterRole name (letters, digits, ":", ".", "_", "-")'],
      [
        { resource: 'infra', role: 'admin' },
        'resource must be a destination or namespace: roles on Infra itself are granted by admins',
      ],
      [{ resource: 'nowhere' }, 'resource names no destination: there is no destination named nowhere'],
      [{ reason: '   ' }, 'reason must say why the access is needed'],
      [{ reason: '' }, 'reason must say why the access is needed'],
    ];
    for (const [body, message] of cases) {
      const res = await alice.client.post('/api/requests', {
        resource: 'production',
        role: 'view',
        duration: '1h',
        reason: 'x',
        ...body,
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.message, message);
    }
    const bad = await alice.client.post('/api/requests', {
      resource: 'a.b.c',
      role: 'view',
      duration: '1h',
      reason: 'x',
    });
    assert.deepEqual([bad.status, bad.body.fieldErrors[0].field], [400, 'resource']);
    assert.equal((await alice.client.post('/api/requests', { role: 'view', duration: '1h', reason: 'x' })).status, 400);
    assert.equal((await bob.client.post('/api/requests/not-a-uuid/approve')).status, 400);
    assert.equal((await bob.client.post('/api/requests/00000000-0000-4000-8000-000000000000/approve')).status, 404);
    const first = await ask(alice, { resource: 'production.twice' });
    const second = await alice.client.post('/api/requests', {
      resource: 'production.twice',
      role: 'view',
      duration: '2h',
      reason: 'again',
    });
    assert.equal(second.status, 409);
    assert.equal(second.body.message, `you already asked for view on production.twice (request ${first.id}, pending)`);
  });

  it('audits every step with the request as target, in the transaction of the change', async () => {
    const approved = await ask(alice, { resource: 'production.audited' });
    await bob.client.post(`/api/requests/${approved.id}/approve`, { reason: 'ok' });
    const denied = await ask(alice, { resource: 'staging.audited' });
    await t.admin.post(`/api/requests/${denied.id}/deny`);
    const expired = await ask(alice, { resource: 'production.audited2' });
    now += HOUR;
    await t.admin.get('/api/requests');
    const order = [approved.id, denied.id, expired.id];
    const rows = (
      (await db.query('SELECT action, actor_name, target_id, details FROM audit WHERE target_id = ANY($1)', [order]))
        .rows as { action: string; actor_name: string | null; target_id: string; details: Record<string, unknown> }[]
    ).sort((a, b) => order.indexOf(a.target_id) - order.indexOf(b.target_id) || a.action.localeCompare(b.action));
    assert.deepEqual(
      rows.map((r) => [r.action, r.target_id, r.actor_name]),
      [
        ['requests.approve', approved.id, 'bob@example.com'],
        ['requests.create', approved.id, 'alice@example.com'],
        ['requests.create', denied.id, 'alice@example.com'],
        ['requests.deny', denied.id, adminName],
        ['requests.create', expired.id, 'alice@example.com'],
        ['requests.expire', expired.id, null],
      ],
    );
    assert.equal(rows[0]!.details.grantedUntil, at(now - HOUR + HOUR));
    assert.equal(rows[0]!.details.reason, 'ok');
    const grantRow = (
      await db.query("SELECT actor_name FROM audit WHERE action = 'grants.create' AND target_id = $1", [
        rows[0]!.details.grantId,
      ])
    ).rows;
    assert.deepEqual(grantRow, [{ actor_name: 'bob@example.com' }], 'the grant is audited as made by the approver');
  });

  it('approver groups and the PagerDuty settings are for admins to set', async () => {
    assert.equal((await bob.client.put('/api/request-approvers/production', { groups: [] })).status, 403);
    assert.equal((await bob.client.put('/api/pagerduty', { token: 'abcdefgh1234', scheduleIDs: ['P1'] })).status, 403);
    assert.equal((await t.admin.put('/api/request-approvers/nowhere', { groups: [] })).status, 404);
    assert.equal((await t.admin.put('/api/request-approvers/production', { groups: ['no-such-group'] })).status, 404);
    const listed = await t.admin.get('/api/request-approvers');
    assert.deepEqual(listed.body, [{ destination: 'production', groups: ['oncall-approvers'] }]);
  });
});
