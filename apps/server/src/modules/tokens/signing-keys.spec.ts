// Signing-key rotation as a connector sees it: the keys it learns from the stream (snapshot, then signing_key_added
// and signing_key_removed) are the keys it verifies tokens with, through the same verifyToken the connector uses.
import assert from 'node:assert/strict';
import { decodeProtectedHeader, type JWK } from 'jose';
import { TokenError, verifyToken, type PublicSigningKey } from '@infra/access';
import type { connector } from '@infra/proto';
import { Clock } from '../../common/clock.js';
import { TestConnector } from '../../testing/test-connector.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import type { TestServer } from '../../testing/test-server.js';
import { RETIRE_MARGIN_MS, SigningKeysService } from './signing-keys.service.js';

const TTL_SECONDS = 300;
const ROTATION_SECONDS = 86_400;

/** What a connector knows of the signing keys, kept up to date from what the stream sent. */
class StreamKeys {
  readonly keys = new Map<string, PublicSigningKey>();
  constructor(snapshot: connector.Snapshot__Output) {
    for (const k of snapshot.signingKeys) this.add(k);
  }
  apply(change: connector.Change__Output): void {
    if (change.signingKeyAdded) this.add(change.signingKeyAdded);
    if (change.signingKeyRemoved) this.keys.delete(change.signingKeyRemoved);
  }
  private add(k: connector.SigningKey__Output): void {
    this.keys.set(k.kid, { kid: k.kid, jwk: JSON.parse(k.publicJwkJson) as JWK });
  }
}

