// Throws malformed JSON, wrong types, huge strings and unicode at every route that takes input, as an
// admin (so requests get past authorisation to validation and the services): never a 500.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { TestServer } from '../testing/test-server.js';
import { useTestServer } from '../testing/mocha.js';
import { TestClient } from '../testing/test-client.js';

const BODY_ROUTES = [
  'POST /api/login', 'POST /api/users', 'PUT /api/users/:id', 'POST /api/keys', 'POST /api/groups',
  'PATCH /api/groups/:id/users', 'POST /api/grants', 'POST /api/destinations', 'POST /api/tokens',
];
const QUERY_ROUTES = [
  'GET /api/users', 'GET /api/keys', 'GET /api/groups', 'GET /api/grants', 'DELETE /api/grants', 'GET /api/destinations',
  'GET /api/audit', 'GET /api/groups/:id/users',
];
const FIELDS = ['name', 'password', 'oldPassword', 'accessKey', 'user', 'group', 'privilege', 'resource', 'expiresAt',
  'userID', 'expiry', 'inactivityTimeout', 'destination', 'usersToAdd', 'usersToRemove', 'limit', 'cursor',
  'showInherited', 'action', 'actorID', '__proto__', 'constructor'];

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '💥', 'ǅ', '../../etc/passwd', "' OR 1=1 --", 'infra', 'admin', '', ' '),
  fc.string({ minLength: 300, maxLength: 5000 }),
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 6 }),
  fc.jsonValue(),
);
const raw = fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,', 'null', '"str"', '{"name":"x"}}', '\u0000'));
const query = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 20 })), { maxKeys: 4 });

/** A valid body per route: the targeted property spoils one field of it at a time. */
const VALID: Record<string, Record<string, unknown>> = {
  'POST /api/login': { name: 'admin', password: 'password1' },
  'POST /api/users': { name: 'fuzz-bot', password: 'password1' },
  'PUT /api/users/:id': { password: 'password1', oldPassword: 'password0' },
  'POST /api/keys': { name: 'fuzz', expiry: 3600, inactivityTimeout: 600 },
  'POST /api/groups': { name: 'fuzz' },
  'PATCH /api/groups/:id/users': { usersToAdd: ['admin'], usersToRemove: [] },
  'POST /api/grants': { user: 'admin', privilege: 'view', resource: 'fuzz', expiresAt: '2999-01-01T00:00:00Z' },
  'POST /api/destinations': { name: 'fuzz' },
  'POST /api/tokens': { destination: 'fuzz' },
};

function split(route: string): [string, string] {
  const [method, path] = route.split(' ') as [string, string];
  return [method, path.replace(':id', randomUUID())];
}

describe('bad input never causes a 500', function () {
  this.timeout(180_000);
  let server: TestServer;
  let admin: TestClient;

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  it('JSON bodies of the wrong shape and type get a 4xx', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), body, async (route, b) => {
      const [method, path] = split(route);
      const res = await admin.request(method, path, b);
      assert.ok(res.status < 500, `${route} ${JSON.stringify(b).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`);
    }), { numRuns: 100 });
  });

  it('a valid body with one field spoiled gets a 4xx', async () => {
    const spoiled = fc.constantFrom(...BODY_ROUTES).chain((route) =>
      fc.tuple(fc.constant(route), fc.constantFrom(...Object.keys(VALID[route]!)), nasty));
    await fc.assert(fc.asyncProperty(spoiled, async ([route, field, value]) => {
      const [method, path] = split(route);
      const b = { ...VALID[route], [field]: value };
      const res = await admin.request(method, path, b);
      assert.ok(res.status < 500, `${route} ${JSON.stringify(b).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`);
    }), { numRuns: 120 });
  });

  it('query filters holding NUL or odd unicode get a 4xx or an answer', async () => {
    for (const route of QUERY_ROUTES) {
      for (const value of ['a\u0000b', '\ud800', '💥', 'x'.repeat(3000)]) {
        for (const field of ['name', 'user', 'resource', 'cursor']) {
          const [method, path] = split(route);
          const res = await admin.request(method, `${path}?${new URLSearchParams({ [field]: value })}`);
          assert.ok(res.status < 500, `${route}?${field}=${JSON.stringify(value).slice(0, 40)} → ${res.status}`);
        }
      }
    }
  });

  it('malformed JSON gets a 400', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), raw, async (route, text) => {
      const [method, path] = split(route);
      const res = await admin.request(method, path, undefined, text);
      assert.ok(res.status < 500, `${route} ${JSON.stringify(text)} → ${res.status}`);
    }), { numRuns: 60 });
  });

  it('query strings of any content get a 4xx or an answer', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...QUERY_ROUTES), query, async (route, q) => {
      const [method, path] = split(route);
      const qs = new URLSearchParams(q as Record<string, string>).toString();
      const res = await admin.request(method, `${path}?${qs}`);
      assert.ok(res.status < 500, `${route}?${qs} → ${res.status} ${JSON.stringify(res.body)}`);
    }), { numRuns: 100 });
  });

  it('a body over the size limit is a 413', async () => {
    const res = await admin.post('/api/users', { name: 'x'.repeat(200_000) });
    assert.equal(res.status, 413);
  });
});
