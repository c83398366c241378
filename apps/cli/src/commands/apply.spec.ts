import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../testing/cli.js';
import { adminSession } from '../testing/session.js';
import { startTestOidcProvider } from '@infra/server/testing/oidc';
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

  it('resolves env: and file: references where the file is and applies providers, never printing a secret', async () => {
    const idp = await startTestOidcProvider();
    try {
      const path = file(
        'providers.yaml',
        `providers:\n  - name: corp\n    kind: okta\n    url: ${idp.issuer}\n    clientID: ${idp.clientId}\n    clientSecret: env:CLI_IDP_SECRET\n    oktaAPIToken: file:okta.token\n`,
      );
      file('okta.token', 'okta-token-cli-7f3a\n');
      const missing = await runInProcess(session.t, ['apply', '-f', path]);
      assert.deepEqual(
        [missing.code, missing.stderr],
        [
          1,
          `${path}:6: providers[0].clientSecret: environment variable CLI_IDP_SECRET is not set (referenced as "env:CLI_IDP_SECRET")\nerror: nothing was applied: 1 problem in ${path}\n`,
        ],
      );
      const env = { ...session.t.env, CLI_IDP_SECRET: idp.clientSecret };
      const dry = await runInProcess(session.t, ['apply', '-f', path, '--dry-run'], { env });
      assert.deepEqual([dry.code, dry.stdout], [0, '+ provider corp\n'], dry.stderr);
      const real = await runInProcess(session.t, ['apply', '-f', path], { env });
      assert.deepEqual([real.code, real.stdout, real.stderr], [0, '+ provider corp\n', 'Applied 1 change.\n']);
      const list = await runInProcess(session.t, ['providers', 'list']);
      assert.match(list.stdout, new RegExp(`\\ncorp\\s+okta\\s+${idp.issuer}\\s+${idp.clientId}\\s+directory`));
      const again = await runInProcess(session.t, ['apply', '-f', path], { env });
      assert.deepEqual([again.code, again.stdout], [0, ''], again.stderr);
      for (const r of [dry, real, list, again])
        assert.ok(!`${r.stdout}${r.stderr}`.match(/okta-token-cli|test-client-secret/), 'a secret was printed');
      assert.equal((await infra('apply', '-f', file('none.yaml', ''))).stdout, '- provider corp\n');
    } finally {
      await idp.stop();
    }
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
      'providers:\n  - {name: a, clientSecret: "env:A"}\n  - {name: b, clientSecret: "file:b.secret", oktaAPIToken: "env:T"}\n  - {name: c, clientSecret: "env:MISSING"}\nusers: ["env:A"]\n';
    const dir = mkdtempSync(join(tmpdir(), 'infra-apply-'));
    try {
      writeFileSync(join(dir, 'b.secret'), 'from-file\n');
      assert.deepEqual(resolveReferences(text, join(dir, 'infra.yaml'), { A: 'from-env', T: 'token' }), {
        'env:A': 'from-env',
        'file:b.secret': 'from-file',
        'env:T': 'token',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
