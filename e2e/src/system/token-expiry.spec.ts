// Tokens are short-lived (INFRA_TOKEN_TTL; 10 s here, the least the server allows): the proxy refuses an expired
// one by itself, and kubectl with the CLI's kubeconfig carries on, because its exec plugin fetches a new token.
import assert from 'node:assert/strict';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

describe('short-lived tokens', function () {
  this.timeout(120_000);
  const sys = useSystem({ serverEnv: { INFRA_TOKEN_TTL: '10' } });
  const cli = new CliUser();
  after(() => cli.cleanup());

  it('an expired token is refused by the proxy, and the exec plugin of the CLI gets a fresh one', async () => {
    const s = sys();
    s.kube.addPod({ name: 'nginx' });
    const user = await s.createUser('shortlived@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));
    const token = await s.token(user.key);
    assert.equal((await s.proxyRequest('/api/v1/namespaces/default/pods', token)).status, 200);
    assert.equal((await cli.infra(['login', s.url, '--key', user.key])).code, 0);
    assert.equal((await cli.infra(['use', 'production'])).code, 0);
    assert.equal((await cli.kubectl(['get', 'pods'])).code, 0);

    await eventually(
      'the token to expire',
      async () => (await s.proxyRequest('/api/v1/namespaces/default/pods', token)).status === 401,
      30_000,
    );
    assert.match((await s.proxyRequest('/api/v1/namespaces/default/pods', token)).body, /Unauthorized/);
    const r = await cli.kubectl(['get', 'pods']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nginx\s/m);
  });
});
