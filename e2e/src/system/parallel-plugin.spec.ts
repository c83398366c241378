// kubectl runs the exec credential plugin for every command, and people (and scripts) run many at once. With an
// expired token in the CLI's cache, 20 real kubectl processes started together must all succeed on ONE new token:
// the plugins queue on the cache's lock file and re-read the cache. The count is the control server's own: its
// Prometheus counter of requests served, by method and route.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

/** POST /api/tokens requests the control server has answered, from its own Prometheus counter (GET /metrics). */
async function tokenRequests(serverUrl: string): Promise<number> {
  const res = await fetch(`${serverUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(res.status, 200);
  let total = 0;
  for (const line of (await res.text()).split('\n')) {
    const m = /^infra_http_requests_total\{(.*)\} (\d+)$/.exec(line);
    if (m && m[1].includes('method="POST"') && m[1].includes('route="/api/tokens"')) total += Number(m[2]);
  }
  return total;
}

/** Marks the CLI's cached token for a destination as expired a minute ago (the cache holds one file per server). */
function expireCachedToken(cli: CliUser, destination: string): string {
  const dir = join(cli.home, 'cache', 'tokens');
  const files = readdirSync(dir).filter((n) => n.endsWith(`-${destination}.json`));
  assert.equal(files.length, 1, `one cached token for ${destination}: ${files.join(', ')}`);
  const path = join(dir, files[0]);
  const cached = JSON.parse(readFileSync(path, 'utf8')) as { token: string; expires: string };
  writeFileSync(path, JSON.stringify({ ...cached, expires: new Date(Date.now() - 60_000).toISOString() }), {
    mode: 0o600,
  });
  return cached.token;
}

describe('parallel kubectl with the CLI exec plugin', function () {
  this.timeout(120_000);
  const sys = useSystem({ serverEnv: { INFRA_METRICS_TOKEN: METRICS_TOKEN } });
  const cli = new CliUser();
  after(() => cli.cleanup());

  it('20 kubectl processes at once with an expired cache trigger exactly one token request', async () => {
    const s = sys();
    s.kube.addPod({ name: 'nginx' });
    const user = await s.createUser('parallel@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));
    const login = await cli.infra(['login', s.url, '--key', user.key]);
    assert.equal(login.code, 0, login.stderr);
    const use = await cli.infra(['use', 'production']);
    assert.equal(use.code, 0, use.stderr);
    const warm = await cli.kubectl(['get', 'pods']);
    assert.equal(warm.code, 0, warm.stderr);
    const old = expireCachedToken(cli, 'production');

    const before = await tokenRequests(s.url);
    assert.ok(before >= 1, 'the warm-up kubectl got its token with POST /api/tokens');
    // Each kubectl has its own HOME and KUBECACHEDIR (@infra/kube-testing, src/kubectl/kubectl.ts); the kubeconfig's exec entry names INFRA_HOME.
    const results = await Promise.all(Array.from({ length: 20 }, () => cli.kubectl(['get', 'pods'])));
    results.forEach((r, i) => {
      assert.equal(r.code, 0, `kubectl #${i}: ${r.stderr}`);
      assert.match(r.stdout, /^nginx\s/m);
    });
    assert.equal((await tokenRequests(s.url)) - before, 1);
    assert.notEqual(expireCachedToken(cli, 'production'), old, 'the cache holds the one new token');
  });
});
