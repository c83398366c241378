// Whatever the file holds, POST /api/apply answers 200 or 400, never a 500: random YAML text, random values where
// the sections and fields go, and the shapes that break naive parsers (deep nesting, aliases, several documents).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { useAdminServer } from '../../testing/mocha.js';

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('env:NOPE', 'file:/etc/shadow', 'system:masters', 'admin', 'infra', 'prod.web', 'a..b', ''),
);
const entry = fc.dictionary(
  fc.constantFrom('name', 'members', 'user', 'group', 'role', 'resource', 'clientSecret', 'url', 'clientID', 'x'),
  fc.oneof(value, fc.array(value, { maxLength: 3 })),
  { maxKeys: 5 },
);
const document = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom('users', 'groups', 'grants', 'roles', 'providers', 'other'),
      fc.oneof(value, fc.array(fc.oneof(value, entry), { maxLength: 4 })),
      { maxKeys: 4 },
    )
    .map((d) => stringify(d)),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

describe('POST /api/apply with bad input', function () {
  this.timeout(180_000);
  const t = useAdminServer();

  it('answers random documents with 200 or 400, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), async (text, dryRun) => {
        const res = await t.admin.post('/api/apply', { document: text, dryRun });
        assert.ok(
          res.status === 200 || res.status === 400,
          `${res.status} ${JSON.stringify(res.body)} for ${JSON.stringify(text)}`,
        );
      }),
      { numRuns: 150 },
    );
  });

  const SHAPES: [string, string][] = [
    ['deep nesting', `users: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['aliases', 'x: &a [a@example.com]\nusers: *a\n'],
    ['several documents', 'users: []\n---\nusers: []\n'],
    ['a map as a key', 'users:\n  - ? [a]\n    : b\n'],
    ['a NUL byte', 'users: ["a\u0000b"]\n'],
    ['a list at the top', '- users\n'],
  ];
  for (const [what, text] of SHAPES) {
    it(`answers ${what} with a 400`, async () => {
      const res = await t.admin.post('/api/apply', { document: text, dryRun: true });
      assert.equal(res.status, 400, JSON.stringify(res.body));
    });
  }

  it('answers secrets that are not strings, and a multi-line file name, with a 400', async () => {
    for (const body of [{ document: '', secrets: ['env:A'] }, { document: '', fileName: 'a\nb' }, { document: 42 }]) {
      const res = await t.admin.post('/api/apply', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
    }
  });
});
