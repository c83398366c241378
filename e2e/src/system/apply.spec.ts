// Access as code end to end: `infra apply -f infra.yaml` (the real CLI binary) gives a group a grant, the connector
// binds it and kubectl works; the grant taken out of the file and applied again, kubectl is refused, while the grant
// made through the API stays. Each dry run prints exactly the diff that the apply then makes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

/** How long the connector may take to bind or unbind after the apply answers (milliseconds when it works). */
const CONNECTOR_DEADLINE_MS = 5_000;

describe('infra apply, end to end', function () {
  this.timeout(60_000);
  const sys = useSystem();
  const admin = new CliUser();
  const user = new CliUser();
  after(() => [admin, user].forEach((c) => c.cleanup()));

  it('grants through the file, kubectl works; the grant taken out of the file, kubectl is refused', async () => {
    const s = sys();
    s.kube.addPod({ name: 'web-1', namespace: 'web' });
    const coder = await s.createUser('coder@example.com');
    // Made through the API: apply must never touch it, and it lets the user log in and keep a working context.
    await s.waitForGrantInConnector(await s.grant({ user: coder.name }, 'view', 'production.db'));
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
    assert.equal((await user.infra(['login', s.url, '--key', coder.key])).code, 0);
    assert.equal((await user.infra(['use', 'production.db'])).code, 0);
    assert.equal((await user.kubectl(['get', 'pods', '-n', 'web'])).code, 1, 'no grant on web yet');

    const file = join(admin.dir, 'infra.yaml');
    writeFileSync(
      file,
      [
        'groups:',
        '  - name: coders',
        '    members: [coder@example.com]',
        'grants:',
        '  - group: coders',
        '    role: view',
        '    resource: production.web',
        '',
      ].join('\n'),
    );
    const dry = await admin.infra(['apply', '-f', file, '--dry-run']);
    assert.deepEqual(
      [dry.code, dry.stdout],
      [0, '+ group coders (members +coder@example.com)\n+ grant view on production.web to group coders\n'],
      dry.stderr,
    );
    const applied = await admin.infra(['apply', '-f', file]);
    assert.deepEqual([applied.code, applied.stdout], [0, dry.stdout], applied.stderr);

    const [grant] = (await s.admin.get<{ items: { id: string }[] }>('/api/grants?group=coders')).body.items;
    assert.ok(grant, 'the grant the file declares exists');
    await eventually(
      'the RoleBinding for the applied grant',
      () => s.binding(grant.id, 'web') !== undefined,
      CONNECTOR_DEADLINE_MS,
    );
    const works = await user.kubectl(['get', 'pods', '-n', 'web']);
    assert.equal(works.code, 0, works.stderr);
    assert.match(works.stdout, /^web-1\s/m);

    writeFileSync(file, 'groups:\n  - name: coders\n    members: [coder@example.com]\n');
    const dryRemove = await admin.infra(['apply', '-f', file, '--dry-run']);
    assert.deepEqual(
      [dryRemove.code, dryRemove.stdout],
      [0, '- grant view on production.web to group coders\n'],
      dryRemove.stderr,
    );
    const removed = await admin.infra(['apply', '-f', file]);
    assert.deepEqual([removed.code, removed.stdout], [0, dryRemove.stdout], removed.stderr);
    await eventually(
      'the RoleBinding to be deleted',
      () => s.binding(grant.id, 'web') === undefined,
      CONNECTOR_DEADLINE_MS,
    );
    const refused = await user.kubectl(['get', 'pods', '-n', 'web']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Forbidden|forbidden/);
    assert.equal((await user.kubectl(['get', 'pods', '-n', 'db'])).code, 0, 'the API grant is untouched');

    const again = await admin.infra(['apply', '-f', file]);
    assert.deepEqual([again.code, again.stdout], [0, ''], 'applying the same file twice changes nothing');
  });
});
