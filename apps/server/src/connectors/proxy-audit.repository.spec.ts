import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { TestClient } from '../testing/test-client.js';
import type { ProxyAuditEntity } from './proxy-audit.entity.js';
import { noProxyAuditColumns, ProxyAuditRepository } from './proxy-audit.repository.js';
import { ChangeLogPruner } from './change-log-pruner.js';
import { eventually } from '../testing/test-connector.js';

for (const database of ['postgres', 'pglite'] as const) {
  describe(`proxy audit storage (${database})`, function () {
    this.timeout(120_000);
    let server: TestServer;
    let destinationId: string;

    before(async () => {
      // An hour of proxy audit; the pruner's own interval is pushed out of the way until the last test.
      server = await startTestServer({ database, env: { INFRA_PROXY_AUDIT_RETENTION: '3600' } });
      const created = await new TestClient(server.url, server.adminKey).post('/api/destinations', {
        name: 'production',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      destinationId = created.body.destination.id;
    });
    after(async () => {
      await server?.stop();
    });

    it('stores a batch in one statement, every column as given, text that looks like array syntax included', async () => {
      const repo = server.running().app.get(ProxyAuditRepository);
      const event = (
        i: number,
        over: Partial<ProxyAuditEntity> = {},
      ): Omit<ProxyAuditEntity, 'id' | 'destinationId'> => ({
        at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, i)),
        requestId: `req-${i}`,
        userName: 'alice@example.com',
        verb: 'get',
        path: `/api/v1/namespaces/web/pods/p${i}`,
        status: 200 + i,
        durationMs: i,
        kubectlCommand: 'kubectl get pods',
        clientIp: '10.0.0.9',
        ...over,
      });
      const events = [
        event(1),
        event(2, {
          userName: 'NULL',
          kubectlCommand: 'kubectl exec -- sh -c "echo {a,b}; echo \\\\ \'x\'"',
          path: '/a,b/{c}',
        }),
        event(3, {
          kubectlCommand: '',
          clientIp: '',
          verb: 'watch',
          userName: 'ünïcode 名前',
          durationMs: 2_147_483_647,
        }),
      ];
      const column = <K extends keyof (typeof events)[number]>(k: K) => events.map((e) => e[k]);
      await repo.insert(destinationId, noProxyAuditColumns());
      await repo.insert(destinationId, {
        atMs: events.map((e) => e.at.getTime()),
        requestId: column('requestId'),
        userName: column('userName'),
        verb: column('verb'),
        path: column('path'),
        status: column('status'),
        durationMs: column('durationMs'),
        kubectlCommand: column('kubectlCommand'),
        clientIp: column('clientIp'),
      });
      const page = await repo.list(destinationId, { limit: 10 }, (e) => e);
      const byRequest = new Map(page.items.map((e) => [e.requestId, e]));
      assert.equal(new Set(page.items.map((e) => e.id)).size, events.length, 'every row has an id of its own');
      for (const e of events) {
        const { id, ...stored } = { ...byRequest.get(e.requestId)! };
        assert.match(id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(stored, { ...e, destinationId });
      }
    });

    it("keeps events for INFRA_PROXY_AUDIT_RETENTION only, pruned by the change log's pruner", async () => {
      const repo = server.running().app.get(ProxyAuditRepository);
      const now = Date.now();
      const hour = 3600_000;
      const ages: [string, number][] = [
        ['days-old', 3 * 24 * hour],
        ['just-past', hour + 60_000],
        ['just-inside', hour - 60_000],
        ['fresh', 0],
      ];
      const c = noProxyAuditColumns();
      for (const [id, age] of ages) {
        c.atMs.push(now - age);
        c.requestId.push(`retention-${id}`);
        c.userName.push('bob');
        c.verb.push('get');
        c.path.push('/api');
        c.status.push(200);
        c.durationMs.push(1);
        c.kubectlCommand.push('');
        c.clientIp.push('');
      }
      await repo.insert(destinationId, c);
      const kept = async () =>
        (await repo.list(destinationId, { limit: 100 }, (e) => e.requestId)).items
          .filter((r) => r.startsWith('retention-'))
          .sort();
      assert.ok(((await server.running().app.get(ChangeLogPruner).pruneProxyAudit()) ?? 0) >= 2);
      assert.deepEqual(await kept(), ['retention-fresh', 'retention-just-inside']);
    });

    it('prunes the proxy audit on the pruning interval, without being asked', async () => {
      const second = await startTestServer({
        database,
        env: { INFRA_PROXY_AUDIT_RETENTION: '3600', INFRA_CHANGE_LOG_PRUNE_INTERVAL: '1' },
      });
      try {
        const created = await new TestClient(second.url, second.adminKey).post('/api/destinations', {
          name: 'staging',
        });
        const repo = second.running().app.get(ProxyAuditRepository);
        await repo.insert(created.body.destination.id, {
          atMs: [Date.now() - 2 * 3600_000],
          requestId: ['old'],
          userName: ['bob'],
          verb: ['get'],
          path: ['/api'],
          status: [200],
          durationMs: [1],
          kubectlCommand: [''],
          clientIp: [''],
        });
        await eventually(async () => {
          const page = await repo.list(created.body.destination.id, { limit: 10 }, (e) => e.requestId);
          assert.deepEqual(page.items, [], 'an event two hours old outlived a one-hour retention');
        }, 5_000);
      } finally {
        await second.stop();
      }
    });
  });
}
