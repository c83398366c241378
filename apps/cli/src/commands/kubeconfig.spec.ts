// Two Infra identities (two INFRA_HOMEs) share one kubeconfig: neither's login, sync or logout removes the
// other's contexts, and kubectl's credential plugin never writes the file.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import YAML from 'yaml';
import { startBackend, type Backend } from '../testing/backend.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';

describe('infra kubeconfig with two identities in one file', () => {
  let server: Backend;
  let alice: TestEnv;
  let bob: TestEnv;
  before(async () => {
    server = await startBackend();
    await server.admin('POST', '/api/destinations', { name: 'production' });
    await server.connect('production', 'https://prod.connector.example:443');
    await server.admin('POST', '/api/destinations', { name: 'staging' });
    await server.connect('staging', 'https://staging.connector.example:443');
  });
  after(() => server?.stop());
  beforeEach(() => {
    alice = tempEnv();
    bob = tempEnv();
    bob.kubeconfig = alice.kubeconfig; // one file, two INFRA_HOMEs
    bob.env.KUBECONFIG = alice.kubeconfig;
  });
  afterEach(() => {
    alice.cleanup();
    bob.cleanup();
  });

  const contexts = () =>
    YAML.parse(readFileSync(alice.kubeconfig, 'utf8')).contexts.map((c: { name: string }) => c.name);
  const login = async (env: TestEnv, name: string, resources: string[]) => {
    const { key } = await server.addUser(name);
    for (const resource of resources) await server.grant({ user: name }, 'view', resource);
    const r = await runInProcess(env, ['login', server.url, '--key', key]);
    assert.equal(r.code, 0, r.stderr);
  };

  it("the second user's login, commands and logout leave the first user's contexts alone", async () => {
    const a = `alice-${Date.now()}@example.com`;
    const b = `bob-${Date.now()}@example.com`;
    await login(alice, a, ['production']);
    await login(bob, b, ['production', 'staging']);
    assert.deepEqual(contexts(), ['infra:production', `infra:${b}:production`, 'infra:staging']);
    assert.equal(
      (await runInProcess(bob, ['use', 'production'])).stdout,
      `Switched kubectl to production (context infra:${b}:production).\n`,
    );
    assert.equal((await runInProcess(bob, ['logout'])).code, 0);
    assert.deepEqual(contexts(), ['infra:production'], "bob's logout removed alice's context");
    const list = await runInProcess(alice, ['list']);
    assert.match(list.stdout, /production +view/);
  });

  it('infra kubeconfig sync writes what the grants allow now', async () => {
    const a = `carol-${Date.now()}@example.com`;
    await login(alice, a, ['production']);
    await server.grant({ user: a }, 'view', 'staging');
    const r = await runInProcess(alice, ['kubeconfig', 'sync']);
    assert.equal(r.stdout, `Wrote 2 contexts for ${a} to ${alice.kubeconfig}.\n`);
    assert.deepEqual(contexts(), ['infra:production', 'infra:staging']);
  });

  it("kubectl's credential plugin gets a token without writing the kubeconfig", async function () {
    if (server.kind !== 'real') this.skip(); // the fake server issues no tokens
    const a = `dave-${Date.now()}@example.com`;
    await login(alice, a, ['production']);
    await server.grant({ user: a }, 'view', 'staging'); // a change the plugin must not write
    const before = readFileSync(alice.kubeconfig, 'utf8');
    const mtime = statSync(alice.kubeconfig).mtimeMs;
    const r = await runInProcess(alice, ['credentials', '--destination', 'production']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).status.token, /\S+/);
    assert.equal(readFileSync(alice.kubeconfig, 'utf8'), before);
    assert.equal(statSync(alice.kubeconfig).mtimeMs, mtime);
  });
});
