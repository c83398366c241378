// SCIM groups as Okta and Entra push them, over REST on a real server and Postgres: provider groups kept apart from
// groups made in Infra, members added, removed and replaced in each IdP's PATCH dialect, and a member an admin added
// by hand left alone.
import assert from 'node:assert/strict';
import { assertScimError, oktaUser, patchOp, ScimClient, useScimServer } from '../../testing/scim.js';

describe('SCIM groups', function () {
  this.timeout(30_000);
  const s = useScimServer();
  let idp: ScimClient;
  const users: string[] = [];
  before(async () => {
    idp = await s.client('groups-idp');
    for (const n of [0, 1, 2]) users.push((await idp.post('/Users', oktaUser(`member${n}@example.com`))).body.id);
  });

  const members = (res: { body: { members?: { value: string }[] } }) =>
    (res.body.members ?? []).map((m) => m.value).sort();
  const infraMembers = async (groupId: string) =>
    ((await s.t.admin.get(`/api/groups/${groupId}/users`)).body.items as { id: string }[]).map((u) => u.id).sort();

  it('creates a group with members; Infra sees it with them, and filter by displayName finds it', async () => {
    const res = await idp.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'engineering',
      members: [{ value: users[0] }, { value: users[1], display: 'member1@example.com' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.contentType ?? '', /^application\/scim\+json/);
    assert.deepEqual(members(res), [users[0], users[1]].sort());
    assert.deepEqual(await infraMembers(res.body.id), [users[0], users[1]].sort());
    const found = await idp.get(`/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}`);
    assert.deepEqual([found.body.totalResults, found.body.Resources[0].id], [1, res.body.id]);
    // Entra reads groups without members.
    const bare = await idp.get(`/Groups/${res.body.id}?excludedAttributes=members`);
    assert.equal(bare.status, 200);
    assert.equal(bare.body.members, undefined);
    assertScimError(await idp.post('/Groups', { displayName: 'engineering' }), 409, 'uniqueness');
  });

  it("Entra's PATCH: op Add and op Remove on path members with a list of values", async () => {
    const group = (await idp.post('/Groups', { displayName: 'entra-group' })).body;
    const add = await idp.patch(
      `/Groups/${group.id}`,
      patchOp({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: users[0] },
          { $ref: null, value: users[2] },
        ],
      }),
    );
    assert.equal(add.status, 200, JSON.stringify(add.body));
    assert.deepEqual(await infraMembers(group.id), [users[0], users[2]].sort());
    const remove = await idp.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'Remove', path: 'members', value: [{ value: users[0] }] }),
    );
    assert.equal(remove.status, 200, JSON.stringify(remove.body));
    assert.deepEqual(await infraMembers(group.id), [users[2]]);
  });

  it('Okta\'s PATCH: remove members[value eq "id"], and replace with a value object naming members', async () => {
    const group = (
      await idp.post('/Groups', { displayName: 'okta-group', members: [{ value: users[0] }, { value: users[1] }] })
    ).body;
    const one = await idp.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'remove', path: `members[value eq "${users[0]}"]` }),
    );
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.deepEqual(members(one), [users[1]]);
    const replaced = await idp.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', value: { id: group.id, displayName: 'okta-group', members: [{ value: users[2] }] } }),
    );
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.deepEqual(await infraMembers(group.id), [users[2]]);
  });

  it('PUT replaces the members; a member an admin added by hand stays and is not shown', async () => {
    const group = (await idp.post('/Groups', { displayName: 'put-group', members: [{ value: users[0] }] })).body;
    const local = await s.t.admin.post('/api/users', { name: 'by-hand@example.com' });
    const added = await s.t.admin.patch(`/api/groups/${group.id}/users`, { usersToAdd: [local.body.id] });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const put = await idp.put(`/Groups/${group.id}`, { displayName: 'put-group', members: [{ value: users[1] }] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(members(put), [users[1]]);
    assert.deepEqual(await infraMembers(group.id), [users[1], local.body.id].sort());
    // Removing every member (path members, no value) still leaves the admin's.
    await idp.patch(`/Groups/${group.id}`, patchOp({ op: 'remove', path: 'members' }));
    assert.deepEqual(await infraMembers(group.id), [local.body.id]);
  });

  it('a group made in Infra is neither seen nor taken over: 404 by id, 409 by name, absent from the list', async () => {
    const infra = await s.t.admin.post('/api/groups', { name: 'made-in-infra' });
    assertScimError(await idp.get(`/Groups/${infra.body.id}`), 404);
    assertScimError(
      await idp.patch(
        `/Groups/${infra.body.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: users[0] }] }),
      ),
      404,
    );
    assertScimError(await idp.post('/Groups', { displayName: 'made-in-infra' }), 409, 'uniqueness');
    const listed = await idp.get(`/Groups?filter=${encodeURIComponent('displayName eq "made-in-infra"')}`);
    assert.equal(listed.body.totalResults, 0);
  });

  it('members must be users this provider provisioned (400 invalidValue); nothing changes', async () => {
    const group = (await idp.post('/Groups', { displayName: 'strict-group', members: [{ value: users[0] }] })).body;
    const local = await s.t.admin.post('/api/users', { name: 'not-provisioned@example.com' });
    for (const value of [local.body.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const res = await idp.patch(`/Groups/${group.id}`, patchOp({ op: 'add', path: 'members', value: [{ value }] }));
      assertScimError(res, 400, 'invalidValue');
    }
    assertScimError(
      await idp.post('/Groups', { displayName: 'other', members: [{ value: local.body.id }] }),
      400,
      'invalidValue',
    );
    assert.deepEqual(await infraMembers(group.id), [users[0]]);
  });

  it('bad group bodies are 400: no displayName, a system: name, members not a list, a rename, an unknown path', async () => {
    assertScimError(await idp.post('/Groups', { members: [] }), 400, 'invalidValue');
    assertScimError(await idp.post('/Groups', { displayName: 'system:masters' }), 400, 'invalidValue');
    assertScimError(await idp.post('/Groups', { displayName: 'x', members: { value: users[0] } }), 400, 'invalidValue');
    assertScimError(await idp.post('/Groups', { displayName: 'y', members: [{ id: users[0] }] }), 400, 'invalidValue');
    const group = (await idp.post('/Groups', { displayName: 'named' })).body;
    assertScimError(
      await idp.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'renamed' })),
      400,
      'mutability',
    );
    assertScimError(
      await idp.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'owner', value: 'x' })),
      400,
      'invalidPath',
    );
    assertScimError(await idp.get(`/Groups?filter=${encodeURIComponent('members eq "x"')}`), 400, 'invalidFilter');
  });

  it('pages groups; DELETE removes the group from Infra', async () => {
    const paging = await s.client('groups-paging');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await paging.post('/Groups', { displayName: `paged-${n}` })).body.id);
    const second = (await paging.get('/Groups?startIndex=2&count=1')).body;
    assert.deepEqual([second.totalResults, second.itemsPerPage, second.Resources[0].id], [3, 1, ids[1]]);
    const zero = (await paging.get('/Groups?count=0')).body;
    assert.deepEqual([zero.totalResults, zero.Resources], [3, []]);
    assert.equal((await paging.delete(`/Groups/${ids[0]}`)).status, 204);
    assert.equal((await s.t.admin.get(`/api/groups/${ids[0]}`)).status, 404);
    assertScimError(await paging.delete(`/Groups/${ids[0]}`), 404);
    assert.equal((await paging.get('/Groups')).body.totalResults, 2);
  });
});
