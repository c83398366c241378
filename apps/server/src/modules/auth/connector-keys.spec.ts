// A connector's key opens its destination's connector stream (connectors/*.spec.ts) and nothing else: REST and the
// gRPC admin API refuse it with a 403 that says why, and it cannot log in.
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { useAdminServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';

describe('connector keys', function () {
  this.timeout(20_000);
  const t = useAdminServer();

  let connector: TestClient;
  before(async () => {
    const res = await t.admin.post('/api/destinations', { name: 'conn-only' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    connector = t.admin.as(res.body.connector.accessKey);
  });

  it('a connector key is refused by REST with a 403 that says why', async () => {
    const calls: [string, Promise<{ status: number; body: any }>][] = [
      ['GET /api/users/self', connector.get('/api/users/self')],
      ['POST /api/keys', connector.post('/api/keys', { name: 'escape' })],
      ['POST /api/tokens', connector.post('/api/tokens', { destination: 'conn-only' })],
      ['GET /api/destinations', connector.get('/api/destinations')],
    ];
    for (const [name, call] of calls) {
      const res = await call;
      assert.equal(res.status, 403, `${name}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, /connector/, name);
    }
    const self = await t.admin.get('/api/users?name=connector:conn-only');
    const pw = await connector.put(`/api/users/${self.body.items[0].id}`, { password: 'a new password' });
    assert.equal(pw.status, 403, JSON.stringify(pw.body));
  });

  it('a connector key cannot log in', async () => {
    const res = await t.admin.as(undefined).post('/api/login', { accessKey: connector.key });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.match(res.body.message, /connector/);
  });

  it('a connector key is refused by the gRPC admin API', async () => {
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      await grpc.call('UsersService', 'GetSelf', {}, connector.key).then(
        () => assert.fail('GetSelf answered a connector key'),
        (e: ServiceError) => assert.equal(e.code, status.PERMISSION_DENIED, e.message),
      );
    } finally {
      grpc.close();
    }
  });
});
