// Field presence over the gRPC admin API. The server decodes with libs/proto's options (defaults and oneofs on):
// a plain field the client left out arrives as its zero value, a proto3 `optional` one carries its presence.
// These pin what that means for partial updates: left out stays as it was; an optional field set to its zero
// value is a value, checked as one.
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { adminGrpcClient } from '../testing/grpc-client.js';
import { useAdminServer } from '../testing/mocha.js';
import { providerLogin } from '../testing/fixtures.js';
import { startTestOidcProvider, type TestOidcProvider } from '../testing/oidc-provider.js';

/** The first field error of an INVALID_ARGUMENT answer. */
async function fieldError(promise: Promise<unknown>): Promise<{ field: string; errors: string[] }> {
  try {
    await promise;
  } catch (e) {
    const err = e as ServiceError;
    assert.equal(err.code, status.INVALID_ARGUMENT, err.message);
    return JSON.parse(String(err.metadata.get('infra-field-errors')[0]))[0];
  }
  assert.fail('expected INVALID_ARGUMENT');
}
const invalidField = async (promise: Promise<unknown>) => (await fieldError(promise)).field;

describe('gRPC field presence in partial updates', function () {
  this.timeout(60_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  let grpc: ReturnType<typeof adminGrpcClient>;
  before(async () => {
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'presence-sub', email: 'presence@example.com' });
    grpc = adminGrpcClient(t.server.grpcAddress!);
  });
  after(() => {
    grpc?.close();
    return idp?.stop();
  });

  it('UpdateProvider keeps the fields left out, and refuses an optional field set to its zero value', async () => {
    const key = t.server.adminKey;
    const created = await grpc.call(
      'ProvidersService',
      'CreateProvider',
      { name: 'presence-idp', url: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
      key,
    );
    assert.equal(created.kind, 'oidc'); // left out: the default kind

    // Only the issuer: client id and secret stay (a login needs both at the provider's token endpoint).
    const updated = await grpc.call('ProvidersService', 'UpdateProvider', { id: created.id, url: idp.issuer }, key);
    assert.equal(updated.clientId, idp.clientId);
    await providerLogin(t.admin.as(undefined), idp, 'presence-idp', 'presence-sub');

    // Set to '' is given, not left out: checked (and refused) as a value, and nothing changes.
    assert.equal(
      await invalidField(grpc.call('ProvidersService', 'UpdateProvider', { id: created.id, clientSecret: '' }, key)),
      'clientSecret',
    );
    assert.equal(
      await invalidField(grpc.call('ProvidersService', 'UpdateProvider', { id: created.id, url: '' }, key)),
      'url',
    );
    const after = await grpc.call('ProvidersService', 'GetProvider', { id: created.id }, key);
    assert.equal(after.url, updated.url);
    assert.equal(after.clientId, idp.clientId);
    await providerLogin(t.admin.as(undefined), idp, 'presence-idp', 'presence-sub');
  });

  it('SetPassword without a password is refused and leaves the password as it was', async () => {
    const key = t.server.adminKey;
    const user = await grpc.call('UsersService', 'CreateUser', { name: 'presence-user@example.com' }, key);
    // A plain proto3 field has no presence: left out and '' are one thing, a missing password (as REST says
    // of a body without one), never an empty password checked for length.
    for (const request of [{ id: user.id }, { id: user.id, password: '' }]) {
      const error = await fieldError(grpc.call('UsersService', 'SetPassword', request, key));
      assert.equal(error.field, 'password');
      assert.ok(error.errors.includes('password must be a string'), JSON.stringify(error));
    }
    const login = await grpc.call('AuthService', 'Login', {
      name: 'presence-user@example.com',
      password: user.oneTimePassword,
    });
    assert.equal(login.userId, user.id);
    assert.equal(login.passwordUpdateRequired, true);
  });

  it('an optional number set to 0 is a value (refused as a page size); left out it takes the default', async () => {
    const key = t.server.adminKey;
    assert.equal(await invalidField(grpc.call('UsersService', 'ListUsers', { limit: 0 }, key)), 'limit');
    const all = await grpc.call('UsersService', 'ListUsers', {}, key);
    assert.ok(all.items.length >= 1);
  });
});
