// SCIM users as Okta and Entra provision them, over REST on a real server and Postgres: create, read, filter, page,
// replace, deactivate (the user's keys stop working at once), delete; the token; and bodies that break the schema.
import assert from 'node:assert/strict';
import { within } from '../../testing/deadline.js';
import { assertScimError, entraUser, oktaUser, patchOp, ScimClient, useScimServer } from '../../testing/scim.js';

describe('SCIM users', function () {
  this.timeout(30_000);
  const s = useScimServer();
  let okta: ScimClient;
  before(async () => {
    okta = await s.client('okta');
  });

  /** A user's own access key, made by an admin: what deactivation must end at once. */
  async function keyOf(userId: string): Promise<string> {
    const key = await s.t.admin.post('/api/keys', { userID: userId, name: `k-${userId.slice(0, 8)}` });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    assert.equal((await s.t.admin.as(key.body.accessKey).get('/api/users/self')).status, 200);
    return key.body.accessKey;
  }

  it("creates a user from Okta's body, answers it as application/scim+json, and reads it back", async () => {
    const res = await okta.post('/Users', oktaUser('Ada@Example.com'));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.contentType ?? '', /^application\/scim\+json/);
    assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User']);
    assert.equal(res.body.userName, 'ada@example.com');
    assert.equal(res.body.active, true);
    assert.equal(res.body.externalId, '00u15okta');
    assert.equal(res.body.displayName, 'Test User');
    assert.equal(res.body.meta.resourceType, 'User');
    const got = await okta.get(`/Users/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    // The same person in Infra's own API, from the provider, with its externalId as subject, and no password.
    const infra = await s.t.admin.get(`/api/users/${res.body.id}`);
    assert.equal(infra.body.name, 'ada@example.com');
    assert.equal(infra.body.provider, 'okta');
    assert.equal(infra.body.providerSubject, '00u15okta');
    const password = await s.t.admin.put(`/api/users/${res.body.id}`, { password: 'a-local-password' });
    assert.equal(password.status, 409, 'a provisioned user got a local password');
  });

  it('filters by userName eq (any spelling of the e-mail) and by externalId; no match is an empty list', async () => {
    const made = await okta.post('/Users', oktaUser('grace@example.com'));
    const byName = await okta.get(`/Users?filter=${encodeURIComponent('userName eq "Grace@Example.com"')}`);
    assert.equal(byName.status, 200, JSON.stringify(byName.body));
    assert.deepEqual(byName.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    assert.equal(byName.body.totalResults, 1);
    assert.equal(byName.body.Resources[0].id, made.body.id);
    const entra = await s.client('entra');
    const byExternal = await entra.post('/Users', entraUser('linus@example.com'));
    const found = await entra.get(
      `/Users?filter=${encodeURIComponent(`externalId eq "${byExternal.body.externalId}"`)}`,
    );
    assert.deepEqual(
      found.body.Resources.map((u: { id: string }) => u.id),
      [byExternal.body.id],
    );
    const none = await okta.get(`/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
    assert.deepEqual(
      { total: none.body.totalResults, items: none.body.itemsPerPage, resources: none.body.Resources },
      { total: 0, items: 0, resources: [] },
    );
  });

  it("a provider sees only its own users: another provider's id is 404 and its users are not listed", async () => {
    const mine = await okta.post('/Users', oktaUser('own@example.com'));
    const other = await s.client('other');
    assertScimError(await other.get(`/Users/${mine.body.id}`), 404);
    assertScimError(
      await other.patch(`/Users/${mine.body.id}`, patchOp({ op: 'replace', value: { active: false } })),
      404,
    );
    const listed = await other.get(`/Users?filter=${encodeURIComponent('userName eq "own@example.com"')}`);
    assert.equal(listed.body.totalResults, 0);
    // Nor may it create a user by that name: it is taken (uniqueness), as it is for the first provider again.
    assertScimError(await other.post('/Users', oktaUser('own@example.com')), 409, 'uniqueness');
    const again = await okta.post('/Users', oktaUser('own@example.com'));
    assertScimError(again, 409, 'uniqueness');
    assert.equal(again.body.detail, 'a user named "own@example.com" is already provisioned by this provider');
  });

  it('a user made in Infra is not taken over by SCIM: 409 uniqueness', async () => {
    assert.equal((await s.t.admin.post('/api/users', { name: 'local@example.com' })).status, 201);
    assertScimError(await okta.post('/Users', oktaUser('local@example.com')), 409, 'uniqueness');
  });

  it('a user who logged in through this provider is linked, not refused; deactivated, they cannot log in again', async () => {
    s.idp.addUser({ id: 'carol', email: 'carol@example.com', emailVerified: true });
    const login = await s.login('okta', 'carol');
    assert.equal(login.status, 201, JSON.stringify(login.body));
    assertScimError(await (await s.client('other')).post('/Users', oktaUser('carol@example.com')), 409, 'uniqueness');
    const made = await okta.post('/Users', oktaUser('carol@example.com'));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.id, login.body.userID);
    await okta.patch(`/Users/${made.body.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    assert.equal((await s.t.admin.as(login.body.accessKey).get('/api/users/self')).status, 401);
    const again = await s.login('okta', 'carol');
    assert.equal(again.status, 401, JSON.stringify(again.body));
  });

  it('pages from startIndex 1 by count; count 0 gives the total alone; startIndex 0 counts as 1', async () => {
    const paging = await s.client('paging');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await paging.post('/Users', oktaUser(`page${n}@example.com`))).body.id);
    const page = async (q: string) => (await paging.get(`/Users?${q}`)).body;
    const first = await page('startIndex=1&count=2');
    assert.deepEqual(
      [first.totalResults, first.startIndex, first.itemsPerPage, first.Resources.map((u: { id: string }) => u.id)],
      [3, 1, 2, ids.slice(0, 2)],
    );
    const last = await page('startIndex=3&count=2');
    assert.deepEqual([last.itemsPerPage, last.Resources.map((u: { id: string }) => u.id)], [1, ids.slice(2)]);
    const beyond = await page('startIndex=4&count=2');
    assert.deepEqual([beyond.totalResults, beyond.Resources], [3, []]);
    const zero = await page('count=0');
    assert.deepEqual([zero.totalResults, zero.itemsPerPage, zero.Resources], [3, 0, []]);
    const fromZero = await page('startIndex=0&count=1');
    assert.deepEqual([fromZero.startIndex, fromZero.Resources[0].id], [1, ids[0]]);
    // Okta's connection test.
    assert.equal((await page('startIndex=1&count=2')).itemsPerPage, 2);
    assertScimError(await paging.get('/Users?count=two'), 400, 'invalidValue');
  });

  it("Okta's PUT with active false deactivates: the user's key gets 401 at once, and PUT active true restores", async () => {
    const made = await okta.post('/Users', oktaUser('leaver@example.com'));
    const key = await keyOf(made.body.id);
    const off = await okta.put(`/Users/${made.body.id}`, {
      ...oktaUser('leaver@example.com', false),
      id: made.body.id,
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.active, false);
    const refused = await within('the deactivated key refused', s.t.admin.as(key).get('/api/users/self'));
    assert.equal(refused.status, 401, JSON.stringify(refused.body));
    // Revoked, not only refused: the key is gone, so reactivation does not bring it back.
    assert.deepEqual((await s.t.admin.get(`/api/keys?userID=${made.body.id}`)).body.items, []);
    assert.equal((await okta.get(`/Users/${made.body.id}`)).body.active, false);
    const on = await okta.put(`/Users/${made.body.id}`, oktaUser('leaver@example.com', true));
    assert.equal(on.body.active, true);
    assert.equal((await s.t.admin.as(key).get('/api/users/self')).status, 401);
    assert.equal((await s.t.admin.as(await keyOf(made.body.id)).get('/api/users/self')).status, 200);
  });

  it('a key made for a deactivated user does not work until the provider reactivates them', async () => {
    const made = await okta.post('/Users', oktaUser('paused@example.com', false));
    assert.equal(made.body.active, false);
    const key = await s.t.admin.post('/api/keys', { userID: made.body.id, name: 'while-paused' });
    assert.equal((await s.t.admin.as(key.body.accessKey).get('/api/users/self')).status, 401);
    const login = await s.t.admin.as(undefined).post('/api/login', { accessKey: key.body.accessKey });
    assert.equal(login.status, 401, JSON.stringify(login.body));
  });

  for (const [variant, ops] of [
    ['Entra: op "Replace", path active, value "False"', [{ op: 'Replace', path: 'active', value: 'False' }]],
    ['Okta: op "replace", value {active: false}', [{ op: 'replace', value: { active: false } }]],
  ] as const) {
    it(`PATCH deactivates (${variant}) and the user's key gets 401 at once`, async () => {
      const made = await okta.post('/Users', oktaUser(`patched-${variant.length}@example.com`));
      const key = await keyOf(made.body.id);
      const res = await okta.patch(`/Users/${made.body.id}`, patchOp(...ops));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false);
      assert.equal((await within('the key refused', s.t.admin.as(key).get('/api/users/self'))).status, 401);
    });
  }

  it("Entra's attribute updates Infra does not keep are accepted and ignored; externalId and displayName are kept", async () => {
    const entra = await s.client('entra');
    const made = await entra.post('/Users', entraUser('attrs@example.com'));
    const res = await entra.patch(
      `/Users/${made.body.id}`,
      patchOp(
        { op: 'Replace', path: 'name.familyName', value: 'Other' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'attrs@example.com' },
        { op: 'Replace', path: 'displayName', value: 'Attrs Person' },
        { op: 'Replace', path: 'externalId', value: 'new-object-id' },
        { op: 'Remove', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager' },
      ),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      [res.body.displayName, res.body.externalId, res.body.active],
      ['Attrs Person', 'new-object-id', true],
    );
  });

  it('userName cannot change (400 mutability); the user stays as they were', async () => {
    const made = await okta.post('/Users', oktaUser('fixed@example.com'));
    const res = await okta.patch(
      `/Users/${made.body.id}`,
      patchOp({ op: 'replace', path: 'userName', value: 'x@example.com' }),
    );
    assertScimError(res, 400, 'mutability');
    assert.equal((await okta.get(`/Users/${made.body.id}`)).body.userName, 'fixed@example.com');
  });

  it('DELETE removes the user from Infra; a second DELETE and a GET are 404', async () => {
    const made = await okta.post('/Users', oktaUser('gone@example.com'));
    const key = await keyOf(made.body.id);
    const del = await okta.delete(`/Users/${made.body.id}`);
    assert.equal(del.status, 204);
    assert.equal((await s.t.admin.get(`/api/users/${made.body.id}`)).status, 404);
    assert.equal((await s.t.admin.as(key).get('/api/users/self')).status, 401);
    assertScimError(await okta.get(`/Users/${made.body.id}`), 404);
    assertScimError(await okta.delete(`/Users/${made.body.id}`), 404);
    assertScimError(await okta.get('/Users/not-a-uuid'), 404);
  });

  it('a missing, wrong or replaced token is 401 in the SCIM error schema', async () => {
    assertScimError(await new ScimClient(s.t.server.url, undefined).get('/Users'), 401);
    assertScimError(await new ScimClient(s.t.server.url, 'scim_wrong').get('/Users'), 401);
    // An Infra admin key is not a SCIM token.
    assertScimError(await new ScimClient(s.t.server.url, s.t.server.adminKey).get('/Users'), 401);
    const rotating = await s.client('rotating');
    const again = await s.t.admin.post('/api/providers/rotating/scim-token', {});
    assert.equal(again.status, 201);
    assert.equal(again.body.baseURL.endsWith('/api/scim/v2'), true, again.body.baseURL);
    assertScimError(await rotating.get('/Users'), 401);
    assert.equal((await new ScimClient(s.t.server.url, again.body.token).get('/Users')).status, 200);
    // Only an admin makes tokens; an unknown provider is 404.
    assert.equal((await s.t.admin.as(undefined).post('/api/providers/rotating/scim-token', {})).status, 401);
    assert.equal((await s.t.admin.post('/api/providers/nope/scim-token', {})).status, 404);
  });

  describe('bodies and queries that break the schema are 400 in the SCIM error schema', () => {
    const cases: [string, (c: ScimClient) => Promise<import('../../testing/scim.js').ScimResponse>, string][] = [
      ['malformed JSON', (c) => c.request('POST', '/Users', undefined, '{"userName":'), 'invalidSyntax'],
      ['an array body', (c) => c.post('/Users', [oktaUser('a@example.com')]), 'invalidSyntax'],
      ['no userName', (c) => c.post('/Users', { schemas: [], active: true }), 'invalidValue'],
      ['userName a number', (c) => c.post('/Users', { userName: 42 }), 'invalidValue'],
      ['userName not an e-mail or machine name', (c) => c.post('/Users', { userName: 'Not A Name' }), 'invalidValue'],
      ['userName system:admin', (c) => c.post('/Users', { userName: 'system:admin' }), 'invalidValue'],
      ['active "maybe"', (c) => c.post('/Users', { ...oktaUser('m@example.com'), active: 'maybe' }), 'invalidValue'],
      [
        'schemas not an array',
        (c) => c.post('/Users', { ...oktaUser('s@example.com'), schemas: 'x' }),
        'invalidSyntax',
      ],
      ['filter with co', (c) => c.get(`/Users?filter=${encodeURIComponent('userName co "a"')}`), 'invalidFilter'],
      [
        'filter on an unknown attribute',
        (c) => c.get(`/Users?filter=${encodeURIComponent('title eq "a"')}`),
        'invalidFilter',
      ],
      ['filter given twice', (c) => c.get('/Users?filter=a&filter=b'), 'invalidFilter'],
    ];
    for (const [what, send, scimType] of cases) {
      it(what, async () => assertScimError(await send(await s.client('okta')), 400, scimType));
    }

    it('PATCH without Operations, with an unknown op, or remove without a path', async () => {
      const made = await okta.post('/Users', oktaUser('patchy@example.com'));
      const at = `/Users/${made.body.id}`;
      assertScimError(
        await okta.patch(at, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }),
        400,
        'invalidSyntax',
      );
      assertScimError(await okta.patch(at, patchOp()), 400, 'invalidSyntax');
      assertScimError(
        await okta.patch(at, patchOp({ op: 'move', path: 'active', value: false })),
        400,
        'invalidSyntax',
      );
      assertScimError(await okta.patch(at, patchOp({ op: 'remove' })), 400, 'noTarget');
      assertScimError(
        await okta.patch(at, patchOp({ op: 'replace', path: 'active', value: 'nope' })),
        400,
        'invalidValue',
      );
      assertScimError(await okta.patch(at, patchOp({ op: 'replace', value: 'active' })), 400, 'invalidValue');
      assertScimError(await okta.patch(at, { schemas: ['urn:other'], Operations: [] }), 400, 'invalidSyntax');
      assert.equal((await okta.get(at)).body.active, true);
    });
  });
});
