import assert from 'node:assert/strict';
import { decodeProtobufObject } from './protobuf.js';

// A tiny protobuf writer for building fixtures: field(n, bytes) is length-delimited, varint(n, v) is wire type 0.
const varintBytes = (v: number): number[] =>
  v < 0x80 ? [v] : [(v & 0x7f) | 0x80, ...varintBytes(Math.floor(v / 128))];
const field = (n: number, value: Buffer | string) => {
  const b = Buffer.from(value);
  return Buffer.from([...varintBytes(n * 8 + 2), ...varintBytes(b.length), ...b]);
};
const varint = (n: number, v: number) => Buffer.from([...varintBytes(n * 8), ...varintBytes(v)]);
const msg = (...parts: Buffer[]) => Buffer.concat(parts);
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, msg(field(1, apiVersion), field(2, kind))),
    field(2, raw),
    field(3, ''),
    field(4, ''),
  ]);

describe('protobuf request bodies', () => {
  it('decode a RoleBinding as kubectl create rolebinding sends it', () => {
    const raw = msg(
      field(1, msg(field(1, 'rb'), field(3, 'default'), field(11, msg(field(1, 'team'), field(2, 'a'))))),
      field(2, msg(field(1, 'User'), field(2, 'rbac.authorization.k8s.io'), field(3, 'alice'), field(4, ''))),
      field(2, msg(field(1, 'ServiceAccount'), field(2, ''), field(3, 'robot'), field(4, 'ci'))),
      field(3, msg(field(1, 'rbac.authorization.k8s.io'), field(2, 'ClusterRole'), field(3, 'view'))),
    );
    assert.deepEqual(decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'RoleBinding', raw)), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'default', labels: { team: 'a' } },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'ci' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
  });

  it('keep the empty core group inside a rule list and decode bools and byte maps', () => {
    const role = msg(field(1, field(1, 'r')), field(2, msg(field(1, 'get'), field(2, ''), field(3, 'pods'))));
    assert.deepEqual(decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'Role', role)).rules, [
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    ]);
    const secret = msg(
      field(1, field(1, 's')),
      field(2, msg(field(1, 'k'), field(2, 'v'))),
      field(3, 'Opaque'),
      varint(5, 1),
    );
    const decoded = decodeProtobufObject(envelope('v1', 'Secret', secret));
    assert.deepEqual([decoded.data, decoded.type, decoded.immutable], [{ k: 'dg==' }, 'Opaque', true]);
  });

  it('reject a body without the k8s magic or of an unknown kind with 4xx', () => {
    assert.throws(
      () => decodeProtobufObject(Buffer.from('{}')),
      (e: { code?: number }) => e.code === 400,
    );
    assert.throws(
      () => decodeProtobufObject(envelope('apps/v1', 'Deployment', Buffer.alloc(0))),
      (e: { code?: number }) => e.code === 415,
    );
  });
});
