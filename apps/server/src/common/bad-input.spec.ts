// Throws malformed JSON, wrong types, huge strings and unicode at every route that takes input, as an
// admin (so requests get past authorisation to validation and the services): never a 500.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { TestServer } from '../testing/test-server.js';
import { useTestServer } from '../testing/mocha.js';
import { TestClient } from '../testing/test-client.js';

const BODY_ROUTES = [
  'POST /api/login',
  'POST /api/users',
  'PUT /api/users/:id',
  'POST /api/keys',
  'POST /api/groups',
  'PATCH /api/groups/:id/users',
  'POST /api/grants',
  'POST /api/destinations',
  'POST /api/tokens',
];
const QUERY_ROUTES = [
  'GET /api/users',
  'GET /api/keys',
  'GET /api/groups',
  'GET /api/grants',
  'DELETE /api/grants',
  'GET /api/destinations',
  'GET /api/audit',
  'GET /api/groups/:id/users',
];
const FIELDS = [
  'name',
  'password',
  'oldPassword',
  'accessKey',
  'user',
  'group',
  'privilege',
  'resource',
  'expiresAt',
  'userID',
  'expiry',
  'inactivityTimeout',
  'destination',
  'usersToAdd',
  'usersToRemove',
  'limit',
  'cursor',
  'showInherited',
  'action',
  'actorID',
  '__proto__',
  'constructor',
];

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '💥',
    'ǅ',
    '../../etc/passwd',
    "' OR 1=1 --",
    'infra',
    'admin',
    '',
    ' ',
  ),
  fc.string({ minLength: 300, maxLength: 5000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 6 }), fc.jsonValue());
const raw = fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,', 'null', '"str"', '{"name":"x"}}', '\u0000'));
const query = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 20 })),
  { maxKeys: 4 },
);

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

/** `text` with each letter upper- or lower-case at random. */
function casings(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

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
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), body, async (route, b) => {
        const [method, path] = split(route);
        const res = await admin.request(method, path, b);
        assert.ok(
          res.status < 500,
          `${route} ${JSON.stringify(b).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('a valid body with one field spoiled gets a 4xx', async () => {
    const spoiled = fc
      .constantFrom(...BODY_ROUTES)
      .chain((route) => fc.tuple(fc.constant(route), fc.constantFrom(...Object.keys(VALID[route]!)), nasty));
    await fc.assert(
      fc.asyncProperty(spoiled, async ([route, field, value]) => {
        const [method, path] = split(route);
        const b = { ...VALID[route], [field]: value };
        const res = await admin.request(method, path, b);
        assert.ok(
          res.status < 500,
          `${route} ${JSON.stringify(b).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`,
        );
      }),
      { numRuns: 120 },
    );
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
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), raw, async (route, text) => {
        const [method, path] = split(route);
        const res = await admin.request(method, path, undefined, text);
        assert.ok(res.status < 500, `${route} ${JSON.stringify(text)} → ${res.status}`);
      }),
      { numRuns: 60 },
    );
  });

  it('query strings of any content get a 4xx or an answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERY_ROUTES), query, async (route, q) => {
        const [method, path] = split(route);
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        const res = await admin.request(method, `${path}?${qs}`);
        assert.ok(res.status < 500, `${route}?${qs} → ${res.status} ${JSON.stringify(res.body)}`);
      }),
      { numRuns: 100 },
    );
  });

  it('random user and group names get a 201 or a 4xx, and any casing of system: a 400 on name', async () => {
    const systemish = casings('system:').chain((prefix) => fc.string({ maxLength: 20 }).map((rest) => prefix + rest));
    const name = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      systemish,
      fc.emailAddress(),
      fc.stringMatching(/^[a-z0-9][-a-z0-9:._]{0,20}$/),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/users', '/api/groups'), name, async (path, n) => {
        const res = await admin.post(path, { name: n });
        assert.ok(res.status < 500, `${path} ${JSON.stringify(n)} → ${res.status} ${JSON.stringify(res.body)}`);
        if (/^system:/i.test(n)) {
          assert.equal(res.status, 400, `${path} ${JSON.stringify(n)} → ${res.status}`);
          assert.ok(
            res.body.fieldErrors.some((f: { field: string }) => f.field === 'name'),
            JSON.stringify(res.body),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an e-mail address in any casing is one user: 409 on create, the same user for grants, membership and login', async () => {
    const email = 'Casey.Jones@Example.org';
    const created = await admin.post('/api/users', { name: email, password: 'casey password' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const group = await admin.post('/api/groups', { name: 'caseys' });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(casings(email), async (spelled) => {
        const again = await admin.post('/api/users', { name: spelled });
        assert.equal(again.status, 409, `create ${spelled} → ${again.status}`);
        const grant = await admin.post('/api/grants', { user: spelled, privilege: 'view', resource: `casing-${n++}` });
        assert.equal(grant.status, 201, `grant to ${spelled} → ${grant.status} ${JSON.stringify(grant.body)}`);
        assert.equal(grant.body.user, created.body.id, `grant to ${spelled} went to another user`);
        const member = await admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: [spelled] });
        assert.equal(member.status, 200, `add ${spelled} → ${member.status}`);
      }),
      { numRuns: 30 },
    );
    // Login hashes a password each time: a few spellings are enough.
    await fc.assert(
      fc.asyncProperty(casings(email), async (spelled) => {
        const login = await admin.as(undefined).post('/api/login', { name: spelled, password: 'casey password' });
        assert.equal(login.status, 201, `login as ${spelled} → ${login.status}`);
        assert.equal(login.body.userID, created.body.id);
      }),
      { numRuns: 3 },
    );
  });

  it('a body over the size limit is a 413', async () => {
    const res = await admin.post('/api/users', { name: 'x'.repeat(200_000) });
    assert.equal(res.status, 413);
  });
});
