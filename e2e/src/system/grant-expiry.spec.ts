// A time-bound grant made with the real CLI (`infra grants add … --expires 2s`) ends on time with the control server
// stopped: the connector holds the expiry itself, so at that instant its proxy refuses the user (403) and its
// reconciler deletes the RoleBinding, with nobody to tell it.
import assert from 'node:assert/strict';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

/** How long after expiresAt the connector may take to act (its timer fires at the instant; the machine is shared). */
const ENFORCE_DEADLINE_MS = 5_000;

describe('a time-bound grant from the CLI', function () {
  this.timeout(60_000);
  const sys = useSystem();
  const admin = new CliUser();
  const user = new CliUser();
  after(() => [admin, user].forEach((c) => c.cleanup()));

  it('works until --expires 2s has passed, then is refused and unbound while the server is stopped', async () => {
    const s = sys();
    s.kube.addPod({ name: 'web-1', namespace: 'web' });
    const temp = await s.createUser('temp@example.com');
    // A lasting grant elsewhere lets the user log in and get tokens ahead of the 2 s window.
    await s.waitForGrantInConnector(await s.grant({ user: temp.name }, 'view', 'production.db'));
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
    assert.equal((await user.infra(['login', s.url, '--key', temp.key])).code, 0);
    assert.equal((await user.infra(['use', 'production.db'])).code, 0);
    assert.equal((await user.kubectl(['get', 'pods', '-n', 'db'])).code, 0, 'the exec plugin caches a token');
    const token = await s.token(temp.key);
    const webPods = '/api/v1/namespaces/web/pods';
    assert.equal((await s.proxyRequest(webPods, token)).status, 403, 'no grant on web yet');

    const add = await admin.infra(['grants', 'add', temp.name, 'production.web', '--role', 'view', '--expires', '2s']);
    assert.equal(add.code, 0, add.stderr);
    const until = /until (\S+) \(in (?:1s|<1s)\)\.$/m.exec(add.stdout)?.[1];
    assert.ok(until, add.stdout);
    const expiresAt = Date.parse(until);
    const [grant] = (
      await s.admin.get<{ items: { id: string; expiresAt: string }[] }>('/api/grants?resource=production.web')
    ).body.items;
    assert.equal(grant?.expiresAt, new Date(expiresAt).toISOString());

    await eventually(
      'the RoleBinding for the 2 s grant',
      () => s.binding(grant.id, 'web') !== undefined,
      expiresAt - Date.now(),
    );
    const during = await user.kubectl(['get', 'pods', '-n', 'web']);
    const tookMs = Date.now() - (expiresAt - 2_000);
    assert.equal(during.code, 0, `kubectl while the grant holds (${tookMs} ms into its 2 s): ${during.stderr}`);
    assert.match(during.stdout, /^web-1\s/m);

    const sequence = s.connector.state.sequence;
    // Cut the gRPC link first (instant), then stop the server (a graceful stop can outlast the rest of the 2 s).
    s.grpc.pause();
    await eventually(
      'the connector to notice the server is gone',
      () => !s.connector.stream.registered,
      ENFORCE_DEADLINE_MS,
    );
    const cutOffMs = expiresAt - Date.now();
    await s.stopServer();
    s.grpc.resume(); // the server is down: the connector's reconnects are refused

    await eventually(
      'the RoleBinding to be deleted at expiry',
      () => s.binding(grant.id, 'web') === undefined,
      Math.max(0, expiresAt - Date.now()) + ENFORCE_DEADLINE_MS,
    );
    assert.ok(Date.now() >= expiresAt, 'the binding went no earlier than the expiry');
    const refused = await s.proxyRequest(webPods, token);
    assert.equal(refused.status, 403, refused.body);
    const after = await user.kubectl(['get', 'pods', '-n', 'web']);
    assert.equal(after.code, 1);
    assert.match(after.stderr, /Forbidden|forbidden/);
    assert.equal((await user.kubectl(['get', 'pods', '-n', 'db'])).code, 0, 'the lasting grant still works');
    assert.equal(s.connector.state.sequence, sequence, 'nothing came from the server');
    assert.ok(cutOffMs > 0, `the connector was cut off only ${-cutOffMs} ms after the expiry`);
  });
});
