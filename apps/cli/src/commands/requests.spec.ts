// `infra request` and `infra requests list|approve|deny|cancel` against the real server: a user asks, an admin sees and
// decides, each prints one line saying what happened; bad input is one line and a non-zero exit before any call.
import assert from 'node:assert/strict';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';
import { adminSession } from '../testing/session.js';

describe('infra request and infra requests', function () {
  const session = adminSession(async (server) => {
    if (server.kind === 'fake') return;
    await server.admin('POST', '/api/destinations', { name: 'production' });
    userKey = (await server.addUser('dev@example.com')).key;
  });
  const infra = session.infra;
  let userKey = '';
  let dev: TestEnv;
  const asDev = (...argv: string[]) => runInProcess(dev, argv);

  before(async function () {
    // The in-memory fake server has no access requests.
    if (session.server.kind === 'fake') return this.skip();
    dev = tempEnv();
    assert.equal((await asDev('login', session.server.url, '--key', userKey)).code, 0);
  });
  after(() => dev?.cleanup());

  const idIn = (stdout: string) => /\(request ([0-9a-f-]{36})\)/.exec(stdout)?.[1];

  it('asks for access, which an admin sees in the list and approves into a grant for the time asked', async () => {
    const asked = await asDev(
      'request',
      'production.web',
      '--role',
      'edit',
      '--for',
      '1h30m',
      '--reason',
      'INC-42 web is down',
    );
    assert.equal(asked.code, 0, asked.stderr);
    const id = idIn(asked.stdout);
    assert.equal(asked.stdout, `Requested edit on production.web for 1h30m (request ${id}).\n`);
    assert.equal(
      asked.stderr,
      `An approver can run \`infra requests approve ${id}\`; see its state with \`infra requests list --mine\`.\n`,
    );

    const listed = await infra('requests', 'list', '--state', 'pending');
    assert.equal(listed.code, 0, listed.stderr);
    const [header, row] = listed.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID +REQUESTER +ROLE +DESTINATION +FOR +STATE +REASON$/);
    assert.match(
      row!,
      new RegExp(
        `^${id} +dev@example\\.com +edit +production\\.web +1h30m +pending \\(expires in 2[34]h\\d*m?\\) +INC-42 web is down$`,
      ),
    );

    const now = new Date();
    const approved = await runInProcess(session.t, ['requests', 'approve', id!, '--reason', 'ok'], { now });
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(
      approved.stdout,
      /^Approved: dev@example\.com has edit on production\.web until \S+ \(in 1h(29m|30m)\)\.\n$/,
    );
    const grants = await session.server.admin<{ items: { privilege: string; resource: string; expiresAt: string }[] }>(
      'GET',
      '/api/grants?user=dev@example.com',
    );
    assert.deepEqual(
      grants.items.map((g) => [g.privilege, g.resource]),
      [['edit', 'production.web']],
    );

    const twice = await infra('requests', 'deny', id!);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, new RegExp(`^error: request ${id} was already approved by \\S+ at \\S+\\n$`));
    const mine = JSON.parse((await asDev('requests', 'list', '--mine', '-o', 'json')).stdout);
    assert.deepEqual(
      mine.map((r: { id: string; state: string }) => [r.id, r.state]),
      [[id, 'approved']],
    );
  });

  it('denies and cancels, each in one line; the requester cannot approve their own request', async () => {
    const a = idIn((await asDev('request', 'production', '--for', '1h', '--reason', 'look around')).stdout)!;
    const own = await asDev('requests', 'approve', a);
    assert.deepEqual(
      [own.code, own.stderr],
      [1, 'error: you cannot approve your own request; another approver must decide it (or cancel it)\n'],
    );
    const denied = await infra('requests', 'deny', a, '--reason', 'not now');
    assert.deepEqual(
      [denied.code, denied.stdout],
      [0, "Denied dev@example.com's request for view on production for 1h.\n"],
    );
    const b = idIn((await asDev('request', 'production', '--for', '2h', '--reason', 'again')).stdout)!;
    const cancelled = await asDev('requests', 'cancel', b);
    assert.deepEqual(
      [cancelled.code, cancelled.stdout],
      [0, 'Cancelled your request for view on production for 2h.\n'],
    );
  });

  const bad: [string, string[], string][] = [
    [
      'a duration that is not one',
      ['request', 'production', '--for', 'a while', '--reason', 'x'],
      'error: --for "a while" is not a duration: use a positive duration like 30m, 2h or 1d\n',
    ],
    [
      'a resource that is not one',
      ['request', 'Prod.Web.x', '--for', '1h', '--reason', 'x'],
      'error: "Prod.Web.x" is not a destination or namespace: use DESTINATION or DESTINATION.NAMESPACE, like production or production.web\n',
    ],
    [
      'a role that is not one',
      ['request', 'production', '--role', 'no way', '--for', '1h', '--reason', 'x'],
      'error: "no way" is not a valid role name: use a ClusterRole name such as view, edit or admin\n',
    ],
    [
      'an empty reason',
      ['request', 'production', '--for', '1h', '--reason', ' '],
      'error: --reason is empty: say why you need the access\n',
    ],
    [
      'an unknown destination',
      ['request', 'staging', '--for', '1h', '--reason', 'x'],
      'error: resource names no destination: there is no destination named staging\n',
    ],
    [
      'a request id that is not one',
      ['requests', 'approve', '42'],
      'error: "42" is not a request id: run `infra requests list` to see them\n',
    ],
    [
      'a request that does not exist',
      ['requests', 'deny', '00000000-0000-4000-8000-000000000000'],
      'error: there is no request 00000000-0000-4000-8000-000000000000: run `infra requests list` to see them\n',
    ],
    [
      'an unknown state',
      ['requests', 'list', '--state', 'open'],
      'error: --state "open" is not a request state: use one of pending, approved, denied, expired, cancelled\n',
    ],
  ];
  for (const [name, argv, stderr] of bad) {
    it(`rejects ${name} with one line and a non-zero exit`, async () => {
      const r = await asDev(...argv);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', stderr]);
    });
  }
});
