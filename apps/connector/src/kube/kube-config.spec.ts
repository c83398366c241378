import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { loadKubeConfig } from './kube-config.js';

/** A kubeconfig file holding one context "<name>" → cluster "<name>" at `server` → user "<name>" with `token`. */
function kubeconfig(
  path: string,
  o: { name: string; server: string; token?: string; current?: boolean; extra?: string },
): string {
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: ${o.name}, cluster: {server: "${o.server}"}}]`,
      `users: [{name: ${o.name}, user: {token: ${o.token ?? 't'}}}]`,
      `contexts: [{name: ${o.name}, context: {cluster: ${o.name}, user: ${o.name}}}${o.extra ?? ''}]`,
      o.current === false ? '' : `current-context: ${o.name}`,
    ].join('\n'),
  );
  return path;
}

describe('where the connector finds its cluster', () => {
  let dir: string;
  let saDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kube-config-'));
    saDir = join(dir, 'sa');
    mkdirSync(saDir);
    writeFileSync(join(saDir, 'token'), 'sa-token\n');
    writeFileSync(join(saDir, 'ca.crt'), 'not parsed when loading');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const server = (kc: ReturnType<typeof loadKubeConfig>['kc']) => kc.getCurrentCluster()?.server;
  const inCluster = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '6443' };

  it('INFRA_KUBECONFIG wins over KUBECONFIG, the service account and ~/.kube/config', () => {
    const own = kubeconfig(join(dir, 'own'), { name: 'own', server: 'https://own.example' });
    const listed = kubeconfig(join(dir, 'listed'), { name: 'listed', server: 'https://listed.example' });
    const { kc, source } = loadKubeConfig({
      kubeconfigPath: own,
      env: { KUBECONFIG: listed, HOME: dir, ...inCluster },
      serviceAccountDir: saDir,
    });
    assert.equal(server(kc), 'https://own.example');
    assert.match(source, /^INFRA_KUBECONFIG /);
  });

  it('KUBECONFIG lists files merged as kubectl does: the first current-context and the first of each name win', () => {
    const first = kubeconfig(join(dir, 'first'), {
      name: 'a',
      server: 'https://a.example',
      extra: ', {name: b, context: {cluster: a, user: a}}',
    });
    const second = kubeconfig(join(dir, 'second'), { name: 'b', server: 'https://b.example', token: 'from-second' });
    const third = kubeconfig(join(dir, 'third'), { name: 'a', server: 'https://shadowed.example' });
    const { kc } = loadKubeConfig({
      env: { KUBECONFIG: [first, second, third].join(delimiter), ...inCluster },
      serviceAccountDir: saDir,
    });
    assert.equal(kc.getCurrentContext(), 'a');
    assert.equal(server(kc), 'https://a.example');
    assert.equal(kc.getContextObject('b')?.cluster, 'a', 'context b of the first file, not of the second');
    assert.equal(kc.getUser('b')?.token, 'from-second', 'a user only the second file has');
    assert.deepEqual(
      kc.getClusters().map((c) => c.server),
      ['https://a.example', 'https://b.example'],
    );
  });

  it("a later file's current-context counts when the earlier ones set none", () => {
    const first = kubeconfig(join(dir, 'first'), { name: 'a', server: 'https://a.example', current: false });
    const second = kubeconfig(join(dir, 'second'), { name: 'b', server: 'https://b.example' });
    assert.equal(
      server(loadKubeConfig({ env: { KUBECONFIG: `${first}${delimiter}${second}` } }).kc),
      'https://b.example',
    );
  });

  it('--context picks another context; an unknown one is named with the ones there are', () => {
    const path = kubeconfig(join(dir, 'c'), {
      name: 'a',
      server: 'https://a.example',
      extra: ', {name: other, context: {cluster: a, user: a, namespace: x}}',
    });
    assert.equal(loadKubeConfig({ kubeconfigPath: path, context: 'other', env: {} }).kc.getCurrentContext(), 'other');
    assert.throws(
      () => loadKubeConfig({ kubeconfigPath: path, context: 'nope', env: {} }),
      /context "nope" is not in the kubeconfig's contexts \(it has: "a", "other"\)/,
    );
  });

  it('in a pod: the service variables and the mounted service account, IPv6 in brackets', () => {
    const { kc, source } = loadKubeConfig({ env: { ...inCluster, HOME: dir }, serviceAccountDir: saDir });
    assert.equal(source, 'in-cluster service account');
    assert.equal(server(kc), 'https://10.0.0.1:6443');
    assert.equal(kc.getCurrentCluster()?.caFile, join(saDir, 'ca.crt'));
    const v6 = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1' }, serviceAccountDir: saDir }).kc;
    assert.equal(server(v6), 'https://[fd00::1]:443');
  });

  it('in a pod without a readable token, startup fails and says which file', () => {
    rmSync(join(saDir, 'token'));
    assert.throws(
      () => loadKubeConfig({ env: inCluster, serviceAccountDir: saDir }),
      /cannot read the token file .*sa\/token: ENOENT/,
    );
    writeFileSync(join(saDir, 'token'), '\n');
    assert.throws(() => loadKubeConfig({ env: inCluster, serviceAccountDir: saDir }), /token file .* is empty/);
  });

  it('~/.kube/config when nothing else is there; else an error naming every source', () => {
    mkdirSync(join(dir, '.kube'));
    kubeconfig(join(dir, '.kube', 'config'), { name: 'home', server: 'https://home.example' });
    assert.equal(server(loadKubeConfig({ env: { HOME: dir } }).kc), 'https://home.example');
    assert.throws(
      () => loadKubeConfig({ env: { HOME: saDir } }),
      /set INFRA_KUBECONFIG or KUBECONFIG, run in a pod \(KUBERNETES_SERVICE_HOST\), or create ~\/.kube\/config/,
    );
  });

  it('a kubeconfig that cannot be used says why: missing file, no current-context, a server that is not a URL', () => {
    assert.throws(
      () => loadKubeConfig({ kubeconfigPath: join(dir, 'missing'), env: {} }),
      /cannot load the kubeconfig .*missing: ENOENT/,
    );
    const none = kubeconfig(join(dir, 'none'), { name: 'a', server: 'https://a.example', current: false });
    assert.throws(
      () => loadKubeConfig({ kubeconfigPath: none, env: {} }),
      /no current-context and no context was chosen/,
    );
    const bad = kubeconfig(join(dir, 'bad'), { name: 'a', server: 'not a url' });
    assert.throws(() => loadKubeConfig({ kubeconfigPath: bad, env: {} }), /cluster "a" has a server that is not a URL/);
  });
});
