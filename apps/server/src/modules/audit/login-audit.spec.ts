// Who got in and how: every login (password, access key, identity provider), every refused one, every token for a
// destination and every session end leaves a row in the admin audit log, with the method and reason but never a
// secret (password, key secret, provider code, token).
import assert from 'node:assert/strict';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import type { TestClient } from '../../testing/test-client.js';

interface Row {
  action: string;
  actorName: string | null;
  targetType: string;
  targetID: string | null;
  targetName: string | null;
  requestID: string | null;
  details: Record<string, unknown>;
}

const REDIRECT = 'http://127.0.0.1:8302/callback';

describe('audit of logins, tokens and session ends', function () {
  this.timeout(20_000);
  const t = useAdminServer();
  let anon: TestClient;
  let carol: TestUser;
  let password: string;
  let idp: TestOidcProvider;

  before(async () => {
    anon = t.admin.as(undefined);
    carol = await createUserWithKey(t.admin, 'carol@example.com');
    password = (await t.admin.post('/api/users', { name: 'dave@example.com' })).body.oneTimePassword;
    assert.equal((await t.admin.post('/api/destinations', { name: 'staging' })).status, 201);
    assert.equal(
      (await t.admin.post('/api/grants', { user: carol.name, privilege: 'view', resource: 'staging' })).status,
      201,
    );
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'erin-sub', email: 'erin@example.com' });
    const res = await t.admin.post('/api/providers', {
      name: 'audit-idp',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(() => idp?.stop());

  /** A request with our own X-Request-Id, to find its audit rows afterwards. */
  async function send(
    key: string | undefined,
    path: string,
    body: object,
    requestId: string,
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await fetch(t.server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  /** The audit rows a request with this X-Request-Id left. */
  async function rowsOf(requestId: string): Promise<Row[]> {
    const res = await t.admin.get<{ items: Row[] }>(`/api/audit?requestID=${requestId}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items;
  }

  async function login(requestId: string, body: object, status: number): Promise<{ accessKey: string; rows: Row[] }> {
    const res = await send(undefined, '/api/login', body, requestId);
    assert.equal(res.status, status, JSON.stringify(res.body));
    return { accessKey: res.body.accessKey, rows: await rowsOf(requestId) };
  }

  const loginRow = (rows: Row[]) => rows.find((r) => r.action === 'auth.login' || r.action === 'auth.login_failed');

  it('a password login names the user and the method; a wrong password is refused and audited without it', async () => {
    const ok = await login('login-password-ok', { name: 'dave@example.com', password }, 201);
    const row = loginRow(ok.rows)!;
    assert.deepEqual(
      [row.action, row.actorName, row.targetName, row.details.method],
      ['auth.login', 'dave@example.com', 'dave@example.com', 'password'],
    );
    const session = ok.rows.find((r) => r.action === 'sessions.create')!;
    assert.equal(row.details.sessionID, session.targetID, 'the login names the session it opened');

    const bad = await login('login-password-bad', { name: 'dave@example.com', password: 'not-the-password-xyz' }, 401);
    assert.deepEqual(
      bad.rows.map((r) => [r.action, r.targetName, r.details.method, r.details.reason]),
      [['auth.login_failed', 'dave@example.com', 'password', 'wrong password']],
    );
    assert.ok(!JSON.stringify(bad.rows).includes('not-the-password-xyz'));
  });

  it('an access-key login names the method; a wrong secret is audited by the key id alone', async () => {
    const ok = await login('login-key-ok', { accessKey: carol.key }, 201);
    assert.deepEqual([loginRow(ok.rows)!.actorName, loginRow(ok.rows)!.details.method], [carol.name, 'key']);

    const [keyId, secret] = carol.key.split('.') as [string, string];
    const wrong = `${keyId}.${'x'.repeat(secret.length)}`;
    const bad = await login('login-key-bad', { accessKey: wrong }, 401);
    assert.deepEqual(
      bad.rows.map((r) => [r.action, r.targetType, r.targetName, r.details.method, r.details.reason]),
      [['auth.login_failed', 'key', keyId, 'key', 'access key is not valid']],
    );

    // A secret given alone (no dot) is not written down, not even in part.
    const alone = await login('login-key-alone', { accessKey: secret }, 401);
    assert.deepEqual(
      alone.rows.map((r) => [r.targetName, r.details.reason]),
      [[null, 'access key is malformed']],
    );
    assert.ok(!JSON.stringify([...bad.rows, ...alone.rows]).includes(secret.slice(0, 8)));

    const session = await login('login-key-session', { accessKey: ok.accessKey }, 403);
    assert.deepEqual(
      session.rows.map((r) => [r.action, r.targetName]),
      [['auth.login_failed', carol.name]],
    );
  });

  it('a provider login names the method and the provider', async () => {
    const start = await anon.get(`/api/providers/audit-idp/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
    assert.equal(start.status, 200, JSON.stringify(start.body));
    const p = Object.fromEntries((await idp.signIn(start.body.url, 'erin-sub')).searchParams);
    const ok = await login(
      'login-provider-ok',
      { oidc: { provider: 'audit-idp', code: p.code, state: p.state, iss: p.iss, redirectURI: REDIRECT } },
      201,
    );
    const row = loginRow(ok.rows)!;
    assert.deepEqual(
      [row.actorName, row.details.method, row.details.provider],
      ['erin@example.com', 'provider', 'audit-idp'],
    );
    assert.ok(!JSON.stringify(ok.rows).includes(p.code!));
  });

  it('a token names the user, the destination and its expiry, never the token', async () => {
    const res = await send(carol.key, '/api/tokens', { destination: 'staging' }, 'token-issue');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const rows = await rowsOf('token-issue');
    assert.deepEqual(
      rows.map((r) => [r.action, r.actorName, r.targetType, r.targetName, r.details.expires]),
      [['tokens.issue', carol.name, 'destination', 'staging', res.body.expires]],
    );
    const jti = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString()).jti;
    assert.equal(rows[0]!.details.tokenID, jti);
    assert.ok(!JSON.stringify(rows).includes(res.body.token.split('.')[2]), 'no signature in the log');
  });

  it('a logout ends the session in the log', async () => {
    const { accessKey, rows } = await login('logout-login', { accessKey: carol.key }, 201);
    const res = await send(accessKey, '/api/logout', {}, 'logout-end');
    assert.equal(res.status < 300, true, JSON.stringify(res.body));
    assert.deepEqual(
      (await rowsOf('logout-end')).map((r) => [r.action, r.targetID]),
      [['sessions.delete', loginRow(rows)!.details.sessionID]],
    );
  });
});
