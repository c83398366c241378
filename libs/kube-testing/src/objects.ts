// Direct store access for tests (no HTTP, no RBAC), with the same defaults and side effects as the API.
import type { ResourceType } from './resources.js';
import { errors } from './status.js';
import type { KubeObject } from './store.js';
import type { Core } from './core.js';
import { afterDelete, afterWrite, prepareCreate, prepareUpdate } from './handlers/lifecycle.js';
import { LOG_ANNOTATION } from './pods.js';

function typeOf(core: Core, apiVersion: string | undefined, kind: string | undefined): ResourceType {
  const r = apiVersion && kind ? core.resources.forKind(apiVersion, kind) : undefined;
  if (!r) throw errors.badRequest(`no resource for apiVersion ${apiVersion} kind ${kind}`);
  return r;
}

/** Creates the object, or replaces the existing one of that name. */
export function putObject(core: Core, input: KubeObject): KubeObject {
  const r = typeOf(core, input.apiVersion, input.kind);
  const obj = structuredClone(input);
  if (r.namespaced) obj.metadata.namespace ??= 'default';
  const current = core.store.find(r, obj.metadata.namespace, obj.metadata.name ?? '');
  let saved: KubeObject;
  if (current) {
    delete obj.metadata.resourceVersion;
    if (r.kind === 'Pod') core.pods.defaults(obj);
    prepareUpdate(r, current, obj);
    saved = core.store.update(r, obj);
  } else {
    prepareCreate(core, r, obj);
    saved = core.store.create(r, obj, obj.metadata.namespace);
    const log = saved.metadata.annotations?.[LOG_ANNOTATION];
    if (r.kind === 'Pod' && log) core.pods.appendLog(saved.metadata.namespace!, saved.metadata.name!, log);
  }
  afterWrite(core, r);
  return saved;
}

export function getObject(
  core: Core,
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): KubeObject | undefined {
  return core.store.find(typeOf(core, apiVersion, kind), namespace ?? 'default', name);
}

export function listObjects(core: Core, apiVersion: string, kind: string, namespace?: string): KubeObject[] {
  return core.store.list(typeOf(core, apiVersion, kind), namespace);
}

export function deleteObject(core: Core, apiVersion: string, kind: string, name: string, namespace?: string): boolean {
  const r = typeOf(core, apiVersion, kind);
  if (!core.store.find(r, namespace ?? 'default', name)) return false;
  afterDelete(core, r, core.store.delete(r, namespace ?? 'default', name));
  return true;
}

export interface PodSpec {
  name: string;
  namespace?: string;
  containers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Initial log text. */
  log?: string;
}

export function podObject(p: PodSpec): KubeObject {
  const annotations = { ...p.annotations, ...(p.log !== undefined ? { [LOG_ANNOTATION]: p.log } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels ?? { app: p.name }, annotations },
    spec: { containers: (p.containers ?? ['main']).map((name) => ({ name, image: 'busybox:1.36' })) },
  };
}
