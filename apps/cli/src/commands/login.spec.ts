import assert from 'node:assert/strict';
import { readFileSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import YAML from 'yaml';
import { startBackend, type Backend } from '../testing/backend.js';
import { startFakeServer } from '../testing/fake-server.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';
import { ConfigStore } from '../config.js';

describe('infra login and logout', () => {
  let server: Backend;
  let t: TestEnv;
  before(async () => {
    server = await startBackend();
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  const kube = () => YAML.parse(readFileSync(t.kubeconfig, 'utf8'));

  it('logs in with --key, keeps the session in a 0600 config, and writes a context per grant', async () => {
    const { key } = await server.addUser('user@example.com');
    await server.admin('POST', '/api/destinations', { name: 'production' });
    await server.connect(
      'production',
      'https://prod.connector.example:443',
      '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
    );
    await server.grant({ user: 'user@example.com' }, 'view', 'production');
    await server.grant({ user: 'user@example.com' }, 'edit', 'production.web');
    const r = await runInProcess(t, ['login', server.url, '--key', key]);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      `Logged in to ${server.url} as user@example.com.\nYou can use 2 destinations: run \`infra list\`, then \`infra use NAME\`.\n`,
    );
    assert.equal(statSync(new ConfigStore(t.home).path).mode & 0o777, 0o600);
    const config = kube();
    assert.deepEqual(
      config.contexts.map((c: { name: string }) => c.name),
      ['infra:production', 'infra:production.web'],
    );
    const { extensions, ...context } = config.contexts[1].context;
    assert.deepEqual(context, { cluster: 'infra:production.web', user: 'infra:production.web', namespace: 'web' });
    assert.equal(extensions[0].extension.server, server.url, 'the context records whose it is');
    assert.equal(config.clusters[0].cluster.server, 'https://prod.connector.example:443');
    assert.match(
      Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
      /BEGIN CERTIFICATE/,
    );
    const exec = config.users[0].user.exec;
    assert.equal(exec.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(exec.interactiveMode, 'Never');
    assert.deepEqual(exec.args.slice(-3), ['credentials', '--destination', 'production']);
    assert.deepEqual(exec.env, [{ name: 'INFRA_HOME', value: t.home }]);
  });

  it('logs in with INFRA_ACCESS_KEY for CI', async () => {
    const r = await runInProcess(t, ['login', server.url], { env: { INFRA_ACCESS_KEY: server.adminKey } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Logged in to .* as admin\./);
  });

  it("asks a local user's password and makes them replace a one-time password", async () => {
    const { oneTimePassword } = await server.admin<{ oneTimePassword: string }>('POST', '/api/users', {
      name: 'new@example.com',
    });
    const r = await runInProcess(t, ['login', server.url], {
      answers: [
        'Login with username and password',
        'new@example.com',
        oneTimePassword,
        'a-new-password',
        'a-new-password',
      ],
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompt.asked, [
      'Select an identity provider:',
      'Email: ',
      'Password: ',
      'New password: ',
      'Confirm new password: ',
    ]);
    assert.match(r.stderr, /one-time password/);
    assert.equal(server.count('PUT /api/users/' + new ConfigStore(t.home).current()!.session!.userID), 1);
    const elsewhere = tempEnv();
    try {
      const again = await runInProcess(elsewhere, ['login', server.url, '--user', 'new@example.com'], {
        answers: ['a-new-password'],
      });
      assert.equal(again.code, 0, again.stderr);
    } finally {
      elsewhere.cleanup();
    }
  });

  it('refuses a wrong password with one sentence', async () => {
    await server.admin('POST', '/api/users', { name: 'u@example.com', password: 'right-password' });
    const r = await runInProcess(t, ['login', server.url, '--user', 'u@example.com'], { answers: ['wrong'] });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: ${server.url} did not accept that email and password: try again, or ask an admin to reset your password\n`,
    );
  });

  it('remembers several servers, and login switches back without credentials', async () => {
    const other = await startBackend();
    try {
      await runInProcess(t, ['login', server.url, '--key', server.adminKey]);
      await runInProcess(t, ['login', other.url, '--key', other.adminKey]);
      assert.equal(new ConfigStore(t.home).current()!.url, other.url);
      const r = await runInProcess(t, ['login', server.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(new ConfigStore(t.home).current()!.url, server.url);
      assert.ok(new ConfigStore(t.home).current()!.session!.expires);
      assert.equal(new ConfigStore(t.home).read().servers.length, 2);
    } finally {
      await other.stop();
    }
  });

  it('logout ends the session on the server and removes exactly the contexts Infra wrote', async () => {
    mkdirSync(dirname(t.kubeconfig), { recursive: true });
    const foreign = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kind-dev', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'kind-dev', user: { token: 'abc' } }],
      contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev' } }],
      'current-context': 'kind-dev',
    };
    writeFileSync(t.kubeconfig, YAML.stringify(foreign));
    const { key } = await server.addUser('ops@example.com');
    await server.admin('POST', '/api/destinations', { name: 'staging' });
    await server.connect('staging', 'https://staging.example');
    await server.grant({ user: 'ops@example.com' }, 'admin', 'staging');
    await runInProcess(t, ['login', server.url, '--key', key]);
    assert.equal(kube().contexts.length, 2);
    const r = await runInProcess(t, ['logout']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Logged out of ${server.url}.\n`);
    assert.equal(server.count('POST /api/logout'), 1);
    assert.deepEqual(kube(), foreign);
    assert.equal(new ConfigStore(t.home).current()!.session, undefined);
    const clear = await runInProcess(t, ['logout', '--clear']);
    assert.equal(clear.code, 0);
    assert.deepEqual(new ConfigStore(t.home).read().servers, []);
    assert.ok(existsSync(t.kubeconfig));
  });

  it('logout still ends the local session when the server cannot be reached', async () => {
    const gone = await startFakeServer();
    gone.connect('production', 'https://prod.example');
    gone.grant({ user: 'admin' }, 'view', 'production');
    await runInProcess(t, ['login', gone.url, '--key', gone.adminKey]);
    assert.equal(kube().contexts.length, 1);
    await gone.stop();
    const r = await runInProcess(t, ['logout']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^warning: could not end the session on the server: could not reach the Infra server at /);
    assert.deepEqual(kube().contexts, []);
    assert.equal(new ConfigStore(t.home).current()!.session, undefined);
  });

  it('refuses an expired key with the fix (the fake server can make one)', async () => {
    const fake = await startFakeServer();
    try {
      fake.addUser('ci@example.com');
      const r = await runInProcess(t, ['login', fake.url, '--key', fake.addKey('ci@example.com', { expired: true })]);
      assert.deepEqual([r.code, r.stdout], [1, '']);
      assert.equal(
        r.stderr,
        `error: ${fake.url} did not accept the access key (expired, revoked or mistyped): ask an admin for a new one (\`infra keys add\`)\n`,
      );
    } finally {
      await fake.stop();
    }
  });
});
