// Access requests through the whole system, with the real CLI and kubectl: a user without a grant is told the exact
// `infra request` command; asks; an admin approves with `infra requests approve`; kubectl works at once; when the
// requested time is over the proxy refuses again (and says how to ask). And the person on call in PagerDuty (a local
// server answering as PagerDuty's REST API v2) is approved the moment they ask.
import assert from 'node:assert/strict';
import { FakePagerDuty } from '@infra/server/testing';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

/** How long after the grant's end the connector may take to refuse (its timer fires at the instant; the machine is shared). */
const ENFORCE_DEADLINE_MS = 5_000;

describe('access requests from the CLI', function () {
  this.timeout(90_000);
  const pd = new FakePagerDuty();
  before(() => pd.start());
  after(() => pd.stop());
  // A getter: the fake's address is known once its before() ran, which is before the system starts.
  const sys = useSystem({
    get serverEnv() {
      return { INFRA_PAGERDUTY_URL: pd.url };
    },
  });
  const admin = new CliUser();
  const people: CliUser[] = [];
  after(() => [admin, ...people].forEach((c) => c.cleanup()));

  before(async () => {
    const s = sys();
    s.kube.addPod({ name: 'web-1', namespace: 'web' });
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
  });

  /** A person logged in with the CLI, holding no grant. */
  async function person(name: string): Promise<CliUser> {
    const user = await sys().createUser(name);
    const cli = new CliUser();
    people.push(cli);
    const login = await cli.infra(['login', sys().url, '--key', user.key]);
    assert.equal(login.code, 0, login.stderr);
    return cli;
  }

  it('request → approve → kubectl works → the time is over → kubectl is refused with the command to ask again', async () => {
    const s = sys();
    const dev = await person('dev@example.com');
    const token = await s.admin
      .as(dev.session())
      .post<{ message: string }>('/api/tokens', { destination: 'production' });
    assert.equal(token.status, 403);
    assert.match(token.body.message, /`infra request production --role view --for 1h --reason "\.\.\."`$/);

    const asked = await dev.infra([
      'request',
      'production.web',
      '--role',
      'view',
      '--for',
      '6s',
      '--reason',
      'INC-9: web-1 is failing',
    ]);
    assert.equal(asked.code, 0, asked.stderr);
    const id = /\(request ([0-9a-f-]{36})\)/.exec(asked.stdout)?.[1];
    assert.ok(id, asked.stdout);
    const listed = await admin.infra(['requests', 'list', '--state', 'pending']);
    assert.match(listed.stdout, new RegExp(`^${id} +dev@example\\.com +view +production\\.web +6s +pending`, 'm'));

    const approved = await admin.infra(['requests', 'approve', id, '--reason', 'go ahead']);
    assert.equal(approved.code, 0, approved.stderr);
    const until = /until (\S+) \(/.exec(approved.stdout)?.[1];
    assert.ok(until, approved.stdout);
    const endsAt = Date.parse(until);
    const request = (
      await s.admin.get<{ items: { id: string; grantId: string }[] }>('/api/requests?state=approved')
    ).body.items.find((r) => r.id === id)!;
    await s.waitForGrantInConnector(request.grantId);

    // Any command brings the kubeconfig up to date with the new grant.
    assert.equal((await dev.infra(['requests', 'list', '--mine'])).code, 0);
    assert.equal((await dev.infra(['use', 'production.web'])).code, 0);
    const during = await dev.kubectl(['get', 'pods', '-n', 'web']);
    assert.equal(during.code, 0, `kubectl ${endsAt - Date.now()} ms before the grant ends: ${during.stderr}`);
    assert.match(during.stdout, /^web-1\s/m);

    await eventually(
      'kubectl to be refused once the 6 s are over',
      async () => (await dev.kubectl(['get', 'pods', '-n', 'web'])).code === 1,
      Math.max(0, endsAt - Date.now()) + ENFORCE_DEADLINE_MS,
    );
    assert.ok(Date.now() >= endsAt, 'refused no earlier than the end of the grant');
    const after = await dev.kubectl(['get', 'pods', '-n', 'web']);
    assert.match(after.stderr, /infra request production --role view --for 1h --reason/);
    const audit = (await s.admin.get<{ items: { action: string }[] }>(`/api/audit?targetID=${id}`)).body.items.map(
      (e) => e.action,
    );
    assert.deepEqual(audit, ['requests.create', 'requests.approve']);
  });

  it('the person on call in PagerDuty is approved at once and kubectl works; someone else waits for an approver', async () => {
    const s = sys();
    pd.users.push({ id: 'PONCALL', name: 'On Call', email: 'oncall@example.com' });
    pd.oncalls.push({
      userId: 'PONCALL',
      schedule: { id: 'PSCHED1', name: 'Primary' },
      escalationPolicy: { id: 'PPOL1', name: 'Ops' },
      start: new Date(Date.now() - 3_600_000).toISOString(),
      end: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const set = await s.admin.request('PUT', '/api/pagerduty', {
      token: pd.token,
      scheduleIDs: ['PSCHED1'],
      maxDuration: '2h',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));

    const oncall = await person('oncall@example.com');
    const asked = await oncall.infra([
      'request',
      'production',
      '--role',
      'view',
      '--for',
      '8h',
      '--reason',
      'paged: INC-10',
    ]);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(
      asked.stdout,
      /^Approved by PagerDuty on-call \(schedule Primary \(PSCHED1\)\): you have view on production until \S+ \(in (1h59m|2h)\)\.\n$/,
    );
    const [grant] = (await s.admin.get<{ items: { id: string }[] }>('/api/grants?user=oncall@example.com')).body.items;
    await s.waitForGrantInConnector(grant!.id);
    assert.equal((await oncall.infra(['use', 'production'])).code, 0);
    const pods = await oncall.kubectl(['get', 'pods', '-n', 'web']);
    assert.equal(pods.code, 0, pods.stderr);

    const other = await person('not-on-call@example.com');
    const waits = await other.infra(['request', 'production', '--role', 'view', '--for', '1h', '--reason', 'curious']);
    assert.equal(waits.code, 0, waits.stderr);
    assert.match(waits.stdout, /^Requested view on production for 1h \(request \S+\)\.\n$/);
    assert.ok(pd.count('/oncalls') >= 2);
  });
});