describe('signing-key rotation', function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestClient;
  let connectorKey: string;
  let bob: TestUser;
  const open: TestConnector[] = [];
  let clock: Clock;
  let realNow: () => Date;

  useTestServer(
    { env: { INFRA_TOKEN_TTL: String(TTL_SECONDS), INFRA_SIGNING_KEY_ROTATION: String(ROTATION_SECONDS) } },
    async (s) => {
      server = s;
      admin = new TestClient(server.url, server.adminKey);
      const created = await admin.post('/api/destinations', { name: 'production' });
      connectorKey = created.body.connector.accessKey;
      bob = await createUserWithKey(admin, 'bob@example.com');
      assert.equal(
        (await admin.post('/api/grants', { user: bob.name, privilege: 'view', resource: 'production' })).status,
        201,
      );
      clock = server.running().app.get(Clock);
      realNow = clock.now.bind(clock);
    },
  );
  // Each test starts with one key: whatever an earlier test superseded is retired first.
  beforeEach(async () => {
    clock.now = () => new Date(Date.now() + TTL_SECONDS * 1000 + RETIRE_MARGIN_MS + 1000);
    await keys().maintain();
    clock.now = realNow;
  });
  afterEach(() => {
    clock.now = realNow;
    for (const c of open.splice(0)) c.cancel();
  });

  const keys = () => server.running().app.get(SigningKeysService);
  const token = async () => {
    const res = await bob.client.post<{ token: string }>('/api/tokens', { destination: 'production' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.token;
  };
  const kidOf = (t: string) => decodeProtectedHeader(t).kid!;
  const jwksKids = async () =>
    (await new TestClient(server.url).get<{ keys: { kid: string }[] }>('/api/.well-known/jwks.json')).body.keys
      .map((k) => k.kid)
      .sort();
  const verifies = (t: string, known: StreamKeys) =>
    verifyToken(t, known.keys, { audience: 'production' }).then(
      () => 'ok',
      (e: TokenError) => e.message,
    );
  const rotate = async () => {
    const res = await admin.post<{
      keys: { kid: string; signing: boolean; superseded: string | null; retiresAfter: string | null }[];
    }>('/api/signing-keys/rotate');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.keys;
  };
  async function attach(): Promise<{ c: TestConnector; known: StreamKeys }> {
    const c = new TestConnector({ address: server.grpcAddress!, accessKey: connectorKey });
    open.push(c);
    const { snapshot } = await c.attached();
    return { c, known: new StreamKeys(snapshot) };
  }

  it('only an admin may rotate; JWKS publishes the old and the new key during the overlap', async () => {
    assert.equal((await bob.client.post('/api/signing-keys/rotate')).status, 403);
    const before = await jwksKids();
    const old = await token();
    const published = await rotate();
    const signing = published.filter((k) => k.signing);
    assert.equal(signing.length, 1);
    const previous = published.find((k) => k.kid === kidOf(old))!;
    assert.equal(previous.signing, false);
    assert.equal(
      new Date(previous.retiresAfter!).getTime() - new Date(previous.superseded!).getTime(),
      TTL_SECONDS * 1000 + RETIRE_MARGIN_MS,
    );
    assert.deepEqual(await jwksKids(), [...before, signing[0]!.kid].sort());
    assert.equal(kidOf(await token()), signing[0]!.kid, 'new tokens are signed with the new key');
  });

  it('a connector learns the new key and the retirement from the stream; old tokens verify until then, and not after', async () => {
    const { c, known } = await attach();
    const old = await token();
    assert.equal(await verifies(old, known), 'ok');
    await rotate();
    const added = await c.next('change');
    known.apply(added);
    assert.ok(added.signingKeyAdded, `expected signing_key_added, got ${JSON.stringify(added)}`);
    const fresh = await token();
    assert.equal(kidOf(fresh), added.signingKeyAdded.kid);
    assert.deepEqual([await verifies(old, known), await verifies(fresh, known)], ['ok', 'ok']);

    // One millisecond before the old key's last token (plus the margin) has expired, it stays.
    const superseded = (await keys().list()).find((k) => k.kid === kidOf(old))!.superseded!;
    const retiresAt = new Date(superseded).getTime() + TTL_SECONDS * 1000 + RETIRE_MARGIN_MS;
    clock.now = () => new Date(retiresAt - 1);
    assert.deepEqual(await keys().maintain(), { rotated: false, retired: [] });
    assert.ok(c.idle, 'nothing was sent before the retirement');
    clock.now = () => new Date(retiresAt);
    assert.deepEqual((await keys().maintain())?.retired, [kidOf(old)]);
    const removed = await c.next('change');
    assert.equal(removed.signingKeyRemoved, kidOf(old));
    known.apply(removed);
    clock.now = realNow;
    assert.deepEqual(
      [await verifies(old, known), await verifies(fresh, known)],
      ['token signed by an unknown key', 'ok'],
    );
    assert.ok(!(await jwksKids()).includes(kidOf(old)), 'the retired key is no longer published');
    const later = await attach();
    assert.deepEqual(
      [...later.known.keys.keys()].sort(),
      await jwksKids(),
      'a fresh snapshot holds the published keys only',
    );
  });

  it('rotates by itself when the signing key is INFRA_SIGNING_KEY_ROTATION old, and only then', async () => {
    const current = (await keys().list()).find((k) => k.signing)!;
    const due = new Date(current.created).getTime() + ROTATION_SECONDS * 1000;
    clock.now = () => new Date(due - 1);
    assert.equal((await keys().maintain())?.rotated, false);
    clock.now = () => new Date(due);
    assert.equal((await keys().maintain())?.rotated, true);
    clock.now = realNow;
    const after = await keys().list();
    assert.notEqual(after.find((k) => k.signing)!.kid, current.kid);
    assert.equal(after.find((k) => k.kid === current.kid)?.signing, false, 'the previous key is still published');
  });

  it('replicas maintaining at the same moment retire each key once', async () => {
    const { c } = await attach();
    const previous = (await keys().list()).find((k) => k.signing)!;
    await rotate();
    await c.next('change');
    clock.now = () => new Date(Date.now() + TTL_SECONDS * 1000 + RETIRE_MARGIN_MS + 1000); // past retirement, before a rotation
    const results = await Promise.all([keys().maintain(), keys().maintain(), keys().maintain()]);
    const retired = results.flatMap((r) => r?.retired ?? []);
    assert.deepEqual(retired, [previous.kid]);
    assert.equal((await c.next('change')).signingKeyRemoved, previous.kid);
    clock.now = realNow;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(c.idle, 'the connector was told once');
  });
});
