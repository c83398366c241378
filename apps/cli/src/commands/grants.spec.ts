import assert from 'node:assert/strict';
import { runInProcess } from '../testing/cli.js';
import { adminSession } from '../testing/session.js';

describe('infra grants', () => {
  const session = adminSession(async (server) => {
    await server.addUser('user@example.com');
    await server.admin('POST', '/api/groups', { name: 'Engineering' });
    await server.admin('POST', '/api/destinations', { name: 'production' });
  });
  const infra = session.infra;

  // Each test starts with no grant on production and makes, through the API, the ones it needs: they run alone
  // (--grep) and in any order.
  beforeEach(async () => {
    const { items } = await session.server.admin<{ items: { id: string }[] }>(
      'GET',
      '/api/grants?destination=production&includeExpired=true',
    );
    for (const g of items) await session.server.admin('DELETE', `/api/grants/${g.id}`);
  });

  it('grants a user and a group a role, word for word as in the docs', async () => {
    const user = await infra('grants', 'add', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual(
      [user.code, user.stdout, user.stderr],
      [0, 'Granted admin on production to user@example.com.\n', ''],
    );
    const group = await infra('grants', 'add', '-g', 'Engineering', 'production', '--role', 'view');
    assert.deepEqual(
      [group.code, group.stdout, group.stderr],
      [0, 'Granted view on production to group Engineering.\n', ''],
    );
    const again = await infra('grants', 'add', 'user@example.com', 'production', '--role', 'admin');
    assert.equal(again.stdout, 'user@example.com already has admin on production.\n');
  });

  it('lists grants as a USER / ACCESS / DESTINATION table, then the groups', async () => {
    await session.server.grant({ user: 'user@example.com' }, 'admin', 'production');
    await session.server.grant({ group: 'Engineering' }, 'view', 'production');
    const r = await infra('grants', 'list', '--destination', 'production');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'USER              ACCESS  DESTINATION',
        'user@example.com  admin   production',
        '',
        'GROUP        ACCESS  DESTINATION',
        'Engineering  view    production',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await infra('grants', 'list', '-o', 'json')).stdout);
    assert.ok(
      json.some(
        (g: { userName?: string; privilege: string }) => g.userName === 'user@example.com' && g.privilege === 'admin',
      ),
    );
  });

  it('warns about a role that is not built in, but grants it', async () => {
    const r = await infra('grants', 'add', 'user@example.com', 'production.web', '--role', 'pod-reader');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      'warning: "pod-reader" is not a built-in role: it must exist as a ClusterRole in production or the grant has no effect\n',
    );
  });

  it('removes a grant, and says so when there is none', async () => {
    await session.server.grant({ user: 'user@example.com' }, 'admin', 'production');
    const r = await infra('grants', 'remove', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual([r.code, r.stdout], [0, 'Removed admin on production from user@example.com.\n']);
    const again = await infra('grants', 'remove', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual([again.code, again.stdout], [1, '']);
    assert.equal(
      again.stderr,
      'error: user@example.com has no admin grant on production: run `infra grants list` to see the grants\n',
    );
  });

  // The CLI's clock is fixed (the server's is not, so `now` is the real time): "in 2h" does not depend on how long the
  // request took, and the expected times are plain sums.
  const at = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();
  const infraAt = (now: Date, ...argv: string[]) => runInProcess(session.t, argv, { now });

  it('grants for a time with --expires or --until, and lists the expiry in an EXPIRES column', async () => {
    const now = new Date();
    const expiring = await infraAt(
      now,
      'grants',
      'add',
      'user@example.com',
      'production',
      '--role',
      'admin',
      '--expires',
      '2h',
    );
    assert.deepEqual(
      [expiring.code, expiring.stdout, expiring.stderr],
      [0, `Granted admin on production to user@example.com until ${at(now, 7_200_000)} (in 2h).\n`, ''],
    );
    const until = at(now, 86_400_000 + 9_000_000); // 1d2h30m
    const group = await infraAt(
      now,
      'grants',
      'add',
      '-g',
      'Engineering',
      'production',
      '--role',
      'view',
      '--until',
      until,
    );
    assert.equal(group.stdout, `Granted view on production to group Engineering until ${until} (in 1d2h).\n`);
    await session.server.grant({ user: 'user@example.com' }, 'view', 'production');

    const stored = (
      await session.server.admin<{ items: { privilege: string; expiresAt: string | null }[] }>(
        'GET',
        '/api/grants?destination=production',
      )
    ).items;
    assert.deepEqual(stored.map((g) => `${g.privilege} ${g.expiresAt}`).sort(), [
      `admin ${at(now, 7_200_000)}`,
      `view ${until}`,
      'view null',
    ]);
    const r = await infraAt(new Date(now.getTime() + 60_000), 'grants', 'list', '--destination', 'production');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'USER              ACCESS  DESTINATION  EXPIRES',
        'user@example.com  admin   production   in 1h59m',
        'user@example.com  view    production   never',
        '',
        'GROUP        ACCESS  DESTINATION  EXPIRES',
        'Engineering  view    production   in 1d2h',
        '',
      ].join('\n'),
    );
  });

  it('extends a grant in force when added again for longer, and says it left a longer one as it is', async () => {
    const now = new Date();
    const add = (expires: string) =>
      infraAt(now, 'grants', 'add', 'user@example.com', 'production.web', '--role', 'view', '--expires', expires);
    assert.equal((await add('1h')).code, 0);
    const longer = await add('3h');
    assert.deepEqual(
      [longer.code, longer.stdout, longer.stderr],
      [
        0,
        `Extended view on production.web for user@example.com: it ended at ${at(now, 3_600_000)}, now until ${at(now, 10_800_000)} (in 3h).\n`,
        '',
      ],
    );
    const shorter = await add('2h');
    assert.equal(
      shorter.stdout,
      `user@example.com already has view on production.web until ${at(now, 10_800_000)} (in 3h), longer than asked: left as it is.\n`,
    );
  });

  it('shows the end of your access in `infra list`', async () => {
    const self = await session.server.admin<{ name: string }>('GET', '/api/users/self');
    await session.server.connect('production', 'https://127.0.0.1:1');
    const now = new Date();
    assert.equal(
      (await infraAt(now, 'grants', 'add', self.name, 'production.web', '--role', 'edit', '--expires', '90m')).code,
      0,
    );
    const r = await infraAt(now, 'list');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      ['   NAME            ACCESS  CONNECTED  EXPIRES', '   production.web  edit    yes        in 1h30m', ''].join(
        '\n',
      ),
    );
  });

  const badTimes: [string, string[], string][] = [
    ['zero', ['--expires', '0s'], 'error: --expires "0s" is zero: use a positive duration like 30m, 2h or 1d\n'],
    [
      'a negative duration',
      ['--expires=-2h'],
      'error: --expires "-2h" is not a duration: use a positive duration like 30m, 2h or 1d\n',
    ],
    [
      'a fraction',
      ['--expires', '1.5h'],
      'error: --expires "1.5h" is not a duration: use a positive duration like 30m, 2h or 1d\n',
    ],
    [
      'garbage',
      ['--expires', 'soon'],
      'error: --expires "soon" is not a duration: use a positive duration like 30m, 2h or 1d\n',
    ],
    [
      'a time without a zone',
      ['--until', '2030-01-01T00:00:00'],
      'error: --until "2030-01-01T00:00:00" is not a time: use RFC 3339 with a zone, like 2026-05-01T17:00:00Z\n',
    ],
    [
      'a past time',
      ['--until', '2001-01-01T00:00:00Z'],
      'error: --until 2001-01-01T00:00:00Z is not in the future: a grant must end after now\n',
    ],
    ['both', ['--expires', '2h', '--until', '2030-01-01T00:00:00Z'], 'error: give --expires or --until, not both\n'],
  ];
  for (const [name, flags, stderr] of badTimes) {
    it(`rejects ${name} as the end of a grant, before asking the server`, async () => {
      const r = await infra('grants', 'add', 'user@example.com', 'production', '--role', 'view', ...flags);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', stderr]);
      const { items } = await session.server.admin<{ items: unknown[] }>(
        'GET',
        '/api/grants?destination=production&includeExpired=true',
      );
      assert.deepEqual(items, []);
    });
  }

  it("--until now is refused: a grant must end after now (the CLI's clock is fixed at the time given)", async () => {
    const now = new Date(Date.now() + 3_600_000);
    const r = await infraAt(now, 'grants', 'add', 'user@example.com', 'production', '--until', now.toISOString());
    assert.deepEqual(
      [r.code, r.stderr],
      [1, `error: --until ${now.toISOString()} is not in the future: a grant must end after now\n`],
    );
    const later = await infraAt(now, 'grants', 'add', 'user@example.com', 'production', '--until', at(now, 1000));
    assert.equal(later.code, 0, later.stderr);
  });

  const bad: [string, string[], string][] = [
    [
      'an unknown destination',
      ['grants', 'add', 'user@example.com', 'staging', '--role', 'view'],
      'error: there is no destination named staging: run `infra destinations list` to see them, or `infra destinations add staging`\n',
    ],
    [
      'a malformed role',
      ['grants', 'add', 'user@example.com', 'production', '--role', 'Bad Role!'],
      'error: "Bad Role!" is not a valid role name: use a ClusterRole name such as view, edit, admin, cluster-admin, or connect\n',
    ],
    [
      'a malformed resource',
      ['grants', 'add', 'user@example.com', 'Prod.web.x', '--role', 'view'],
      'error: "Prod.web.x" is not a destination or namespace: use DESTINATION or DESTINATION.NAMESPACE with lower-case DNS labels, like production or production.web\n',
    ],
    [
      'an unknown user',
      ['grants', 'add', 'nobody@example.com', 'production', '--role', 'view'],
      'error: there is no user named nobody@example.com: run `infra users list` to see them, or `infra users add nobody@example.com`\n',
    ],
    [
      'a role Infra itself does not have',
      ['grants', 'add', 'user@example.com', 'infra', '--role', 'edit'],
      'error: "edit" is not a role on Infra itself: use --role admin or --role view\n',
    ],
  ];
  for (const [name, argv, stderr] of bad) {
    it(`rejects ${name} with one line and a non-zero exit`, async () => {
      const r = await infra(...argv);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', stderr]);
    });
  }
});
