// Password storage: today's scrypt parameters, older hashes upgraded on login, and an unknown name costing
// the same scrypt work as a known one.
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { PasswordHasher } from '../../common/password-hasher.js';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';

/** OWASP's recommendation, written out here rather than read from the code under test. */
const OWASP = 'scrypt$131072$8$1$';

describe('password storage', function () {
  this.timeout(30_000);
  let server: TestServer;
  let admin: TestClient;
  let hasher: PasswordHasher;
  const sql = (text: string, params: unknown[] = []) => server.running().database.dataSource.query(text, params);

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
    hasher = server.running().app.get(PasswordHasher);
  });

  /** Records the stored hash of every scrypt comparison while `work` runs. */
  async function comparisons(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const original = hasher.verifyHash;
    hasher.verifyHash = (password, stored) => {
      seen.push(stored);
      return original.call(hasher, password, stored);
    };
    try {
      await work();
    } finally {
      hasher.verifyHash = original;
    }
    return seen;
  }

  it('a new password is stored with N=2^17, r=8, p=1', async () => {
    const created = await admin.post('/api/users', { name: 'new@example.com', password: 'a fine password' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const [row] = await sql('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
    assert.ok(row.password_hash.startsWith(OWASP), `stored as ${row.password_hash.split('$').slice(0, 4).join('$')}`);
  });

  it("a stored N=2^14 hash still verifies and is rewritten with today's parameters at login", async () => {
    const created = await admin.post('/api/users', { name: 'old@example.com', password: 'placeholder-1' });
    const salt = randomBytes(16);
    const key = scryptSync('an old password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    await sql('UPDATE users SET password_hash = $1 WHERE id = $2', [old, created.body.id]);

    const anon = admin.as(undefined);
    const login = await anon.post('/api/login', { name: 'old@example.com', password: 'an old password' });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const [row] = await sql('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
    assert.ok(
      row.password_hash.startsWith(OWASP),
      `still ${row.password_hash.split('$').slice(0, 4).join('$')} after login`,
    );
    assert.equal((await anon.post('/api/login', { name: 'old@example.com', password: 'an old password' })).status, 201);
    assert.equal((await anon.post('/api/login', { name: 'old@example.com', password: 'not it' })).status, 401);
  });

  it('a wrong password leaves an old hash as it is', async () => {
    const created = await admin.post('/api/users', { name: 'older@example.com', password: 'placeholder-2' });
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('right', salt, 32, { N: 2 ** 14 }).toString('base64')}`;
    await sql('UPDATE users SET password_hash = $1 WHERE id = $2', [old, created.body.id]);
    assert.equal(
      (await admin.as(undefined).post('/api/login', { name: 'older@example.com', password: 'wrong' })).status,
      401,
    );
    const [row] = await sql('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
    assert.equal(row.password_hash, old);
  });

  it("an unknown name and a user without a password go through one scrypt at today's parameters, as a known name does", async () => {
    await admin.post('/api/users', { name: 'known@example.com', password: 'known password' });
    await admin.post('/api/users', { name: 'keys-only-bot' });
    const anon = admin.as(undefined);
    for (const name of ['known@example.com', 'nobody@example.com', 'keys-only-bot']) {
      let status = 0;
      const seen = await comparisons(async () => {
        status = (await anon.post('/api/login', { name, password: 'guess' })).status;
      });
      assert.equal(status, 401, name);
      assert.equal(seen.length, 1, `${name}: ${seen.length} scrypt comparisons`);
      assert.ok(seen[0]!.startsWith(OWASP), `${name}: compared against ${seen[0]!.split('$').slice(0, 4).join('$')}`);
    }
  });
});
