import assert from 'node:assert/strict';
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
    const { items } = await session.server.admin<{ items: { id: string }[] }>('GET', '/api/grants?destination=production');
    for (const g of items) await session.server.admin('DELETE', `/api/grants/${g.id}`);
  });

  it('grants a user and a group a role, word for word as in the docs', async () => {
    const user = await infra('grants', 'add', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual([user.code, user.stdout, user.stderr], [0, 'Granted admin on production to user@example.com.\n', '']);
    const group = await infra('grants', 'add', '-g', 'Engineering', 'production', '--role', 'view');
    assert.deepEqual([group.code, group.stdout, group.stderr], [0, 'Granted view on production to group Engineering.\n', '']);
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
      ['USER              ACCESS  DESTINATION', 'user@example.com  admin   production', '', 'GROUP        ACCESS  DESTINATION', 'Engineering  view    production', ''].join('\n'),
    );
    const json = JSON.parse((await infra('grants', 'list', '-o', 'json')).stdout);
    assert.ok(json.some((g: { userName?: string; privilege: string }) => g.userName === 'user@example.com' && g.privilege === 'admin'));
  });

  it('warns about a role that is not built in, but grants it', async () => {
    const r = await infra('grants', 'add', 'user@example.com', 'production.web', '--role', 'pod-reader');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'warning: "pod-reader" is not a built-in role: it must exist as a ClusterRole in production or the grant has no effect\n');
  });

  it('removes a grant, and says so when there is none', async () => {
    await session.server.grant({ user: 'user@example.com' }, 'admin', 'production');
    const r = await infra('grants', 'remove', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual([r.code, r.stdout], [0, 'Removed admin on production from user@example.com.\n']);
    const again = await infra('grants', 'remove', 'user@example.com', 'production', '--role', 'admin');
    assert.deepEqual([again.code, again.stdout], [1, '']);
    assert.equal(again.stderr, 'error: user@example.com has no admin grant on production: run `infra grants list` to see the grants\n');
  });

  const bad: [string, string[], string][] = [
    ['an unknown destination', ['grants', 'add', 'user@example.com', 'staging', '--role', 'view'], 'error: there is no destination named staging: run `infra destinations list` to see them, or `infra destinations add staging`\n'],
    ['a malformed role', ['grants', 'add', 'user@example.com', 'production', '--role', 'Bad Role!'], 'error: "Bad Role!" is not a valid role name: use a ClusterRole name such as view, edit, admin, cluster-admin, or connect\n'],
    ['a malformed resource', ['grants', 'add', 'user@example.com', 'Prod.web.x', '--role', 'view'], 'error: "Prod.web.x" is not a destination or namespace: use DESTINATION or DESTINATION.NAMESPACE with lower-case DNS labels, like production or production.web\n'],
    ['an unknown user', ['grants', 'add', 'nobody@example.com', 'production', '--role', 'view'], 'error: there is no user named nobody@example.com: run `infra users list` to see them, or `infra users add nobody@example.com`\n'],
    ['a role Infra itself does not have', ['grants', 'add', 'user@example.com', 'infra', '--role', 'edit'], 'error: "edit" is not a role on Infra itself: use --role admin or --role view\n'],
  ];
  for (const [name, argv, stderr] of bad) {
    it(`rejects ${name} with one line and a non-zero exit`, async () => {
      const r = await infra(...argv);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', stderr]);
    });
  }
});
