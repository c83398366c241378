import assert from 'node:assert/strict';
import { loadConnectorProto } from '@infra/proto';
import type { DestinationSnapshot } from '../modules/changes/snapshot.service.js';
import { SNAPSHOT_LISTS } from '@infra/proto';
import { snapshotParts } from './snapshot-parts.js';

// The real encoder of ServerMessage, as the gRPC server uses it.
const encode = loadConnectorProto().infra.connector.v1.ConnectorService.service.Connect.responseSerialize;

function bigSnapshot(grants: number): DestinationSnapshot {
  const users = Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `user-${i}@example.com`,
    groupIds: ['g1', 'g2'],
  }));
  return {
    sequence: 1234567890123,
    grants: Array.from({ length: grants }, (_, i) => ({
      id: `grant-${i}`,
      userId: users[i % users.length]!.id,
      groupId: '',
      privilege: 'a-fairly-long-cluster-role-name',
      resource: `production.namespace-with-a-long-name-${'ü'.repeat(i % 7)}-${i}`,
      expiresAtMs: Date.now() + i,
    })),
    users,
    groups: [
      { id: 'g1', name: 'developers' },
      { id: 'g2', name: 'operators' },
    ],
    signingKeys: [{ kid: 'k1', publicJwkJson: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43) }) }],
    revocations: [{ credentialId: 'c1', userId: users[0]!.id, revokedAtMs: Date.now(), untilMs: Date.now() + 60_000 }],
  };
}

describe('snapshot parts', () => {
  it('a snapshot that fits is one part, numbered 0, with nothing more to follow', () => {
    const small = bigSnapshot(3);
    const parts = [...snapshotParts(small)];
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.part, 0);
    assert.equal(parts[0]!.more, false);
    assert.deepEqual(parts[0]!.grants, small.grants);
  });

  it('every part, encoded as the server sends it, stays within the limit, and together they are the snapshot', () => {
    const limit = 64 * 1024;
    const snapshot = bigSnapshot(5000);
    const parts = [...snapshotParts(snapshot, limit)];
    assert.ok(parts.length > 5, `${parts.length} parts`);
    for (const p of parts) {
      const bytes = encode({ snapshot: p }).length;
      assert.ok(bytes <= limit, `part ${p.part} is ${bytes} bytes`);
      if (p.more) assert.ok(bytes > limit / 2, `part ${p.part} is only ${bytes} bytes: parts should be filled`);
    }
    assert.deepEqual(
      parts.map((p) => [p.part, p.more, p.sequence]),
      parts.map((_, i) => [i, i < parts.length - 1, snapshot.sequence]),
    );
    for (const list of SNAPSHOT_LISTS) {
      assert.deepEqual(
        parts.flatMap((p): unknown[] => p[list] ?? []),
        snapshot[list],
        list,
      );
    }
  });

  it('an item larger than the limit travels alone rather than being lost', () => {
    const snapshot = bigSnapshot(2);
    snapshot.users[0]!.groupIds = Array.from({ length: 100 }, (_, i) => `group-${i}`);
    const parts = [...snapshotParts(snapshot, 512)];
    assert.equal(parts.flatMap((p) => p.users ?? []).length, snapshot.users.length);
    assert.ok(parts.some((p) => p.users?.length === 1 && p.users[0]!.groupIds!.length === 100));
  });
});
