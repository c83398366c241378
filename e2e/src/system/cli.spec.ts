// The `infra` CLI against the whole system, as people use it: log in (key or password), list and use
// destinations, then plain kubectl through the kubeconfig the CLI wrote (its exec credential plugin trades the
// session for a token). An admin manages grants with the CLI, including the README's examples verbatim.
import assert from 'node:assert/strict';
import { KUBECTL_VERSIONS } from '@infra/kube-testing';
import { CliUser } from './cli.js';
import type { SystemUser } from './harness.js';
import { EXEC_TRANSPORTS, PORT_FORWARD_TRANSPORTS, forwardedPort, roundTrip } from './streams.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

describe('the infra CLI with the whole system', function () {
  this.timeout(120_000);
  const sys = useSystem();
  const people: CliUser[] = [];
  const person = () => {
    const p = new CliUser();
    people.push(p);
    return p;
  };
  let admin: CliUser;
  let user: SystemUser; // user@example.com, the README's example user

  before(async function () {
    this.timeout(60_000);
    sys().kube.addPod({ name: 'nginx' });
    admin = person();
    const login = await admin.infra(['login', sys().url, '--key', sys().adminKey]);
    assert.equal(login.code, 0, login.stderr);
    user = await sys().createUser('user@example.com');
  });
  after(() => people.forEach((p) => p.cleanup()));

  it('login by key, list and use write a kubeconfig whose exec plugin gets kubectl 1.35 and 1.32 through the proxy', async () => {
    const s = sys();
    const alice = await s.createUser('alice@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: alice.name }, 'view', 'production'));
    const cli = person();
    const login = await cli.infra(['login', s.url, '--key', alice.key]);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Logged in to .* as alice@example\.com\.\nYou can use 1 destination/);
    const list = await cli.infra(['list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^\s+production\s+view\s+yes\s*$/m);
    const use = await cli.infra(['use', 'production']);
    assert.equal(use.code, 0, use.stderr);
    assert.match(use.stdout, /Switched kubectl to production \(context infra:production\)/);
    assert.match((await cli.infra(['list'])).stdout, /^\*\s+production\s/m, 'list marks the current context');

    for (const [version] of KUBECTL_VERSIONS) {
      const r = await cli.kubectl(['get', 'pods'], version);
      assert.equal(r.code, 0, `kubectl ${version}: ${r.stderr}`);
      assert.match(r.stdout, /^nginx\s+1\/1\s+Running/m);
    }
    assert.ok(
      s.kube.requests.some((q) => q.user === 'alice@example.com' && q.path === '/api/v1/namespaces/default/pods'),
    );
    const denied = await cli.kubectl(['delete', 'pod', 'nginx']);
    assert.equal(denied.code, 1, 'view does not allow delete');
    assert.match(denied.stderr, /forbidden: User "alice@example\.com" cannot delete resource "pods"/);
  });

  it('exec and port-forward work over WebSocket and SPDY with the CLI-written kubeconfig and its exec plugin', async () => {
    const s = sys();
    const dev = await s.createUser('dev@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: dev.name }, 'edit', 'production'));
    const cli = person();
    assert.equal((await cli.infra(['login', s.url, '--key', dev.key])).code, 0);
    assert.equal((await cli.infra(['use', 'production'])).code, 0);
    for (const [version] of KUBECTL_VERSIONS) {
      for (const { env } of EXEC_TRANSPORTS) {
        const r = await cli.kubectl(['exec', 'nginx', '--', 'echo', 'via', 'plugin'], version, env);
        assert.equal(r.stdout, 'via plugin\n', `kubectl ${version} ${JSON.stringify(env)}: ${r.stderr}`);
      }
      for (const { env } of PORT_FORWARD_TRANSPORTS) {
        const pf = cli.spawnKubectl(['port-forward', 'pod/nginx', ':8080'], version, env);
        try {
          assert.deepEqual(await roundTrip(await forwardedPort(pf), Buffer.from('plugin')), Buffer.from('plugin'));
        } finally {
          await pf.stop();
        }
      }
    }
  });

  it('login by password replaces a one-time password on a terminal, then the new password works', async () => {
    const s = sys();
    await s.createUser('pat@example.com', 'one-time-Passw0rd!');
    await s.grant({ user: 'pat@example.com' }, 'view', 'production');
    const cli = person();
    const first = await cli.terminal(
      ['login', s.url, '--user', 'pat@example.com'],
      [
        [/Password: $/m, 'one-time-Passw0rd!'],
        [/New password: $/m, 'chosen-Passw0rd-42'],
        [/Confirm new password: $/m, 'chosen-Passw0rd-42'],
      ],
    );
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout, /Password updated\.[\s\S]*Logged in to .* as pat@example\.com\./);

    const again = person();
    const second = await again.terminal(
      ['login', s.url, '--user', 'pat@example.com'],
      [[/Password: $/m, 'chosen-Passw0rd-42']],
    );
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    assert.doesNotMatch(second.stdout, /one-time/);
    assert.equal((await again.infra(['use', 'production'])).code, 0);
    const r = await again.kubectl(['get', 'pods']);
    assert.equal(r.code, 0, r.stderr);

    const scripted = await person().infra(['login', s.url, '--user', 'pat@example.com']);
    assert.notEqual(scripted.code, 0);
    assert.match(scripted.stderr, /without a terminal/);
  });

  it('the README examples run verbatim, and grants added and removed with the CLI reach kubectl within seconds', async () => {
    const s = sys();
    const cli = person();
    assert.equal((await cli.infra(['login', s.url, '--key', user.key])).code, 0);
    assert.equal((await admin.infra(['groups', 'add', 'Engineering'])).code, 0);
    await s.addToGroup('Engineering', [user.name]);

    const add = await admin.infra(['grants', 'add', 'user@example.com', 'production', '--role', 'admin']);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /Granted admin on production to user@example\.com\./);
    const group = await admin.infra(['grants', 'add', '-g', 'Engineering', 'production', '--role', 'view']);
    assert.equal(group.code, 0, group.stderr);
    const listed = await admin.infra(['grants', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^user@example\.com\s+admin\s+production\s*$/m);
    assert.match(listed.stdout, /^Engineering\s+view\s+production\s*$/m);

    const list = await cli.infra(['list']);
    assert.match(list.stdout, /^\s+production\s+(admin, view|view, admin)\s+yes\s*$/m);
    assert.equal((await cli.infra(['use', 'production'])).code, 0);
    await eventually(
      'the admin grant to let the user delete pods',
      async () => (await cli.kubectl(['auth', 'can-i', 'delete', 'pods'])).stdout.trim() === 'yes',
    );

    const remove = await admin.infra(['grants', 'remove', 'user@example.com', 'production', '--role', 'admin']);
    assert.equal(remove.code, 0, remove.stderr);
    await eventually(
      'the removal to reach kubectl',
      async () => (await cli.kubectl(['auth', 'can-i', 'delete', 'pods'])).stdout.trim() === 'no',
      10_000,
    );
    const stillViewer = await cli.kubectl(['get', 'pods']);
    assert.equal(stillViewer.code, 0, `the group's view grant still applies: ${stillViewer.stderr}`);
  });

  it('a user without a grant is told so in one sentence by login, list and use', async () => {
    const s = sys();
    const nobody = await s.createUser('nobody@example.com');
    const cli = person();
    const login = await cli.infra(['login', s.url, '--key', nobody.key]);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /You have no access to any destination yet: ask an admin for a grant\./);
    assert.match((await cli.infra(['list'])).stdout, /You have no access to any destination yet/);
    const use = await cli.infra(['use', 'production']);
    assert.notEqual(use.code, 0);
    assert.match(use.stderr, /you have no access to production: run `infra list`/);
  });

  it('logout removes exactly the contexts Infra wrote and ends the session', async () => {
    const s = sys();
    const bob = await s.createUser('bob@example.com');
    await s.grant({ user: bob.name }, 'view', 'production');
    await s.grant({ user: bob.name }, 'edit', 'production.web');
    const cli = person();
    cli.writeForeignContext('kind-dev', 'https://127.0.0.1:6443');
    assert.equal((await cli.infra(['login', s.url, '--key', bob.key])).code, 0);
    assert.equal((await cli.infra(['use', 'production.web'])).code, 0);
    const before = cli.kubeconfigNames();
    assert.deepEqual(before.contexts, ['infra:production', 'infra:production.web', 'kind-dev']);
    assert.equal(before.current, 'infra:production.web');
    assert.equal((await cli.kubectl(['get', 'pods'])).code, 0);
    const session = cli.session();

    const logout = await cli.infra(['logout']);
    assert.equal(logout.code, 0, logout.stderr);
    const after = cli.kubeconfigNames();
    assert.deepEqual(after, {
      contexts: ['kind-dev'],
      clusters: ['kind-dev'],
      users: ['kind-dev'],
      current: after.current,
    });
    assert.notEqual(after.current, 'infra:production.web', 'the current context no longer names a removed context');
    const list = await cli.infra(['list']);
    assert.notEqual(list.code, 0, 'no session after logout');
    assert.equal((await s.admin.as(session).get('/api/users/self')).status, 401, 'the server ended the session too');
  });
});
