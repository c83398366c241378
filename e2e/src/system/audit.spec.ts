// `infra audit` against the whole system: the kubectl calls a user made through the connector come back from the
// destination's log with the request id the proxy sent to the API server (Impersonate-Extra-Infra-Request-Id), and
// the admin log holds the grant the admin made with the CLI.
import assert from 'node:assert/strict';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

describe('infra audit with the whole system', function () {
  this.timeout(60_000);
  const sys = useSystem();
  const admin = new CliUser();
  const user = new CliUser();
  after(() => [admin, user].forEach((c) => c.cleanup()));

  it('returns the proxied kubectl calls with the ids the API server saw, and the admin actions', async () => {
    const s = sys();
    s.kube.addPod({ name: 'audited', namespace: 'web' });
    const audited = await s.createUser('audited@example.com');
    const since = new Date(Date.now() - 1).toISOString();
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
    const add = await admin.infra(['grants', 'add', audited.name, 'production.web', '--role', 'view']);
    assert.equal(add.code, 0, add.stderr);
    const [grant] = (await s.admin.get<{ items: { id: string }[] }>('/api/grants?resource=production.web')).body.items;
    await s.waitForGrantInConnector(grant!.id);
    assert.equal((await user.infra(['login', s.url, '--key', audited.key])).code, 0);
    assert.equal((await user.infra(['use', 'production.web'])).code, 0);
    const get = await user.kubectl(['get', 'pods']);
    assert.equal(get.code, 0, get.stderr);

    const seen = s.kube.requests.filter((r) => r.user === audited.name && r.path === '/api/v1/namespaces/web/pods');
    const ids = seen.flatMap((r) =>
      Object.entries(r.extra ?? {})
        .filter(([k]) => k.toLowerCase() === 'infra-request-id')
        .flatMap(([, v]) => v),
    );
    assert.ok(ids.length > 0, 'the API server saw a request id');
    let events: { requestID: string; user: string; verb: string; path: string; status: number }[] = [];
    await eventually(
      'the connector to report the kubectl calls',
      async () => {
        const r = await admin.infra([
          'audit',
          '--destination',
          'production',
          '--actor',
          audited.name,
          '--since',
          since,
          '-o',
          'jsonl',
        ]);
        assert.equal(r.code, 0, r.stderr);
        events = r.stdout
          .trimEnd()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l));
        return ids.every((id) => events.some((e) => e.requestID === id));
      },
      10_000,
    );
    const listed = events.find((e) => e.requestID === ids[0])!;
    assert.deepEqual(
      [listed.user, listed.verb, listed.path, listed.status],
      [audited.name, 'list', '/api/v1/namespaces/web/pods', 200],
    );

    // The same id, joined across both logs: the kubectl call, named with its destination.
    const trail = await admin.infra(['audit', '--request-id', ids[0]!, '-o', 'jsonl']);
    assert.equal(trail.code, 0, trail.stderr);
    const joined = trail.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { log: string; destinationName: string; requestID: string; user: string });
    assert.deepEqual(
      joined.map((e) => [e.log, e.destinationName, e.requestID, e.user]),
      [['proxy', 'production', ids[0], audited.name]],
    );

    const mine = await admin.infra(['audit', '--action', 'grants.create', '--since', since, '-o', 'jsonl']);
    assert.equal(mine.code, 0, mine.stderr);
    const created = mine.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { targetID: string; details: { resource: string } });
    assert.deepEqual(
      created.map((e) => [e.targetID, e.details.resource]),
      [[grant!.id, 'production.web']],
    );
  });
});
