// What the real control plane does around writes: defaults, validation, the aggregation controller,
// and namespace deletion cascading to the namespace's objects.
import type { ResourceType } from '../resources.js';
import { customResources } from '../registry.js';
import { aggregateClusterRoles } from '../rbac.js';
import { errors } from '../status.js';
import type { KubeObject } from '../store.js';
import type { Core } from '../core.js';

export function prepareCreate(core: Core, r: ResourceType, obj: KubeObject): KubeObject {
  if (r.kind === 'Pod') core.pods.defaults(obj);
  if (r.kind === 'Namespace') obj.status = { phase: 'Active' };
  if (r.group === 'apps') obj.status = workloadStatus(obj);
  if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') validateBinding(r, obj);
  if (r.kind === 'Secret') normalizeSecret(obj);
  if (r.kind === 'CustomResourceDefinition') obj.status = crdStatus(r, obj);
  return obj;
}

export function prepareUpdate(r: ResourceType, current: KubeObject, next: KubeObject): void {
  if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') {
    validateBinding(r, next);
    if (JSON.stringify(current.roleRef) !== JSON.stringify(next.roleRef)) {
      throw errors.invalid(r.kind, r.group, next.metadata.name ?? '', [
        { field: 'roleRef', message: `Invalid value: ${JSON.stringify(next.roleRef)}: cannot change roleRef` },
      ]);
    }
  }
  if ((r.kind === 'Pod' || r.group === 'apps') && !next.status) next.status = current.status;
  if (r.kind === 'CustomResourceDefinition') next.status = crdStatus(r, next);
  if (r.kind === 'Secret') {
    normalizeSecret(next);
    if (next.type !== current.type)
      throw errors.invalid('Secret', '', next.metadata.name ?? '', [
        { field: 'type', message: 'Invalid value: field is immutable' },
      ]);
  }
}

/** Workloads report every replica ready at once: no controllers run here. */
function workloadStatus(obj: KubeObject): Record<string, number> {
  const replicas = Number((obj.spec as { replicas?: number } | undefined)?.replicas ?? 1);
  return {
    observedGeneration: 1,
    replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    updatedReplicas: replicas,
  };
}

export function afterWrite(core: Core, r: ResourceType): void {
  if (r.kind === 'ClusterRole') aggregateClusterRoles(core.store);
}

export function afterDelete(core: Core, r: ResourceType, obj: KubeObject): void {
  if (r.kind === 'Pod') core.pods.endLog(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
  if (r.kind === 'ClusterRole') aggregateClusterRoles(core.store);
  if (r.kind === 'CustomResourceDefinition') {
    // The custom objects go with their definition (one bucket for all versions: delete through the first).
    const [custom] = customResources(obj);
    for (const o of custom ? core.store.list(custom) : [])
      core.store.delete(custom, o.metadata.namespace, o.metadata.name!);
  }
  if (r.kind === 'Namespace') {
    for (const nr of core.resources.all().filter((x) => x.namespaced && x.verbs.includes('get'))) {
      for (const o of core.store.list(nr, obj.metadata.name)) {
        core.store.delete(nr, o.metadata.namespace, o.metadata.name!);
        afterDelete(core, nr, o);
      }
    }
  }
}

/**
 * The apiextensions server's checks on a CRD's names (metadata.name must be <plural>.<group>, one storage version),
 * then the status it reports once the names are accepted: Established, so clients waiting on it go on at once.
 */
function crdStatus(r: ResourceType, obj: KubeObject): Record<string, unknown> {
  const spec = (obj.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: { plural?: string; kind?: string };
    versions?: { storage?: boolean }[];
  };
  const name = obj.metadata.name ?? '';
  const causes: { field: string; message: string }[] = [];
  if (!spec.group) causes.push({ field: 'spec.group', message: 'Required value' });
  if (!spec.names?.plural) causes.push({ field: 'spec.names.plural', message: 'Required value' });
  if (!spec.names?.kind) causes.push({ field: 'spec.names.kind', message: 'Required value' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
    causes.push({
      field: 'spec.scope',
      message: `Unsupported value: "${spec.scope ?? ''}": supported values: "Cluster", "Namespaced"`,
    });
  if (spec.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`)
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`,
    });
  if ((spec.versions ?? []).filter((v) => v.storage).length !== 1)
    causes.push({
      field: 'spec.versions',
      message: 'Invalid value: must have exactly one version marked as storage version',
    });
  if (causes.length) throw errors.invalid(r.kind, r.group, name, causes);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string, reason: string) => ({ type, status: 'True', lastTransitionTime: now, reason });
  return {
    acceptedNames: spec.names,
    conditions: [condition('NamesAccepted', 'NoConflicts'), condition('Established', 'InitialNamesAccepted')],
    storedVersions: (spec.versions as { name?: string; storage?: boolean }[])
      .filter((v) => v.storage)
      .map((v) => v.name),
  };
}

function validateBinding(r: ResourceType, obj: KubeObject): void {
  const ref = obj.roleRef as { kind?: string; name?: string } | undefined;
  const name = obj.metadata.name ?? '';
  if (!ref?.name) throw errors.invalid(r.kind, r.group, name, [{ field: 'roleRef.name', message: 'Required value' }]);
  const kinds = r.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!ref.kind || !kinds.includes(ref.kind)) {
    throw errors.invalid(r.kind, r.group, name, [
      {
        field: 'roleRef.kind',
        message: `Unsupported value: "${ref.kind ?? ''}": supported values: "${kinds.join('", "')}"`,
      },
    ]);
  }
  for (const [i, s] of ((obj.subjects as { kind?: string; name?: string }[] | undefined) ?? []).entries()) {
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind ?? '')) {
      throw errors.invalid(r.kind, r.group, name, [
        { field: `subjects[${i}].kind`, message: `Unsupported value: "${s.kind ?? ''}"` },
      ]);
    }
    if (!s.name)
      throw errors.invalid(r.kind, r.group, name, [{ field: `subjects[${i}].name`, message: 'Required value' }]);
  }
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * As the apiserver stores a Secret: `data` values are base64 (a value that is not is a 400, as JSON decoding into
 * []byte fails), keys are config keys (422), `stringData` is merged into `data` and never stored, `type` defaults to
 * Opaque.
 */
function normalizeSecret(obj: KubeObject): void {
  const data = { ...((obj.data as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
      throw errors.badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0 (data[${JSON.stringify(key)}])`,
      );
    }
  }
  for (const [key, value] of Object.entries((obj.stringData as Record<string, unknown> | undefined) ?? {}))
    data[key] = Buffer.from(String(value)).toString('base64');
  delete obj.stringData;
  const bad = Object.keys(data).filter((k) => !SECRET_KEY.test(k));
  if (bad.length > 0) {
    throw errors.invalid(
      'Secret',
      '',
      obj.metadata.name ?? '',
      bad.map((k) => ({
        field: `data[${k}]`,
        message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
      })),
    );
  }
  if (Object.keys(data).length > 0 || obj.data !== undefined) obj.data = data;
  obj.type ??= 'Opaque';
}
