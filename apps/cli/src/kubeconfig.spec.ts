import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { execFile } from 'node:child_process';
import YAML from 'yaml';
import {
  kubeconfigPath,
  managedContextNames,
  readKubeconfig,
  removeManagedContexts,
  updateManagedCa,
  useContext,
  writeManagedContexts,
  type Identity,
  type ManagedContext,
} from './kubeconfig.js';
import { tempEnv, type TestEnv } from './testing/cli.js';

const exec = { command: '/usr/bin/node', args: ['/opt/infra/main.js'] };
const alice: Identity = { server: 'https://infra.example.com', userID: 'u-alice', name: 'alice@example.com' };
const bob: Identity = { server: 'https://infra.example.com', userID: 'u-bob', name: 'bob@example.com' };
const ctx = (resource: string): ManagedContext => {
  const [destination, namespace] = resource.split('.');
  return { resource, destination, namespace, server: `https://${destination}.example` };
};

describe('the managed kubeconfig', () => {
  let t: TestEnv;
  beforeEach(() => {
    t = tempEnv();
    mkdirSync(dirname(t.kubeconfig), { recursive: true });
  });
  afterEach(() => t.cleanup());

  const foreign = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'kind-dev', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: [{ name: 'kind-dev', user: { token: 'abc' } }],
    contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev', namespace: 'x' } }],
    'current-context': 'kind-dev',
  };

  it('uses the first file of KUBECONFIG, else ~/.kube/config', () => {
    assert.equal(kubeconfigPath({ KUBECONFIG: ['/a/one', '/b/two'].join(delimiter), HOME: '/home/u' }), '/a/one');
    assert.equal(kubeconfigPath({ KUBECONFIG: '', HOME: '/home/u' }), '/home/u/.kube/config');
  });

  it('keeps contexts Infra did not write, and replaces only its own', async () => {
    writeFileSync(t.kubeconfig, YAML.stringify(foreign));
    await writeManagedContexts(t.kubeconfig, [ctx('production'), ctx('staging.web')], exec, alice);
    await writeManagedContexts(t.kubeconfig, [ctx('production')], exec, alice);
    const k = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
    assert.deepEqual(
      k.contexts.map((c: { name: string }) => c.name),
      ['kind-dev', 'infra:production'],
    );
    assert.deepEqual(k.users[0], foreign.users[0]);
    assert.equal(k['current-context'], 'kind-dev');
    await removeManagedContexts(t.kubeconfig, alice);
    assert.deepEqual(YAML.parse(readFileSync(t.kubeconfig, 'utf8')), foreign);
  });

  it('clears current-context when the context it named is gone', async () => {
    await writeManagedContexts(t.kubeconfig, [ctx('production'), ctx('production.web')], exec, alice);
    await useContext(t.kubeconfig, 'infra:production.web');
    assert.equal(readKubeconfig(t.kubeconfig).current, 'infra:production.web');
    await writeManagedContexts(t.kubeconfig, [ctx('production')], exec, alice);
    assert.equal(readKubeconfig(t.kubeconfig).current, undefined);
  });

  it('survives 12 writer processes at once: never half-written, no entry lost or doubled', async () => {
    writeFileSync(t.kubeconfig, YAML.stringify(foreign));
    const module = new URL('./kubeconfig.js', import.meta.url).href;
    const writer = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const script = `import { writeManagedContexts } from ${JSON.stringify(module)};
          await writeManagedContexts(${JSON.stringify(t.kubeconfig)}, [{ resource: 'd${i}', destination: 'd${i}', server: 'https://d${i}' }], ${JSON.stringify(exec)}, ${JSON.stringify(alice)});`;
        execFile(process.execPath, ['--input-type=module', '-e', script], (err) => (err ? reject(err) : resolve()));
      });
    let torn = 0;
    const reader = setInterval(() => {
      try {
        if (!Array.isArray(YAML.parse(readFileSync(t.kubeconfig, 'utf8')).contexts)) torn++;
      } catch {
        torn++;
      }
    }, 2);
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => writer(i)));
    } finally {
      clearInterval(reader);
    }
    assert.equal(torn, 0);
    const names = readKubeconfig(t.kubeconfig).contexts;
    assert.equal(names.length, 2);
    assert.equal(names[0], 'kind-dev');
    assert.match(names[1], /^infra:d\d+$/);
    assert.deepEqual(readdirSync(dirname(t.kubeconfig)), ['config']); // no temp or lock files left
  });

  it('refuses to touch a file that is not YAML, leaving it as it was', async () => {
    writeFileSync(t.kubeconfig, 'clusters: [unclosed\n');
    await assert.rejects(writeManagedContexts(t.kubeconfig, [ctx('production')], exec, alice), /is not valid YAML/);
    assert.equal(readFileSync(t.kubeconfig, 'utf8'), 'clusters: [unclosed\n');
  });

  it('creates the file and its directory when missing', async () => {
    const path = join(t.dir, 'new', 'dir', 'config');
    await writeManagedContexts(path, [ctx('production')], exec, alice);
    assert.ok(existsSync(path));
    assert.deepEqual(readKubeconfig(path).contexts, ['infra:production']);
  });

  describe('with two Infra identities in one file', () => {
    const contextsOf = () =>
      YAML.parse(readFileSync(t.kubeconfig, 'utf8')).contexts.map((c: { name: string }) => c.name);

    it("one identity's sync and logout never remove the other's entries", async () => {
      writeFileSync(t.kubeconfig, YAML.stringify(foreign));
      await writeManagedContexts(t.kubeconfig, [ctx('production'), ctx('staging')], exec, alice);
      await writeManagedContexts(t.kubeconfig, [ctx('development')], exec, bob);
      assert.deepEqual(contextsOf(), ['kind-dev', 'infra:production', 'infra:staging', 'infra:development']);
      await writeManagedContexts(t.kubeconfig, [], exec, bob);
      assert.deepEqual(
        contextsOf(),
        ['kind-dev', 'infra:production', 'infra:staging'],
        "bob's sync took alice's contexts",
      );
      await writeManagedContexts(t.kubeconfig, [ctx('development')], exec, bob);
      await removeManagedContexts(t.kubeconfig, alice);
      assert.deepEqual(contextsOf(), ['kind-dev', 'infra:development'], "alice's logout took bob's contexts");
      const k = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
      assert.deepEqual(
        k.clusters.map((c: { name: string }) => c.name),
        ['kind-dev', 'infra:development'],
      );
      assert.deepEqual(
        k.users.map((c: { name: string }) => c.name),
        ['kind-dev', 'infra:development'],
      );
    });

    it('the second identity granted the same destination gets a context named after its user', async () => {
      await writeManagedContexts(t.kubeconfig, [ctx('production')], exec, alice);
      await writeManagedContexts(t.kubeconfig, [ctx('production')], exec, bob);
      assert.deepEqual(contextsOf(), ['infra:production', 'infra:bob@example.com:production']);
      assert.equal(managedContextNames(t.kubeconfig, alice).get('production'), 'infra:production');
      assert.equal(managedContextNames(t.kubeconfig, bob).get('production'), 'infra:bob@example.com:production');
      const k = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
      const bobs = k.contexts.find((c: { name: string }) => c.name === 'infra:bob@example.com:production');
      assert.deepEqual(bobs.context.extensions, [
        { name: 'infrahq.com/owner', extension: { server: bob.server, userID: bob.userID, resource: 'production' } },
      ]);
      assert.equal(bobs.context.user, 'infra:bob@example.com:production', "bob's context must use bob's credentials");
      await writeManagedContexts(t.kubeconfig, [ctx('production')], exec, bob);
      assert.deepEqual(
        contextsOf(),
        ['infra:production', 'infra:bob@example.com:production'],
        'a resync renamed or doubled',
      );
    });

    it('claims entries written before owners were recorded', async () => {
      const legacy = { name: 'infra:production', context: { cluster: 'infra:production', user: 'infra:production' } };
      writeFileSync(t.kubeconfig, YAML.stringify({ ...foreign, contexts: [...foreign.contexts, legacy] }));
      await writeManagedContexts(t.kubeconfig, [ctx('staging')], exec, alice);
      assert.deepEqual(contextsOf(), ['kind-dev', 'infra:staging']);
    });
  });

  it("updates the CA of one identity's clusters for one destination, and nothing else", async () => {
    writeFileSync(t.kubeconfig, YAML.stringify(foreign));
    const withCa = (c: ManagedContext) => ({ ...c, caCertificate: 'OLD' });
    const mine = [ctx('production'), ctx('production.web'), ctx('staging')].map(withCa);
    await writeManagedContexts(t.kubeconfig, mine, exec, alice);
    await writeManagedContexts(t.kubeconfig, [withCa(ctx('production'))], exec, bob);
    const before = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
    assert.equal(await updateManagedCa(t.kubeconfig, alice, 'production', 'NEW'), true);
    assert.equal(await updateManagedCa(t.kubeconfig, alice, 'production', 'NEW'), false, 'wrote the same CA again');
    const after = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
    const ca = (k: typeof after) =>
      Object.fromEntries(
        k.clusters.map((c: { name: string; cluster: Record<string, string> }) => [
          c.name,
          c.cluster['certificate-authority-data'] &&
            Buffer.from(c.cluster['certificate-authority-data'], 'base64').toString(),
        ]),
      );
    assert.deepEqual(ca(after), {
      'kind-dev': undefined,
      'infra:production': 'NEW',
      'infra:production.web': 'NEW',
      'infra:staging': 'OLD',
      'infra:bob@example.com:production': 'OLD',
    });
    assert.deepEqual({ ...after, clusters: [] }, { ...before, clusters: [] }, 'changed more than clusters');
  });
});
