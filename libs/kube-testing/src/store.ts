// In-memory object store: one global resourceVersion counter (like etcd's revision), an event log so
// watches can resume from a list's resourceVersion, and listeners for live watches.
import { randomUUID } from 'node:crypto';
import { ApiError, errors } from './status.js';
import { apiVersionOf, type ResourceType } from './resources.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  object: KubeObject;
  rv: number;
  typeKey: string;
}

export type StoreListener = (event: StoreEvent) => void;

const LOG_LIMIT = 20000;

export function typeKey(r: ResourceType): string {
  return `${r.group}/${r.resource}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export class ObjectStore {
  private rv = 1;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly log: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();

  get resourceVersion(): string {
    return String(this.rv);
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.bucket(r).get(objectKey(r.namespaced ? namespace : undefined, name));
    if (!obj) throw errors.notFound(r.resource, r.group, name);
    return clone(obj);
  }

  find(r: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.bucket(r).get(objectKey(r.namespaced ? namespace : undefined, name));
    return obj && clone(obj);
  }

  /** Items sorted by namespace then name, as etcd returns them. `namespace` undefined lists all namespaces. */
  list(r: ResourceType, namespace?: string): KubeObject[] {
    const items = [...this.bucket(r).values()].filter(
      (o) => !r.namespaced || namespace === undefined || o.metadata.namespace === namespace,
    );
    items.sort((a, b) =>
      objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(
        objectKey(b.metadata.namespace, b.metadata.name!),
      ),
    );
    return items.map(clone);
  }

  create(r: ResourceType, input: KubeObject, namespace?: string): KubeObject {
    const obj = clone(input);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomUUID().slice(0, 5);
    if (!meta.name)
      throw errors.invalid(r.kind, r.group, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    if (r.namespaced) meta.namespace = namespace ?? meta.namespace ?? 'default';
    else delete meta.namespace;
    const key = objectKey(meta.namespace, meta.name);
    if (this.bucket(r).has(key)) throw errors.alreadyExists(r.resource, r.group, meta.name);
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    meta.uid = randomUUID();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    meta.resourceVersion = String(++this.rv);
    this.bucket(r).set(key, obj);
    this.emit(r, 'ADDED', obj);
    return clone(obj);
  }

  /** Replaces an object. A resourceVersion in the input must match (optimistic concurrency). */
  update(r: ResourceType, input: KubeObject): KubeObject {
    const meta = input.metadata;
    const key = objectKey(r.namespaced ? meta.namespace : undefined, meta.name ?? '');
    const current = this.bucket(r).get(key);
    if (!current) throw errors.notFound(r.resource, r.group, meta.name ?? '');
    if (meta.resourceVersion && meta.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(
        r.resource,
        r.group,
        meta.name!,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    obj.metadata.uid = current.metadata.uid;
    obj.metadata.creationTimestamp = current.metadata.creationTimestamp;
    if (!r.namespaced) delete obj.metadata.namespace;
    if (JSON.stringify(stripRv(obj)) === JSON.stringify(stripRv(current))) return clone(current); // no-op writes keep their RV
    obj.metadata.resourceVersion = String(++this.rv);
    this.bucket(r).set(key, obj);
    this.emit(r, 'MODIFIED', obj);
    return clone(obj);
  }

  delete(r: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const key = objectKey(r.namespaced ? namespace : undefined, name);
    const current = this.bucket(r).get(key);
    if (!current) throw errors.notFound(r.resource, r.group, name);
    this.bucket(r).delete(key);
    const obj = clone(current);
    obj.metadata.resourceVersion = String(++this.rv);
    this.emit(r, 'DELETED', obj);
    return clone(obj);
  }

  /**
   * Replays logged events after `fromRv`, then delivers live ones, synchronously so nothing falls in
   * between. Throws 410 Expired when the log no longer reaches back that far.
   */
  watch(fromRv: number, listener: StoreListener): () => void {
    const oldest = this.log.length ? this.log[0].rv : this.rv + 1;
    if (fromRv < this.rv && fromRv + 1 < oldest)
      throw new ApiError(410, 'Expired', `too old resource version: ${fromRv} (${oldest - 1})`);
    for (const e of this.log) if (e.rv > fromRv) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(r: ResourceType, type: EventType, obj: KubeObject): void {
    const event: StoreEvent = { type, object: clone(obj), rv: this.rv, typeKey: typeKey(r) };
    this.log.push(event);
    if (this.log.length > LOG_LIMIT) this.log.shift();
    for (const l of [...this.listeners]) l(event);
  }

  private bucket(r: ResourceType): Map<string, KubeObject> {
    const k = typeKey(r);
    let b = this.objects.get(k);
    if (!b) this.objects.set(k, (b = new Map()));
    return b;
  }
}

function stripRv(o: KubeObject): KubeObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } };
}
