// The PagerDuty client against a local server that answers as PagerDuty's REST API v2 documents: who is on call now,
// across pages (more=true), by e-mail; throttling waited out as PagerDuty asks; every other failure an error (the
// caller then leaves the request to a person). Waits are recorded, not slept.
import assert from 'node:assert/strict';
import { FakePagerDuty } from '../../testing/fake-pagerduty.js';
import { within } from '../../testing/deadline.js';
import { PagerDutyClient, PagerDutyError } from './pagerduty.client.js';

describe('the PagerDuty on-call client', () => {
  const pd = new FakePagerDuty();
  let client: PagerDutyClient;
  let waits: number[];
  const now = new Date('2031-05-01T12:00:00.000Z');
  const targets = { scheduleIds: ['PSCHED1'], escalationPolicyIds: ['PPOL1'] };
  const shift = { start: '2031-05-01T08:00:00Z', end: '2031-05-01T20:00:00Z' };

  before(async () => {
    await pd.start();
  });
  after(() => pd.stop());
  beforeEach(() => {
    pd.reset();
    client = new PagerDutyClient({ pagerDutyUrl: pd.url });
    waits = [];
    client.sleep = async (ms) => void waits.push(ms);
  });

  /** n people on call on the primary schedule; the last one is ada. */
  function onCall(n: number): void {
    for (let i = 0; i < n; i++) {
      const email = i === n - 1 ? 'Ada@Example.com' : `p${i}@example.com`;
      pd.users.push({ id: `PU${i}`, name: `Person ${i}`, email });
      pd.oncalls.push({
        userId: `PU${i}`,
        schedule: { id: 'PSCHED1', name: 'Primary' },
        escalationPolicy: { id: 'PPOL1', name: 'Ops' },
        ...shift,
      });
    }
  }
  const ask = (email = 'ada@example.com', token = pd.token) =>
    within('the on-call check', client.onCallNow(token, targets, email, now));

  it('finds the person on call on a later page, reading every page with offset/limit until more=false', async () => {
    onCall(5);
    pd.maxLimit = 2;
    assert.deepEqual(await ask(), { onCall: true, via: 'schedule Primary (PSCHED1)' });
    const calls = pd.requests.filter((r) => r.path === '/oncalls');
    assert.deepEqual(
      calls.map((r) => r.query.get('offset')),
      ['0', '2', '4'],
    );
    const q = calls[0]!.query;
    assert.deepEqual(
      [q.getAll('schedule_ids[]'), q.getAll('escalation_policy_ids[]'), q.getAll('include[]')],
      [['PSCHED1'], ['PPOL1'], ['users']],
    );
    assert.deepEqual([q.get('since'), q.get('until')], ['2031-05-01T12:00:00.000Z', '2031-05-01T12:00:01.000Z']);
  });

  it('answers not on call after the last page when nobody has that e-mail', async () => {
    onCall(3);
    pd.maxLimit = 2;
    assert.deepEqual(await ask('bob@example.com'), { onCall: false });
    assert.equal(pd.count('/oncalls'), 2);
  });

  it('an on-call shift counts from its start up to, not including, its end', async () => {
    pd.users.push({ id: 'PU1', name: 'Ada', email: 'ada@example.com' });
    const entry = {
      userId: 'PU1',
      escalationPolicy: { id: 'PPOL1', name: 'Ops' },
      start: '2031-05-01T00:00:00Z',
      end: now.toISOString(),
    };
    pd.oncalls.push(entry);
    assert.deepEqual(await ask(), { onCall: false }, 'the shift ended at now');
    entry.end = new Date(now.getTime() + 1).toISOString();
    assert.deepEqual(
      await ask(),
      { onCall: true, via: 'escalation policy Ops (PPOL1)' },
      'the shift ends 1 ms after now',
    );
    entry.start = new Date(now.getTime() + 1).toISOString();
    entry.end = null as unknown as string;
    assert.deepEqual(await ask(), { onCall: false }, 'the shift starts 1 ms after now');
  });

  it('looks users up (GET /users/{id}) when the on-calls come without their e-mail, once per user', async () => {
    onCall(2);
    pd.oncalls.push({ ...pd.oncalls[0]!, schedule: { id: 'PSCHED1', name: 'Primary' } });
    pd.includesUsers = false;
    assert.equal((await ask('nobody@example.com')).onCall, false);
    assert.equal(pd.count('/users'), 2);
  });

  it('waits out a 429 for the seconds in ratelimit-reset (or Retry-After), then asks again', async () => {
    onCall(1);
    pd.failures.push(
      { status: 429, headers: { 'ratelimit-reset': '2' } },
      { status: 429, headers: { 'retry-after': '1' } },
    );
    assert.equal((await ask()).onCall, true);
    assert.deepEqual(waits, [2000, 1000]);
    assert.equal(pd.count('/oncalls'), 3);
  });

  it('gives up after three throttled retries', async () => {
    onCall(1);
    for (let i = 0; i < 4; i++) pd.failures.push({ status: 429, headers: { 'ratelimit-reset': '1' } });
    await assert.rejects(
      ask(),
      (e: Error) => e instanceof PagerDutyError && e.message === 'PagerDuty kept throttling the on-call check (429)',
    );
    assert.deepEqual(waits, [1000, 1000, 1000]);
    assert.equal(pd.count('/oncalls'), 4);
  });

  it("waits at most 10 s at a time and 15 s in all, so the user's request is answered within the CLI's timeout", async () => {
    onCall(1);
    pd.failures.push(
      { status: 429, headers: { 'ratelimit-reset': '60' } },
      { status: 429, headers: { 'ratelimit-reset': '5' } },
      { status: 429, headers: { 'ratelimit-reset': '1' } },
    );
    await assert.rejects(
      ask(),
      (e: Error) => e instanceof PagerDutyError && e.message === 'PagerDuty kept throttling the on-call check (429)',
    );
    assert.deepEqual(waits, [10_000, 5_000], 'a third wait would pass 15 s');
  });

  it('a refused token (401) and a PagerDuty failure (5xx) are errors that say so, not "not on call"', async () => {
    onCall(1);
    await assert.rejects(
      ask('ada@example.com', 'wrong-token'),
      (e: Error) =>
        e instanceof PagerDutyError &&
        e.message ===
          'PagerDuty refused the API token (Unauthorized); an admin can set a new one with PUT /api/pagerduty',
    );
    pd.failures.push({ status: 503, body: { error: { message: 'Service Unavailable', code: 2001 } } });
    await assert.rejects(
      ask(),
      (e: Error) => e instanceof PagerDutyError && e.message === 'PagerDuty answered 503 (Service Unavailable)',
    );
    pd.failures.push({ status: 200, body: { unexpected: true } });
    await assert.rejects(
      ask(),
      (e: Error) => e instanceof PagerDutyError && /without an "oncalls" list/.test(e.message),
    );
    const unreachable = new PagerDutyClient({ pagerDutyUrl: 'http://127.0.0.1:1' });
    await assert.rejects(
      within('an unreachable PagerDuty', unreachable.onCallNow('t', targets, 'a@b.c', now)),
      (e: Error) => e instanceof PagerDutyError && /could not be reached/.test(e.message),
    );
    assert.deepEqual(waits, []);
  });
});
