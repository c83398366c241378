import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUserWithKey } from '../../testing/fixtures.js';
import { within } from '../../testing/deadline.js';
import { TestClient } from '../../testing/test-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import type { GrantPayload } from './change.types.js';
import { ChangesService } from './changes.service.js';
import { SnapshotService } from './snapshot.service.js';

// Specs run from dist/; the sources sit beside it in src/.
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('the change-log projection', function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestClient;

  before(async () => {
    server = await startTestServer();
    admin = new TestClient(server.url, server.adminKey);
    assert.equal((await admin.post('/api/destinations', { name: 'production' })).status, 201);
  });
  after(async () => {
    await server?.stop();
  });

  /** The grant_upserted entry the log holds for `id`, and the same grant as production's snapshot gives it. */
  async function bothViews(
    id: string,
    since: number,
  ): Promise<{ logged: GrantPayload; snapshotted: GrantPayload | undefined }> {
    const app = server.running().app;
    const entries = await within(
      'reading the change log',
      app.get(ChangesService).since(since, { destination: 'production' }),
    );
    const entry = entries.find((e) => e.kind === 'grant_upserted' && e.payload.id === id);
    assert.ok(entry, `no grant_upserted entry for ${id} among ${entries.map((e) => e.kind).join(', ')}`);
    const snapshot = await within('taking the snapshot', app.get(SnapshotService).snapshot('production'));
    return { logged: entry.payload as GrantPayload, snapshotted: snapshot.grants.find((g) => g.id === id) };
  }

  it("gives a user's time-bound grant the same connector message in the snapshot as in the change log", async () => {
    const alice = await createUserWithKey(admin, 'alice@example.com');
    const since = await server.running().app.get(ChangesService).latestSequence();
    const expiresAt = '2031-05-04T03:02:01.000Z';
    const res = await admin.post('/api/grants', {
      user: alice.name,
      privilege: 'view',
      resource: 'production.web',
      expiresAt,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { logged, snapshotted } = await bothViews(res.body.id, since);
    const expected = {
      id: res.body.id,
      userId: alice.id,
      groupId: '',
      privilege: 'view',
      resource: 'production.web',
      expiresAtMs: 1_935_630_121_000,
    };
    assert.deepEqual(logged, expected);
    assert.deepEqual(snapshotted, expected);
  });

  it("gives a group's grant that never expires the same message in both (empty userId, expiresAtMs 0)", async () => {
    const group = (await admin.post('/api/groups', { name: 'devs' })).body.id as string;
    const since = await server.running().app.get(ChangesService).latestSequence();
    const res = await admin.post('/api/grants', { group: 'devs', privilege: 'edit', resource: 'production' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { logged, snapshotted } = await bothViews(res.body.id, since);
    const expected = {
      id: res.body.id,
      userId: '',
      groupId: group,
      privilege: 'edit',
      resource: 'production',
      expiresAtMs: 0,
    };
    assert.deepEqual(logged, expected);
    assert.deepEqual(snapshotted, expected);
  });

  it('is the only author of change-log entries and of the grant message', () => {
    const appending: string[] = [];
    const mappingGrants: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      const name = relative(SRC, file);
      if (/\.append\(tx,/.test(text)) appending.push(name);
      if (/expiresAtMs:/.test(text)) mappingGrants.push(name);
    }
    // connector-audience.ts is the projection's helper for who hears of people.
    assert.deepEqual(appending.sort(), ['modules/changes/connector-audience.ts', 'modules/changes/projection.ts']);
    assert.deepEqual(mappingGrants, ['modules/changes/projection.ts']);
  });
});
