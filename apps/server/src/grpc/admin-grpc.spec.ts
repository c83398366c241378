import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { verifyToken, type PublicSigningKey } from '@infra/access';
import type { TestServer } from '../testing/test-server.js';
import { useTestServer } from '../testing/mocha.js';
import { TestClient } from '../testing/test-client.js';
import { createUserWithKey } from '../testing/fixtures.js';
import { adminGrpcClient } from '../testing/grpc-client.js';

async function rejectsWith(promise: Promise<unknown>, code: status): Promise<ServiceError> {
  try {
    await promise;
  } catch (e) {
    assert.equal((e as ServiceError).code, code, (e as Error).message);
    return e as ServiceError;
  }
  assert.fail(`expected gRPC status ${status[code]}`);
}

describe('the gRPC admin API', function () {
  this.timeout(120_000);
  let server: TestServer;
  let grpc: ReturnType<typeof adminGrpcClient>;
  let adminKey: string;

  // Registered first so that it runs before the server stops.
  after(async () => {
    grpc?.close();
  });
  useTestServer({}, async (s) => {
    server = s;
    assert.ok(server.grpcAddress);
    grpc = adminGrpcClient(server.grpcAddress);
    adminKey = server.adminKey;
  });

  it('refuses calls without a valid key, and answers the public ones', async () => {
    await rejectsWith(grpc.call('UsersService', 'GetSelf', {}), status.UNAUTHENTICATED);
    await rejectsWith(grpc.call('UsersService', 'GetSelf', {}, 'bad.key'), status.UNAUTHENTICATED);
    const jwks = await grpc.call('TokensService', 'GetJwks', {});
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'EC');
  });

  it('creates and lists users with the same rules as REST', async () => {
    const self = await grpc.call('UsersService', 'GetSelf', {}, adminKey);
    assert.equal(self.name, 'admin');
    const created = await grpc.call('UsersService', 'CreateUser', { name: 'grpc@example.com' }, adminKey);
    assert.equal(created.passwordUpdateRequired, true);
    assert.ok(created.oneTimePassword);
    const list = await grpc.call('UsersService', 'ListUsers', { name: 'grpc@example.com' }, adminKey);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].id, created.id);
    await rejectsWith(
      grpc.call('UsersService', 'CreateUser', { name: 'grpc@example.com' }, adminKey),
      status.ALREADY_EXISTS,
    );
    const plain = await createUserWithKey(new TestClient(server.url, adminKey), 'plain-grpc');
    await rejectsWith(grpc.call('UsersService', 'ListUsers', {}, plain.key), status.PERMISSION_DENIED);
    await rejectsWith(grpc.call('UsersService', 'GetUser', { id: 'nope' }, adminKey), status.INVALID_ARGUMENT);
  });

  it('reports bad input with the field errors in metadata', async () => {
    const err = await rejectsWith(
      grpc.call('GrantsService', 'CreateGrant', { user: 'admin', privilege: 'view', resource: 'A.B.C' }, adminKey),
      status.INVALID_ARGUMENT,
    );
    const fields = JSON.parse(String(err.metadata.get('infra-field-errors')[0]));
    assert.equal(fields[0].field, 'resource');
  });

  it('adds grants idempotently and says NOT_FOUND when removing one that is absent', async () => {
    await createUserWithKey(new TestClient(server.url, adminKey), 'grpc-grants@example.com'); // its own, so it runs alone
    const first = await grpc.call(
      'GrantsService',
      'CreateGrant',
      { user: 'grpc-grants@example.com', privilege: 'edit', resource: 'dev' },
      adminKey,
    );
    assert.equal(first.wasCreated, true);
    assert.equal(first.userName, 'grpc-grants@example.com');
    const again = await grpc.call(
      'GrantsService',
      'CreateGrant',
      { user: 'grpc-grants@example.com', privilege: 'edit', resource: 'dev' },
      adminKey,
    );
    assert.equal(again.wasCreated, false);
    const listed = await grpc.call(
      'GrantsService',
      'ListGrants',
      { user: 'grpc-grants@example.com', showInherited: true },
      adminKey,
    );
    assert.equal(listed.items.length, 1);
    await grpc.call(
      'GrantsService',
      'DeleteGrants',
      { user: 'grpc-grants@example.com', privilege: 'edit', resource: 'dev' },
      adminKey,
    );
    await rejectsWith(
      grpc.call(
        'GrantsService',
        'DeleteGrants',
        { user: 'grpc-grants@example.com', privilege: 'edit', resource: 'dev' },
        adminKey,
      ),
      status.NOT_FOUND,
    );
  });

  it('issues tokens that verify with the served keys, and audits with ids in proto spelling', async () => {
    const created = await grpc.call('DestinationsService', 'CreateDestination', { name: 'grpc-cluster' }, adminKey);
    assert.equal(created.connector.userName, 'connector:grpc-cluster');
    // Tokens are signed only for a destination where the caller holds a grant.
    await grpc.call(
      'GrantsService',
      'CreateGrant',
      { user: 'admin', privilege: 'connect', resource: 'grpc-cluster' },
      adminKey,
    );
    const token = await grpc.call('TokensService', 'CreateToken', { destination: 'grpc-cluster' }, adminKey);
    const jwks = await grpc.call('TokensService', 'GetJwks', {});
    const keys = new Map<string, PublicSigningKey>(
      jwks.keys.map((k: { kid: string }) => [k.kid, { kid: k.kid, jwk: k }]),
    );
    const claims = await verifyToken(token.token, keys, { audience: 'grpc-cluster' });
    assert.equal(claims.name, 'admin');
    const audit = await grpc.call('AuditService', 'ListAudit', { action: 'destinations.create' }, adminKey);
    assert.equal(audit.items[0].targetName, 'grpc-cluster');
    assert.ok(audit.items[0].actorId);
    assert.deepEqual(JSON.parse(audit.items[0].detailsJson), {});
  });

  it('logs in and out', async () => {
    const login = await grpc.call('AuthService', 'Login', { accessKey: adminKey });
    assert.equal(login.name, 'admin');
    await grpc.call('AuthService', 'Logout', {}, login.accessKey);
    await rejectsWith(grpc.call('UsersService', 'GetSelf', {}, login.accessKey), status.UNAUTHENTICATED);
  });
});
