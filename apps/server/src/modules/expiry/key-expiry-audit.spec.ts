// Access keys (`infra keys add --expires/--inactivity-timeout`, kind `key`) that end by themselves are logged as
// `keys.expired` like sessions are as `sessions.expired`: dated at the end, with the reason, named by the key's name,
// once however many sweeps run, and before the `keys.delete` of a key revoked after its end. The clock is frozen and
// moved by the tests; every expected instant is computed here from the times the test set.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { Database } from '../../db/database.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { ExpiryAuditor, type SweepResult } from './expiry-auditor.js';

interface Row {
  at: string;
  action: string;
  actorName: string | null;
  requestID: string | null;
  targetType: string;
  targetName: string | null;
  details: Record<string, unknown>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SESSION_TTL_MS = 7200 * 1000;
const at = (ms: number) => new Date(ms).toISOString();
const none: SweepResult = { grants: 0, sessions: 0, keys: 0, connectors: 0 };

describe('audit of access keys that end by themselves', function () {
  this.timeout(60_000);
  const t = useAdminServer({ env: { INFRA_SESSION_TTL: String(SESSION_TTL_MS / 1000) } });
  let now = Date.parse('2033-07-01T00:00:00.000Z');
  let user: TestUser;
  const app = () => t.server.running().app;
  const sweep = () => app().get(ExpiryAuditor).sweep();
  before(async () => {
    app().get(Clock).now = () => new Date(now);
    user = await createUserWithKey(t.admin, 'key-ends@example.com'); // its own key lasts INFRA_KEY_DEFAULT_TTL (90 days)
  });
  beforeEach(() => (now += 10 * HOUR)); // past every end an earlier test left, so each test sweeps only its own

  /** An admin-made key for the user, made at the current instant: its id and `<id>.<secret>`. */
  async function addKey(name: string, opts: { expiry?: number; inactivityTimeout?: number }) {
    const res = await t.admin.post<{ id: string; accessKey: string }>('/api/keys', { userID: user.id, name, ...opts });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
  const use = async (key: string) => (await t.admin.as(key).get('/api/users/self')).status;
  const rowsAbout = async (id: string) => (await t.admin.get<{ items: Row[] }>(`/api/audit?targetID=${id}`)).body.items;
  const expiredRows = async (id: string) => (await rowsAbout(id)).filter((r) => r.action.endsWith('.expired'));

  it('writes keys.expired at the key’s expiry, none 1 ms before, once across sweeps, named by the key', async () => {
    const end = now + HOUR;
    const key = await addKey('deploy-bot', { expiry: HOUR / 1000 });

    now = end - 1;
    assert.equal(await use(key.accessKey), 200, 'the key is refused 1 ms before its expiry');
    assert.deepEqual(await sweep(), none, '1 ms before the end');
    assert.deepEqual(await expiredRows(key.id), []);

    now = end;
    assert.equal(await use(key.accessKey), 401, 'the key works at its expiry');
    assert.deepEqual(await sweep(), { ...none, keys: 1 }, 'at the end');
    assert.deepEqual(
      (await expiredRows(key.id)).map((r) => [
        r.at,
        r.action,
        r.actorName,
        r.requestID,
        r.targetType,
        r.targetName,
        r.details,
      ]),
      [[at(end), 'keys.expired', null, 'system', 'key', 'deploy-bot', { userID: user.id, reason: 'lifetime' }]],
    );

    now = end + HOUR;
    assert.deepEqual(await sweep(), none, 'a second sweep');
    assert.equal((await expiredRows(key.id)).length, 1, 'a second sweep wrote keys.expired again');
  });

  it('writes keys.expired with reason inactivity at the last use plus the key’s timeout', async () => {
    const key = await addKey('ci-runner', { expiry: 30 * 86400, inactivityTimeout: 600 });
    now += 5 * MINUTE;
    const used = now;
    assert.equal(await use(key.accessKey), 200);
    const end = used + 600_000;

    now = end - 1;
    assert.deepEqual(await sweep(), none, '1 ms before the inactivity end');
    now = end;
    assert.equal(await use(key.accessKey), 401, 'the key works at its inactivity end');
    assert.deepEqual(await sweep(), { ...none, keys: 1 }, 'at the inactivity end');
    assert.deepEqual(
      (await expiredRows(key.id)).map((r) => [r.at, r.action, r.details.reason]),
      [[at(end), 'keys.expired', 'inactivity']],
    );
    now = end + HOUR;
    assert.deepEqual(await sweep(), none, 'a later sweep');
  });

  it('a key deleted after its end, before any sweep: keys.expired at the end, then keys.delete; none if deleted before', async () => {
    const made = now;
    const ended = await addKey('ended-then-deleted', { expiry: HOUR / 1000 });
    const early = await addKey('deleted-early', { expiry: HOUR / 1000 });
    const end = made + HOUR;
    now = end - 1;
    assert.equal((await t.admin.delete(`/api/keys/${early.id}`)).status, 204);
    now = end + 10;
    assert.equal((await t.admin.delete(`/api/keys/${ended.id}`)).status, 204);
    assert.deepEqual(await sweep(), none, 'a sweep after both deletes');
    assert.deepEqual(
      (await rowsAbout(ended.id)).map((r) => [r.action, r.at, r.details.reason]),
      [
        ['keys.create', at(made), undefined],
        ['keys.expired', at(end), 'lifetime'],
        ['keys.delete', at(end + 10), undefined],
      ],
    );
    assert.deepEqual(
      (await rowsAbout(early.id)).map((r) => r.action),
      ['keys.create', 'keys.delete'],
      'a key deleted before its end expired',
    );
  });

  it('a session and a key ending in the same sweep each get their own action', async () => {
    const loggedIn = now;
    const login = await t.admin.as(undefined).post<{ accessKey: string }>('/api/login', { accessKey: user.key });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const logins = await t.admin.get<{ items: Row[] }>(`/api/audit?action=auth.login&actor=${user.name}`);
    const sessionId = logins.body.items.at(-1)!.details.sessionID as string;
    const key = await addKey('same-sweep', { expiry: HOUR / 1000 });

    now = loggedIn + SESSION_TTL_MS + MINUTE;
    assert.deepEqual(await sweep(), { ...none, sessions: 1, keys: 1 });
    assert.deepEqual(
      (await expiredRows(sessionId)).map((r) => [r.action, r.targetType, r.at]),
      [['sessions.expired', 'session', at(loggedIn + SESSION_TTL_MS)]],
    );
    assert.deepEqual(
      (await expiredRows(key.id)).map((r) => [r.action, r.targetType, r.at]),
      [['keys.expired', 'key', at(loggedIn + HOUR)]],
    );
  });

  it('a connector key with an end (one an upgrade turned into a connector key) is connectors.expired', async () => {
    const dest = await t.admin.post<{ connector: { accessKey: string } }>('/api/destinations', {
      name: 'ends-cluster',
    });
    assert.equal(dest.status, 201, JSON.stringify(dest.body));
    const keyId = dest.body.connector.accessKey.split('.')[0];
    const end = now + MINUTE;
    // Connector keys are made without an end today; one from before migration 1733000000001 may have one.
    const [[row]] = (await app()
      .get(Database)
      .manager.query(`UPDATE access_keys SET expires = $2 WHERE key_id = $1 RETURNING id, name`, [
        keyId,
        new Date(end),
      ])) as [{ id: string; name: string }[], number];
    now = end;
    assert.deepEqual(await sweep(), { ...none, connectors: 1 });
    assert.deepEqual(
      (await expiredRows(row!.id)).map((r) => [r.action, r.targetType, r.targetName, r.at, r.details.reason]),
      [['connectors.expired', 'connector', row!.name, at(end), 'lifetime']],
    );
  });
});
