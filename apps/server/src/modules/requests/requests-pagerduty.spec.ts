// PagerDuty's on-call approves access requests: configured by an admin (token sealed with the root key, never shown),
// a request from the person on call right now is approved at once for the time asked, cut to the PagerDuty maximum;
// anyone else's waits for an approver; and when PagerDuty cannot answer (bad token, throttled, down) the request waits
// too, with a note saying why. PagerDuty is the local fake (testing/fake-pagerduty.ts).
import assert from 'node:assert/strict';
import pg from 'pg';
import { Clock } from '../../common/clock.js';
import { FakePagerDuty } from '../../testing/fake-pagerduty.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { within } from '../../testing/deadline.js';

const HOUR = 3_600_000;

describe('PagerDuty on-call approval of access requests', function () {
  this.timeout(60_000);
  const pd = new FakePagerDuty();
  let db: pg.Client;
  before(() => pd.start());
  after(async () => {
    await db?.end();
    await pd.stop();
  });
  // A getter: the fake's port is known once its before() ran, which is before the server's.
  const t = useAdminServer({
    get env() {
      return { INFRA_REQUEST_MAX_DURATION: '8h', INFRA_PAGERDUTY_URL: pd.url };
    },
  });
  let now = Date.parse('2031-06-01T12:00:00.000Z');
  let ada: TestUser; // on call
  let bob: TestUser; // not on call

  before(async () => {
    t.server.running().app.get(Clock).now = () => new Date(now);
    assert.equal((await t.admin.post('/api/destinations', { name: 'production' })).status, 201);
    ada = await createUserWithKey(t.admin, 'ada@example.com');
    bob = await createUserWithKey(t.admin, 'bob@example.com');
    db = new pg.Client({ connectionString: t.server.databaseUrl });
    await db.connect();
  });
  beforeEach(async () => {
    now += 24 * HOUR;
    pd.reset();
    pd.users.push(
      { id: 'PADA', name: 'Ada', email: 'ada@example.com' },
      { id: 'PBOB', name: 'Bob', email: 'bob@example.com' },
    );
    pd.oncalls.push({
      userId: 'PADA',
      schedule: { id: 'PSCHED1', name: 'Primary' },
      escalationPolicy: { id: 'PPOL1', name: 'Ops' },
      start: new Date(now - HOUR).toISOString(),
      end: new Date(now + HOUR).toISOString(),
    });
    const set = await t.admin.put('/api/pagerduty', { token: pd.token, scheduleIDs: ['PSCHED1'], maxDuration: '2h' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });

  const ask = async (who: TestUser, duration = '1h', resource = `production.n${now}`) => {
    const res = await within(
      'the request to be answered',
      who.client.post('/api/requests', { resource, role: 'view', duration, reason: 'paged: INC-7' }),
      15_000,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as {
      id: string;
      state: string;
      decidedBy: string | null;
      grantedUntil: string | null;
      grantId: string | null;
      note: string | null;
    };
  };

  it('approves the person on call at once, for the time asked, cut to the PagerDuty maximum (2h)', async () => {
    const r = await ask(ada, '1h');
    assert.deepEqual(
      [r.state, r.decidedBy, r.grantedUntil, r.note],
      ['approved', 'PagerDuty on-call (schedule Primary (PSCHED1))', new Date(now + HOUR).toISOString(), null],
    );
    const long = await ask(ada, '5h', 'production');
    assert.equal(long.grantedUntil, new Date(now + 2 * HOUR).toISOString());
    const grants = (await t.admin.get('/api/grants?user=ada@example.com')).body.items.map((g: { id: string }) => g.id);
    assert.ok(grants.includes(r.grantId) && grants.includes(long.grantId));
    const audit = (
      await db.query('SELECT action, actor_name, details FROM audit WHERE target_id = $1 ORDER BY action', [r.id])
    ).rows;
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor_name, a.details.decidedBy ?? null]),
      [
        ['requests.approve', null, 'PagerDuty on-call (schedule Primary (PSCHED1))'],
        ['requests.create', 'ada@example.com', null],
      ],
    );
  });

  it('leaves the request of someone not on call pending, with no note', async () => {
    const r = await ask(bob);
    assert.deepEqual([r.state, r.decidedBy, r.note], ['pending', null, null]);
    assert.equal(pd.count('/oncalls'), 1);
  });

  it('finds the on-call person on a later page', async () => {
    for (let i = 0; i < 5; i++) pd.oncalls.unshift({ ...pd.oncalls[0]!, userId: 'PBOB' });
    pd.maxLimit = 2;
    assert.equal((await ask(ada)).state, 'approved');
    assert.equal(pd.count('/oncalls'), 3);
  });

  it('waits out PagerDuty throttling (429, ratelimit-reset: 1) and then approves', async () => {
    pd.failures.push({ status: 429, headers: { 'ratelimit-reset': '1' } });
    const started = Date.now();
    const r = await ask(ada);
    assert.equal(r.state, 'approved');
    const [first, second] = pd.requests.filter((q) => q.path === '/oncalls').map((q) => q.at);
    assert.ok(second! - first! >= 1000, `asked again after ${second! - first!} ms`);
    assert.ok(Date.now() - started < 5000);
  });

  const failures: [string, () => void, string][] = [
    [
      'a refused token (401)',
      () => (pd.token = 'rotated-token-456'),
      'not approved automatically: PagerDuty refused the API token (Unauthorized); an admin can set a new one with PUT /api/pagerduty; an approver must decide',
    ],
    [
      'PagerDuty down (503)',
      () => pd.failures.push({ status: 503, body: { error: { message: 'Service Unavailable', code: 2001 } } }),
      'not approved automatically: PagerDuty answered 503 (Service Unavailable); an approver must decide',
    ],
    [
      'throttling that does not end',
      () =>
        pd.failures.push(...Array.from({ length: 4 }, () => ({ status: 429, headers: { 'ratelimit-reset': '0' } }))),
      'not approved automatically: PagerDuty kept throttling the on-call check (429); an approver must decide',
    ],
  ];
  for (const [what, cause, note] of failures) {
    it(`never approves when PagerDuty cannot answer: ${what} leaves it pending with a note`, async () => {
      cause();
      const r = await ask(ada);
      assert.deepEqual([r.state, r.grantId, r.note], ['pending', null, note]);
      const audit = (
        await db.query("SELECT details FROM audit WHERE action = 'requests.oncall_unavailable' AND target_id = $1", [
          r.id,
        ])
      ).rows;
      assert.deepEqual(
        audit.map((a) => a.details.note),
        [note],
      );
      pd.token = 'pd-token-0123456789';
    });
  }

  it('keeps the token sealed: not in the settings answer, the audit log or the database in clear', async () => {
    const got = await t.admin.get('/api/pagerduty');
    assert.deepEqual(got.body, {
      configured: true,
      scheduleIDs: ['PSCHED1'],
      escalationPolicyIDs: [],
      maxDurationSeconds: 7200,
      updated: new Date(now).toISOString(),
    });
    const everywhere = JSON.stringify([
      (await db.query('SELECT * FROM pagerduty')).rows,
      (await db.query("SELECT details FROM audit WHERE action LIKE 'pagerduty.%'")).rows,
    ]);
    assert.ok(!everywhere.includes(pd.token), 'the token appears in clear');
    assert.equal((await ada.client.get('/api/pagerduty')).status, 403);
    const bad = await t.admin.put('/api/pagerduty', { scheduleIDs: ['lower-case'] });
    assert.deepEqual([bad.status, bad.body.message], [400, 'scheduleIDs must be PagerDuty ids like PSCHED1']);
    assert.equal(
      (await t.admin.put('/api/pagerduty', { maxDuration: 'a while' })).body.message,
      'maxDuration must be a positive duration like 30m, 2h or 1d',
    );
    assert.equal((await t.admin.put('/api/pagerduty', { scheduleIDs: [], escalationPolicyIDs: [] })).status, 400);
    assert.equal((await t.admin.delete('/api/pagerduty')).status, 204);
    const r = await ask(ada);
    assert.deepEqual([r.state, pd.count('/oncalls')], ['pending', 0], 'not configured: PagerDuty is not asked');
    assert.equal((await t.admin.delete('/api/pagerduty')).status, 404);
  });
});
