import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startBackend, type Backend } from './testing/backend.js';
import { runBinary, runInProcess, tempEnv, type TestEnv } from './testing/cli.js';

// Each bad input gives one line naming the fix, a non-zero exit, no stack trace, and leaves the
// kubeconfig exactly as it was.
describe('bad input, run through the real binary', () => {
  let server: Backend;
  let anonymous: TestEnv;
  let admin: TestEnv;
  let deadKey: string;
  const foreign =
    'apiVersion: v1\nkind: Config\nclusters: []\ncontexts:\n  - name: mine\n    context: { cluster: c, user: u }\ncurrent-context: mine\nusers: []\n';

  before(async () => {
    server = await startBackend();
    await server.admin('POST', '/api/destinations', { name: 'production' });
    anonymous = tempEnv();
    admin = tempEnv();
    for (const t of [anonymous, admin]) {
      mkdirSync(dirname(t.kubeconfig), { recursive: true });
      writeFileSync(t.kubeconfig, foreign);
    }
    const r = await runInProcess(admin, ['login', server.url, '--key', server.adminKey]);
    assert.equal(r.code, 0, r.stderr);
    // The server will not make keys that live under a minute, so this one is revoked instead.
    const key = await server.admin<{ id: string; accessKey: string }>('POST', '/api/keys', {
      name: 'short',
      expiry: 60,
    });
    await server.admin('DELETE', `/api/keys/${key.id}`);
    deadKey = key.accessKey;
  });
  after(async () => {
    await server?.stop();
    anonymous?.cleanup();
    admin?.cleanup();
  });

  const cases: [string, 'anonymous' | 'admin', () => string[], RegExp][] = [
    [
      'a malformed server URL',
      'anonymous',
      () => ['login', 'https://exa mple.com'],
      /^error: "https:\/\/exa mple.com" is not a valid server address: /,
    ],
    [
      'a server URL with a path',
      'anonymous',
      () => ['login', 'https://example.com/api'],
      /give only the scheme, host and port/,
    ],
    [
      'an unreachable server',
      'anonymous',
      () => ['login', 'http://127.0.0.1:1', '--key', 'a.b'],
      /^error: could not reach the Infra server at http:\/\/127.0.0.1:1 \(connection refused\): check the address/,
    ],
    [
      'a revoked key',
      'anonymous',
      () => ['login', server.url, '--key', deadKey],
      /did not accept the access key \(expired, revoked or mistyped\)/,
    ],
    [
      'a malformed fingerprint',
      'anonymous',
      () => ['login', server.url, '--tls-fingerprint', 'xyz'],
      /is not a SHA-256 fingerprint/,
    ],
    ['no server at all', 'anonymous', () => ['login'], /^error: which server\? run `infra login SERVER`/],
    [
      'a command before logging in',
      'anonymous',
      () => ['grants', 'list'],
      /^error: you are not logged in: run `infra login SERVER` first$/,
    ],
    [
      'an unknown output format',
      'anonymous',
      () => ['-o', 'xml', 'users', 'list'],
      /^error: option '-o, --output <FORMAT>' argument 'xml' is invalid/,
    ],
    [
      'an unknown shell',
      'anonymous',
      () => ['completion', 'fish'],
      /^error: completion for "fish" is not available: use bash or zsh$/,
    ],
    [
      'providers before choosing a server',
      'anonymous',
      () => ['providers', 'list'],
      /^error: which server\? run `infra login SERVER` first$/,
    ],
    [
      'an unknown identity provider',
      'admin',
      () => ['login', server.url, '--provider', 'nope'],
      /^error: .* has no identity provider named nope: run `infra providers list`/,
    ],
    [
      'an issuer that is not OIDC',
      'admin',
      () => ['providers', 'add', 'bad', '--url', 'https://127.0.0.1:9', '--client-id', 'c', '--client-secret', 's'],
      /^error: url is not an OpenID Connect issuer: /,
    ],
    [
      'a malformed destination',
      'admin',
      () => ['use', 'Production'],
      /^error: "Production" is not a destination or namespace/,
    ],
    [
      'an unknown destination',
      'admin',
      () => ['grants', 'add', 'admin', 'staging', '--role', 'view'],
      /^error: there is no destination named staging/,
    ],
    [
      'a malformed role',
      'admin',
      () => ['grants', 'add', 'admin', 'production', '--role', 'View!'],
      /^error: "View!" is not a valid role name/,
    ],
    [
      'a grant for nobody',
      'admin',
      () => ['grants', 'add', 'nobody@example.com', 'production', '--role', 'view'],
      /^error: there is no user named nobody@example.com/,
    ],
    [
      'a malformed duration',
      'admin',
      () => ['keys', 'add', '--expiry', '3 days'],
      /^error: "3 days" is not a duration/,
    ],
    [
      'an unknown user',
      'admin',
      () => ['users', 'remove', 'nobody@example.com'],
      /^error: there is no user named nobody@example.com/,
    ],
    [
      'a malformed destination name',
      'admin',
      () => ['destinations', 'add', 'Bad_Name'],
      /^error: "Bad_Name" is not a valid destination name/,
    ],
    ['a duplicate destination', 'admin', () => ['destinations', 'add', 'production'], /^error: .*production/],
    ['a missing argument', 'admin', () => ['grants', 'add', 'admin'], /^error: missing required argument/],
  ];

  // The in-memory fake server has no identity providers.
  const realServerOnly = new Set(['an unknown identity provider', 'an issuer that is not OIDC']);

  for (const [name, who, argv, message] of cases) {
    it(`${name} gives one line and a non-zero exit`, async function () {
      if (realServerOnly.has(name) && server.kind === 'fake') this.skip();
      const t = who === 'admin' ? admin : anonymous;
      const before = readFileSync(t.kubeconfig, 'utf8');
      const r = await runBinary(t, argv());
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      assert.match(r.stderr.trimEnd(), message);
      assert.equal(readFileSync(t.kubeconfig, 'utf8'), before);
    });
  }
});
