// A SCIM user's provider is the one in their identity record (users.provider_id): SCIM takes over by name only a user
// that provider's login made, and removing the provider ends its SCIM management.
import assert from 'node:assert/strict';
import { assertScimError, oktaUser, useScimServer } from '../../testing/scim.js';

describe('SCIM and the provider a user belongs to', function () {
  this.timeout(30_000);
  const s = useScimServer();

  it("a user another provider's login made is refused even after logging in through this one; theirs links them", async () => {
    const [firstScim, secondScim] = [await s.client('first'), await s.client('second')];
    s.idp.addUser({ id: 'dave', email: 'dave@example.com', emailVerified: true });
    const first = await s.login('first', 'dave');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal((await s.login('second', 'dave')).status, 201);
    const taken = await secondScim.post('/Users', oktaUser('dave@example.com'));
    assertScimError(taken, 409, 'uniqueness');
    assert.equal(taken.body.detail, 'a user named "dave@example.com" belongs to another identity provider');
    const linked = await firstScim.post('/Users', oktaUser('dave@example.com'));
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.equal(linked.body.id, first.body.userID);
    assertScimError(await secondScim.get(`/Users/${linked.body.id}`), 404);
  });

  it('a user made in Infra who logged in through the provider is not taken over: 409 uniqueness', async () => {
    const okta = await s.client('okta');
    assert.equal((await s.t.admin.post('/api/users', { name: 'erin@example.com' })).status, 201);
    s.idp.addUser({ id: 'erin', email: 'erin@example.com', emailVerified: true });
    assert.equal((await s.login('okta', 'erin')).status, 201);
    const taken = await okta.post('/Users', oktaUser('erin@example.com'));
    assertScimError(taken, 409, 'uniqueness');
    assert.equal(
      taken.body.detail,
      'a user named "erin@example.com" was made in Infra, not by this provider: ' +
        'remove it in Infra (infra users remove erin@example.com) to let this provider provision it',
    );
  });

  it('removing the provider ends its SCIM management: the user stays, made in Infra, with no SCIM link', async () => {
    const made = await (await s.client('leaving')).post('/Users', oktaUser('frank@example.com'));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const provider = (await s.t.admin.get('/api/providers?name=leaving')).body.items[0];
    assert.equal((await s.t.admin.delete(`/api/providers/${provider.id}`)).status, 204);
    const user = await s.t.admin.get(`/api/users/${made.body.id}`);
    assert.equal(user.status, 200);
    assert.equal(user.body.provider, undefined);
    const links = await s.t.server
      .running()
      .database.manager.query('SELECT user_id FROM scim_users WHERE user_id = $1', [made.body.id]);
    assert.deepEqual(links, []);
  });
});
