// Credentials travel only in the Authorization header: passport-http-bearer would also read `access_token` from the
// URL (which ends up in logs) and the body, and an array there was a 500.
import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';

describe('only the Authorization header carries credentials', function () {
  this.timeout(20_000);
  const t = useAdminServer();

  it('?access_token= in the URL is not a credential', async () => {
    const res = await t.admin
      .as(undefined)
      .get(`/api/users/self?access_token=${encodeURIComponent(t.server.adminKey)}`);
    assert.equal(res.status, 401, JSON.stringify(res.body));
  });

  it('access_token in the body is not a credential', async () => {
    const res = await t.admin.as(undefined).post('/api/keys', { access_token: t.server.adminKey });
    assert.equal(res.status, 401, JSON.stringify(res.body));
  });

  it('an array access_token is a 4xx, never a 500', async () => {
    const k = encodeURIComponent(t.server.adminKey);
    const res = await t.admin.as(undefined).get(`/api/users/self?access_token=${k}&access_token=${k}`);
    assert.equal(res.status, 401, JSON.stringify(res.body));
    const body = await t.admin
      .as(undefined)
      .post('/api/keys', { access_token: [t.server.adminKey, t.server.adminKey] });
    assert.equal(body.status, 401, JSON.stringify(body.body));
  });
});
