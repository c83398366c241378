import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { TestClient } from '../testing/test-client.js';
import type { ProxyAuditEntity } from './proxy-audit.entity.js';
import { ProxyAuditRepository } from './proxy-audit.repository.js';

for (const database of ['postgres', 'pglite'] as const) {
  describe(`proxy audit storage (${database})`, function () {
    this.timeout(120_000);
    let server: TestServer;
    let destinationId: string;

    before(async () => {
      server = await startTestServer({ database });
      const created = await new TestClient(server.url, server.adminKey).post('/api/destinations', { name: 'production' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      destinationId = created.body.destination.id;
    });
    after(async () => {
      await server?.stop();
    });

    it('stores a batch in one statement, every column as given, text that looks like array syntax included', async () => {
      const repo = server.running().app.get(ProxyAuditRepository);
      const event = (i: number, over: Partial<ProxyAuditEntity> = {}): Omit<ProxyAuditEntity, 'id' | 'destinationId'> => ({
        at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, i)), requestId: `req-${i}`,
        userName: 'alice@example.com', verb: 'get', path: `/api/v1/namespaces/web/pods/p${i}`, status: 200 + i,
        durationMs: i, kubectlCommand: 'kubectl get pods', clientIp: '10.0.0.9', ...over,
      });
      const events = [
        event(1),
        event(2, { userName: 'NULL', kubectlCommand: 'kubectl exec -- sh -c "echo {a,b}; echo \\\\ \'x\'"', path: '/a,b/{c}' }),
        event(3, { kubectlCommand: '', clientIp: '', verb: 'watch', userName: 'ünïcode 名前', durationMs: 2_147_483_647 }),
      ];
      const column = <K extends keyof (typeof events)[number]>(k: K) => events.map((e) => e[k]);
      const none = { atMs: [], requestId: [], userName: [], verb: [], path: [], status: [], durationMs: [], kubectlCommand: [], clientIp: [] };
      await repo.insert(destinationId, none);
      await repo.insert(destinationId, {
        atMs: events.map((e) => e.at.getTime()), requestId: column('requestId'), userName: column('userName'), verb: column('verb'),
        path: column('path'), status: column('status'), durationMs: column('durationMs'),
        kubectlCommand: column('kubectlCommand'), clientIp: column('clientIp'),
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
  });
}
