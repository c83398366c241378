import assert from 'node:assert/strict';
import { useAdminServer } from '../../testing/mocha.js';
import { grantInfraRole } from '../../testing/fixtures.js';

/** A browser: keeps the cookies the server sets (name → value; an expired Set-Cookie removes one). */
class CookieJar {
  readonly cookies = new Map<string, string>();
  readonly lastSetCookie: string[] = [];

  constructor(private readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    opts: { body?: unknown; csrf?: string | 'from-cookie'; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const csrf = opts.csrf === 'from-cookie' ? this.cookies.get('infra_csrf') : opts.csrf;
    if (csrf !== undefined) headers['x-csrf-token'] = csrf;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    this.lastSetCookie.splice(0, Infinity, ...res.headers.getSetCookie());
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const [name, value] = [
        pair!.slice(0, pair!.indexOf('=')),
        decodeURIComponent(pair!.slice(pair!.indexOf('=') + 1)),
      ];
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  setCookie(line: string): string | undefined {
    return this.lastSetCookie.find((l) => l.startsWith(`${line}=`));
  }
}

describe('browser sessions: cookie sign-in and CSRF', function () {
  this.timeout(120_000);
  const t = useAdminServer();
  const password = 'a long enough password';
  let userId: string;

  before(async () => {
    const created = await t.admin.post('/api/users', { name: 'webby@example.com', password });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    userId = created.body.id;
    // The password given at creation is one-time: change it once with a key-less session.
    const jar = new CookieJar(t.server.url);
    assert.equal(
      (await jar.request('POST', '/api/session', { body: { name: 'webby@example.com', password } })).status,
      201,
    );
    assert.equal(
      (await jar.request('PUT', `/api/users/${userId}`, { body: { password }, csrf: 'from-cookie' })).status,
      200,
    );
  });

  async function signedIn(): Promise<CookieJar> {
    const jar = new CookieJar(t.server.url);
    const res = await jar.request('POST', '/api/session', { body: { name: 'webby@example.com', password } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return jar;
  }

  it('signing in sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie, and no key in the body', async () => {
    const jar = new CookieJar(t.server.url);
    const res = await jar.request('POST', '/api/session', { body: { name: 'webby@example.com', password } });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, {
      userID: userId,
      name: 'webby@example.com',
      role: 'user',
      passwordUpdateRequired: false,
    });
    const session = jar.setCookie('infra_session');
    const csrf = jar.setCookie('infra_csrf');
    assert.ok(session && csrf, jar.lastSetCookie.join('\n'));
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; SameSite=Lax/);
    assert.match(session, /; Path=\//);
    assert.doesNotMatch(session, /; Secure/, 'plain HTTP: a Secure cookie would never come back');
    assert.doesNotMatch(csrf, /HttpOnly/);
    assert.match(session, /; Expires=/, 'the cookie ends with the session');
  });

  it('the cookies are Secure when the browser came over TLS', async () => {
    const jar = new CookieJar(t.server.url);
    // Behind a TLS-terminating proxy on loopback (trust proxy), X-Forwarded-Proto says how the browser came.
    const res = await jar.request('POST', '/api/session', {
      body: { name: 'webby@example.com', password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(res.status, 201);
    assert.match(jar.setCookie('infra_session')!, /; Secure/);
    assert.match(jar.setCookie('infra_csrf')!, /; Secure/);
  });

  it('a wrong password sets no cookie', async () => {
    const jar = new CookieJar(t.server.url);
    assert.equal(
      (await jar.request('POST', '/api/session', { body: { name: 'webby@example.com', password: 'wrong password!' } }))
        .status,
      401,
    );
    assert.equal(jar.cookies.size, 0);
  });

  it('a cross-site form post cannot sign a browser in (login CSRF): only JSON is read', async () => {
    const res = await fetch(`${t.server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'webby@example.com', password }).toString(),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.headers.getSetCookie(), []);
  });

  it('the cookie authenticates reads without a CSRF token', async () => {
    const jar = await signedIn();
    const res = await jar.request('GET', '/api/session');
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'webby@example.com');
    assert.equal((await jar.request('GET', '/api/grants')).status, 200);
  });

  it('a change made with the cookie but without the CSRF token is refused with 403', async () => {
    const jar = await signedIn();
    const res = await jar.request('POST', '/api/keys', { body: { userID: userId, name: 'no-csrf' } });
    assert.equal(res.status, 403);
    assert.match(res.body.message, /x-csrf-token/);
    const wrong = await jar.request('POST', '/api/keys', {
      body: { userID: userId, name: 'bad-csrf' },
      csrf: 'x'.repeat(43),
    });
    assert.equal(wrong.status, 403);
    // Another session's token does not fit this one.
    const other = await signedIn();
    assert.equal(
      (
        await jar.request('POST', '/api/keys', {
          body: { userID: userId, name: 'other-csrf' },
          csrf: other.cookies.get('infra_csrf'),
        })
      ).status,
      403,
    );
  });

  it('a change made with the cookie and its CSRF token goes through', async () => {
    const jar = await signedIn();
    const res = await jar.request('POST', '/api/keys', {
      body: { userID: userId, name: 'with-csrf' },
      csrf: 'from-cookie',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  it('a Bearer client needs no CSRF token, and its header wins over any cookie', async () => {
    const jar = await signedIn();
    const res = await jar.request('POST', '/api/users', {
      body: { name: 'bearer-made' },
      headers: { authorization: `Bearer ${t.server.adminKey}` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.name, 'bearer-made');
  });

  it('an access key in the session cookie is refused: the cookie carries browser sessions only', async () => {
    const jar = new CookieJar(t.server.url);
    jar.cookies.set('infra_session', t.server.adminKey);
    assert.equal((await jar.request('GET', '/api/session')).status, 401);
  });

  it('signing out ends the session and clears both cookies', async () => {
    const jar = await signedIn();
    const stolen = new Map(jar.cookies);
    assert.equal((await jar.request('DELETE', '/api/session', { csrf: 'from-cookie' })).status, 204);
    assert.match(jar.setCookie('infra_session')!, /Expires=Thu, 01 Jan 1970/);
    assert.match(jar.setCookie('infra_csrf')!, /Expires=Thu, 01 Jan 1970/);
    assert.equal(jar.cookies.size, 0);
    // The old cookie no longer works, and the 401 tells the browser to drop it.
    const replay = new CookieJar(t.server.url);
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    assert.equal((await replay.request('GET', '/api/session')).status, 401);
    assert.match(replay.setCookie('infra_session') ?? '', /Expires=Thu, 01 Jan 1970/);
  });

  it('signing out is a change: without the CSRF token it is refused', async () => {
    const jar = await signedIn();
    assert.equal((await jar.request('DELETE', '/api/session')).status, 403);
    assert.equal((await jar.request('GET', '/api/session')).status, 200);
  });

  it('a one-time password session is held to the change, which it makes with its CSRF token', async () => {
    const created = await t.admin.post('/api/users', { name: 'fresh@example.com' });
    const jar = new CookieJar(t.server.url);
    const res = await jar.request('POST', '/api/session', {
      body: { name: 'fresh@example.com', password: created.body.oneTimePassword },
    });
    assert.equal(res.body.passwordUpdateRequired, true);
    assert.equal((await jar.request('GET', '/api/session')).body.passwordUpdateRequired, true);
    assert.equal((await jar.request('GET', '/api/grants')).status, 403);
    const changed = await jar.request('PUT', `/api/users/${created.body.id}`, {
      body: { password: 'my own password 1' },
      csrf: 'from-cookie',
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((await jar.request('GET', '/api/session')).body.passwordUpdateRequired, false);
    assert.equal((await jar.request('GET', '/api/grants')).status, 200);
  });

  it("GET /api/session tells the UI the caller's role", async () => {
    await grantInfraRole(t.admin, 'webby@example.com', 'admin');
    const jar = await signedIn();
    assert.equal((await jar.request('GET', '/api/session')).body.role, 'admin');
  });
});
