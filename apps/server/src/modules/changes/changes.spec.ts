import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { startServer, type RunningServer } from '../../server.js';
import { createTestDatabase } from '../../testing/test-server.js';
import { createUserWithKey } from '../../testing/fixtures.js';
import { SnapshotService } from './snapshot.service.js';
import { TestClient } from '../../testing/test-client.js';
import { ChangesService } from './changes.service.js';

const ADMIN_KEY = 'changesadmin.0123456789abcdefghij';

describe('the change log', function () {
  this.timeout(120_000);
  let replicas: RunningServer[] = [];
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'infra-changes-'));
    const env = {
      DATABASE_URL: database.url,
      INFRA_HTTP_HOST: '127.0.0.1',
      INFRA_HTTP_PORT: '0',
      INFRA_LOG_LEVEL: 'silent',
      INFRA_DATA_DIR: dataDir,
      INFRA_ADMIN_ACCESS_KEY: ADMIN_KEY,
      INFRA_GRPC_PORT: 'off',
      INFRA_TLS: 'off',
    };
    // Two replicas on one database: what one commits, the other hears through LISTEN/NOTIFY.
    replicas = [await startServer(loadConfig(env)), await startServer(loadConfig(env))];
  });
  after(async () => {
    for (const r of replicas) await r.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells subscribers on every replica about committed entries, in order', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const changesA = a.app.get(ChangesService);
    const changesB = b.app.get(ChangesService);
    const start = await changesB.latestSequence();
    const heard = new Promise<number>((resolve) => {
      const off = changesB.subscribe((sequence) => {
        if (sequence > start) {
          off();
          resolve(sequence);
        }
      });
    });
    const admin = new TestClient(a.url, ADMIN_KEY);
    assert.equal((await admin.post('/api/users', { name: 'carol@example.com' })).status, 201);
    assert.equal(
      (await admin.post('/api/grants', { user: 'carol@example.com', privilege: 'view', resource: 'dev' })).status,
      201,
    );
    const sequence = await heard;
    assert.ok(sequence > start);
    const entries = await changesA.since(start);
    assert.ok(entries.length >= 1);
    // The grant's subject first: dev's connector may not know carol yet.
    assert.deepEqual(
      entries.map((e) => [e.kind, e.destination]),
      [
        ['user_upserted', 'dev'],
        ['grant_upserted', 'dev'],
      ],
    );
    const sequences = entries.map((e) => e.sequence);
    assert.deepEqual(
      sequences,
      [...sequences].sort((x, y) => x - y),
    );
  });

  it('filters by destination but keeps entries that concern every destination', async () => {
    const [a] = replicas as [RunningServer];
    const admin = new TestClient(a.url, ADMIN_KEY);
    const changes = a.app.get(ChangesService);
    const start = await changes.latestSequence();
    await admin.post('/api/grants', { user: 'carol@example.com', privilege: 'view', resource: 'other' });
    const carol = (await admin.get('/api/users?name=carol@example.com')).body.items[0].id as string;
    const key = await admin.post('/api/keys', { userID: carol, name: 'laptop' });
    assert.equal((await admin.delete(`/api/keys/${key.body.id}`)).status, 204); // a revocation: every connector enforces it
    const forDev = await changes.since(start, { destination: 'dev' });
    assert.deepEqual(
      forDev.map((e) => e.kind),
      ['revocation'],
    );
    assert.deepEqual(
      (await changes.since(start)).map((e) => e.kind),
      ['user_upserted', 'grant_upserted', 'revocation'],
    );
  });

  it('a destination snapshot holds its grants, the users and groups they involve, keys and live revocations', async () => {
    const [running] = replicas as [RunningServer];
    const admin = new TestClient(running.url, ADMIN_KEY);
    const erin = await createUserWithKey(admin, 'erin@example.com');
    const frank = await createUserWithKey(admin, 'frank@example.com');
    const group = (await admin.post('/api/groups', { name: 'sre' })).body;
    await admin.patch(`/api/groups/${group.id}/users`, { usersToAdd: ['frank@example.com'] });
    await admin.post('/api/grants', { user: 'erin@example.com', privilege: 'view', resource: 'prod' });
    await admin.post('/api/grants', { group: 'sre', privilege: 'edit', resource: 'prod.web' });
    await admin.post('/api/grants', { user: 'erin@example.com', privilege: 'admin', resource: 'other' });
    const [erinKey] = (await erin.client.get('/api/keys')).body.items;
    await erin.client.delete(`/api/keys/${erinKey.id}`);

    const snap = await running.app.get(SnapshotService).snapshot('prod');
    assert.equal(snap.sequence, await running.app.get(ChangesService).latestSequence());
    assert.deepEqual(
      snap.grants.map((g) => `${g.privilege}@${g.resource}`),
      ['view@prod', 'edit@prod.web'],
    );
    assert.deepEqual(
      snap.users.map((u) => u.name),
      ['erin@example.com', 'frank@example.com'],
    );
    assert.deepEqual(snap.users.find((u) => u.id === frank.id)!.groupIds, [group.id]);
    assert.deepEqual(snap.groups, [{ id: group.id, name: 'sre' }]);
    assert.equal(snap.signingKeys.length, 1);
    assert.ok(JSON.parse(snap.signingKeys[0]!.publicJwkJson).kid);
    assert.ok(snap.revocations.some((r) => r.credentialId === erinKey.id && r.userId === erin.id));
  });
});
