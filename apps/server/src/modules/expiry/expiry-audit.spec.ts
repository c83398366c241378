// The audit log says when access ended: `grants.expired` and `sessions.expired`, dated at the grant's or session's own
// end (not at the sweep that wrote them), once each however many sweeps run. The server's clock is frozen and moved by
// the tests, so each end is hit to the millisecond; the sweeps are called directly, except in the last test.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { Database } from '../../db/database.js';
import { createUserWithKey } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { eventually } from '../../testing/test-connector.js';
import { startTestServer } from '../../testing/test-server.js';
import { ExpiryAuditor } from './expiry-auditor.js';

interface Row {
  at: string;
  action: string;
  actorName: string | null;
  targetType: string;
  targetID: string;
  targetName: string | null;
  details: Record<string, unknown>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SESSION_TTL_SECONDS = 7200;
const at = (ms: number) => new Date(ms).toISOString();

describe('audit of expired grants and sessions', function () {
  this.timeout(60_000);
  const t = useAdminServer({ env: { INFRA_SESSION_TTL: String(SESSION_TTL_SECONDS) } });
  let now = Date.parse('2031-03-01T00:00:00.000Z');
  const sweep = () => t.server.running().app.get(ExpiryAuditor).sweep();
  before(async () => {
    t.server.running().app.get(Clock).now = () => new Date(now);
    await createUserWithKey(t.admin, 'ends@example.com');
  });
  beforeEach(() => (now += 10 * HOUR)); // past every end an earlier test left, so each test sweeps only its own

  async function grant(resource: string, expiresAt: number): Promise<string> {
    const res = await t.admin.post<{ id: string }>('/api/grants', {
      user: 'ends@example.com',
      privilege: 'view',
      resource,
      expiresAt: at(expiresAt),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  }

  async function rowsAbout(id: string): Promise<Row[]> {
    const res = await t.admin.get<{ items: Row[] }>(`/api/audit?targetID=${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items;
  }
  const expiredRows = async (id: string) => (await rowsAbout(id)).filter((r) => r.action.endsWith('.expired'));

  it('writes grants.expired once, at the grant’s end: none 1 ms before it, one at it, none more on later sweeps', async () => {
    const end = now + MINUTE;
    const id = await grant('production', end);

    now = end - 1;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, '1 ms before the end');
    assert.deepEqual(await expiredRows(id), [], 'no grants.expired 1 ms before the end');

    now = end;
    assert.deepEqual(await sweep(), { grants: 1, sessions: 0, keys: 0, connectors: 0 }, 'at the end');
    const rows = await expiredRows(id);
    assert.deepEqual(
      rows.map((r) => [r.at, r.action, r.actorName, r.targetType, r.details.privilege, r.details.resource]),
      [[at(end), 'grants.expired', null, 'grant', 'view', 'production']],
    );
    assert.equal(rows[0]!.details.expiresAt, at(end));

    now = end + HOUR;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, 'a second sweep');
    assert.equal((await expiredRows(id)).length, 1, 'a second sweep wrote grants.expired again');
  });

  it('dates the row at the end, not at the sweep, and sweeps racing for the same grant (two replicas) write it once', async () => {
    const end = now + MINUTE;
    const id = await grant('staging', end);
    now = end + 30 * MINUTE;
    // Another transaction holds the grant's row while two sweeps start, so that both meet it at the same moment
    // instead of one after the other; 500 ms is ample for both to reach it.
    const racing = await t.server
      .running()
      .app.get(Database)
      .transaction(async (tx) => {
        await tx.manager.query('SELECT id FROM grants WHERE id = $1 FOR UPDATE', [id]);
        const sweeps = [sweep(), sweep()];
        await new Promise((resolve) => setTimeout(resolve, 500));
        return sweeps;
      });
    const results = [...(await Promise.all(racing)), await sweep()];
    assert.equal(
      results.reduce((n, r) => n + r.grants, 0),
      1,
      `racing sweeps, then one more: ${JSON.stringify(results)}`,
    );
    assert.deepEqual(
      (await expiredRows(id)).map((r) => r.at),
      [at(end)],
    );
  });

  it('writes no grants.expired for a grant removed before its end', async () => {
    const end = now + MINUTE;
    const id = await grant('production.web', end);
    now = end - 1;
    assert.equal((await t.admin.delete(`/api/grants/${id}`)).status, 204);
    now = end + HOUR;
    await sweep();
    assert.deepEqual(
      (await rowsAbout(id)).map((r) => r.action),
      ['grants.create', 'grants.delete'],
    );
  });

  it('a grant deleted after its end, before any sweep: grants.expired at its end, then grants.delete, once', async () => {
    const end = now + MINUTE;
    const id = await grant('production.api', end);
    now = end + 10;
    assert.equal((await t.admin.delete(`/api/grants/${id}`)).status, 204);
    await sweep();
    assert.deepEqual(
      (await rowsAbout(id)).map((r) => [r.action, r.at]),
      [
        ['grants.create', at(end - MINUTE)],
        ['grants.expired', at(end)],
        ['grants.delete', at(end + 10)],
      ],
    );
  });

  it('writes sessions.expired once, at the session’s end (INFRA_SESSION_TTL after the login)', async () => {
    const user = await createUserWithKey(t.admin, 'session-ends@example.com');
    const loggedIn = now;
    const login = await t.admin.as(undefined).post<{ accessKey: string }>('/api/login', { accessKey: user.key });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const logins = await t.admin.get<{ items: Row[] }>(`/api/audit?action=auth.login&actor=${user.name}`);
    const sessionId = logins.body.items.at(-1)!.details.sessionID as string;
    const end = loggedIn + SESSION_TTL_SECONDS * 1000;

    now = end - 1;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, '1 ms before the end');
    assert.deepEqual(await expiredRows(sessionId), []);
    now = end + 5 * MINUTE;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 1, keys: 0, connectors: 0 }, 'after the end');
    assert.deepEqual(
      (await expiredRows(sessionId)).map((r) => [
        r.at,
        r.action,
        r.actorName,
        r.targetType,
        r.details.userID,
        r.details.reason,
      ]),
      [[at(end), 'sessions.expired', null, 'session', user.id, 'lifetime']],
    );
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, 'a second sweep');
    assert.equal((await expiredRows(sessionId)).length, 1, 'a second sweep wrote sessions.expired again');
  });

  it('writes sessions.expired exactly at the end, and none for a session ended by logout before it', async () => {
    const user = await createUserWithKey(t.admin, 'logout@example.com');
    const anon = t.admin.as(undefined);
    const first = await anon.post<{ accessKey: string }>('/api/login', { accessKey: user.key });
    const second = await anon.post<{ accessKey: string }>('/api/login', { accessKey: user.key });
    const end = now + SESSION_TTL_SECONDS * 1000;
    assert.equal((await t.admin.as(second.body.accessKey).post('/api/logout', {})).status, 200);
    // Both logins are at the same (frozen) instant, so the log's order says nothing: the logout names its session.
    const audit = async (action: string) =>
      (await t.admin.get<{ items: Row[] }>(`/api/audit?action=${action}&actor=${user.name}`)).body.items;
    const loggedOut = (await audit('sessions.delete'))[0]?.targetID;
    const kept = (await audit('auth.login')).map((r) => r.details.sessionID as string).find((id) => id !== loggedOut);
    assert.ok(first.body.accessKey && kept && loggedOut);

    now = end;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 1, keys: 0, connectors: 0 }, 'at the end');
    assert.deepEqual(
      (await expiredRows(kept!)).map((r) => r.at),
      [at(end)],
    );
    assert.deepEqual(await expiredRows(loggedOut!), [], 'a session logged out before its end expired');
  });

  it('a session revoked after its end, before any sweep: sessions.expired at its end, then sessions.delete', async () => {
    const user = await createUserWithKey(t.admin, 'revoked@example.com');
    const end = now + SESSION_TTL_SECONDS * 1000;
    assert.equal((await t.admin.as(undefined).post('/api/login', { accessKey: user.key })).status, 201);
    const logins = await t.admin.get<{ items: Row[] }>(`/api/audit?action=auth.login&actor=${user.name}`);
    const sessionId = logins.body.items.at(-1)!.details.sessionID as string;
    now = end + 10;
    assert.equal((await t.admin.delete(`/api/keys/${sessionId}`)).status, 204);
    await sweep();
    assert.deepEqual(
      (await rowsAbout(sessionId)).map((r) => [r.action, r.at]),
      [
        ['sessions.create', at(end - SESSION_TTL_SECONDS * 1000)],
        ['sessions.expired', at(end)],
        ['sessions.delete', at(end + 10)],
      ],
    );
  });
});

describe('audit of expired grants on the sweep interval', function () {
  this.timeout(60_000);

  it('writes grants.expired without being asked, on INFRA_CHANGE_LOG_PRUNE_INTERVAL', async () => {
    const server = await startTestServer({ env: { INFRA_CHANGE_LOG_PRUNE_INTERVAL: '1' } });
    try {
      const admin = new TestClient(server.url, server.adminKey);
      await createUserWithKey(admin, 'soon@example.com');
      const end = new Date(Date.now() + 1500);
      const res = await admin.post<{ id: string }>('/api/grants', {
        user: 'soon@example.com',
        privilege: 'view',
        resource: 'production',
        expiresAt: end.toISOString(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await eventually(async () => {
        const rows = await admin.get<{ items: Row[] }>(`/api/audit?action=grants.expired&targetID=${res.body.id}`);
        assert.deepEqual(
          rows.body.items.map((r) => r.at),
          [end.toISOString()],
          'a grant that ended over a second ago has no grants.expired row at its end',
        );
      }, 10_000);
    } finally {
      await server.stop();
    }
  });
});
