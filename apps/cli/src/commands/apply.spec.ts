import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../testing/cli.js';
import { adminSession } from '../testing/session.js';
import { resolveReferences } from './apply.js';

describe('infra apply', function () {
  const session = adminSession();
  const infra = session.infra;
  before(function () {
    if (session.server.kind === 'fake') this.skip(); // the fake server has no /api/apply: the server reads the file
  });
  /** Writes a file under the test's directory; returns its path. */
  function file(name: string, text: string): string {
    const path = join(session.t.dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('prints the diff of a dry run, changes nothing, then applies it, and then has nothing to do', async () => {
    const path = file(
      'first.yaml',
      'users: [cli@example.com]\ngrants:\n  - {user: cli@example.com, role: view, resource: prod.web}\n',
    );
    const dry = await infra('apply', '-f', path, '--dry-run');
    assert.deepEqual(
      [dry.code, dry.stdout, dry.stderr],
      [
        0,
        '+ user cli@example.com\n+ grant view on prod.web to user cli@example.com\n',
        'Dry run: 2 changes would be made; nothing was changed.\n',
      ],
    );
    const users = await session.server.admin<{ items: unknown[] }>('GET', '/api/users?name=cli@example.com');
    assert.equal(users.items.length, 0, 'the dry run made no user');
    const real = await infra('apply', '-f', path);
    assert.deepEqual([real.code, real.stdout, real.stderr], [0, dry.stdout, 'Applied 2 changes.\n']);
    const again = await infra('apply', '-f', path);
    assert.deepEqual(
      [again.code, again.stdout, again.stderr],
      [0, '', `No changes: Infra already holds what ${path} declares.\n`],
    );
    const removed = await infra('apply', '-f', file('empty.yaml', ''));
    assert.equal(removed.stdout, '- user cli@example.com\n');
  });

  it('prints every problem as file:line: field: reason and exits 1 with nothing applied', async () => {
    const path = file(
      'bad.yaml',
      'users: [bad@example.com]\ngrants:\n  - user: bad@example.com\n    role: admn\n    resource: prod\n  - {user: bad@example.com, role: view, resource: prod}\n  - {user: bad@example.com, role: view, resource: prod}\n',
    );
    const r = await infra('apply', '-f', path);
    assert.deepEqual(
      [r.code, r.stdout, r.stderr],
      [
        1,
        '',
        [
          `${path}:4: grants[0].role: unknown role "admn" (use connect, view, edit, admin, cluster-admin, or list a custom ClusterRole under roles)`,
          `${path}:7: grants[2]: duplicate grant of view on prod to bad@example.com (first at line 6)`,
          `error: nothing was applied: 2 problems in ${path}`,
          '',
        ].join('\n'),
      ],
    );
  });

  it('resolves env: references from its own environment and names a missing one with its line', async () => {
    const path = file(
      'providers.yaml',
      'providers:\n  - name: okta\n    url: example.okta.com\n    clientID: abc\n    clientSecret: env:CLI_OKTA_SECRET\n',
    );
    const missing = await runInProcess(session.t, ['apply', '-f', path]);
    assert.match(
      missing.stderr,
      new RegExp(`^${path}:5: providers\\[0\\].clientSecret: environment variable CLI_OKTA_SECRET is not set`, 'm'),
    );
    const set = await runInProcess(session.t, ['apply', '-f', path], {
      env: { ...session.t.env, CLI_OKTA_SECRET: 'x' },
    });
    assert.doesNotMatch(set.stderr, /CLI_OKTA_SECRET/);
    assert.match(set.stderr, /providers are not supported by this server yet/);
  });

  it('says which file it cannot read', async () => {
    const r = await infra('apply', '-f', join(session.t.dir, 'nowhere.yaml'));
    assert.deepEqual(
      [r.code, r.stderr],
      [1, `error: cannot read ${join(session.t.dir, 'nowhere.yaml')} (ENOENT): check the path\n`],
    );
  });
});

describe('secret references in an applied file', () => {
  it('resolves env: and file: references of secret fields only, relative to the file, leaving out those that do not resolve', () => {
    const text =
      'providers:\n  - {name: a, clientSecret: "env:A"}\n  - {name: b, clientSecret: "file:b.secret"}\n  - {name: c, clientSecret: "env:MISSING"}\nusers: ["env:A"]\n';
    const dir = mkdtempSync(join(tmpdir(), 'infra-apply-'));
    try {
      writeFileSync(join(dir, 'b.secret'), 'from-file\n');
      assert.deepEqual(resolveReferences(text, join(dir, 'infra.yaml'), { A: 'from-env' }), {
        'env:A': 'from-env',
        'file:b.secret': 'from-file',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
