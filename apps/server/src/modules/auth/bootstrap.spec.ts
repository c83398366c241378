// The bootstrap admin key and grant are applied on the first start only.
import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';

describe('the bootstrap admin key', function () {
  this.timeout(20_000);
  const t = useAdminServer();

  it('is applied on first start only: a deleted key and a removed admin grant do not come back on restart', async function () {
    this.timeout(60_000);
    const keeper = await createUserWithKey(t.admin, 'second-admin');
    assert.equal(
      (await t.admin.post('/api/grants', { user: keeper.name, privilege: 'admin', resource: 'infra' })).status,
      201,
    );
    const self = (await t.admin.get('/api/users/self')).body;
    const [boot] = (await t.admin.get(`/api/keys?userID=${self.id}`)).body.items.filter((k: { name: string }) =>
      k.name.startsWith('bootstrap'),
    );
    assert.ok(boot, 'no bootstrap key listed');
    assert.equal((await keeper.client.delete(`/api/keys/${boot.id}`)).status, 204);
    const adminGrants = async () =>
      ((await keeper.client.get('/api/grants?user=admin')).body.items as { id: string; resource: string }[]).filter(
        (g) => g.resource === 'infra',
      );
    const [grant] = await adminGrants();
    assert.ok(grant, 'the bootstrap admin holds no infra grant');
    assert.equal((await keeper.client.delete(`/api/grants/${grant.id}`)).status, 204);

    await t.server.restart();
    const after = new TestClient(t.server.url, t.server.adminKey);
    assert.equal((await after.get('/api/users/self')).status, 401, 'the bootstrap key came back after a restart');
    assert.deepEqual(await adminGrants(), [], 'the admin grant came back after a restart');
  });
});
