import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../kube/kube-config.js';
import { within } from '../testing/deadline.js';
import { Upstream } from './upstream.js';

// An exec credential plugin that counts its runs in a file and answers "Bearer exec-<run>", expiring at once.
const PLUGIN = `const fs = require('node:fs');
const runs = process.argv[2];
fs.appendFileSync(runs, 'x');
const n = fs.readFileSync(runs, 'utf8').length;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: { token: 'exec-' + n, expirationTimestamp: new Date(Date.now() - 1).toISOString() } }));`;

describe("the upstream's credentials from the KubeConfig", () => {
  let dir: string;
  let runs: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upstream-'));
    runs = join(dir, 'runs');
    writeFileSync(runs, '');
    writeFileSync(join(dir, 'plugin.cjs'), PLUGIN);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function kubeconfig(user: string): string {
    const path = join(dir, 'kubeconfig');
    const cluster = `{name: c, cluster: {server: "https://[::1]:6443", tls-server-name: api.internal, insecure-skip-tls-verify: true}}`;
    writeFileSync(
      path,
      `clusters: [${cluster}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
    );
    return path;
  }

  it('runs an exec plugin for the Authorization, once per TTL however many requests ask, and again after it', async () => {
    const exec = `{exec: {apiVersion: client.authentication.k8s.io/v1, command: "${process.execPath}", args: ["${join(dir, 'plugin.cjs')}", "${runs}"], interactiveMode: Never}}`;
    const { kc } = loadKubeConfig({ kubeconfigPath: kubeconfig(exec), env: {} });
    const upstream = await within('the upstream to start', Upstream.forKubeConfig(kc, 300));
    try {
      const burst = await within(
        '100 authorizations',
        Promise.all(Array.from({ length: 100 }, () => upstream.authorization())),
      );
      assert.deepEqual(new Set(burst), new Set(['Bearer exec-1']));
      assert.equal(readFileSync(runs, 'utf8').length, 1, 'the plugin ran once for the start and the burst');
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(await within('an authorization after the TTL', upstream.authorization()), 'Bearer exec-2');
    } finally {
      upstream.close();
    }
  });

  it('takes the server, TLS server name and verification setting from the current cluster, and a static token', async () => {
    const { kc } = loadKubeConfig({ kubeconfigPath: kubeconfig('{token: static-token}'), env: {} });
    const upstream = await Upstream.forKubeConfig(kc);
    try {
      assert.equal(upstream.url.href, 'https://[::1]:6443/');
      assert.deepEqual([upstream.tls.servername, upstream.tls.rejectUnauthorized], ['api.internal', false]);
      assert.equal(await upstream.authorization(), 'Bearer static-token');
    } finally {
      upstream.close();
    }
  });

  it('sends basic auth as an Authorization header', async () => {
    const { kc } = loadKubeConfig({ kubeconfigPath: kubeconfig('{username: admin, password: "p:w"}'), env: {} });
    const upstream = await Upstream.forKubeConfig(kc);
    try {
      assert.equal(await upstream.authorization(), `Basic ${Buffer.from('admin:p:w').toString('base64')}`);
    } finally {
      upstream.close();
    }
  });
});
