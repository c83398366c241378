// `infra login --no-browser` on the server: a CLI starts a login, a signed-in user approves its code, the CLI's poll
// gets a session for that user. The clock only moves when a test moves it, so intervals and expiry are exact.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { Database } from '../../db/database.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import type { TestClient } from '../../testing/test-client.js';

interface Started {
  deviceCode: string;
  userCode: string;
  verificationURI: string;
  verificationURIComplete: string;
  expiresIn: number;
  interval: number;
}

describe('device login (infra login --no-browser)', function () {
  this.timeout(20_000);
  const t = useAdminServer();
  let anon: TestClient;
  let alice: TestUser;
  let offsetMs = 0;
  const advance = (seconds: number) => {
    offsetMs += seconds * 1000;
  };
  before(async () => {
    anon = t.admin.as(undefined);
    alice = await createUserWithKey(t.admin, 'alice@example.com');
    const clock = t.server.running().app.get(Clock);
    const base = Date.now();
    clock.now = () => new Date(base + offsetMs);
  });
  // A fresh throttle window for each test.
  beforeEach(() => advance(3600));

  async function start(): Promise<Started> {
    const res = await anon.post<Started>('/api/device');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
  const poll = (deviceCode: string) => anon.post('/api/device/token', { deviceCode });
  const errorOf = async (deviceCode: string) => {
    const res = await poll(deviceCode);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    return res.body.error as string;
  };

  it('answers two codes, the approval page under the server and the RFC 8628 timings', async () => {
    const s = await start();
    assert.match(s.userCode, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.ok(s.deviceCode.length >= 40, 'the device code is a long secret');
    assert.equal(s.verificationURI, `${t.server.url}/device`);
    assert.equal(s.verificationURIComplete, `${t.server.url}/device?user_code=${s.userCode}`);
    assert.deepEqual([s.expiresIn, s.interval], [600, 5]);
  });

  it('keeps only hashes of both codes', async () => {
    const s = await start();
    const rows = await t.server.running().app.get(Database).manager.query('SELECT * FROM device_logins');
    const text = JSON.stringify(rows);
    assert.ok(rows.length >= 1);
    assert.ok(
      !text.includes(s.deviceCode) && !text.includes(s.userCode) && !text.includes(s.userCode.replace('-', '')),
      text,
    );
  });

  it('a poll before approval is authorization_pending; one sooner than the interval is slow_down and adds 5 s', async () => {
    const s = await start();
    assert.equal(await errorOf(s.deviceCode), 'authorization_pending');
    advance(5);
    assert.equal(await errorOf(s.deviceCode), 'authorization_pending', 'exactly one interval later');
    advance(4.999);
    const fast = await poll(s.deviceCode);
    assert.equal(fast.body.error, 'slow_down');
    assert.match(fast.body.message, /wait 10 s between polls/);
    advance(9.999);
    assert.equal(await errorOf(s.deviceCode), 'slow_down', 'the interval is now 10 s');
    advance(15);
    assert.equal(await errorOf(s.deviceCode), 'authorization_pending');
  });

  it('once a signed-in user approves, the next poll gets a working session for that user, and only that poll', async () => {
    const s = await start();
    const approved = await alice.client.post('/api/device/approve', {
      userCode: s.userCode.toLowerCase().replace('-', ' '),
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.name, 'alice@example.com');
    const res = await poll(s.deviceCode);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      [res.body.userID, res.body.name, res.body.passwordUpdateRequired],
      [alice.id, 'alice@example.com', false],
    );
    const self = await anon.as(res.body.accessKey).get('/api/users/self');
    assert.equal(self.body.name, 'alice@example.com');
    const again = await poll(s.deviceCode);
    assert.deepEqual([again.status, again.body.error], [400, 'invalid_grant']);
    const twice = await t.admin.post('/api/device/approve', { userCode: s.userCode });
    assert.equal(twice.status, 404, 'a used code cannot be approved again');
  });

  it('two polls at once after approval: one session, one invalid_grant', async () => {
    const s = await start();
    await alice.client.post('/api/device/approve', { userCode: s.userCode });
    const answers = await Promise.all([poll(s.deviceCode), poll(s.deviceCode)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 400]);
  });

  it('a denied login answers access_denied, once', async () => {
    const s = await start();
    assert.equal((await alice.client.post('/api/device/deny', { userCode: s.userCode })).status, 200);
    assert.equal(await errorOf(s.deviceCode), 'access_denied');
    assert.equal(await errorOf(s.deviceCode), 'invalid_grant');
  });

  it('codes work for ten minutes: approval at 599 s succeeds, at 600 s it is 404 and the poll says expired_token', async () => {
    const early = await start();
    const late = await start();
    advance(599);
    assert.equal((await alice.client.post('/api/device/approve', { userCode: early.userCode })).status, 200);
    advance(1);
    const refused = await alice.client.post('/api/device/approve', { userCode: late.userCode });
    assert.equal(refused.status, 404);
    assert.match(refused.body.message, /no device is waiting with code .*run `infra login --no-browser` again/);
    assert.equal(await errorOf(late.deviceCode), 'expired_token');
    assert.equal(
      await errorOf(early.deviceCode),
      'expired_token',
      'an approved code not collected in time expires too',
    );
  });

  it('a wrong or malformed code is refused with a sentence, and a wrong one is audited', async () => {
    const wrong = await alice.client.post('/api/device/approve', { userCode: 'BCDF-GHJK' });
    assert.equal(wrong.status, 404);
    const malformed = await alice.client.post('/api/device/approve', { userCode: 'hello' });
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body.fieldErrors, [
      { field: 'userCode', errors: ['must be the 8 letters the device shows, like BCDF-GHJK'] },
    ]);
    assert.equal((await alice.client.post('/api/device/approve', {})).status, 400);
    assert.equal((await poll('not-a-device-code')).body.error, 'invalid_grant');
    assert.equal((await anon.post('/api/device/token', { deviceCode: 42 })).status, 400);
    const audit = await t.admin.get(`/api/audit?action=auth.login_failed&actorID=${alice.id}`);
    assert.ok(
      audit.body.items.some((r: { details: { reason: string } }) => r.details.reason === 'unknown device code'),
      JSON.stringify(audit.body),
    );
  });

  it('approving needs a signed-in user', async () => {
    const s = await start();
    assert.equal((await anon.post('/api/device/approve', { userCode: s.userCode })).status, 401);
    assert.equal(await errorOf(s.deviceCode), 'authorization_pending');
  });

  it('approval and the session it makes are audited', async () => {
    const s = await start();
    await alice.client.post('/api/device/approve', { userCode: s.userCode });
    await poll(s.deviceCode);
    const rows = (await t.admin.get(`/api/audit?actorID=${alice.id}&limit=10`)).body.items as { action: string }[];
    const actions = rows.map((r) => r.action);
    assert.ok(actions.includes('device.approve') && actions.includes('sessions.create'), actions.join(', '));
  });

  it("the device's session descends from the approving credential: it ends no later, and revoking the approver ends it", async () => {
    const key = await alice.client.post('/api/keys', { name: `short-${offsetMs}`, expiry: 120 });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const approver = anon.as(key.body.accessKey);
    const s = await start();
    assert.equal((await approver.post('/api/device/approve', { userCode: s.userCode })).status, 200);
    const session = (await poll(s.deviceCode)).body;
    assert.ok(
      Date.parse(session.expires) <= Date.parse(key.body.expires),
      `${session.expires} after ${key.body.expires}`,
    );
    assert.equal((await alice.client.delete(`/api/keys/${key.body.id}`)).status, 204);
    assert.equal((await anon.as(session.accessKey).get('/api/users/self')).status, 401);
  });

  it('a login approved by a credential revoked before the poll is access_denied', async () => {
    const key = await alice.client.post('/api/keys', { name: `gone-${offsetMs}` });
    const s = await start();
    await anon.as(key.body.accessKey).post('/api/device/approve', { userCode: s.userCode });
    await alice.client.delete(`/api/keys/${key.body.id}`);
    assert.equal(await errorOf(s.deviceCode), 'access_denied');
  });
});
