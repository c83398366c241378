// Provider logins are throttled per person too, not only per address: the person is known once the provider has
// answered, so the count is taken then (a person on many addresses still gets only their share of a window).
import assert from 'node:assert/strict';
import { useTestServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import { TestClient } from '../../testing/test-client.js';
import type { TestServer } from '../../testing/test-server.js';

const REDIRECT = 'http://127.0.0.1:8301/callback';
const PER_NAME = 2;

describe('throttling of provider logins per person', function () {
  this.timeout(30_000);
  let server: TestServer;
  let anon: TestClient;
  let idp: TestOidcProvider;

  useTestServer(
    // Addresses may make plenty of attempts here: only the per-person limit is under test.
    { env: { INFRA_THROTTLE_WINDOW: '600', INFRA_LOGIN_PER_NAME: String(PER_NAME), INFRA_LOGIN_PER_ADDRESS: '100' } },
    async (s) => {
      server = s;
      const admin = new TestClient(server.url, server.adminKey);
      anon = admin.as(undefined);
      idp = await startTestOidcProvider();
      idp.addUser({ id: 'busy-sub', email: 'Busy@Example.com' });
      idp.addUser({ id: 'calm-sub', email: 'calm@example.com' });
      const res = await admin.post('/api/providers', {
        name: 'idp',
        url: idp.issuer,
        clientID: idp.clientId,
        clientSecret: idp.clientSecret,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    },
  );
  after(() => idp?.stop());

  /** A whole browser login as `sub`: start, sign in at the provider, hand the code to the server. */
  async function providerLogin(sub: string) {
    const start = await anon.get(`/api/providers/idp/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
    assert.equal(start.status, 200, JSON.stringify(start.body));
    const p = Object.fromEntries((await idp.signIn(start.body.url, sub)).searchParams);
    const oidc = { provider: 'idp', code: p.code, state: p.state, iss: p.iss, redirectURI: REDIRECT };
    return anon.post('/api/login', { oidc });
  }

  it(`a person gets ${PER_NAME} provider logins a window; the next gets 429 with Retry-After, others still log in`, async () => {
    for (let i = 1; i <= PER_NAME; i++) {
      const ok = await providerLogin('busy-sub');
      assert.equal(ok.status, 201, `login ${i} of ${PER_NAME}: ${JSON.stringify(ok.body)}`);
    }
    const over = await providerLogin('busy-sub');
    assert.equal(over.status, 429, JSON.stringify(over.body));
    assert.match(over.body.message, /too many login attempts for "busy@example\.com"; try again in \d+ s/);
    assert.ok(Number(over.headers.get('retry-after')) > 0, 'a 429 says when to try again');
    const other = await providerLogin('calm-sub');
    assert.equal(other.status, 201, `another person is not throttled: ${JSON.stringify(other.body)}`);
  });
});
