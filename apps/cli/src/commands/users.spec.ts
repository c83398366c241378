import assert from 'node:assert/strict';
import { adminSession } from '../testing/session.js';
import { runInProcess, tempEnv } from '../testing/cli.js';

describe('infra users, groups and keys', () => {
  const session = adminSession();
  const infra = session.infra;
  // Each test makes the people it needs through the API, under names no other test uses, so it runs alone (--grep).
  const addUser = (name: string) => session.server.admin('POST', '/api/users', { name });

  it('adds a user and shows the one-time password to hand over', async () => {
    const r = await infra('users', 'add', 'alice@example.com');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Added user alice@example.com\.\nOne-time password: \S{8,}\nGive it to them/);
  });

  it('lists users in an aligned table with relative times', async () => {
    await addUser('dana@example.com');
    await addUser('erin.with.a.long.name@example.com');
    const r = await infra('users', 'list');
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^NAME +FROM +LAST SEEN +CREATED$/);
    // Relative to now; a busy machine may take some seconds between the two (output.spec covers the boundaries).
    assert.match(r.stdout, /\ndana@example.com +infra +never +(just now|\d+ seconds ago)\n/);
    assert.equal(lines[0].indexOf('LAST SEEN'), lines.find((l) => l.startsWith('erin'))!.indexOf('never'));
  });

  it('removes a user by name, and names the fix for an unknown one', async () => {
    await addUser('bob@example.com');
    assert.equal((await infra('users', 'remove', 'bob@example.com')).stdout, 'Removed user bob@example.com.\n');
    const r = await infra('users', 'remove', 'bob@example.com');
    assert.deepEqual(
      [r.code, r.stderr],
      [1, 'error: there is no user named bob@example.com: run `infra users list` to see them\n'],
    );
  });

  it('adds a group, adds and removes members, lists and removes it', async () => {
    await addUser('grace@example.com');
    assert.equal((await infra('groups', 'add', 'Engineering')).stdout, 'Added group Engineering.\n');
    assert.equal(
      (await infra('groups', 'adduser', 'grace@example.com', 'Engineering')).stdout,
      'Added grace@example.com to Engineering.\n',
    );
    let list = await infra('groups', 'list');
    assert.match(list.stdout, /^NAME +USERS +CREATED\nEngineering +1 +just now\n$/);
    assert.equal(
      (await infra('groups', 'removeuser', 'grace@example.com', 'Engineering')).stdout,
      'Removed grace@example.com from Engineering.\n',
    );
    list = await infra('groups', 'list');
    assert.match(list.stdout, /\nEngineering +0 +/);
    assert.equal((await infra('groups', 'remove', 'Engineering')).stdout, 'Removed group Engineering.\n');
    assert.equal((await infra('groups', 'list')).stdout, 'No groups found.\n');
  });

  it('creates an access key that logs in, lists it, and revokes it', async () => {
    await addUser('heidi@example.com');
    const r = await infra('keys', 'add', '--name', 'ci', '--user', 'heidi@example.com', '--expiry', '30d');
    assert.equal(r.code, 0, r.stderr);
    const key = /Access key: (\S+)/.exec(r.stdout)![1];
    const elsewhere = tempEnv();
    try {
      const login = await runInProcess(elsewhere, ['login', session.server.url, '--key', key]);
      assert.match(login.stdout, /as heidi@example.com/, login.stderr);
    } finally {
      elsewhere.cleanup();
    }
    const list = await infra('keys', 'list', '--user', 'heidi@example.com');
    assert.match(
      list.stdout,
      /^NAME +USER +CREATED +EXPIRES +LAST USED\nci +heidi@example.com +just now +in (4 weeks|a month) +/,
    );
    assert.equal(
      (await infra('keys', 'remove', 'ci', '--user', 'heidi@example.com')).stdout,
      'Removed access key ci.\n',
    );
    const again = tempEnv();
    const expired = await runInProcess(again, ['login', session.server.url, '--key', key]).finally(() =>
      again.cleanup(),
    );
    assert.deepEqual(
      [expired.code, expired.stderr],
      [
        1,
        `error: ${session.server.url} did not accept the access key (expired, revoked or mistyped): ask an admin for a new one (\`infra keys add\`)\n`,
      ],
    );
  });

  it('rejects a malformed duration before calling the server', async () => {
    const r = await infra('keys', 'add', '--expiry', 'soon');
    assert.deepEqual(
      [r.code, r.stderr],
      [1, 'error: "soon" is not a duration: use a number with s, m, h, d or w, like 12h or 30d\n'],
    );
  });

  it('rotates the signing key and says until when the old one is still accepted', async () => {
    const jwks = async () =>
      (
        (await (await fetch(`${session.server.url}/api/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
      ).keys.map((k) => k.kid);
    const [old] = await jwks();
    const r = await infra('keys', 'rotate-signing');
    assert.equal(r.code, 0, r.stderr);
    const [, fresh] = /^New tokens are signed with key (\S+)\.\n/.exec(r.stdout) ?? [];
    assert.ok(fresh && fresh !== old, r.stdout);
    assert.match(
      r.stdout,
      new RegExp(`\nKey ${old} is still accepted until \\d{4}-\\d\\d-\\d\\dT\\S+, then retired\\.\n$`),
    );
    assert.deepEqual((await jwks()).sort(), [old, fresh].sort());
  });
});
