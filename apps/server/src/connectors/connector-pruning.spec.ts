import assert from 'node:assert/strict';
import { createUserWithKey } from '../testing/fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { ChangeLogPruner } from './change-log-pruner.js';
import { eventually, TestConnector } from '../testing/test-connector.js';

for (const database of ['postgres', 'pglite'] as const) {
  describe(`change log pruning (${database})`, function () {
    this.timeout(120_000);
    let server: TestServer;
    let admin: TestClient;
    let connectorKey: string;
    let destinationId: string;
    const open: TestConnector[] = [];

    const sql = (text: string, params: unknown[] = []) =>
      server.running().database.manager.query(text, params) as Promise<Record<string, string>[]>;
    const sequences = async () =>
      (await sql('SELECT sequence FROM changes ORDER BY sequence')).map((r) => Number(r.sequence));
    const newest = async () => Number((await sql('SELECT MAX(sequence) AS s FROM changes'))[0]!.s);
    /** Makes every entry up to `through` older by `by`; two days is past four retentions (an hour each). */
    const age = (through: number, by = '2 days') =>
      sql(`UPDATE changes SET at = at - $2::interval WHERE sequence <= $1`, [through, by]);
    const prune = () => server.running().app.get(ChangeLogPruner).prune();
    const grant = async (user: string, resource: string) =>
      (await admin.post('/api/grants', { user, privilege: 'view', resource })).body.id as string;

    function dial(resumeFrom = 0): TestConnector {
      const c = new TestConnector({
        address: server.grpcAddress!,
        accessKey: connectorKey,
        register: { destination: 'production', resumeFrom },
      });
      open.push(c);
      return c;
    }

    /** A connector that attached, applied the snapshot and went away (the destination shows it disconnected). */
    async function attachAndLeave(): Promise<{ sequence: number; grants: string[] }> {
      const c = dial();
      const { snapshot } = await c.attached();
      await c.end();
      await eventually(async () =>
        assert.equal((await admin.get(`/api/destinations/${destinationId}`)).body.connected, false),
      );
      return { sequence: Number(snapshot.sequence), grants: snapshot.grants.map((g) => g.id) };
    }

    before(async () => {
      server = await startTestServer({ database, env: { INFRA_CHANGE_LOG_RETENTION: '3600' } });
      admin = new TestClient(server.url, server.adminKey);
      const created = await admin.post('/api/destinations', { name: 'production' });
      connectorKey = created.body.connector.accessKey;
      destinationId = created.body.destination.id;
    });
    afterEach(() => {
      for (const c of open.splice(0)) c.cancel();
    });
    after(async () => {
      await server?.stop();
    });

    it('deletes entries older than the retention only, keeps revocations in force and the newest entry', async () => {
      const dora = await createUserWithKey(admin, 'dora@example.com');
      await grant(dora.name, 'production.web');
      assert.equal((await admin.delete(`/api/users/${dora.id}`)).status, 204); // a revocation, in force for a token's life
      const [revocation] = (
        await sql(`SELECT sequence FROM changes WHERE kind = 'revocation' ORDER BY sequence DESC LIMIT 1`)
      ).map((r) => Number(r.sequence));
      const old = await newest();
      const ed = await createUserWithKey(admin, 'ed@example.com');
      await grant(ed.name, 'production.db');
      const young = (await sequences()).filter((s) => s > old);
      await age(old);
      const result = await prune();
      assert.equal(result?.prunedThrough, old);
      assert.deepEqual(await sequences(), [revocation!, ...young]);
      assert.deepEqual(await prune(), { deleted: 0, prunedThrough: old }, 'pruning again changes nothing');

      await age(await newest()); // everything is old now: the newest entry stays all the same
      await prune();
      assert.deepEqual(
        await sequences(),
        [revocation!, await newest()].filter((s, i, all) => all.indexOf(s) === i),
      );
    });

    it('replicas pruning at the same time delete each entry once and agree on the pruned point', async () => {
      const fay = await createUserWithKey(admin, 'fay@example.com');
      for (const ns of ['a', 'b', 'c']) await grant(fay.name, `production.${ns}`);
      const head = await newest();
      await age(head);
      const results = await Promise.all([prune(), prune(), prune()]);
      const done = results.filter((r) => r !== undefined);
      assert.ok(done.length >= 1);
      assert.equal(Math.max(...done.map((r) => r.prunedThrough)), head - 1);
      assert.equal((await sequences()).filter((s) => s < head && s > head - 6).length, 0);
    });

    it('a connector resuming within the retained log gets only the changes since', async () => {
      const gus = await createUserWithKey(admin, 'gus@example.com');
      const left = await attachAndLeave();
      const id = await grant(gus.name, 'production.web');
      const c = dial(left.sequence);
      await c.next('registered');
      const changes = await c.changesUntil((ch) => ch.grantUpserted?.id === id); // a snapshot first would throw
      assert.ok(changes.every((ch) => ch.sequence > left.sequence));
    });

    it('a connector resuming from behind the pruned point gets a snapshot with the state after the lost changes', async () => {
      const hal = await createUserWithKey(admin, 'hal@example.com');
      const removed = await grant(hal.name, 'production.old');
      const left = await attachAndLeave();
      assert.ok(left.grants.includes(removed));
      assert.equal((await admin.delete(`/api/grants/${removed}`)).status, 204);
      const added = await grant(hal.name, 'production.new');
      const head = await newest();
      await age(head);
      await grant(hal.name, 'production.young'); // entries newer than the retention, so the prune reaches `head`
      assert.equal((await prune())?.prunedThrough, head);

      const c = dial(left.sequence);
      const { snapshot } = await c.attached();
      assert.ok(Number(snapshot.sequence) > head);
      const grants = snapshot.grants.map((g) => g.id);
      assert.ok(grants.includes(added), 'the grant added while it was away');
      assert.ok(!grants.includes(removed), 'the grant removed while it was away');
      const later = await grant(hal.name, 'production.later');
      await c.changesUntil((ch) => ch.grantUpserted?.id === later);
    });

    it('keeps the entries a connected connector has not acknowledged yet', async () => {
      const c = dial();
      const { snapshot } = await c.attached();
      c.send({ ack: { sequence: snapshot.sequence } });
      c.send({ heartbeat: { sentAtMs: Date.now() } });
      await eventually(async () => {
        const [row] = await sql('SELECT applied_sequence FROM destinations WHERE id = $1', [destinationId]);
        assert.equal(Number(row!.applied_sequence), Number(snapshot.sequence));
      });
      const joe = await createUserWithKey(admin, 'joe@example.com');
      await grant(joe.name, 'production.web');
      const head = await newest();
      await age(head, '2 hours');
      await grant(joe.name, 'production.young');
      assert.equal((await prune())?.prunedThrough, Number(snapshot.sequence), 'kept after what it applied');
      await age(head, '2 days');
      assert.equal((await prune())?.prunedThrough, head, 'but not beyond four retentions');
    });
  });
}

describe('change log pruning on its interval', function () {
  this.timeout(120_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ env: { INFRA_CHANGE_LOG_RETENTION: '60', INFRA_CHANGE_LOG_PRUNE_INTERVAL: '1' } });
  });
  after(async () => {
    await server?.stop();
  });

  it('prunes by itself, without being asked', async () => {
    const admin = new TestClient(server.url, server.adminKey);
    await admin.post('/api/destinations', { name: 'production' });
    const lee = await createUserWithKey(admin, 'lee@example.com');
    for (const ns of ['a', 'b'])
      await admin.post('/api/grants', { user: lee.name, privilege: 'view', resource: `production.${ns}` });
    const sql = (text: string) => server.running().database.manager.query(text) as Promise<Record<string, string>[]>;
    await sql(`UPDATE changes SET at = at - interval '1 hour'`);
    const [head] = await sql('SELECT MAX(sequence) AS s FROM changes');
    await eventually(async () => {
      const [pruned] = await sql('SELECT through FROM change_log_pruned');
      assert.equal(Number(pruned!.through), Number(head!.s) - 1);
    });
    assert.deepEqual(
      (await sql('SELECT sequence FROM changes')).map((r) => r.sequence),
      [head!.s],
    );
  });
});
