// Tokens are signed only for a destination where the caller holds a grant in force (directly or through a group, on
// the destination or one of its namespaces; connect counts); otherwise a 403 that names the grant to ask for.
import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';

describe('tokens need a grant', function () {
  this.timeout(20_000);
  const t = useAdminServer();

  let dev: TestUser;
  before(async () => {
    assert.equal((await t.admin.post('/api/destinations', { name: 'tok-dest' })).status, 201);
    dev = await createUserWithKey(t.admin, 'tok-dev@example.com');
  });

  it('no grant on the destination: 403 naming the grant to ask for', async () => {
    const res = await dev.client.post('/api/tokens', { destination: 'tok-dest' });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.match(res.body.message, /no grant on tok-dest/);
    assert.match(res.body.message, /infra grants add tok-dev@example\.com tok-dest --role view/);
    assert.match(
      res.body.message,
      /or ask for access for a while: `infra request tok-dest --role view --for 1h --reason "\.\.\."`$/,
    );
  });

  it('a grant stops counting when it expires', async () => {
    const user = await createUserWithKey(t.admin, 'tok-expired@example.com');
    const expiresAt = new Date(Date.now() + 2_000);
    const g = await t.admin.post('/api/grants', {
      user: user.name,
      privilege: 'view',
      resource: 'tok-dest',
      expiresAt: expiresAt.toISOString(),
    });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    assert.equal(
      (await user.client.post('/api/tokens', { destination: 'tok-dest' })).status,
      201,
      'refused while the grant is in force',
    );
    await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 100));
    const after = await user.client.post('/api/tokens', { destination: 'tok-dest' });
    assert.equal(after.status, 403, `a token after the grant expired: ${JSON.stringify(after.body)}`);
  });

  it('a grant on a namespace, a connect grant or a group grant is enough', async () => {
    const ns = await createUserWithKey(t.admin, 'tok-ns@example.com');
    assert.equal(
      (await t.admin.post('/api/grants', { user: ns.name, privilege: 'view', resource: 'tok-dest.web' })).status,
      201,
    );
    assert.equal((await ns.client.post('/api/tokens', { destination: 'tok-dest' })).status, 201);

    const connect = await createUserWithKey(t.admin, 'tok-connect@example.com');
    assert.equal(
      (await t.admin.post('/api/grants', { user: connect.name, privilege: 'connect', resource: 'tok-dest' })).status,
      201,
    );
    assert.equal((await connect.client.post('/api/tokens', { destination: 'tok-dest' })).status, 201);

    const member = await createUserWithKey(t.admin, 'tok-member@example.com');
    const group = await t.admin.post('/api/groups', { name: 'tok-group' });
    assert.equal(
      (await t.admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: [member.name] })).status,
      200,
    );
    assert.equal(
      (await t.admin.post('/api/grants', { group: 'tok-group', privilege: 'edit', resource: 'tok-dest' })).status,
      201,
    );
    assert.equal((await member.client.post('/api/tokens', { destination: 'tok-dest' })).status, 201);
  });
});
