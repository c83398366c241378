// Names the cluster must never see as ours (`system:` is Kubernetes' own prefix), and e-mail addresses that are
// one person however they are spelled.
import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';

describe('user and group names', function () {
  this.timeout(30_000);
  const t = useAdminServer();

  for (const name of ['system:masters', 'SYSTEM:authenticated', 'System:serviceaccount:kube-system:default']) {
    it(`a group named "${name}" is refused with 400 naming the field`, async () => {
      const res = await t.admin.post('/api/groups', { name });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.fieldErrors[0].field, 'name');
      assert.match(res.body.fieldErrors[0].errors.join(' '), /system:/);
    });
  }

  it('a user named "system:admin" is refused with 400 naming the field', async () => {
    const res = await t.admin.post('/api/users', { name: 'system:admin' });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.fieldErrors[0].field, 'name');
    assert.match(res.body.fieldErrors[0].errors.join(' '), /system:/);
  });

  it('a group whose name merely contains "system:" later on is accepted', async () => {
    assert.equal((await t.admin.post('/api/groups', { name: 'ops-system:x' })).status, 201);
  });

  it('over gRPC, a group named "system:masters" is refused as an invalid argument naming the field', async () => {
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      await assert.rejects(
        grpc.call('GroupsService', 'CreateGroup', { name: 'system:masters' }, t.server.adminKey),
        (e: { code?: number; details?: string }) =>
          e.code === 3 && /name/.test(e.details ?? '') && /system:/.test(e.details ?? ''),
      );
    } finally {
      grpc.close();
    }
  });

  it('an e-mail name is stored lower-case, and a second spelling of it is a conflict', async () => {
    const created = await t.admin.post('/api/users', { name: 'Alice@Example.com', password: 'password-one' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, 'alice@example.com');
    const again = await t.admin.post('/api/users', { name: 'alice@EXAMPLE.com' });
    assert.equal(again.status, 409, JSON.stringify(again.body));
  });

  it('login, grants and group membership find the user by any spelling of the e-mail', async () => {
    const created = await t.admin.post('/api/users', { name: 'bob@example.com', password: 'password-two' });
    assert.equal(created.status, 201);
    const login = await t.admin.as(undefined).post('/api/login', { name: 'Bob@Example.COM', password: 'password-two' });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    assert.equal(login.body.userID, created.body.id);
    const grant = await t.admin.post('/api/grants', {
      user: 'BOB@example.com',
      privilege: 'view',
      resource: 'somewhere',
    });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    const listed = await t.admin.get('/api/grants?user=bob@EXAMPLE.com');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.items.length, 1);
    const group = await t.admin.post('/api/groups', { name: 'bobs' });
    const added = await t.admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: ['Bob@example.com'] });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const users = await t.admin.get('/api/users?name=BOB@example.com');
    assert.equal(users.body.items.length, 1);
  });
});
