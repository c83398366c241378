import assert from 'node:assert/strict';
import { ApiClient } from '../api.js';
import { runInProcess } from '../testing/cli.js';
import { adminSession } from '../testing/session.js';

/** A client whose pages hold at most 2 items, like a server with a tiny page size: the CLI must follow cursors. */
class TwoPerPage extends ApiClient {
  override get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T> {
    return super.get<T>(
      path,
      query?.limit === undefined ? query : { ...query, limit: Math.min(2, Number(query.limit)) },
    );
  }
}

describe('infra audit', () => {
  const session = adminSession(async (server) => {
    await server.admin('POST', '/api/destinations', { name: 'production' });
  });
  const infra = session.infra;
  let adminName = '';
  before(async () => {
    adminName = (await session.server.admin<{ name: string }>('GET', '/api/users/self')).name;
  });

  /** Makes groups `<prefix>-0`… through the API; returns a time just before the first. */
  async function groups(prefix: string, n: number): Promise<string> {
    const since = new Date(Date.now() - 1).toISOString();
    for (let i = 0; i < n; i++) await session.server.admin('POST', '/api/groups', { name: `${prefix}-${i}` });
    return since;
  }

  it('shows admin actions as a TIME / ACTOR / ACTION / TARGET / REQUEST ID table, oldest first', async () => {
    const since = await groups('table', 2);
    const r = await infra('audit', '--action', 'groups.create', '--since', since);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME +ACTOR +ACTION +TARGET +REQUEST ID$/);
    assert.equal(lines.length, 3, r.stdout);
    for (const [i, line] of lines.slice(1).entries()) {
      const [time, actor, action, type, name] = line.split(/\s+/);
      assert.ok(Date.parse(time!) >= Date.parse(since), time);
      assert.deepEqual([actor, action, type, name], [adminName, 'groups.create', 'group', `table-${i}`]);
    }
    const json = JSON.parse((await infra('audit', '--action', 'groups.create', '--since', since, '-o', 'json')).stdout);
    assert.deepEqual(
      json.map((e: { targetName: string }) => e.targetName),
      ['table-0', 'table-1'],
    );
  });

  it('shows a grant that ended as grants.expired at its end, with no actor', async function () {
    if (session.server.kind !== 'real') this.skip(); // the fake server keeps no expiries
    const since = new Date().toISOString();
    await session.server.addUser('ends@example.com');
    const end = new Date(Date.now() + 1500);
    const grant = await session.server.admin<{ id: string }>('POST', '/api/grants', {
      user: 'ends@example.com',
      privilege: 'view',
      resource: 'production',
      expiresAt: end.toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, end.getTime() - Date.now() + 20));
    // Deleting an ended grant logs its end first, whether or not a sweep has reached it.
    await session.server.admin('DELETE', `/api/grants/${grant.id}`);
    const r = await infra('audit', '--since', since, '--action', 'grants.expired');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.deepEqual(lines[1]!.split(/\s+/), [end.toISOString(), '-', 'grants.expired', 'grant', grant.id, 'system']);
  });

  it('exports every event with -o jsonl, following the pages, with no repeat and no gap', async () => {
    const since = await groups('export', 5);
    const before = session.server.count('GET /api/audit');
    const r = await runInProcess(session.t, ['audit', '--actor', adminName, '--since', since, '-o', 'jsonl'], {
      api: (target) => new TwoPerPage(target),
    });
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; targetName: string; action: string });
    assert.deepEqual(
      events.map((e) => e.targetName),
      ['export-0', 'export-1', 'export-2', 'export-3', 'export-4'],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 5);
    if (session.server.kind === 'real')
      assert.equal(session.server.count('GET /api/audit') - before, 3, 'three pages of at most 2');
  });

  it('stops at --limit and says how to see the rest', async () => {
    const since = await groups('limited', 3);
    const r = await infra('audit', '--action', 'groups.create', '--since', since, '--limit', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length, 3, r.stdout);
    assert.equal(
      r.stderr,
      'Showing the first 2 events: narrow with --since and --until, raise --limit, or export them all with -o jsonl.\n',
    );
    const all = await infra('audit', '--action', 'groups.create', '--since', since, '--limit', '3');
    assert.deepEqual([all.stdout.trimEnd().split('\n').length, all.stderr], [4, '']);
  });

  it("shows a destination's proxied requests with --destination", async () => {
    const r = await infra('audit', '--destination', 'production', '--actor', 'user@example.com', '--since', '1h');
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'No requests in this range.\n', '']);
  });

  it('shows one request id across both logs with --request-id, the admin events made under that X-Request-Id', async () => {
    const made = await fetch(`${session.server.url}/api/groups`, {
      method: 'POST',
      body: JSON.stringify({ name: 'by-request-id' }),
      headers: {
        authorization: `Bearer ${session.server.adminKey}`,
        'content-type': 'application/json',
        'x-request-id': 'cli-trail-1',
      },
    });
    assert.equal(made.status, 201);
    const r = await infra('audit', '--request-id', 'cli-trail-1');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME +WHERE +WHO +WHAT$/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(/\s+/).slice(1)),
      [['infra', adminName, 'groups.create', 'group', 'by-request-id']],
    );
    const none = await infra('audit', '--request-id', 'never-used');
    assert.deepEqual([none.code, none.stdout], [0, 'No events with request id never-used.\n']);
  });

  it('merges proxied calls into the --request-id list by time, each marked with its log', async () => {
    const trail = {
      requestID: 'r-1',
      truncated: false,
      admin: [
        {
          id: 'a',
          at: '2026-05-01T10:00:02.000Z',
          actorName: 'ada',
          action: 'grants.create',
          targetType: 'grant',
          targetName: 'g',
          targetID: 'g',
          requestID: 'r-1',
        },
      ],
      proxied: [
        {
          id: 'p',
          at: '2026-05-01T10:00:01.000Z',
          requestID: 'r-1',
          user: 'bob',
          verb: 'list',
          path: '/api/v1/pods',
          status: 200,
          destinationID: 'd',
          destinationName: 'production',
        },
        {
          id: 'q',
          at: '2026-05-01T10:00:03.000Z',
          requestID: 'r-1',
          user: 'bob',
          verb: 'get',
          path: '/api',
          status: 403,
          destinationID: 'd2',
          destinationName: null,
        },
      ],
    };
    class Canned extends ApiClient {
      override get<T>(path: string): Promise<T> {
        assert.equal(path, '/api/audit/requests/r-1');
        return Promise.resolve(trail as T);
      }
    }
    const table = await runInProcess(session.t, ['audit', '--request-id', 'r-1'], {
      api: (target) => new Canned(target),
    });
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(
      table.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/).slice(1)),
      [
        ['production', 'bob', 'list', '/api/v1/pods', '200'],
        ['infra', 'ada', 'grants.create', 'grant', 'g'],
        ['d2', 'bob', 'get', '/api', '403'],
      ],
    );
    const jsonl = await runInProcess(session.t, ['audit', '--request-id', 'r-1', '-o', 'jsonl'], {
      api: (target) => new Canned(target),
    });
    assert.deepEqual(
      jsonl.stdout
        .trimEnd()
        .split('\n')
        .map((l) => [JSON.parse(l).log, JSON.parse(l).id]),
      [
        ['proxy', 'p'],
        ['admin', 'a'],
        ['proxy', 'q'],
      ],
    );
  });

  it('shows both logs in one list with --log both, admin events and proxied requests in time order', async () => {
    const since = await groups('both', 2);
    const r = await infra('audit', '--log', 'both', '--action', 'groups.create', '--since', since);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME +LOG +WHO +ACTION +WHAT +REQUEST ID$/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(/\s+/).slice(1, 6)),
      [
        ['admin', adminName, 'groups.create', 'group', 'both-0'],
        ['admin', adminName, 'groups.create', 'group', 'both-1'],
      ],
    );
    const json = JSON.parse(
      (await infra('audit', '--log', 'both', '--action', 'groups.create', '--since', since, '-o', 'json')).stdout,
    );
    assert.deepEqual(
      json.map((e: { log: string; admin: { targetName: string } }) => [e.log, e.admin.targetName]),
      [
        ['admin', 'both-0'],
        ['admin', 'both-1'],
      ],
    );
  });

  it('sends every filter to the timeline and shows a proxied request by its destination, path and status', async () => {
    const asked: Record<string, unknown>[] = [];
    const entries = [
      {
        log: 'proxy',
        id: 'p',
        at: '2026-05-01T10:00:01.000Z',
        user: 'bob',
        action: 'proxy.delete',
        requestID: 'r-9',
        proxied: { destinationID: 'd', destinationName: 'production', path: '/api/v1/pods/x', status: 200 },
      },
    ];
    class Canned extends ApiClient {
      override get<T>(path: string, query?: Record<string, unknown>): Promise<T> {
        assert.equal(path, '/api/audit/timeline');
        asked.push(query!);
        return Promise.resolve({ items: entries } as T);
      }
    }
    const r = await runInProcess(
      session.t,
      [
        'audit',
        '--log',
        'proxy',
        '--destination',
        'production',
        '--action',
        'proxy.delete',
        '--actor',
        'bob',
        '--since',
        '2026-05-01T10:00:00Z',
      ],
      { api: (target) => new Canned(target) },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n')[1]!.split(/\s+/), [
      '2026-05-01T10:00:01.000Z',
      'proxy',
      'bob',
      'proxy.delete',
      'production',
      '/api/v1/pods/x',
      '200',
      'r-9',
    ]);
    assert.deepEqual(asked, [
      {
        since: '2026-05-01T10:00:00.000Z',
        until: undefined,
        log: 'proxy',
        user: 'bob',
        action: 'proxy.delete',
        destination: 'production',
        limit: 100,
        cursor: undefined,
      },
    ]);
  });

  const bad: [string, string[], string][] = [
    [
      '--request-id with other filters',
      ['--request-id', 'r', '--since', '1h', '--actor', 'a'],
      "error: --request-id shows one request's events: leave out --actor, --since\n",
    ],
    [
      'a --since that is neither a time nor a look-back',
      ['--since', 'yesterday'],
      'error: --since "yesterday" is not a time: use RFC 3339 with a zone, like 2026-05-01T17:00:00Z\n',
    ],
    [
      'a range that ends before it starts',
      ['--since', '30m', '--until', '1h'],
      'error: --until must be after --since\n',
    ],
    ['a limit of 0', ['--limit', '0'], 'error: --limit "0" is not a number of events: use a whole number from 1\n'],
    [
      'an unknown destination',
      ['--destination', 'staging'],
      'error: there is no destination named staging: run `infra destinations list` to see them\n',
    ],
    ['an unknown log', ['--log', 'all'], 'error: --log "all" is not a log: use both, admin or proxy\n'],
    [
      '--action with --destination',
      ['--destination', 'production', '--action', 'get'],
      "error: --action filters the admin log; a destination's log holds kubectl requests: filter them with --actor, --since and --until\n",
    ],
  ];
  for (const [name, argv, stderr] of bad) {
    it(`rejects ${name} with one line and a non-zero exit`, async () => {
      const r = await infra('audit', ...argv);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', stderr]);
    });
  }
});
