// Decodes the protobuf request bodies that client-go's typed clients send from 1.32 (k8s-wire §2.6):
// "k8s\0" + runtime.Unknown{typeMeta, raw}. A hand-written wire reader plus a field table per kind,
// enough for the kinds `kubectl create <generator>`, `auth can-i` and `auth whoami` post.
import { errors } from './status.js';
import type { KubeObject } from './store.js';

type Scalar = 'string' | 'bytes' | 'bool' | 'int' | 'map' | 'bytesmap';
interface Field {
  name: string;
  type: Scalar | Schema;
  repeated?: boolean;
}
interface Schema {
  [field: number]: Field;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const s = (name: string, repeated = false): Field => ({ name, type: 'string', repeated });
const m = (name: string, type: Schema, repeated = false): Field => ({ name, type, repeated });

const OBJECT_META: Schema = {
  1: s('name'),
  2: s('generateName'),
  3: s('namespace'),
  5: s('uid'),
  6: s('resourceVersion'),
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: s('finalizers', true),
};
const LABEL_SELECTOR: Schema = {
  1: { name: 'matchLabels', type: 'map' },
  2: m('matchExpressions', { 1: s('key'), 2: s('operator'), 3: s('values', true) }, true),
};
const POLICY_RULE: Schema = {
  1: s('verbs', true),
  2: s('apiGroups', true),
  3: s('resources', true),
  4: s('resourceNames', true),
  5: s('nonResourceURLs', true),
};
const SUBJECT: Schema = { 1: s('kind'), 2: s('apiGroup'), 3: s('name'), 4: s('namespace') };
const ROLE_REF: Schema = { 1: s('apiGroup'), 2: s('kind'), 3: s('name') };
const META = m('metadata', OBJECT_META);
const BINDING: Schema = { 1: META, 2: m('subjects', SUBJECT, true), 3: m('roleRef', ROLE_REF) };
const ROLE: Schema = { 1: META, 2: m('rules', POLICY_RULE, true) };

const KINDS: Record<string, Schema> = {
  Namespace: { 1: META, 2: m('spec', { 1: s('finalizers', true) }) },
  ConfigMap: {
    1: META,
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'bytesmap' },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: META,
    2: { name: 'data', type: 'bytesmap' },
    3: s('type'),
    4: { name: 'stringData', type: 'map' },
    5: { name: 'immutable', type: 'bool' },
  },
  ServiceAccount: {
    1: META,
    2: m('secrets', { 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion') }, true),
    3: m('imagePullSecrets', { 1: s('name') }, true),
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  Role: ROLE,
  ClusterRole: { ...ROLE, 3: m('aggregationRule', { 1: m('clusterRoleSelectors', LABEL_SELECTOR, true) }) },
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
  SelfSubjectAccessReview: {
    1: META,
    2: m('spec', {
      1: m('resourceAttributes', {
        1: s('namespace'),
        2: s('verb'),
        3: s('group'),
        4: s('version'),
        5: s('resource'),
        6: s('subresource'),
        7: s('name'),
      }),
      2: m('nonResourceAttributes', { 1: s('path'), 2: s('verb') }),
    }),
  },
  SelfSubjectRulesReview: { 1: META, 2: m('spec', { 1: s('namespace') }) },
  SelfSubjectReview: { 1: META },
};

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim() === 'application/vnd.kubernetes.protobuf';
}

export function decodeProtobufObject(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw errors.badRequest('protobuf body does not start with the k8s magic');
  const unknown = decodeMessage(body.subarray(4), {
    1: m('typeMeta', { 1: s('apiVersion'), 2: s('kind') }),
    2: { name: 'raw', type: 'bytes' },
  });
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = typeMeta.kind ? KINDS[typeMeta.kind] : undefined;
  if (!schema)
    throw errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf for kind ${typeMeta.kind ?? '?'}`);
  const raw = unknown.raw as Buffer | undefined;
  const obj = raw ? decodeMessage(raw, schema) : {};
  return {
    apiVersion: typeMeta.apiVersion,
    kind: typeMeta.kind,
    ...obj,
    metadata: (obj.metadata as KubeObject['metadata']) ?? {},
  };
}

type Decoded = Record<string, unknown>;

const MAP_ENTRY: Schema = { 1: s('key'), 2: { name: 'value', type: 'bytes' } };

function decodeMessage(buf: Buffer, schema: Schema): Decoded {
  const out: Decoded = {};
  const r = new Reader(buf);
  while (!r.done()) {
    const tag = r.varint();
    const field = schema[Math.floor(tag / 8)];
    const wire = tag & 7;
    if (wire === 0) {
      const v = r.varint();
      if (field) set(out, field, field.type === 'bool' ? v !== 0 : v);
    } else if (wire === 2) {
      const bytes = r.bytes();
      // Go's JSON drops empty optional strings (omitempty); empty strings inside lists stay ("" is the core group).
      if (field && !(field.type === 'string' && !field.repeated && bytes.length === 0))
        set(out, field, decodeValue(bytes, field));
    } else if (wire === 5) r.skip(4);
    else if (wire === 1) r.skip(8);
    else throw errors.badRequest(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

function decodeValue(bytes: Buffer, field: Field): unknown {
  if (typeof field.type === 'object') return decodeMessage(bytes, field.type);
  if (field.type === 'string') return bytes.toString('utf8');
  if (field.type === 'map' || field.type === 'bytesmap') {
    const entry = decodeMessage(bytes, MAP_ENTRY);
    const value = (entry.value as Buffer | undefined) ?? Buffer.alloc(0);
    return [(entry.key as string | undefined) ?? '', value.toString(field.type === 'map' ? 'utf8' : 'base64')];
  }
  return bytes;
}

function set(out: Decoded, field: Field, value: unknown): void {
  if (field.type === 'map' || field.type === 'bytesmap') {
    const [k, v] = value as [string, string];
    out[field.name] = { ...((out[field.name] as Record<string, string>) ?? {}), [k]: v };
  } else if (field.repeated) out[field.name] = [...((out[field.name] as unknown[]) ?? []), value];
  else out[field.name] = value;
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw errors.badRequest('truncated protobuf varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw errors.badRequest('truncated protobuf field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(n: number): void {
    this.pos += n;
  }
}
