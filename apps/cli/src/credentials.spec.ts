import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { within } from '@infra/server/testing';
import { startBackend, type Backend } from './testing/backend.js';
import { runBinary, runInProcess, tempEnv, type TestEnv } from './testing/cli.js';
import { CredentialCache } from './credential-cache.js';
import { ConfigStore } from './config.js';

describe('the kubectl credential plugin', () => {
  let server: Backend;
  let t: TestEnv;
  let user = 0;
  before(async () => {
    server = await startBackend();
    await server.admin('POST', '/api/destinations', { name: 'production' });
    await server.connect('production', 'https://prod.example');
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    t = tempEnv();
    const name = `dev${++user}@example.com`;
    const { key } = await server.addUser(name);
    await server.grant({ user: name }, 'view', 'production');
    const r = await runInProcess(t, ['login', server.url, '--key', key]);
    assert.equal(r.code, 0, r.stderr);
  });
  afterEach(() => t.cleanup());

  it('prints a valid ExecCredential and serves the next run from its cache', async () => {
    const r = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(r.code, 0, r.stderr);
    const cred = JSON.parse(r.stdout);
    assert.equal(cred.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(cred.kind, 'ExecCredential');
    assert.ok(cred.status.token.length > 10);
    assert.match(cred.status.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Date.parse(cred.status.expirationTimestamp) > Date.now());
    const before = server.count('POST /api/tokens');
    const again = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(JSON.parse(again.stdout).status.token, cred.status.token);
    assert.equal(server.count('POST /api/tokens'), before);
  });

  it('20 plugins started at once with an expired cache make exactly one token request', async () => {
    const cache = new CredentialCache(new ConfigStore(t.home).cacheDir);
    await cache.get(server.url, 'production', async () => ({
      token: 'old',
      expires: new Date(Date.now() - 60_000).toISOString(),
    }));
    const before = server.count('POST /api/tokens');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runBinary(t, ['credentials', '--destination', 'production'])),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const tokens = new Set(results.map((r) => JSON.parse(r.stdout).status.token));
    assert.equal(tokens.size, 1);
    assert.notEqual([...tokens][0], 'old');
    assert.equal(server.count('POST /api/tokens') - before, 1);
  });

  it('says in one line that the session has ended, and exits non-zero', async () => {
    const self = new ConfigStore(t.home).current()!.session!;
    await server.admin('DELETE', `/api/users/${self.userID}`);
    const r = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'your Infra session has ended: run `infra login`\n');
  });

  it('with a session the server refused, 20 plugins at once fail fast with the sentence and ask the server at most once', async () => {
    const self = new ConfigStore(t.home).current()!.session!;
    await server.admin('DELETE', `/api/users/${self.userID}`);
    const before = server.count('POST /api/tokens');
    const results = await within(
      '20 plugins with an ended session to exit',
      Promise.all(Array.from({ length: 20 }, () => runBinary(t, ['credentials', '--destination', 'production']))),
      15_000,
    );
    for (const r of results)
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'your Infra session has ended: run `infra login`\n']);
    assert.equal(server.count('POST /api/tokens') - before, 1, 'one refused token request, not one per kubectl');
    const later = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(later.code, 1);
    assert.equal(server.count('POST /api/tokens') - before, 1, 'a later run knows without asking');
  });

  it('a session the server refused does not hold back the next login', async () => {
    const self = new ConfigStore(t.home).current()!.session!;
    await server.admin('DELETE', `/api/users/${self.userID}`);
    assert.equal((await runBinary(t, ['credentials', '--destination', 'production'])).code, 1);
    const name = `again-${self.userID}@example.com`;
    const { key } = await server.addUser(name);
    await server.grant({ user: name }, 'view', 'production');
    assert.equal((await runInProcess(t, ['login', server.url, '--key', key])).code, 0);
    const r = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('with an expired session it exits within the deadline, never waiting on a prompt or browser', async () => {
    const config = new ConfigStore(t.home);
    config.update(config.current()!.url, (e) => ({
      ...e,
      session: { ...e.session!, expires: new Date(Date.now() - 1000).toISOString() },
    }));
    // kubectl gives the plugin no terminal (interactiveMode: Never); it must answer at once, not wait for one.
    const r = await within(
      'the plugin to fail with an expired session',
      runBinary(t, ['credentials', '--destination', 'production'], { BROWSER: 'false' }, undefined),
    );
    assert.deepEqual([r.code, r.stderr], [1, 'your Infra session has ended: run `infra login`\n']);
  });

  it('says the same without any session', async () => {
    await runInProcess(t, ['logout']);
    const r = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'your Infra session has ended: run `infra login`\n');
  });

  it('knows a session has expired without asking the server', async () => {
    const config = new ConfigStore(t.home);
    const current = config.current()!;
    config.update(current.url, (e) => ({
      ...e,
      session: { ...e.session!, expires: new Date(Date.now() - 1000).toISOString() },
    }));
    const before = server.count('POST /api/tokens');
    const r = await runBinary(t, ['credentials', '--destination', 'production']);
    assert.deepEqual([r.code, r.stderr], [1, 'your Infra session has ended: run `infra login`\n']);
    assert.equal(server.count('POST /api/tokens'), before);
  });

  it('names the fix when the destination is not one the user may use', async () => {
    const r = await runBinary(t, ['credentials', '--destination', 'nowhere']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `you have no access to nowhere on ${server.url}: run \`infra list\` to see what you can use, or ask an admin for a grant\n`,
    );
  });

  it("on a token refresh writes the destination's new CA bundle into the managed cluster, and not on a cache hit", async () => {
    const caOf = () => {
      const k = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
      const c = k.clusters.find((x: { name: string }) => x.name === 'infra:production');
      const data = c.cluster['certificate-authority-data'];
      return data && Buffer.from(data, 'base64').toString();
    };
    const bundle = 'CURRENT CA\nNEXT CA\n'; // what a connector registers during a rotation's overlap
    await server.connect('production', 'https://prod.example', bundle);
    try {
      assert.equal(caOf(), undefined, 'login wrote a CA the destination did not have');
      const first = await runBinary(t, ['credentials', '--destination', 'production']);
      assert.equal(first.code, 0, first.stderr);
      const before = server.count('GET /api/destinations');
      assert.equal((await runBinary(t, ['credentials', '--destination', 'production'])).code, 0);
      assert.equal(server.count('GET /api/destinations'), before, 'a cache hit asked the server');
      assert.equal(caOf(), bundle, 'the token refresh did not bring the new CA bundle');
    } finally {
      await server.connect('production', 'https://prod.example');
    }
  });
});
