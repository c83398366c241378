// Credentials travel only in the Authorization header: passport-http-bearer would also read `access_token` from the
// URL (which ends up in logs) and the body, and an array there was a 500.
import assert from 'node:assert/strict';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';

describe('only the Authorization header carries credentials', function () {
  this.timeout(20_000);
  let server: TestServer;
  let admin: TestClient;

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  it('?access_token= in the URL is not a credential', async () => {
    const res = await admin.as(undefined).get(`/api/users/self?access_token=${encodeURIComponent(server.adminKey)}`);
    assert.equal(res.status, 401, JSON.stringify(res.body));
  });

  it('access_token in the body is not a credential', async () => {
    const res = await admin.as(undefined).post('/api/keys', { access_token: server.adminKey });
    assert.equal(res.status, 401, JSON.stringify(res.body));
  });

  it('an array access_token is a 4xx, never a 500', async () => {
    const k = encodeURIComponent(server.adminKey);
    const res = await admin.as(undefined).get(`/api/users/self?access_token=${k}&access_token=${k}`);
    assert.equal(res.status, 401, JSON.stringify(res.body));
    const body = await admin.as(undefined).post('/api/keys', { access_token: [server.adminKey, server.adminKey] });
    assert.equal(body.status, 401, JSON.stringify(body.body));
  });
});
