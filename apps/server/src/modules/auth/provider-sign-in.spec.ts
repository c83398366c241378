// The web UI's provider sign-in against a real OIDC provider (oidc-provider in this process): the browser's part is
// played by fetch with redirects followed by hand, carrying cookies as a browser would.
import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';

const CALLBACK_PATH = '/api/session/providers/test-idp/callback';

/** The cookies a response sets, by name (value as sent; an expired one as ''). */
function setCookies(res: Response): Map<string, string> {
  return new Map(
    res.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      return [pair!.slice(0, eq), decodeURIComponent(pair!.slice(eq + 1))];
    }),
  );
}

describe('signing in to the web UI through an identity provider', function () {
  this.timeout(20_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  before(async () => {
    // A loopback redirect URI matches whatever the port (RFC 8252), so the server's callback is registered as is.
    idp = await startTestOidcProvider({ redirectUris: [`http://127.0.0.1${CALLBACK_PATH}`] });
    idp.addUser({ id: 'alice-sub', email: 'alice@example.com' });
    const res = await t.admin.post('/api/providers', {
      name: 'test-idp',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(() => idp?.stop());

  const get = (path: string, cookie = '') =>
    fetch(new URL(path, t.server.url), { redirect: 'manual', headers: { cookie } });

  /** Starts at the server, signs in at the provider: the callback URL and the state cookie the browser holds. */
  async function startAndSignIn(): Promise<{ callback: URL; stateCookie: string }> {
    const start = await get('/api/session/providers/test-idp');
    assert.equal(start.status, 302, await start.text());
    const authUrl = new URL(start.headers.get('location')!);
    assert.equal(authUrl.origin, idp.issuer);
    assert.equal(authUrl.searchParams.get('redirect_uri'), `${t.server.url}${CALLBACK_PATH}`);
    const stateCookie = setCookies(start).get('infra_login_state')!;
    assert.equal(stateCookie, authUrl.searchParams.get('state'), 'the browser holds the state of the login it started');
    const callback = await idp.signIn(authUrl.toString(), 'alice-sub');
    assert.equal(callback.pathname, CALLBACK_PATH);
    return { callback, stateCookie };
  }

  it('ends in a cookie session for the user the provider vouches for, back on the web UI', async () => {
    const { callback, stateCookie } = await startAndSignIn();
    const back = await get(callback.toString(), `infra_login_state=${stateCookie}`);
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), '/');
    const cookies = setCookies(back);
    const session = cookies.get('infra_session');
    assert.ok(session, `no session cookie in ${back.headers.getSetCookie().join(' | ')}`);
    assert.ok(back.headers.getSetCookie().some((c) => c.startsWith('infra_session=') && /HttpOnly/i.test(c)));
    const me = await get('/api/session', `infra_session=${session}`);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { name: string }).name, 'alice@example.com');
  });

  it('refuses a callback this browser did not start (login CSRF), with the reason for the sign-in page', async () => {
    const { callback } = await startAndSignIn();
    for (const cookie of ['', 'infra_login_state=some-other-state']) {
      const back = await get(callback.toString(), cookie);
      assert.equal(back.status, 303);
      const cookies = setCookies(back);
      assert.equal(cookies.get('infra_session'), undefined, `signed in with cookie "${cookie}"`);
      assert.match(cookies.get('infra_sign_in_error') ?? '', /not started in this browser/);
    }
  });

  it("shows the provider's refusal and an unknown provider as sentences on the sign-in page", async () => {
    const refused = await get(`${CALLBACK_PATH}?error=access_denied&error_description=the+user+said+no`);
    assert.equal(refused.status, 303);
    assert.equal(setCookies(refused).get('infra_sign_in_error'), 'test-idp refused the sign-in: the user said no');
    const unknown = await get('/api/session/providers/nope');
    assert.equal(unknown.status, 303);
    assert.equal(setCookies(unknown).get('infra_sign_in_error'), 'identity provider "nope" not found');
    const noCode = await get(`${CALLBACK_PATH}?state=x`, 'infra_login_state=x');
    assert.match(setCookies(noCode).get('infra_sign_in_error') ?? '', /without a code/);
  });

  it('a state works once: the same callback again signs nobody in', async () => {
    const { callback, stateCookie } = await startAndSignIn();
    const first = await get(callback.toString(), `infra_login_state=${stateCookie}`);
    assert.ok(setCookies(first).get('infra_session'));
    const again = await get(callback.toString(), `infra_login_state=${stateCookie}`);
    assert.equal(setCookies(again).get('infra_session'), undefined);
    assert.match(setCookies(again).get('infra_sign_in_error') ?? '', /unknown, expired or already used/);
  });
});
