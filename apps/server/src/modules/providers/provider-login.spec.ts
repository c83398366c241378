// Browser login through a real OIDC provider (oidc-provider in this process): the server makes the authorization URL,
// the test signs in at the provider as a browser would, and posts the code and state like the CLI does.
import assert from 'node:assert/strict';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import type { TestClient } from '../../testing/test-client.js';

const REDIRECT = 'http://127.0.0.1:8301/callback';

describe('logging in through an identity provider', function () {
  this.timeout(20_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  let anon: TestClient;
  before(async () => {
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'alice-sub', email: 'Alice@Example.com' });
    idp.addUser({ id: 'unverified-sub', email: 'unverified@example.com', emailVerified: false });
    const res = await t.admin.post('/api/providers', {
      name: 'test-idp',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    anon = t.admin.as(undefined);
  });
  after(() => idp?.stop());

  /** GET .../login, then sign in at the provider: the parameters the CLI's callback would receive. */
  async function signIn(user: string, tamper?: (authUrl: URL) => void) {
    const start = await anon.get(`/api/providers/test-idp/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
    assert.equal(start.status, 200, JSON.stringify(start.body));
    const authUrl = new URL(start.body.url);
    tamper?.(authUrl);
    const callback = await idp.signIn(authUrl.toString(), user);
    assert.equal(callback.origin + callback.pathname, REDIRECT);
    const p = Object.fromEntries(callback.searchParams);
    assert.ok(p.code, `no code in ${callback}`);
    return { provider: 'test-idp', code: p.code!, state: p.state!, iss: p.iss, redirectURI: REDIRECT };
  }

  it('the authorization URL asks for a code with PKCE (S256), a state and a nonce, for the given redirect URI', async () => {
    const res = await anon.get(`/api/providers/test-idp/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const url = new URL(res.body.url);
    assert.equal(url.origin, idp.issuer);
    const q = url.searchParams;
    assert.deepEqual(
      [q.get('response_type'), q.get('client_id'), q.get('redirect_uri'), q.get('code_challenge_method')],
      ['code', idp.clientId, REDIRECT, 'S256'],
    );
    assert.match(q.get('scope')!, /\bopenid\b.*\bemail\b/);
    assert.equal(q.get('state'), res.body.state);
    assert.ok(q.get('nonce') && q.get('code_challenge'));
    assert.ok(!res.body.url.includes(idp.clientSecret));
  });

  it('a first login creates the user by verified e-mail and returns a session that works', async () => {
    const oidc = await signIn('alice-sub');
    const res = await anon.post('/api/login', { oidc });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.name, 'alice@example.com');
    assert.ok(res.body.expires, 'a provider login makes a session, which expires');
    const self = await anon.as(res.body.accessKey).get('/api/users/self');
    assert.equal(self.status, 200);
    assert.equal(self.body.name, 'alice@example.com');
    const again = await anon.post('/api/login', { oidc: await signIn('alice-sub') });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.userID, res.body.userID, 'a second login made another user');
  });

  it('the gRPC Login finishes a browser login too', async () => {
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      const { redirectURI, ...rest } = await signIn('alice-sub');
      const reply = (await grpc.call('AuthService', 'Login', { oidc: { ...rest, redirectUri: redirectURI } })) as {
        name: string;
        accessKey: string;
      };
      assert.equal(reply.name, 'alice@example.com');
      assert.equal((await anon.as(reply.accessKey).get('/api/users/self')).status, 200);
    } finally {
      grpc.close();
    }
  });

  it('a state used once does not work again (replayed callback)', async () => {
    const oidc = await signIn('alice-sub');
    assert.equal((await anon.post('/api/login', { oidc })).status, 201);
    const replay = await anon.post('/api/login', { oidc });
    assert.equal(replay.status, 401, JSON.stringify(replay.body));
    assert.match(replay.body.message, /unknown, expired or already used: run `infra login --provider test-idp` again/);
  });

  it('a code used once is refused by the provider even with a fresh state', async () => {
    const first = await signIn('alice-sub');
    assert.equal((await anon.post('/api/login', { oidc: first })).status, 201);
    const fresh = await signIn('alice-sub');
    const replay = await anon.post('/api/login', { oidc: { ...fresh, code: first.code } });
    assert.equal(replay.status, 401, JSON.stringify(replay.body));
    assert.match(replay.body.message, /^test-idp refused the login: invalid_grant/);
  });

  it('a made-up state or a state for another redirect URI is 401, never 500', async () => {
    const oidc = await signIn('alice-sub');
    const made = await anon.post('/api/login', { oidc: { ...oidc, state: 'made-up' } });
    assert.equal(made.status, 401, JSON.stringify(made.body));
    const other = await anon.post('/api/login', {
      oidc: { ...(await signIn('alice-sub')), redirectURI: 'http://127.0.0.1:9999/callback' },
    });
    assert.equal(other.status, 401, JSON.stringify(other.body));
  });

  it('an ID token whose nonce is not the one the server made is refused', async () => {
    const oidc = await signIn('alice-sub', (u) => u.searchParams.set('nonce', 'attacker-nonce'));
    const res = await anon.post('/api/login', { oidc });
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.match(res.body.message, /^test-idp refused the login: .*nonce/);
  });

  it('a user whose e-mail the provider has not verified is refused, and no user is made', async () => {
    const res = await anon.post('/api/login', { oidc: await signIn('unverified-sub') });
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(
      res.body.message,
      'test-idp has not verified unverified@example.com: verify it there, then log in again',
    );
    assert.equal((await t.admin.get('/api/users?name=unverified@example.com')).body.items.length, 0);
  });

  it('failed logins are audited with the provider and the reason, never the code', async () => {
    const oidc = await signIn('alice-sub');
    await anon.post('/api/login', { oidc: { ...oidc, state: 'audited-state' } });
    const rows = (await t.admin.get('/api/audit?action=auth.login_failed&limit=1000')).body.items as {
      targetName: string;
      details: { reason: string };
    }[];
    assert.ok(
      rows.some((r) => r.targetName === 'test-idp' && r.details.reason === 'unknown state'),
      JSON.stringify(rows),
    );
    assert.ok(!JSON.stringify(rows).includes(oidc.code));
  });

  it('an unknown provider is 404, a bad redirect URI 400, and mixing oidc with a password 400', async () => {
    assert.equal(
      (await anon.get(`/api/providers/nope/login?redirect_uri=${encodeURIComponent(REDIRECT)}`)).status,
      404,
    );
    assert.equal((await anon.get('/api/providers/test-idp/login?redirect_uri=nope')).status, 400);
    assert.equal((await anon.get('/api/providers/test-idp/login')).status, 400);
    const mixed = await anon.post('/api/login', {
      name: 'a@example.com',
      password: 'x',
      oidc: { provider: 'test-idp', code: 'c', state: 's', redirectURI: REDIRECT },
    });
    assert.equal(mixed.status, 400, JSON.stringify(mixed.body));
    const partial = await anon.post('/api/login', { oidc: { provider: 'test-idp' } });
    assert.equal(partial.status, 400, JSON.stringify(partial.body));
    assert.match(partial.body.fieldErrors[0].field, /^oidc\./);
  });
});
