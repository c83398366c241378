// A login session that ends by inactivity (INFRA_SESSION_INACTIVITY) is logged as `sessions.expired` with reason
// `inactivity`, dated at its last recorded use (or its login) plus the timeout — the instant the server starts refusing
// it — once, however many sweeps run; a session whose lifetime ends first is a `lifetime` end. The clock is frozen and
// moved by the tests; every expected instant is computed here from the times the test set.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { Database } from '../../db/database.js';
import { within } from '../../testing/deadline.js';
import { createUserWithKey } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { KeysRepository } from '../keys/keys.repository.js';
import { ExpiryAuditor } from './expiry-auditor.js';

interface Row {
  at: string;
  action: string;
  actorName: string | null;
  targetType: string;
  details: Record<string, unknown>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const TTL_MS = 7200 * 1000;
const INACTIVITY_MS = 600 * 1000;
const at = (ms: number) => new Date(ms).toISOString();

describe('audit of sessions ended by inactivity', function () {
  this.timeout(60_000);
  const t = useAdminServer({
    env: { INFRA_SESSION_TTL: String(TTL_MS / 1000), INFRA_SESSION_INACTIVITY: String(INACTIVITY_MS / 1000) },
  });
  let now = Date.parse('2032-05-01T00:00:00.000Z');
  const app = () => t.server.running().app;
  const sweep = () => app().get(ExpiryAuditor).sweep();
  before(() => {
    app().get(Clock).now = () => new Date(now);
  });
  beforeEach(() => (now += 10 * HOUR)); // past every end an earlier test left, so each test sweeps only its own

  /** Logs a new user in at the current instant: the session's key and id. */
  async function login(name: string): Promise<{ userId: string; key: string; id: string }> {
    const user = await createUserWithKey(t.admin, name);
    const res = await t.admin.as(undefined).post<{ accessKey: string }>('/api/login', { accessKey: user.key });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const logins = await t.admin.get<{ items: Row[] }>(`/api/audit?action=auth.login&actor=${name}`);
    return { userId: user.id, key: res.body.accessKey, id: logins.body.items.at(-1)!.details.sessionID as string };
  }
  const use = async (key: string) => (await t.admin.as(key).get('/api/users/self')).status;
  const rowsAbout = async (id: string) => (await t.admin.get<{ items: Row[] }>(`/api/audit?targetID=${id}`)).body.items;
  const expiredRows = async (id: string) => (await rowsAbout(id)).filter((r) => r.action === 'sessions.expired');
  const lastUsed = async (id: string) => {
    const [row] = (await app()
      .get(Database)
      .manager.query('SELECT last_used FROM access_keys WHERE id = $1', [id])) as { last_used: Date | null }[];
    return row?.last_used?.getTime() ?? null;
  };

  it('writes sessions.expired at the last use plus the timeout: none 1 ms before, one at it, final', async () => {
    const session = await login('idle@example.com');
    now += 5 * MINUTE;
    const used = now;
    assert.equal(await use(session.key), 200);
    assert.equal(await lastUsed(session.id), used, 'the use was not recorded');
    const end = used + INACTIVITY_MS;

    now = end - 1;
    assert.deepEqual(
      await sweep(),
      { grants: 0, sessions: 0, keys: 0, connectors: 0 },
      '1 ms before the inactivity end',
    );
    assert.deepEqual(await expiredRows(session.id), []);

    now = end;
    assert.equal(await use(session.key), 401, 'the session works at its inactivity end');
    assert.equal(await lastUsed(session.id), used, 'a refused request recorded a use');
    assert.deepEqual(await sweep(), { grants: 0, sessions: 1, keys: 0, connectors: 0 }, 'at the inactivity end');
    assert.deepEqual(
      (await expiredRows(session.id)).map((r) => [r.at, r.actorName, r.targetType, r.details.userID, r.details.reason]),
      [[at(end), null, 'session', session.userId, 'inactivity']],
    );

    // A request that passed authentication 1 ms before the end records its use only after the sweep: too late.
    await app()
      .get(KeysRepository)
      .touch(session.id, new Date(end - 1));
    assert.equal(await lastUsed(session.id), used, 'a use recorded after the end was logged moved the end');
    now = end + HOUR;
    assert.equal(await use(session.key), 401, 'the session works again after its logged end');
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, 'a later sweep');
    assert.equal((await expiredRows(session.id)).length, 1, 'a later sweep wrote sessions.expired again');
  });

  it('a session kept in use until its lifetime ends is a lifetime end, at its expiry', async () => {
    const session = await login('busy@example.com');
    const end = now + TTL_MS;
    // A use every 9 minutes keeps it alive; the last one (117 min) would have let it live until 127 min.
    for (let used = now + 9 * MINUTE; used < end; used += 9 * MINUTE) {
      now = used;
      assert.equal(await use(session.key), 200, `a use at ${at(used)}`);
    }
    assert.ok((await lastUsed(session.id))! + INACTIVITY_MS > end, 'the inactivity end is not after the lifetime');

    now = end - 1;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 }, '1 ms before the lifetime end');
    now = end + HOUR;
    assert.deepEqual(await sweep(), { grants: 0, sessions: 1, keys: 0, connectors: 0 }, 'after both ends');
    assert.deepEqual(
      (await expiredRows(session.id)).map((r) => [r.at, r.details.reason]),
      [[at(end), 'lifetime']],
    );
  });

  it('sweeps racing for the same sessions (two replicas) write each end once, counted from the login if never used', async () => {
    const locked = await login('locked@example.com');
    const raced = await login('raced@example.com');
    const end = now + INACTIVITY_MS;
    now = end + 30 * MINUTE;
    // Another transaction holds one session while two sweeps run: both skip it and race for the other one.
    const racing = await within(
      'two sweeps beside a locked session',
      app()
        .get(Database)
        .transaction(async (tx) => {
          await tx.manager.query('SELECT id FROM access_keys WHERE id = $1 FOR UPDATE', [locked.id]);
          return Promise.all([sweep(), sweep()]);
        }),
    );
    assert.equal(racing[0]!.sessions + racing[1]!.sessions, 1, `racing sweeps: ${JSON.stringify(racing)}`);
    const after = [await sweep(), await sweep()];
    assert.deepEqual(
      after.map((r) => r.sessions),
      [1, 0],
      `the locked session by the first sweep after the lock, then nothing: ${JSON.stringify(after)}`,
    );
    for (const session of [locked, raced]) {
      assert.deepEqual(
        (await expiredRows(session.id)).map((r) => [r.at, r.details.reason]),
        [[at(end), 'inactivity']],
      );
    }
  });

  it('a session revoked after its inactivity end, before any sweep: sessions.expired at the end, then sessions.delete', async () => {
    const session = await login('idle-revoked@example.com');
    const loggedIn = now;
    now += 2 * MINUTE;
    const used = now;
    assert.equal(await use(session.key), 200);
    const end = used + INACTIVITY_MS;
    now = end + 10;
    assert.equal((await t.admin.delete(`/api/keys/${session.id}`)).status, 204);
    assert.deepEqual(await sweep(), { grants: 0, sessions: 0, keys: 0, connectors: 0 });
    assert.deepEqual(
      (await rowsAbout(session.id)).map((r) => [r.action, r.at, r.details.reason]),
      [
        ['sessions.create', at(loggedIn), undefined],
        ['sessions.expired', at(end), 'inactivity'],
        ['sessions.delete', at(end + 10), undefined],
      ],
    );
  });
});
