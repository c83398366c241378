import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useAdminServer } from '../../testing/mocha.js';
import type { TestClient } from '../../testing/test-client.js';

interface Applied {
  dryRun: boolean;
  diff: string[];
}

describe('infra apply (POST /api/apply)', function () {
  this.timeout(120_000);
  const t = useAdminServer();

  async function apply(
    document: string,
    extra: Record<string, unknown> = {},
    client: TestClient = t.admin,
  ): Promise<Applied> {
    const res = await client.post<Applied>('/api/apply', { document, ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }
  async function grantsOf(user: string): Promise<string[]> {
    const res = await t.admin.get<{ items: { privilege: string; resource: string }[] }>(`/api/grants?user=${user}`);
    return res.body.items.map((g) => `${g.privilege} ${g.resource}`).sort();
  }
  async function members(group: string): Promise<string[]> {
    const [g] = (await t.admin.get<{ items: { id: string }[] }>(`/api/groups?name=${group}`)).body.items;
    if (!g) return [];
    return (await t.admin.get<{ items: { name: string }[] }>(`/api/groups/${g.id}/users`)).body.items
      .map((u) => u.name)
      .sort();
  }
  async function userExists(name: string): Promise<boolean> {
    return (await t.admin.get<{ items: unknown[] }>(`/api/users?name=${name}`)).body.items.length === 1;
  }

  // Each test starts from what the API made alone: an empty file removes whatever earlier applies made.
  beforeEach(async () => {
    await apply('');
  });

  const FIRST = `
users:
  - name: Ada@Example.com
  - ci-bot
groups:
  - name: sre
    members: [ada@example.com, ci-bot]
grants:
  - user: ada@example.com
    role: view
    resource: prod.web
  - group: sre
    role: edit
    resource: prod
`;

  it('creates what the file declares, prints it as + lines in a stable order, and changes nothing the second time', async () => {
    const first = await apply(FIRST);
    assert.deepEqual(first.diff, [
      '+ user ada@example.com',
      '+ user ci-bot',
      '+ group sre (members +ada@example.com, +ci-bot)',
      '+ grant edit on prod to group sre',
      '+ grant view on prod.web to user ada@example.com',
    ]);
    assert.deepEqual(await grantsOf('ada@example.com'), ['view prod.web']);
    assert.deepEqual(await members('sre'), ['ada@example.com', 'ci-bot']);
    const audit = await t.admin.get<{
      items: { targetName: string; details: { source: string; changes: string[] } }[];
    }>('/api/audit?action=apply.run');
    const last = audit.body.items.at(-1);
    assert.deepEqual(
      [last?.targetName, last?.details],
      ['infra.yaml', { source: 'api', changes: first.diff }],
      'one audit row says what the apply did',
    );
    const again = await apply(FIRST);
    assert.deepEqual(again.diff, []);
    const dry = await apply(FIRST, { dryRun: true });
    assert.deepEqual(dry, { dryRun: true, changes: [], diff: [] });
  });

  it('a dry run returns the exact diff and changes nothing', async () => {
    const doc = 'users: [dry@example.com]\ngrants:\n  - {user: dry@example.com, role: admin, resource: dry}\n';
    const dry = await apply(doc, { dryRun: true });
    assert.deepEqual(dry.diff, ['+ user dry@example.com', '+ grant admin on dry to user dry@example.com']);
    assert.equal(await userExists('dry@example.com'), false);
    assert.deepEqual((await apply(doc)).diff, dry.diff);
    assert.equal(await userExists('dry@example.com'), true);
  });

  it('removes what an earlier apply made once the file drops it, and never what was made through the API', async () => {
    await apply(FIRST);
    // Made through the API: a user, their grant, a grant to ada, a member of sre. Apply must leave all of it.
    assert.equal((await t.admin.post('/api/users', { name: 'manual@example.com' })).status, 201);
    assert.equal(
      (await t.admin.post('/api/grants', { user: 'manual@example.com', privilege: 'view', resource: 'prod' })).status,
      201,
    );
    assert.equal(
      (await t.admin.post('/api/grants', { user: 'ada@example.com', privilege: 'edit', resource: 'staging' })).status,
      201,
    );
    const [sre] = (await t.admin.get<{ items: { id: string }[] }>('/api/groups?name=sre')).body.items;
    assert.equal(
      (await t.admin.patch(`/api/groups/${sre!.id}/users`, { usersToAdd: ['manual@example.com'] })).status,
      200,
    );

    const smaller = `
users: [ada@example.com]
groups:
  - name: sre
    members: [ada@example.com]
grants:
  - user: ada@example.com
    role: edit
    resource: prod.web
`;
    const dry = await apply(smaller, { dryRun: true });
    assert.deepEqual(dry.diff, [
      '- user ci-bot',
      '- grant edit on prod to group sre',
      '+ grant edit on prod.web to user ada@example.com',
      '- grant view on prod.web to user ada@example.com',
    ]);
    assert.deepEqual((await apply(smaller)).diff, dry.diff);
    assert.equal(await userExists('ci-bot'), false);
    assert.deepEqual(await grantsOf('ada@example.com'), ['edit prod.web', 'edit staging']);
    assert.deepEqual(await grantsOf('manual@example.com'), ['view prod']);
    assert.deepEqual(await members('sre'), ['ada@example.com', 'manual@example.com']);

    // A file that declares nothing removes only what applies made.
    assert.deepEqual((await apply('')).diff, ['- user ada@example.com', '- group sre']);
    assert.equal(await userExists('manual@example.com'), true);
    assert.deepEqual(await grantsOf('manual@example.com'), ['view prod']);
  });

  it('adds a declared member to a group made through the API and later removes only that member', async () => {
    assert.equal((await t.admin.post('/api/groups', { name: 'ops' })).status, 201);
    assert.equal((await t.admin.post('/api/users', { name: 'ops-bot' })).status, 201);
    const doc = 'users: [pat@example.com]\ngroups:\n  - name: ops\n    members: [pat@example.com, ops-bot]\n';
    assert.deepEqual((await apply(doc)).diff, [
      '+ user pat@example.com',
      '~ group ops (members +ops-bot, +pat@example.com)',
    ]);
    assert.deepEqual((await apply('users: [pat@example.com]\n')).diff, [
      '~ group ops (members -ops-bot, -pat@example.com)',
    ]);
    assert.deepEqual(await members('ops'), []);
    assert.deepEqual((await apply('')).diff, ['- user pat@example.com']);
    assert.equal(
      (await t.admin.get<{ items: unknown[] }>('/api/groups?name=ops')).body.items.length,
      1,
      'the API group stays',
    );
  });

  it('applies nothing when any entry is invalid', async () => {
    const res = await t.admin.post('/api/apply', {
      document:
        'users: [whole@example.com]\ngrants:\n  - {user: whole@example.com, role: view, resource: a}\n  - {user: nobody@example.com, role: view, resource: a}\n',
    });
    assert.equal(res.status, 400);
    assert.equal(
      res.body.message,
      'infra.yaml:4: grants[1].user: unknown user "nobody@example.com" (declare it under users, or create it first)',
    );
    assert.equal(await userExists('whole@example.com'), false);
  });

  it('names the file, the line and the field of every problem, as a 400', async () => {
    const res = await t.admin.post('/api/apply', {
      fileName: 'access/infra.yaml',
      document: [
        'users:', //                                   1
        '  - name: sam@example.com', //                2
        '  - name: sam@example.com', //                3
        'groups:', //                                  4
        '  - name: devs', //                           5
        '    members: [sam@example.com, ghost]', //    6
        'grants:', //                                  7
        '  - user: sam@example.com', //                8
        '    role: admn', //                           9
        '    resource: prod', //                       10
        '  - group: devs', //                          11
        '    role: view', //                           12
        '    resource: Prod_1', //                     13
        '  - user: sam@example.com', //                14
        '    group: devs', //                          15
        '    role: view', //                           16
        '    resource: prod', //                       17
      ].join('\n'),
    });
    assert.equal(res.status, 400);
    assert.equal(
      res.body.message,
      [
        'access/infra.yaml:3: users[1]: duplicate user "sam@example.com" (first at line 2)',
        'access/infra.yaml:9: grants[0].role: unknown role "admn" (use connect, view, edit, admin, cluster-admin, or list a custom ClusterRole under roles)',
        'access/infra.yaml:13: grants[1].resource: invalid resource "Prod_1": destination "Prod_1" must be a lower-case DNS label',
        'access/infra.yaml:14: grants[2]: give exactly one of user or group',
      ].join('\n'),
    );
    assert.deepEqual(res.body.fieldErrors[1], {
      field: 'grants[0].role',
      errors: [
        'access/infra.yaml:9: unknown role "admn" (use connect, view, edit, admin, cluster-admin, or list a custom ClusterRole under roles)',
      ],
    });
  });

  const BAD: [string, string, Record<string, unknown>, string][] = [
    ['malformed YAML', 'users:\n  - name: a@example.com\n  bad: [\n', {}, /^infra\.yaml:3: not valid YAML: /.source],
    ['a section that is not a list', 'grants: yes\n', {}, 'infra.yaml:1: grants: must be a list'],
    [
      'an unknown section',
      'user: []\n',
      {},
      'infra.yaml:1: user: unknown field "user" (expected providers, roles, users, groups, grants)',
    ],
    ['a missing field', 'grants:\n  - user: x\n    role: view\n', {}, 'infra.yaml:2: grants[0].resource: is required'],
    [
      'an unknown group member',
      'groups:\n  - name: g\n    members:\n      - nobody\n',
      {},
      'infra.yaml:4: groups[0].members[0]: unknown user "nobody" (declare it under users, or create it first)',
    ],
    [
      'a duplicate grant',
      'grants:\n  - {group: g, role: view, resource: a}\n  - {group: g, role: view, resource: a}\ngroups: [{name: g}]\n',
      {},
      'infra.yaml:3: grants[1]: duplicate grant of view on a to g (first at line 2)',
    ],
    [
      'a role infra does not have',
      'grants:\n  - {group: g, role: edit, resource: infra}\n',
      {},
      'infra.yaml:2: grants[0].role: unknown role "edit" on infra (use admin or view)',
    ],
    [
      'a reference to a missing env var',
      'providers:\n  - name: okta\n    url: https://example.okta.com\n    clientID: abc\n    clientSecret: env:OKTA_SECRET\n',
      {},
      'infra.yaml:5: providers[0].clientSecret: environment variable OKTA_SECRET is not set (referenced as "env:OKTA_SECRET")',
    ],
    [
      'a system: user',
      'users: ["system:admin"]\n',
      {},
      'infra.yaml:1: users[0]: user "system:admin" must not start with "system:"',
    ],
  ];
  for (const [what, document, extra, message] of BAD) {
    it(`answers ${what} with a 400 naming the line`, async () => {
      const res = await t.admin.post('/api/apply', { document, ...extra });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      if (message.startsWith('^')) assert.match(res.body.message, new RegExp(message));
      else assert.equal(res.body.message, message);
    });
  }

  it('lets a custom ClusterRole through once the file lists it under roles', async () => {
    const doc = 'users: [role@example.com]\ngrants:\n  - {user: role@example.com, role: db-reader, resource: prod}\n';
    const refused = await t.admin.post('/api/apply', { document: doc, dryRun: true });
    assert.equal(refused.status, 400);
    assert.deepEqual((await apply(`roles: [db-reader]\n${doc}`, { dryRun: true })).diff, [
      '+ user role@example.com',
      '+ grant db-reader on prod to user role@example.com',
    ]);
  });

  it('refuses to remove the admin who applies the file, with a 409 and nothing changed', async () => {
    await apply('users: [lead@example.com]\ngrants:\n  - {user: lead@example.com, role: admin, resource: infra}\n');
    const key = await t.admin.post<{ accessKey: string }>('/api/keys', {
      userID: (await t.admin.get<{ items: { id: string }[] }>('/api/users?name=lead@example.com')).body.items[0]!.id,
    });
    const lead = t.admin.as(key.body.accessKey);
    const res = await lead.post('/api/apply', { document: 'users: [other@example.com]\n' });
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(
      res.body.message,
      'applying infra.yaml would remove you (lead@example.com): keep lead@example.com in the file',
    );
    assert.equal(await userExists('other@example.com'), false);
  });

  it('is for infra admins only', async () => {
    const res = await t.admin.as(undefined).post('/api/apply', { document: '' });
    assert.equal(res.status, 401);
  });
});

describe('the README example of access as code', function () {
  this.timeout(120_000);
  const t = useAdminServer();

  it('dry-runs to exactly the diff the README shows', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Access as code'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    const shown = /```sh\ninfra apply -f infra.yaml --dry-run\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml && shown, 'the README has the example file and its diff');
    const res = await t.admin.post<{ diff: string[] }>('/api/apply', { document: yaml, dryRun: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.diff.map((l) => `${l}\n`).join(''), shown);
  });
});
