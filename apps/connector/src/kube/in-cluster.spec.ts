import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedApi, sendJson } from '../testing/scripted-api.js';
import { KubeClient } from './api-client.js';
import { loadInCluster } from './in-cluster.js';

describe('in-cluster configuration', function () {
  this.timeout(20_000);
  let api: ScriptedApi;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    api = await ScriptedApi.start();
    api.handler = (_req, res) => sendJson(res, 200, { gitVersion: 'v1.35.0' });
    dir = mkdtempSync(join(tmpdir(), 'infra-sa-'));
    writeFileSync(join(dir, 'ca.crt'), api.caPem);
    writeFileSync(join(dir, 'namespace'), 'infra\n');
    env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(api.url).port };
  });
  after(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The kubelet replaces the projected token by swapping a symlinked directory; a rename is as atomic.
  const writeToken = (token: string) => {
    writeFileSync(join(dir, 'token.new'), token);
    renameSync(join(dir, 'token.new'), join(dir, 'token'));
  };

  it('reaches the API server from the service environment with the mounted CA and token, re-reading the rotated token', async () => {
    writeToken('token-1');
    let now = 0;
    const cluster = loadInCluster({ env, dir, refreshMs: 60_000, now: () => now });
    assert.equal(cluster.server.href, `https://127.0.0.1:${env.KUBERNETES_SERVICE_PORT}/`);
    assert.equal(cluster.namespace, 'infra');
    const client = new KubeClient(cluster);
    try {
      await client.get('/version');
      writeToken('token-2');
      now = 59_999;
      await client.get('/version');
      now = 60_000;
      await client.get('/version');
      assert.deepEqual(
        api.seen.map((r) => r.authorization),
        ['Bearer token-1', 'Bearer token-1', 'Bearer token-2'],
      );
      rmSync(join(dir, 'token'));
      now = 120_000;
      await client.get('/version');
      assert.equal(api.seen.at(-1)?.authorization, 'Bearer token-2', 'a failed re-read keeps the last token');
    } finally {
      client.close();
    }
  });

  it('brackets an IPv6 service host', () => {
    writeToken('t');
    assert.equal(loadInCluster({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, dir }).server.host, '[fd00::1]');
  });

  it('says what is missing outside a cluster or without a mounted service account', () => {
    assert.throws(() => loadInCluster({ env: {}, dir }), /not running in a cluster: KUBERNETES_SERVICE_HOST is not set/);
    assert.throws(() => loadInCluster({ env: { ...env, KUBERNETES_SERVICE_PORT: 'https' }, dir }), /KUBERNETES_SERVICE_PORT must be a port number/);
    assert.throws(() => loadInCluster({ env, dir: join(dir, 'nowhere') }), /cannot read the service account's .*token: ENOENT \(is a service account token mounted\?\)/);
    writeToken('  \n');
    assert.throws(() => loadInCluster({ env, dir }), /the token file .* is empty/);
  });
});
