import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { execFile } from 'node:child_process';
import YAML from 'yaml';
import { kubeconfigPath, readKubeconfig, removeManagedContexts, useContext, writeManagedContexts, type ManagedContext } from './kubeconfig.js';
import { tempEnv, type TestEnv } from './testing/cli.js';

const exec = { command: '/usr/bin/node', args: ['/opt/infra/main.js'] };
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
    await writeManagedContexts(t.kubeconfig, [ctx('production'), ctx('staging.web')], exec);
    await writeManagedContexts(t.kubeconfig, [ctx('production')], exec);
    const k = YAML.parse(readFileSync(t.kubeconfig, 'utf8'));
    assert.deepEqual(k.contexts.map((c: { name: string }) => c.name), ['kind-dev', 'infra:production']);
    assert.deepEqual(k.users[0], foreign.users[0]);
    assert.equal(k['current-context'], 'kind-dev');
    await removeManagedContexts(t.kubeconfig);
    assert.deepEqual(YAML.parse(readFileSync(t.kubeconfig, 'utf8')), foreign);
  });

  it('clears current-context when the context it named is gone', async () => {
    await writeManagedContexts(t.kubeconfig, [ctx('production'), ctx('production.web')], exec);
    await useContext(t.kubeconfig, 'infra:production.web');
    assert.equal(readKubeconfig(t.kubeconfig).current, 'infra:production.web');
    await writeManagedContexts(t.kubeconfig, [ctx('production')], exec);
    assert.equal(readKubeconfig(t.kubeconfig).current, undefined);
  });

  it('survives 12 writer processes at once: never half-written, no entry lost or doubled', async () => {
    writeFileSync(t.kubeconfig, YAML.stringify(foreign));
    const module = new URL('./kubeconfig.js', import.meta.url).href;
    const writer = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const script = `import { writeManagedContexts } from ${JSON.stringify(module)};
          await writeManagedContexts(${JSON.stringify(t.kubeconfig)}, [{ resource: 'd${i}', destination: 'd${i}', server: 'https://d${i}' }], ${JSON.stringify(exec)});`;
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
    await assert.rejects(writeManagedContexts(t.kubeconfig, [ctx('production')], exec), /is not valid YAML/);
    assert.equal(readFileSync(t.kubeconfig, 'utf8'), 'clusters: [unclosed\n');
  });

  it('creates the file and its directory when missing', async () => {
    const path = join(t.dir, 'new', 'dir', 'config');
    await writeManagedContexts(path, [ctx('production')], exec);
    assert.ok(existsSync(path));
    assert.deepEqual(readKubeconfig(path).contexts, ['infra:production']);
  });
});
